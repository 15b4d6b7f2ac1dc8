import { monthsToInvoice } from '../../domain/invoicing.ts';
import { clock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { firstChargeAt } from '../orders/billing.ts';
import { runInvoices } from './service.ts';
import { lastCompletedPeriod } from './store.ts';

/**
 * The monthly run on the clock module: from the 1st, last month's invoices, once; and every month
 * before it not invoiced yet, oldest first, when the worker was down over more than one month
 * boundary (from the month after the last completed run, or from the month of the first charge
 * before any run). Each month's run is idempotent (runInvoices). Run by the worker every minute,
 * it costs one read once last month is done.
 */
export async function invoiceTimers(ctx: Ctx): Promise<number> {
  const now = clock.now();
  const lastDone = await lastCompletedPeriod(ctx);
  const months = monthsToInvoice(lastDone, lastDone ? undefined : await firstChargeAt(ctx), now);
  let issued = 0;
  for (const period of months) issued += (await runInvoices(ctx, period)).issued;
  return issued;
}
