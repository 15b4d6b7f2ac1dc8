import { inTransaction, type Ctx } from '../context.ts';

/**
 * One pass of a clock-module timer over its due rows: read in batches along the timer's index
 * (`due` returns the keys after `after`, soonest first), each row handled in its own
 * transaction, where `handle` locks it SKIP LOCKED and answers false when another worker has it
 * or it is no longer due. A handled row's next check is after now, so one pass is enough; a row
 * that fails stays due for the next run and does not hold the others back, and the pass ends by
 * throwing one error naming every failure. Answers how many rows were handled.
 */
export async function eachDue<K extends { id: string }>(
  ctx: Ctx,
  what: string,
  due: (after: K | undefined, take: number) => Promise<K[]>,
  handle: (tx: Ctx, id: string) => Promise<boolean>,
  batchSize = 200,
): Promise<number> {
  const failures: string[] = [];
  let handled = 0;
  let after: K | undefined;
  for (;;) {
    const batch = await due(after, batchSize);
    for (const { id } of batch) {
      try {
        if (await inTransaction(ctx, (tx) => handle(tx, id))) handled++;
      } catch (err) {
        failures.push(`${id}: ${(err as Error).message}`);
      }
    }
    if (batch.length < batchSize) break;
    after = batch.at(-1);
  }
  if (failures.length > 0) throw new Error(`${what} failed for ${failures.length} row(s): ${failures.join('; ')}`);
  return handled;
}
