import { and, desc, eq, gt } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { adminGrants } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type GrantRow = typeof adminGrants.$inferSelect;

export async function insertGrant(ctx: Ctx, values: typeof adminGrants.$inferInsert): Promise<GrantRow> {
  const [row] = await ctx.db.insert(adminGrants).values(values).returning();
  return row!;
}

export async function grantById(ctx: Ctx, id: string, lock = false): Promise<GrantRow | undefined> {
  const q = ctx.db.select().from(adminGrants).where(eq(adminGrants.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateGrant(ctx: Ctx, id: string, values: Partial<typeof adminGrants.$inferInsert>): Promise<GrantRow> {
  const [row] = await ctx.db.update(adminGrants).set(values).where(eq(adminGrants.id, id)).returning();
  return row!;
}

/** Grants a tenant gave (`grantorId`) or holds (`granteeId`), optionally with one counterpart, newest first. */
export async function pageGrants(
  ctx: Ctx,
  side: 'grantorId' | 'granteeId',
  tenantId: string,
  counterpart: string | undefined,
  after: Key | undefined,
  take: number,
): Promise<GrantRow[]> {
  const other = side === 'grantorId' ? adminGrants.granteeId : adminGrants.grantorId;
  return ctx.db
    .select()
    .from(adminGrants)
    .where(
      and(
        eq(adminGrants[side], tenantId),
        counterpart ? eq(other, counterpart) : undefined,
        afterCreatedAndId(adminGrants.createdAt, adminGrants.id, after, 'desc'),
      ),
    )
    .orderBy(desc(adminGrants.createdAt), desc(adminGrants.id))
    .limit(take);
}

/** The grants a partner holds on a tenant that are in force now. */
export async function liveGrantsOf(ctx: Ctx, granteeId: string, grantorId: string, now: Date): Promise<GrantRow[]> {
  return ctx.db
    .select()
    .from(adminGrants)
    .where(
      and(
        eq(adminGrants.granteeId, granteeId),
        eq(adminGrants.grantorId, grantorId),
        eq(adminGrants.status, 'active'),
        gt(adminGrants.endsAt, now),
      ),
    );
}
