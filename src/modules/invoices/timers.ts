import { previousMonth } from '../../domain/invoicing.ts';
import { clock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { runInvoices } from './service.ts';
import { findRun } from './store.ts';

/**
 * The monthly run on the clock module: from the 1st, last month's invoices, once. Run by the
 * worker every minute, it costs one read once the month is done.
 */
export async function invoiceTimers(ctx: Ctx): Promise<number> {
  const last = previousMonth(clock.now());
  const run = await findRun(ctx, last.period);
  if (run?.completedAt) return 0;
  return (await runInvoices(ctx, last.period)).issued;
}
