import { eq, lte, sql } from 'drizzle-orm';
import { clock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db/connect.ts';
import { apiTokens, sessions, signInFailures } from '../../platform/db/schema.ts';

export interface Principal {
  userId: string;
  tenantId: string;
  email: string;
  language: string;
  roles: string[];
  mfaEnabled: boolean;
  tenantKind: 'operator' | 'partner' | 'customer';
  /** The operator's MFA requirement, read in the same statement: it costs nothing per request. */
  mfaRequired: boolean;
  tokenId: string | null;
  tokenRoles: string[] | null;
  lastUsedAt: Date | null;
}

/**
 * One statement per request: the session's or API token's user, tenant and the MFA
 * requirement (migration 0017's `trellis_principal`). On PostgreSQL it runs on the request's
 * own connection and leaves it scoped to the caller's tenant, or to none.
 */
export async function principalOf(
  db: Db,
  credential: 'session' | 'api_token',
  tokenHash: string,
): Promise<Principal | undefined> {
  // The two drivers' results differ in type, not in the rows they carry.
  const result: unknown = await db.execute(
    sql`SELECT * FROM trellis_principal(${credential}, ${tokenHash}, ${clock.now().toISOString()}::timestamptz)`,
  );
  const row = (result as { rows: Record<string, unknown>[] }).rows[0];
  if (!row) return undefined;
  return {
    userId: row.user_id as string,
    tenantId: row.tenant_id as string,
    email: row.email as string,
    language: row.language as string,
    roles: row.roles as string[],
    mfaEnabled: row.mfa_enabled as boolean,
    tenantKind: row.tenant_kind as Principal['tenantKind'],
    mfaRequired: row.mfa_required as boolean,
    tokenId: row.token_id as string | null,
    tokenRoles: row.token_roles as string[] | null,
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at as string | Date),
  };
}

export async function touchApiToken(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.update(apiTokens).set({ lastUsedAt: clock.now() }).where(eq(apiTokens.id, id));
}

export async function insertSession(ctx: Ctx, values: typeof sessions.$inferInsert): Promise<void> {
  await ctx.db.insert(sessions).values(values);
}

export async function deleteSession(ctx: Ctx, tokenHash: string): Promise<number> {
  const rows = await ctx.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).returning({ userId: sessions.userId });
  return rows.length;
}

/** Expired sessions are useless rows: the worker removes them. */
export async function deleteExpiredSessions(ctx: Ctx): Promise<number> {
  const rows = await ctx.db
    .delete(sessions)
    .where(sql`${sessions.expiresAt} <= ${clock.now()}`)
    .returning({ h: sessions.tokenHash });
  return rows.length;
}

/** The failures recorded for an address, if any. */
export async function signInFailuresOf(ctx: Ctx, addressHash: string) {
  const [row] = await ctx.db.select().from(signInFailures).where(eq(signInFailures.addressHash, addressHash));
  return row;
}

/**
 * Counts one more failure in one statement, so servers sharing the database count alike: a
 * failure after `forgetBefore` starts the count again. Returns the new count.
 */
export async function addSignInFailure(ctx: Ctx, addressHash: string, forgetBefore: Date): Promise<number> {
  const now = clock.now();
  const [row] = await ctx.db
    .insert(signInFailures)
    .values({ addressHash, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInFailures.addressHash,
      set: {
        failures: sql`CASE WHEN ${signInFailures.lastFailureAt} <= ${forgetBefore} THEN 1 ELSE ${signInFailures.failures} + 1 END`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: signInFailures.failures });
  return row!.failures;
}

export async function lockSignIn(ctx: Ctx, addressHash: string, until: Date): Promise<void> {
  await ctx.db.update(signInFailures).set({ lockedUntil: until }).where(eq(signInFailures.addressHash, addressHash));
}

export async function clearSignInFailuresRow(ctx: Ctx, addressHash: string): Promise<void> {
  await ctx.db.delete(signInFailures).where(eq(signInFailures.addressHash, addressHash));
}

/** Failures forgotten anyway (no wait outlives them): the worker removes them. */
export async function deleteStaleSignInFailures(ctx: Ctx, olderThan: Date): Promise<number> {
  const rows = await ctx.db
    .delete(signInFailures)
    .where(lte(signInFailures.lastFailureAt, olderThan))
    .returning({ h: signInFailures.addressHash });
  return rows.length;
}
