/**
 * The bulk-move job (R-TRN-9). One batch is one transaction: the move row and its next pending
 * items are locked, each item's request is made in a savepoint, and the item is marked sent
 * with its request id in that same transaction. A crash or a stop anywhere rolls the whole
 * batch back, request and mail included, so a resumed move never sends a request twice.
 */
import { hasPermission } from '../../domain/roles.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError } from '../../platform/http/errors.ts';
import { sendMoveRequest } from '../relationship-requests/service.ts';
import { findUser } from '../users/service.ts';
import { assertMayMove, NOT_A_DIRECT_CUSTOMER } from './service.ts';
import {
  cancelPendingItems,
  hasPendingItems,
  lockDueMove,
  lockPendingItems,
  moveById,
  nextDueAt,
  updateItem,
  updateMove,
  type ItemRow,
  type MoveRow,
} from './store.ts';

/** At most this many requests per transaction: a batch holds its locks only briefly. */
export const BATCH_SIZE = 50;
/** An item whose sending fails unexpectedly this many times is reported failed. */
export const MAX_ATTEMPTS = 5;
const RETRY_MS = 30_000;

/** An unexpected error while sending one item: the batch rolls back, the item is retried later. */
class ItemCrash extends Error {
  constructor(
    readonly item: ItemRow,
    readonly original: unknown,
  ) {
    super(`bulk move item ${item.moveId}/${item.position} failed: ${String((original as Error)?.message ?? original)}`);
  }
}

/** Runs `fn` in a savepoint of the caller's transaction: a refusal undoes only that item. */
function inSavepoint<T>(ctx: Ctx, fn: (sp: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (sp) => fn({ ...ctx, db: sp }));
}

async function finish(tx: Ctx, move: MoveRow, values: Partial<MoveRow>, type: string): Promise<void> {
  const after = await updateMove(tx, move.id, { ...values, nextRunAt: null, finishedAt: clock.now() });
  await recordEvent(tx, { type, tenantId: move.partnerId, subjectType: 'bulk_move', subjectId: move.id, before: move, after });
}

/** The move stops: what is not sent is cancelled with the reason, which the move reports as its error. */
async function fail(tx: Ctx, move: MoveRow, code: string, detail: string): Promise<void> {
  await cancelPendingItems(tx, move.id, clock.now(), { code, detail });
  await finish(tx, move, { status: 'failed', error: detail }, 'bulk_move.failed');
}

/**
 * The context of the user who started the move, as it is now: a disabled user, or one that lost
 * relationship_requests.send, stops the move (undefined).
 */
async function moverCtx(tx: Ctx, move: MoveRow): Promise<Ctx | undefined> {
  const user = await findUser(tx, move.partnerId, move.createdBy);
  if (!user || user.status !== 'active' || !hasPermission('partner', user.roles, 'relationship_requests.send')) return;
  return {
    ...tx,
    requestId: `bulk-move:${move.id}`,
    actor: { userId: user.id, tenantId: move.partnerId, tenantKind: 'partner', email: user.email, roles: user.roles },
  };
}

/** One batch of the earliest due move; false when no move is due. */
async function runBatch(ctx: Ctx): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const now = clock.now();
    const move = await lockDueMove(tx, now);
    if (!move) return false;
    const mover = await moverCtx(tx, move);
    if (!mover) {
      await fail(
        tx,
        move,
        'mover_not_allowed',
        'The user who started the move is no longer active or no longer holds relationship_requests.send.',
      );
      return true;
    }
    try {
      await assertMayMove(mover, move.partnerId, move.providerId);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await fail(tx, move, err.code, err.detail ?? err.title);
      return true;
    }
    const items = await lockPendingItems(tx, move.id, Math.min(BATCH_SIZE, move.perMinute));
    let sent = 0;
    let failed = 0;
    for (const item of items) {
      try {
        const request = await inSavepoint(mover, (sp) =>
          sendMoveRequest(sp, { providerId: move.providerId, customerId: item.customerId, bulkMoveId: move.id }),
        );
        await updateItem(tx, move.id, item.position, {
          status: 'sent',
          requestId: request.id,
          attempts: item.attempts + 1,
          processedAt: clock.now(),
        });
        sent++;
      } catch (err) {
        if (!(err instanceof AppError)) throw new ItemCrash(item, err);
        // The relationship ended since the move started: the same words as at the start.
        const reason =
          err.code === 'not_found'
            ? NOT_A_DIRECT_CUSTOMER
            : { code: err.code, rule: err.extra.rule ?? null, detail: err.detail ?? err.title };
        await updateItem(tx, move.id, item.position, {
          status: 'failed',
          ...reason,
          attempts: item.attempts + 1,
          processedAt: clock.now(),
        });
        failed++;
      }
    }
    const first = move.status === 'queued';
    const progress = {
      sent: move.sent + sent,
      failed: move.failed + failed,
      startedAt: move.startedAt ?? now,
      status: 'running' as const,
      // Paced: the next batch comes when this one's share of the minute has passed.
      nextRunAt: new Date(now.getTime() + Math.ceil((Math.max(1, items.length) * 60_000) / move.perMinute)),
    };
    if (!(await hasPendingItems(tx, move.id))) {
      await finish(tx, move, { ...progress, status: 'completed' }, 'bulk_move.completed');
    } else {
      const after = await updateMove(tx, move.id, progress);
      if (first) {
        await recordEvent(tx, {
          type: 'bulk_move.started',
          tenantId: move.partnerId,
          subjectType: 'bulk_move',
          subjectId: move.id,
          before: move,
          after,
        });
      }
    }
    return true;
  });
}

/** After a rolled-back batch: one more attempt on the item, failed for good after MAX_ATTEMPTS. */
async function recordCrash(ctx: Ctx, crash: ItemCrash): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const move = await moveById(tx, null, crash.item.moveId, true);
    if (!move || (move.status !== 'queued' && move.status !== 'running')) return;
    const attempts = crash.item.attempts + 1;
    const now = clock.now();
    const giveUp = attempts >= MAX_ATTEMPTS;
    await updateItem(tx, move.id, crash.item.position, {
      attempts,
      ...(giveUp
        ? {
            status: 'failed' as const,
            code: 'internal_error',
            detail: 'Sending failed repeatedly on our side; start a new move for this customer.',
            processedAt: now,
          }
        : {}),
    });
    await updateMove(tx, move.id, {
      failed: move.failed + (giveUp ? 1 : 0),
      nextRunAt: new Date(now.getTime() + (giveUp ? 0 : RETRY_MS * attempts)),
    });
  });
}

/**
 * The job the worker runs (JobRunner): batches of due moves until none is due or the worker
 * stops; answers when the next batch is due.
 */
export async function runBulkMoves(ctx: Ctx, signal: AbortSignal): Promise<Date | undefined> {
  while (!signal.aborted) {
    try {
      if (!(await runBatch(ctx))) break;
    } catch (err) {
      if (!(err instanceof ItemCrash)) throw err;
      await recordCrash(ctx, err);
    }
  }
  return nextDueAt(ctx);
}
