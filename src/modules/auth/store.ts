import { and, eq, gt, sql } from 'drizzle-orm';
import { clock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { apiTokens, sessions, settings, tenants, users } from '../../platform/db/schema.ts';

const principal = {
  userId: users.id,
  tenantId: users.tenantId,
  email: users.email,
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
