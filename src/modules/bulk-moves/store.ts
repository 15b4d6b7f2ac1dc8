import { and, asc, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { bulkMoveItems, bulkMoves } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { isValue } from '../../platform/db/literal.ts';

export type MoveRow = typeof bulkMoves.$inferSelect;
export type ItemRow = typeof bulkMoveItems.$inferSelect;
export type ItemStatus = ItemRow['status'];

const ACTIVE = ['queued', 'running'] as const;

export async function insertMove(ctx: Ctx, values: typeof bulkMoves.$inferInsert): Promise<MoveRow> {
  const [row] = await ctx.db.insert(bulkMoves).values(values).returning();
  return row!;
}

/** Items in chunks: a move holds up to 20,000 customers, beyond one statement's parameters. */
export async function insertItems(ctx: Ctx, values: (typeof bulkMoveItems.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += 2000) await ctx.db.insert(bulkMoveItems).values(values.slice(i, i + 2000));
}

export async function updateMove(ctx: Ctx, id: string, values: Partial<typeof bulkMoves.$inferInsert>): Promise<MoveRow> {
  const [row] = await ctx.db.update(bulkMoves).set(values).where(eq(bulkMoves.id, id)).returning();
  return row!;
}

/** One move of a partner (`partnerId` null: any, for the job). */
export async function moveById(ctx: Ctx, partnerId: string | null, id: string, lock = false): Promise<MoveRow | undefined> {
  const q = ctx.db
    .select()
    .from(bulkMoves)
    .where(and(eq(bulkMoves.id, id), partnerId ? eq(bulkMoves.partnerId, partnerId) : undefined));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function pageMoves(ctx: Ctx, partnerId: string, after: Key | undefined, take: number): Promise<MoveRow[]> {
  return ctx.db
    .select()
    .from(bulkMoves)
    .where(and(eq(bulkMoves.partnerId, partnerId), afterCreatedAndId(bulkMoves.createdAt, bulkMoves.id, after, 'desc')))
    .orderBy(desc(bulkMoves.createdAt), desc(bulkMoves.id))
    .limit(take);
}

/**
 * The move whose next batch is due the earliest, locked for this batch: another worker skips
 * it (and takes another move), a cancellation waits for the batch to commit.
 */
export async function lockDueMove(ctx: Ctx, now: Date): Promise<MoveRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(bulkMoves)
    .where(and(inArray(bulkMoves.status, [...ACTIVE]), lte(bulkMoves.nextRunAt, now)))
    .orderBy(asc(bulkMoves.nextRunAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return row;
}

/** When the next batch of any unfinished move is due. */
export async function nextDueAt(ctx: Ctx): Promise<Date | undefined> {
  const [row] = await ctx.db
    .select({ at: sql<Date | string | null>`min(${bulkMoves.nextRunAt})` })
    .from(bulkMoves)
    .where(inArray(bulkMoves.status, [...ACTIVE]));
  return row?.at ? new Date(row.at) : undefined;
}

/** The next pending items of a move, in order, locked until the batch commits. */
export async function lockPendingItems(ctx: Ctx, moveId: string, take: number): Promise<ItemRow[]> {
  return ctx.db
    .select()
    .from(bulkMoveItems)
    .where(and(eq(bulkMoveItems.moveId, moveId), isValue(bulkMoveItems.status, 'pending')))
    .orderBy(asc(bulkMoveItems.position))
    .limit(take)
    .for('update', { skipLocked: true });
}

export async function updateItem(
  ctx: Ctx,
  moveId: string,
  position: number,
  values: Partial<typeof bulkMoveItems.$inferInsert>,
): Promise<void> {
  await ctx.db
    .update(bulkMoveItems)
    .set(values)
    .where(and(eq(bulkMoveItems.moveId, moveId), eq(bulkMoveItems.position, position)));
}

/** Every pending item of a move ends cancelled, with a reason when the move failed; how many. */
export async function cancelPendingItems(
  ctx: Ctx,
  moveId: string,
  at: Date,
  reason: { code: string; detail: string } | null = null,
): Promise<number> {
  const rows = await ctx.db
    .update(bulkMoveItems)
    .set({ status: 'cancelled', processedAt: at, ...(reason ?? {}) })
    .where(and(eq(bulkMoveItems.moveId, moveId), isValue(bulkMoveItems.status, 'pending')))
    .returning({ position: bulkMoveItems.position });
  return rows.length;
}

export async function hasPendingItems(ctx: Ctx, moveId: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ position: bulkMoveItems.position })
    .from(bulkMoveItems)
    .where(and(eq(bulkMoveItems.moveId, moveId), isValue(bulkMoveItems.status, 'pending')))
    .limit(1);
  return row !== undefined;
}

/** How many items of a move are in each status. */
/** The items of each of these moves by status, in one query. */
export async function itemCountsOf(ctx: Ctx, moveIds: string[]): Promise<Map<string, Record<ItemStatus, number>>> {
  const counts = new Map(moveIds.map((id) => [id, { pending: 0, sent: 0, failed: 0, cancelled: 0 }]));
  if (moveIds.length === 0) return counts;
  const rows = await ctx.db
    .select({ moveId: bulkMoveItems.moveId, status: bulkMoveItems.status, n: sql<number>`count(*)::int` })
    .from(bulkMoveItems)
    .where(inArray(bulkMoveItems.moveId, moveIds))
    .groupBy(bulkMoveItems.moveId, bulkMoveItems.status);
  for (const r of rows) counts.get(r.moveId)![r.status] = r.n;
  return counts;
}

/** A move's items in order, optionally of one status, after a position. */
export async function pageItems(
  ctx: Ctx,
  moveId: string,
  status: ItemStatus | undefined,
  after: Key | undefined,
  take: number,
): Promise<ItemRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(bulkMoveItems.moveId, moveId),
    status ? eq(bulkMoveItems.status, status) : undefined,
    after ? gt(bulkMoveItems.position, Number(after[0])) : undefined,
  ];
  return ctx.db
    .select()
    .from(bulkMoveItems)
    .where(and(...conditions))
    .orderBy(asc(bulkMoveItems.position))
    .limit(take);
}
