import { asc, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { clock } from '../clock.ts';
import { inTransaction, systemCtx, type Ctx, type Platform } from '../context.ts';
import { events } from '../db/schema.ts';

export type EventRow = typeof events.$inferSelect;
/** Reacts to one event inside the dispatch transaction: queue mail, later webhooks and timers. */
export type EventHandler = (ctx: Ctx, event: EventRow) => Promise<void>;
export type EventHandlers = Record<string, EventHandler[]>;

const MAX_ATTEMPTS = 5;

/**
 * Consumes one batch of the outbox. Each event's handlers run in a savepoint: a failing
 * event is retried on later passes, and set aside as a dead letter after five, without
 * holding back the others. Returns how many events were taken.
 */
export async function dispatchEvents(
  platform: Platform,
  handlers: EventHandlers,
  log?: FastifyBaseLogger,
  batch = 100,
): Promise<number> {
  return inTransaction(systemCtx(platform, 'outbox'), async (tx) => {
    const rows = await tx.db
      .select()
      .from(events)
      .where(isNull(events.dispatchedAt))
      .orderBy(asc(events.seq))
      .limit(batch)
      .for('update', { skipLocked: true });
    const done: number[] = [];
    for (const event of rows) {
      const own = handlers[event.type] ?? [];
      try {
        if (own.length > 0) {
          await tx.db.transaction(async (sp) => {
            const spCtx: Ctx = { ...tx, db: sp };
            for (const handle of own) await handle(spCtx, event);
          });
        }
        done.push(event.seq);
      } catch (err) {
        const attempts = event.dispatchAttempts + 1;
        log?.error({ err, event: event.id, type: event.type, attempts }, 'event handler failed');
        await tx.db
          .update(events)
          .set({
            dispatchAttempts: attempts,
            dispatchError: String((err as Error).message).slice(0, 1000),
            ...(attempts >= MAX_ATTEMPTS ? { dispatchedAt: clock.now() } : {}),
          })
          .where(eq(events.seq, event.seq));
      }
    }
    if (done.length > 0) await tx.db.update(events).set({ dispatchedAt: clock.now() }).where(inArray(events.seq, done));
    return rows.length;
  });
}
