import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { relationshipRequests } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type RequestRow = typeof relationshipRequests.$inferSelect;

export async function insertRequest(ctx: Ctx, values: typeof relationshipRequests.$inferInsert): Promise<RequestRow> {
  const [row] = await ctx.db.insert(relationshipRequests).values(values).returning();
  return row!;
}

export async function updateRequest(
  ctx: Ctx,
  id: string,
  values: Partial<typeof relationshipRequests.$inferInsert>,
): Promise<RequestRow> {
  const [row] = await ctx.db.update(relationshipRequests).set(values).where(eq(relationshipRequests.id, id)).returning();
  return row!;
}

/** One request; `partnerId` null for link handling, which is not scoped to the requester. */
export async function requestById(ctx: Ctx, partnerId: string | null, id: string, lock = false): Promise<RequestRow | undefined> {
  const q = ctx.db
    .select()
    .from(relationshipRequests)
    .where(and(eq(relationshipRequests.id, id), partnerId ? eq(relationshipRequests.partnerId, partnerId) : undefined));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function pageRequests(ctx: Ctx, partnerId: string, after: Key | undefined, take: number): Promise<RequestRow[]> {
  return ctx.db
    .select()
    .from(relationshipRequests)
    .where(
      and(
        eq(relationshipRequests.partnerId, partnerId),
        afterCreatedAndId(relationshipRequests.createdAt, relationshipRequests.id, after, 'desc'),
      ),
    )
    .orderBy(desc(relationshipRequests.createdAt), desc(relationshipRequests.id))
    .limit(take);
}

/** Requests Trellis mailed to one address since `since`, by every partner: the per-recipient limit. */
export async function requestsMailedTo(ctx: Ctx, email: string, since: Date): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`coalesce(sum(${relationshipRequests.sendCount}), 0)::int` })
    .from(relationshipRequests)
    .where(and(eq(relationshipRequests.email, email), gt(relationshipRequests.lastSentAt, since)));
  return row?.n ?? 0;
}

/** Pending, unexpired requests of a partner to a named customer jointly with a provider. */
export async function pendingRequestsFor(
  ctx: Ctx,
  partnerId: string,
  providerId: string,
  customerId: string,
  now: Date,
): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(relationshipRequests)
    .where(
      and(
        eq(relationshipRequests.customerId, customerId),
        eq(relationshipRequests.partnerId, partnerId),
        eq(relationshipRequests.providerId, providerId),
        eq(relationshipRequests.status, 'pending'),
        gt(relationshipRequests.expiresAt, now),
      ),
    );
  return row?.n ?? 0;
}

/** Requests of a bulk move accepted so far. */
/** The accepted requests of each of these bulk moves, in one query (a move with none is absent). */
export async function acceptedOfMoves(ctx: Ctx, bulkMoveIds: string[]): Promise<Map<string, number>> {
  if (bulkMoveIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ moveId: sql<string>`${relationshipRequests.bulkMoveId}`, n: sql<number>`count(*)::int` })
    .from(relationshipRequests)
    .where(and(inArray(relationshipRequests.bulkMoveId, bulkMoveIds), eq(relationshipRequests.status, 'accepted')))
    .groupBy(relationshipRequests.bulkMoveId);
  return new Map(rows.map((r) => [r.moveId, r.n]));
}

export async function requestsByIds(ctx: Ctx, partnerId: string, ids: string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return ctx.db
    .select()
    .from(relationshipRequests)
    .where(and(eq(relationshipRequests.partnerId, partnerId), inArray(relationshipRequests.id, ids)));
}
