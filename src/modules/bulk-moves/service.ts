import { clock } from '../../platform/clock.ts';
import { inTransaction, onCommit, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { customerNames, directCustomersAmong } from '../customers/service.ts';
import { assertCanTransact } from '../enrollments/service.ts';
import { holdsActive, requirePartner } from '../partners/service.ts';
import { acceptedOfBulkMoves, assertMayRequest, requestStatuses } from '../relationship-requests/service.ts';
import { tenantNames } from '../tenants/service.ts';
import {
  cancelPendingItems,
  insertItems,
  insertMove,
  itemCountsOf,
  moveById,
  pageItems,
  pageMoves,
  updateMove,
  type ItemRow,
  type ItemStatus,
  type MoveRow,
} from './store.ts';

export const NOT_A_DIRECT_CUSTOMER = {
  code: 'not_a_direct_customer',
  rule: 'R-TRN-9',
  // The same words for unknown ids and other partners' customers: never reveal other tenants.
  detail: 'Not an active direct customer of yours: only your own direct-bill customers move to a provider.',
};

export interface NewMove {
  providerId: string;
  customerIds: string[];
  perMinute: number;
}

/**
 * Who may move direct customers to a provider (R-TRN-9): a partner that can transact (R-AGR-1),
 * may send joint requests with this provider (R-CUS-2, R-PRT-7), and still holds direct bill.
 * Checked when the move starts and before each batch, as the user who started it.
 */
export async function assertMayMove(ctx: Ctx, partnerId: string, providerId: string): Promise<void> {
  await assertCanTransact(ctx, partnerId);
  await assertMayRequest(ctx, partnerId, providerId);
  if (!(await holdsActive(ctx, partnerId, 'direct_bill'))) {
    throw problems.rule(
      'R-TRN-9',
      'not_direct_bill',
      'No direct-bill customers to move',
      'A bulk move takes a direct-bill partner’s own direct customers to a provider.',
    );
  }
}

/**
 * R-TRN-9: starts a move of direct customers to a provider. Every customer becomes an item at
 * once, in the order given (duplicates dropped); those that are not active direct customers of
 * the caller are reported failed now. The job sends the rest (runner.ts).
 */
export async function startMove(ctx: Ctx, input: NewMove): Promise<MoveRow> {
  const actor = requirePartner(ctx);
  await assertMayMove(ctx, actor.tenantId, input.providerId);
  const ids = [...new Set(input.customerIds.map((id) => id.toLowerCase()))];
  const direct = await directCustomersAmong(ctx, actor.tenantId, ids);
  return inTransaction(ctx, async (tx) => {
    const now = clock.now();
    const failed = ids.filter((id) => !direct.has(id)).length;
    const finished = failed === ids.length;
    const move = await insertMove(tx, {
      partnerId: actor.tenantId,
      providerId: input.providerId,
      status: finished ? 'completed' : 'queued',
      total: ids.length,
      failed,
      perMinute: input.perMinute,
      nextRunAt: finished ? null : now,
      createdBy: actor.userId,
      createdAt: now,
      finishedAt: finished ? now : null,
    });
    await insertItems(
      tx,
      ids.map((customerId, i) =>
        direct.has(customerId)
          ? { moveId: move.id, position: i + 1, customerId, status: 'pending' as const }
          : {
              moveId: move.id,
              position: i + 1,
              customerId,
              status: 'failed' as const,
              ...NOT_A_DIRECT_CUSTOMER,
              processedAt: now,
            },
      ),
    );
    await recordEvent(tx, {
      type: 'bulk_move.created',
      tenantId: actor.tenantId,
      subjectType: 'bulk_move',
      subjectId: move.id,
      after: move,
    });
    onCommit(tx, tx.platform.wakeJobs);
    return move;
  });
}

export async function getMove(ctx: Ctx, id: string): Promise<MoveRow> {
  const actor = requirePartner(ctx);
  const move = await moveById(ctx, actor.tenantId, id);
  if (!move) throw problems.notFound('bulk move');
  return move;
}

export async function listMoves(ctx: Ctx, after: Key | undefined, take: number): Promise<MoveRow[]> {
  return pageMoves(ctx, requirePartner(ctx).tenantId, after, take);
}

/** A move with its progress: done (sent), failed, remaining, cancelled, and accepted so far. */
export async function moveView(ctx: Ctx, move: MoveRow) {
  return (await moveViews(ctx, [move]))[0]!;
}

/** A page of moves with their progress and provider's name, in three queries whatever the page's size. */
export async function moveViews(ctx: Ctx, moves: MoveRow[]) {
  const ids = moves.map((m) => m.id);
  const counted = await itemCountsOf(ctx, ids);
  const accepted = await acceptedOfBulkMoves(ctx, ids);
  const names = await tenantNames(
    ctx,
    moves.map((m) => m.providerId),
  );
  return moves.map((move) => moveViewOf(move, counted.get(move.id)!, accepted.get(move.id) ?? 0, names.get(move.providerId)!));
}

function moveViewOf(move: MoveRow, counts: Record<ItemRow['status'], number>, accepted: number, providerName: string) {
  return {
    id: move.id,
    providerId: move.providerId,
    providerName,
    status: move.status,
    total: move.total,
    sent: move.sent,
    done: move.sent,
    failed: move.failed,
    remaining: counts.pending,
    cancelled: counts.cancelled,
    accepted,
    perMinute: move.perMinute,
    error: move.error,
    createdAt: move.createdAt.toISOString(),
    startedAt: move.startedAt?.toISOString() ?? null,
    finishedAt: move.finishedAt?.toISOString() ?? null,
    cancelledAt: move.cancelledAt?.toISOString() ?? null,
  };
}

/** Cancels what is not sent yet, at once (after a batch in flight commits); sent requests stay valid. */
export async function cancelMove(ctx: Ctx, id: string): Promise<MoveRow> {
  const actor = requirePartner(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await moveById(tx, actor.tenantId, id, true);
    if (!before) throw problems.notFound('bulk move');
    if (before.status !== 'queued' && before.status !== 'running') {
      throw problems.conflict('bulk_move_finished', 'The move has finished', `This move is ${before.status}.`);
    }
    const now = clock.now();
    await cancelPendingItems(tx, id, now);
    const after = await updateMove(tx, id, {
      status: 'cancelled',
      cancelledAt: now,
      cancelledBy: actor.userId,
      finishedAt: now,
      nextRunAt: null,
    });
    await recordEvent(tx, {
      type: 'bulk_move.cancelled',
      tenantId: actor.tenantId,
      subjectType: 'bulk_move',
      subjectId: id,
      before,
      after,
    });
    return after;
  });
}

export async function listItems(ctx: Ctx, id: string, status: ItemStatus | undefined, after: Key | undefined, take: number) {
  const move = await getMove(ctx, id);
  return pageItems(ctx, move.id, status, after, take);
}

/** A page of items with the customer's name and the status of the request sent. */
export async function itemViews(ctx: Ctx, items: ItemRow[]) {
  const partnerId = requirePartner(ctx).tenantId;
  const names = await customerNames(
    ctx,
    items.map((i) => i.customerId),
  );
  const requestIds = items.flatMap((i) => (i.requestId ? [i.requestId] : []));
  const statuses = await requestStatuses(ctx, partnerId, requestIds);
  return items.map((i) => ({
    position: i.position,
    customerId: i.customerId,
    // Names only of the caller's own customers: an unknown or foreign id shows none.
    customerName: i.code === NOT_A_DIRECT_CUSTOMER.code ? null : (names.get(i.customerId) ?? null),
    status: i.status,
    code: i.code,
    rule: i.rule,
    detail: i.detail,
    requestId: i.requestId,
    requestStatus: i.requestId ? (statuses.get(i.requestId) ?? null) : null,
    processedAt: i.processedAt?.toISOString() ?? null,
  }));
}
