import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { acrossTenants, type Ctx } from '../../platform/context.ts';
import { containsPattern } from '../../platform/db/search.ts';
import { users } from '../../platform/db/schema.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type UserRow = typeof users.$inferSelect;

export async function userById(ctx: Ctx, tenantId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row;
}

export async function userByEmail(ctx: Ctx, email: string): Promise<UserRow | undefined> {
  // An address has one account in the whole installation: finding it spans tenants.
  const [row] = await acrossTenants(ctx, (db) => db.select().from(users).where(eq(users.email, email.toLowerCase())));
  return row;
}

export async function lockUser(ctx: Ctx, tenantId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .for('update');
  return row;
}

/**
 * Users with an authenticator secret stored in the clear, as versions before sealing wrote
 * them: sealed values hold '.', which base32 never does.
 */
export async function usersWithClearTotpSecrets(ctx: Ctx): Promise<Pick<UserRow, 'id' | 'tenantId'>[]> {
  return ctx.db
    .select({ id: users.id, tenantId: users.tenantId })
    .from(users)
    .where(
      or(
        sql`${users.totpSecret} IS NOT NULL AND strpos(${users.totpSecret}, '.') = 0`,
        sql`${users.totpPendingSecret} IS NOT NULL AND strpos(${users.totpPendingSecret}, '.') = 0`,
      ),
    );
}

export async function insertUser(ctx: Ctx, values: typeof users.$inferInsert): Promise<UserRow | undefined> {
  const [row] = await ctx.db.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning();
  return row;
}

export async function updateUserRow(ctx: Ctx, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [row] = await ctx.db.update(users).set(values).where(eq(users.id, id)).returning();
  return row!;
}

/**
 * Serializes, until commit, the changes that may take a tenant's last admin away: two admins
 * demoting or disabling each other at once would otherwise each count the other and both pass.
 */
export async function lockAdminCount(ctx: Ctx, tenantId: string): Promise<void> {
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`last_admin:${tenantId}`}))`);
}

export async function countActiveWithRole(ctx: Ctx, tenantId: string, role: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active'), sql`${role} = ANY(${users.roles})`));
  return row?.n ?? 0;
}

/** A tenant's users by creation, then id; `search` matches part of the name or address. */
export async function pageUsers(ctx: Ctx, tenantId: string, search: string | undefined, after: Key | undefined, take: number) {
  const pattern = containsPattern(search);
  return ctx.db
    .select()
    .from(users)
    .where(
      and(
        eq(users.tenantId, tenantId),
        pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
        afterCreatedAndId(users.createdAt, users.id, after, 'asc'),
      ),
    )
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(take);
}

/** The addresses of a tenant's active users. */
export async function activeEmailsOf(ctx: Ctx, tenantId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active')));
  return rows.map((r) => r.email);
}

/** A tenant's active users holding any of the roles (the recipients of a team's notices). */
export async function activeUsersWithAnyRole(ctx: Ctx, tenantId: string, roles: string[]): Promise<UserRow[]> {
  return ctx.db
    .select()
    .from(users)
    .where(
      and(
        eq(users.tenantId, tenantId),
        eq(users.status, 'active'),
        sql`${users.roles} && ${sql`ARRAY[${sql.join(
          roles.map((r) => sql`${r}`),
          sql`, `,
        )}]::text[]`}`,
      ),
    )
    .orderBy(asc(users.createdAt));
}
