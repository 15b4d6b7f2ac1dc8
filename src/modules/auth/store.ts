import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { clock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { apiTokens, sessions, settings, signInFailures, tenants, users } from '../../platform/db/schema.ts';

const principal = {
  userId: users.id,
  tenantId: users.tenantId,
  email: users.email,
  language: users.language,
  roles: users.roles,
  mfaEnabled: sql<boolean>`${users.totpEnabledAt} IS NOT NULL`,
  tenantKind: tenants.kind,
  // Read in the same query so the operator's MFA requirement costs nothing per request.
  mfaRequired: sql<boolean>`coalesce((${settings.value})::text = 'true', false)`,
};

/** One query per request: the session, its user, tenant and the MFA requirement. */
export async function principalBySession(ctx: Ctx, tokenHash: string) {
  const [row] = await ctx.db
    .select(principal)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .leftJoin(settings, eq(settings.key, 'requireMfaForPartnerUsers'))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, clock.now()), eq(users.status, 'active')));
  return row;
}

export async function principalByApiToken(ctx: Ctx, tokenHash: string) {
  const now = clock.now();
  const [row] = await ctx.db
    .select({ ...principal, tokenId: apiTokens.id, tokenRoles: apiTokens.roles, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .leftJoin(settings, eq(settings.key, 'requireMfaForPartnerUsers'))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        gt(apiTokens.expiresAt, now),
        sql`${apiTokens.revokedAt} IS NULL`,
        eq(users.status, 'active'),
      ),
    );
  return row;
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
