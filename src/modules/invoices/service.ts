import { dueDate, type CreditTerms } from '../../domain/credit.ts';
import { invoiceKey, monthOf, parsePeriod, tierCharges, type TierCharge } from '../../domain/invoicing.ts';
import { formatAmount } from '../../domain/money.ts';
import { clock } from '../../platform/clock.ts';
import { acrossTenants, inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { billedSubscriptions, type BilledFilter, type BilledRow } from '../orders/billing.ts';
import { paymentTermDaysOf } from '../pricebooks/store.ts';
import { findOperatorTenant, tenantNames } from '../tenants/service.ts';
import {
  addToTotals,
  draftsOf,
  ensureRun,
  lastCompletedPeriod,
  insertLines,
  invoiceOf,
  lockRun,
  markPaid,
  openDrafts,
  openTotal,
  pageInvoices,
  pageLines,
  updateRun,
  upsertInvoices,
  type InvoiceFilter,
  type InvoiceLineRow,
  type InvoiceRow,
} from './store.ts';

/** Subscriptions (and drafts) per transaction of a run, and per read of a preview: what memory holds at once. */
export const BATCH = 500;
/** Rows per INSERT: well under PostgreSQL's 65 535 parameters. */
const CHUNK = 1000;

/** Payment terms when the seller has set none for the buyer: net 30. */
export const DEFAULT_PAYMENT_TERMS: Pick<CreditTerms, 'paymentTermDays'> = { paymentTermDays: 30 };

/**
 * The payment terms of each invoice of `charges`, by invoice key: a provider's to its reseller
 * are the reseller's credit terms with it (the price books module's, issue 11, part 6, read from
 * its store: its service imports this one), every other invoice (and a reseller without terms)
 * is due net 30. One query for them all.
 */
async function paymentTermsOf(
  ctx: Ctx,
  charges: readonly TierCharge[],
): Promise<Map<string, Pick<CreditTerms, 'paymentTermDays'>>> {
  const key = (providerId: string, resellerId: string) => `${providerId}|${resellerId}`;
  const provider = charges.filter((c) => c.tier === 'provider');
  const terms = await paymentTermDaysOf(
    ctx,
    provider.map((c) => ({ providerId: c.sellerId, resellerId: c.buyerId })),
  );
  const days = new Map(terms.map((t) => [key(t.providerId, t.resellerId), t.paymentTermDays]));
  return new Map(
    charges.map((c) => {
      const found = c.tier === 'provider' ? days.get(key(c.sellerId, c.buyerId)) : undefined;
      return [invoiceKey(c), found === undefined ? DEFAULT_PAYMENT_TERMS : { paymentTermDays: found }];
    }),
  );
}

/** The operator's tenant id, read across tenants (a partner's scope does not reach it) and kept: it never changes. */
const operatorIds = new WeakMap<object, string>();
async function operatorId(ctx: Ctx): Promise<string | undefined> {
  const known = operatorIds.get(ctx.platform.database);
  if (known) return known;
  const found = await acrossTenants(ctx, (db) => findOperatorTenant({ ...ctx, db }));
  if (found) operatorIds.set(ctx.platform.database, found.id);
  return found?.id;
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One batch of subscriptions invoiced: their charges of the period, at every tier, on the period's invoices. */
async function invoiceBatch(
  tx: Ctx,
  run: { period: string; periodStart: Date; periodEnd: Date; startedAt: Date },
  operator: string,
  batch: BilledRow[],
): Promise<number> {
  const charged: { s: BilledRow; c: TierCharge }[] = [];
  for (const s of batch) {
    for (const c of tierCharges(s, operator, { from: run.periodStart, to: run.periodEnd })) charged.push({ s, c });
  }
  if (charged.length === 0) return 0;
  const keys = new Map<string, TierCharge>();
  for (const { c } of charged) if (!keys.has(invoiceKey(c))) keys.set(invoiceKey(c), c);
  const names = await tenantNames(
    tx,
    [...keys.values()].flatMap((c) => [c.sellerId, c.buyerId]),
  );
  const terms = await paymentTermsOf(tx, [...keys.values()]);
  const ids = new Map<string, string>();
  for (const part of chunks([...keys.values()])) {
    const values = [];
    for (const c of part) {
      values.push({
        sellerId: c.sellerId,
        buyerId: c.buyerId,
        tier: c.tier,
        sellerName: names.get(c.sellerId) ?? '',
        buyerName: names.get(c.buyerId) ?? '',
        period: run.period,
        periodStart: run.periodStart,
        periodEnd: run.periodEnd,
        currency: c.currency,
        totalMinor: 0,
        lineCount: 0,
        status: 'draft' as const,
        issuedAt: run.startedAt,
        dueAt: dueDate(run.startedAt, terms.get(invoiceKey(c))!),
      });
    }
    for (const row of await upsertInvoices(tx, values)) ids.set(invoiceKey(row), row.id);
  }
  const sums = new Map<string, { amount: number; lines: number }>();
  let written = 0;
  for (const part of chunks(charged)) {
    const inserted = await insertLines(
      tx,
      part.map(({ s, c }) => ({
        invoiceId: ids.get(invoiceKey(c))!,
        subscriptionId: s.id,
        chargedAt: c.at,
        kind: c.kind,
        sellerId: c.sellerId,
        buyerId: c.buyerId,
        customerName: s.customerName,
        offerId: s.offerId,
        offerName: s.offerName,
        sku: s.sku,
        partnerOfRecordName: s.partnerOfRecordName,
        periodStart: c.periodStart,
        periodEnd: c.periodEnd,
        quantity: c.quantity,
        unitPriceMinor: c.unitPrice,
        amountMinor: c.amount,
      })),
    );
    for (const l of inserted) {
      const sum = sums.get(l.invoiceId) ?? { amount: 0, lines: 0 };
      sum.amount += l.amountMinor;
      sum.lines += 1;
      sums.set(l.invoiceId, sum);
    }
    written += inserted.length;
  }
  await addToTotals(tx, sums);
  return written;
}

const summary = (i: InvoiceRow) => ({
  period: i.period,
  sellerId: i.sellerId,
  buyerId: i.buyerId,
  currency: i.currency,
  totalMinor: i.totalMinor,
  lineCount: i.lineCount,
  status: i.status,
  dueAt: i.dueAt,
});

/**
 * The invoices of `period` (`YYYY-MM`): every subscription's charges of the month at every
 * tier, one invoice per seller, buyer and currency. Subscriptions are read by id, BATCH at a
 * time, each batch in its own transaction under the run's row lock; the run's row keeps where
 * it got to. Then the drafts are opened (issued), BATCH at a time, each with its events. Done
 * again, or by two workers at once, it makes one set: a finished run does nothing, an
 * unfinished one is continued, and a line is keyed by its charge.
 */
export async function runInvoices(ctx: Ctx, period: string): Promise<{ lines: number; issued: number }> {
  const p = parsePeriod(period);
  if (!p) throw new RangeError(`${period} is not a month (YYYY-MM)`);
  const operator = await operatorId(ctx);
  if (!operator) return { lines: 0, issued: 0 };
  await ensureRun(ctx, { period, periodStart: p.start, periodEnd: p.end, startedAt: clock.now() });
  let lines = 0;
  let issued = 0;
  for (;;) {
    const done = await inTransaction(ctx, async (tx) => {
      const run = await lockRun(tx, period);
      if (!run || run.completedAt) return true;
      if (!run.chargedAt) {
        const batch = await billedSubscriptions(
          tx,
          { all: true },
          { from: run.periodStart, to: run.periodEnd },
          run.lastSubscriptionId ?? undefined,
          BATCH,
        );
        if (batch.length === 0) await updateRun(tx, period, { chargedAt: clock.now() });
        else {
          lines += await invoiceBatch(tx, run, operator, batch);
          await updateRun(tx, period, { lastSubscriptionId: batch.at(-1)!.id });
        }
        return false;
      }
      const drafts = await draftsOf(tx, period, BATCH);
      if (drafts.length === 0) {
        await updateRun(tx, period, { completedAt: clock.now() });
        return true;
      }
      await openDrafts(
        tx,
        drafts.map((d) => d.id),
      );
      for (const d of drafts) {
        const after = summary({ ...d, status: 'open' });
        for (const tenantId of [d.sellerId, d.buyerId]) {
          await recordEvent(tx, { type: 'invoice.issued', tenantId, subjectType: 'invoice', subjectId: d.id, after });
        }
      }
      issued += drafts.length;
      return false;
    });
    if (done) break;
  }
  return { lines, issued };
}

// ---------------------------------------------------------------------------------------------
// Reading invoices: each party sees those it is seller or buyer of (R-CUS-9), nobody else's.
// ---------------------------------------------------------------------------------------------

export function invoiceItem(i: InvoiceRow) {
  return {
    id: i.id,
    period: i.period,
    periodStart: i.periodStart.toISOString(),
    periodEnd: i.periodEnd.toISOString(),
    tier: i.tier,
    seller: { id: i.sellerId, name: i.sellerName },
    buyer: { id: i.buyerId, name: i.buyerName },
    currency: i.currency,
    totalMinor: i.totalMinor,
    total: formatAmount(i.totalMinor, i.currency),
    lineCount: i.lineCount,
    status: i.status as 'open' | 'paid',
    issuedAt: i.issuedAt.toISOString(),
    dueAt: i.dueAt.toISOString(),
    paidAt: i.paidAt?.toISOString() ?? null,
  };
}

export function lineItem(l: InvoiceLineRow) {
  return {
    subscriptionId: l.subscriptionId,
    customer: l.customerName,
    offer: { id: l.offerId, name: l.offerName, sku: l.sku },
    charge: l.kind,
    chargedAt: l.chargedAt.toISOString(),
    quantity: l.quantity,
    periodStart: l.periodStart.toISOString(),
    periodEnd: l.periodEnd.toISOString(),
    unitPriceMinor: l.unitPriceMinor,
    amountMinor: l.amountMinor,
    partnerOfRecord: l.partnerOfRecordName,
  };
}

export function invoicesPage(ctx: Ctx, filter: InvoiceFilter) {
  const me = requireActor(ctx).tenantId;
  return (after: Key | undefined, take: number) => pageInvoices(ctx, me, filter, after, take);
}

/** An invoice the caller issued or received; anyone else's is not found. */
export async function getInvoice(ctx: Ctx, id: string): Promise<InvoiceRow> {
  const found = await invoiceOf(ctx, id, requireActor(ctx).tenantId);
  if (!found) throw problems.notFound('invoice');
  return found;
}

export async function invoiceLinesPage(ctx: Ctx, id: string) {
  const invoice = await getInvoice(ctx, id);
  return (after: Key | undefined, take: number) => pageLines(ctx, invoice.id, after, take);
}

/** The reconciliation file's columns (issue 11, part 7), in order. */
export const CSV_COLUMNS = [
  'customer',
  'subscription',
  'offer',
  'sku',
  'charge',
  'chargedAt',
  'quantity',
  'period',
  'unitPrice',
  'amount',
  'currency',
  'partnerOfRecord',
] as const;

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a
 * leading quote, as csv-stringify's escape_formulas does: here only for the text columns, so
 * that a refund's negative amount stays a number a spreadsheet adds up.
 */
export function escapeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * An invoice's lines as the reconciliation file's rows, a page at a time: what memory holds
 * is one page, whatever the invoice's size. Amounts are decimal text in the invoice's currency.
 */
export async function reconciliationRows(ctx: Ctx, id: string): Promise<{ invoice: InvoiceRow; rows: AsyncIterable<string[]> }> {
  const invoice = await getInvoice(ctx, id);
  async function* rows() {
    let after: Key | undefined;
    for (;;) {
      const page = await pageLines(ctx, invoice.id, after, BATCH);
      for (const l of page) {
        yield [
          escapeFormula(l.customerName),
          l.subscriptionId,
          escapeFormula(l.offerName),
          escapeFormula(l.sku),
          l.kind,
          l.chargedAt.toISOString(),
          String(l.quantity),
          `${l.periodStart.toISOString()}/${l.periodEnd.toISOString()}`,
          formatAmount(l.unitPriceMinor, invoice.currency),
          formatAmount(l.amountMinor, invoice.currency),
          invoice.currency,
          escapeFormula(l.partnerOfRecordName),
        ];
      }
      const last = page.at(-1);
      if (page.length < BATCH || !last) return;
      after = [last.subscriptionId, last.chargedAt.toISOString(), last.kind];
    }
  }
  return { invoice, rows: rows() };
}

/** The seller records that an invoice was paid; the buyer may not. Marking a paid invoice again changes nothing. */
export async function markInvoicePaid(ctx: Ctx, id: string) {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const invoice = await invoiceOf(tx, id, actor.tenantId, true);
    if (!invoice) throw problems.notFound('invoice');
    if (invoice.sellerId !== actor.tenantId) throw problems.forbidden('Only the seller of an invoice marks it paid.');
    if (invoice.status === 'paid') return invoiceItem(invoice);
    const paid = await markPaid(tx, id, clock.now(), actor.userId);
    for (const tenantId of [paid.sellerId, paid.buyerId]) {
      await recordEvent(tx, {
        type: 'invoice.paid',
        tenantId,
        subjectType: 'invoice',
        subjectId: id,
        before: summary(invoice),
        after: summary(paid),
      });
    }
    return invoiceItem(paid);
  });
}

// ---------------------------------------------------------------------------------------------
// The running month, and what a buyer owes
// ---------------------------------------------------------------------------------------------

/** Sums of the charges of every batch of subscriptions in `filter`, by invoice key, over `window`. */
async function chargeSums(
  ctx: Ctx,
  filter: BilledFilter,
  window: { from: Date; to: Date; renewsUntil?: Date },
  keep: (c: TierCharge) => boolean,
  each: (c: TierCharge) => void,
): Promise<void> {
  const operator = await operatorId(ctx);
  if (!operator) return;
  let after: string | undefined;
  for (;;) {
    const batch = await billedSubscriptions(ctx, filter, window, after, BATCH);
    for (const s of batch) for (const c of tierCharges(s, operator, window)) if (keep(c)) each(c);
    if (batch.length < BATCH) return;
    after = batch.at(-1)!.id;
  }
}

/**
 * The running month's invoices as they stand: for each seller, buyer and currency the caller
 * is on (`side`), the month's charges so far (`toDateMinor`) and with what the month still
 * holds if nothing changes (`totalMinor`: billing periods starting later this month, and the
 * renewals due before it ends, at their current prices). The run on the 1st issues the same
 * charges, so an unchanged month's preview is its invoice.
 */
export async function billingPreview(ctx: Ctx, side: 'issued' | 'received') {
  const me = requireActor(ctx).tenantId;
  const now = clock.now();
  const month = monthOf(now);
  const filter: BilledFilter = me === (await operatorId(ctx)) ? { all: true } : { party: me };
  const drafts = new Map<string, { c: TierCharge; total: number; toDate: number; lines: number }>();
  await chargeSums(
    ctx,
    filter,
    { from: month.start, to: month.end, renewsUntil: month.end },
    (c) => (side === 'issued' ? c.sellerId === me : c.buyerId === me),
    (c) => {
      const key = invoiceKey(c);
      const d = drafts.get(key) ?? { c, total: 0, toDate: 0, lines: 0 };
      d.total += c.amount;
      if (c.at <= now) d.toDate += c.amount;
      d.lines += 1;
      drafts.set(key, d);
    },
  );
  // The counterparties' names: those of the caller's own charges, the operator's among them.
  const names = await acrossTenants(ctx, (db) =>
    tenantNames(
      { ...ctx, db },
      [...drafts.values()].flatMap((d) => [d.c.sellerId, d.c.buyerId]),
    ),
  );
  const items = [...drafts.values()]
    .map((d) => ({
      tier: d.c.tier,
      seller: { id: d.c.sellerId, name: names.get(d.c.sellerId) ?? '' },
      buyer: { id: d.c.buyerId, name: names.get(d.c.buyerId) ?? '' },
      currency: d.c.currency,
      totalMinor: d.total,
      total: formatAmount(d.total, d.c.currency),
      toDateMinor: d.toDate,
      lineCount: d.lines,
    }))
    .sort((a, b) =>
      `${a.seller.name}|${a.buyer.name}|${a.currency}` < `${b.seller.name}|${b.buyer.name}|${b.currency}` ? -1 : 1,
    );
  return {
    period: month.period,
    periodStart: month.start.toISOString(),
    periodEnd: month.end.toISOString(),
    asOf: now.toISOString(),
    items,
  };
}

/**
 * What `buyerId` owes `sellerId` in `currency`: its open (unpaid) invoices, and the charges not
 * invoiced yet up to now at that tier (this month's, and those of every month after the last
 * completed run: last month's while its run has not finished, and more when runs were missed).
 * The credit limit (issue 11, part 6) is checked against it. The caller is the seller, the
 * buyer, or the system.
 */
export async function openBalance(ctx: Ctx, sellerId: string, buyerId: string, currency: string): Promise<number> {
  const now = clock.now();
  const lastDone = await lastCompletedPeriod(ctx);
  const from = lastDone ? parsePeriod(lastDone)!.end : new Date(0);
  let uninvoiced = 0;
  await chargeSums(
    ctx,
    { party: buyerId },
    { from, to: new Date(now.getTime() + 1) },
    (c) => c.sellerId === sellerId && c.buyerId === buyerId && c.currency === currency,
    (c) => {
      uninvoiced += c.amount;
    },
  );
  return (await openTotal(ctx, sellerId, buyerId, currency)) + uninvoiced;
}
