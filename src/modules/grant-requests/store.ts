import { and, desc, eq, or } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { adminGrantRequests } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { isValue } from '../../platform/db/literal.ts';

export type GrantRequestRow = typeof adminGrantRequests.$inferSelect;

export async function insertGrantRequest(ctx: Ctx, values: typeof adminGrantRequests.$inferInsert): Promise<GrantRequestRow> {
  const [row] = await ctx.db.insert(adminGrantRequests).values(values).returning();
  return row!;
}

export async function updateGrantRequest(
  ctx: Ctx,
  id: string,
  values: Partial<typeof adminGrantRequests.$inferInsert>,
): Promise<GrantRequestRow> {
  const [row] = await ctx.db.update(adminGrantRequests).set(values).where(eq(adminGrantRequests.id, id)).returning();
  return row!;
}

/** One request; `tenantId` (either side) scopes it to a caller, null for link handling. */
export async function grantRequestById(
  ctx: Ctx,
  tenantId: string | null,
  id: string,
  lock = false,
): Promise<GrantRequestRow | undefined> {
  const q = ctx.db
    .select()
    .from(adminGrantRequests)
    .where(
      and(
        eq(adminGrantRequests.id, id),
        tenantId ? or(eq(adminGrantRequests.granteeId, tenantId), eq(adminGrantRequests.grantorId, tenantId)) : undefined,
      ),
    );
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The request still marked pending between a partner and a grantor (at most one: a partial unique index). */
export async function pendingGrantRequest(ctx: Ctx, grantorId: string, granteeId: string): Promise<GrantRequestRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(adminGrantRequests)
    .where(
      and(
        eq(adminGrantRequests.grantorId, grantorId),
        eq(adminGrantRequests.granteeId, granteeId),
        isValue(adminGrantRequests.status, 'pending'),
      ),
    )
    .for('update');
  return row;
}

/** Requests a tenant sent (`granteeId`) or received (`grantorId`), newest first. */
export async function pageGrantRequests(
  ctx: Ctx,
  side: 'granteeId' | 'grantorId',
  tenantId: string,
  after: Key | undefined,
  take: number,
): Promise<GrantRequestRow[]> {
  return ctx.db
    .select()
    .from(adminGrantRequests)
    .where(
      and(
        eq(adminGrantRequests[side], tenantId),
        afterCreatedAndId(adminGrantRequests.createdAt, adminGrantRequests.id, after, 'desc'),
      ),
    )
    .orderBy(desc(adminGrantRequests.createdAt), desc(adminGrantRequests.id))
    .limit(take);
}
