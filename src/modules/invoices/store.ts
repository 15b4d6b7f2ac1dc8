import { and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import { invoiceLines, invoiceRuns, invoices } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { isValue } from '../../platform/db/literal.ts';

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;
export type InvoiceRunRow = typeof invoiceRuns.$inferSelect;

/** The run of a period, made once: a second caller finds the first's row. */
export async function ensureRun(ctx: Ctx, values: typeof invoiceRuns.$inferInsert): Promise<void> {
  await ctx.db.insert(invoiceRuns).values(values).onConflictDoNothing();
}

export async function findRun(ctx: Ctx, period: string): Promise<InvoiceRunRow | undefined> {
  const [row] = await ctx.db.select().from(invoiceRuns).where(eq(invoiceRuns.period, period));
  return row;
}

/** The latest month whose run has completed (`YYYY-MM`), or undefined before the first. */
export async function lastCompletedPeriod(ctx: Ctx): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ period: invoiceRuns.period })
    .from(invoiceRuns)
    .where(isNotNull(invoiceRuns.completedAt))
    .orderBy(desc(invoiceRuns.period))
    .limit(1);
  return row?.period;
}

/** The run's row, locked until the caller's transaction ends: batches of one period take turns. */
export async function lockRun(ctx: Ctx, period: string): Promise<InvoiceRunRow | undefined> {
  const [row] = await ctx.db.select().from(invoiceRuns).where(eq(invoiceRuns.period, period)).for('update');
  return row;
}

export async function updateRun(
  ctx: Ctx,
  period: string,
  values: Partial<Pick<InvoiceRunRow, 'lastSubscriptionId' | 'chargedAt' | 'completedAt'>>,
): Promise<void> {
  await ctx.db.update(invoiceRuns).set(values).where(eq(invoiceRuns.period, period));
}

/** The invoices of these keys, made as drafts when new: their ids by seller, buyer and currency. One statement. */
export async function upsertInvoices(ctx: Ctx, values: (typeof invoices.$inferInsert)[]) {
  if (values.length === 0) return [];
  return ctx.db
    .insert(invoices)
    .values(values)
    .onConflictDoUpdate({
      target: [invoices.sellerId, invoices.buyerId, invoices.period, invoices.currency],
      // A no-op update, so that RETURNING gives the existing row's id too.
      set: { period: sql`excluded.period` },
    })
    .returning({ id: invoices.id, sellerId: invoices.sellerId, buyerId: invoices.buyerId, currency: invoices.currency });
}

/** Lines not written yet (a rerun writes none twice); what was written, to add to the totals. */
export async function insertLines(ctx: Ctx, values: (typeof invoiceLines.$inferInsert)[]) {
  if (values.length === 0) return [];
  return ctx.db
    .insert(invoiceLines)
    .values(values)
    .onConflictDoNothing()
    .returning({ invoiceId: invoiceLines.invoiceId, amountMinor: invoiceLines.amountMinor });
}

/** Adds the lines just written to their invoices' totals, in one statement. */
export async function addToTotals(ctx: Ctx, sums: Map<string, { amount: number; lines: number }>): Promise<void> {
  if (sums.size === 0) return;
  const rows = sql.join(
    [...sums].map(([id, s]) => sql`(${id}::uuid, ${s.amount}::bigint, ${s.lines}::int)`),
    sql`, `,
  );
  await ctx.db
    .execute(sql`UPDATE ${invoices} SET total_minor = ${invoices.totalMinor} + v.amount, line_count = ${invoices.lineCount} + v.lines
    FROM (VALUES ${rows}) AS v(id, amount, lines) WHERE ${invoices.id} = v.id`);
}

/** The next drafts of a period, by id. */
export async function draftsOf(ctx: Ctx, period: string, take: number): Promise<InvoiceRow[]> {
  return ctx.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.period, period), isValue(invoices.status, 'draft')))
    .orderBy(asc(invoices.id))
    .limit(take);
}

export async function openDrafts(ctx: Ctx, ids: string[]): Promise<void> {
  if (ids.length > 0) await ctx.db.update(invoices).set({ status: 'open' }).where(inArray(invoices.id, ids));
}

export interface InvoiceFilter {
  side: 'issued' | 'received';
  period?: string | undefined;
  status?: 'open' | 'paid' | undefined;
}

/** A page of the invoices a tenant issued or received, newest first; drafts are the run's own. One query. */
export async function pageInvoices(ctx: Ctx, tenantId: string, f: InvoiceFilter, after: Key | undefined, take: number) {
  const mine = f.side === 'issued' ? eq(invoices.sellerId, tenantId) : eq(invoices.buyerId, tenantId);
  return ctx.db
    .select()
    .from(invoices)
    .where(
      and(
        mine,
        f.status ? eq(invoices.status, f.status) : inArray(invoices.status, ['open', 'paid']),
        f.period ? eq(invoices.period, f.period) : undefined,
        afterKey([invoices.issuedAt, invoices.id], after && [new Date(String(after[0])), String(after[1])], 'desc'),
      ),
    )
    .orderBy(desc(invoices.issuedAt), desc(invoices.id))
    .limit(take);
}

/** An issued invoice of which the tenant is seller or buyer. */
export async function invoiceOf(ctx: Ctx, id: string, tenantId: string, forUpdate = false): Promise<InvoiceRow | undefined> {
  const query = ctx.db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.id, id),
        or(eq(invoices.sellerId, tenantId), eq(invoices.buyerId, tenantId)),
        inArray(invoices.status, ['open', 'paid']),
      ),
    );
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function markPaid(ctx: Ctx, id: string, paidAt: Date, paidBy: string): Promise<InvoiceRow> {
  const [row] = await ctx.db.update(invoices).set({ status: 'paid', paidAt, paidBy }).where(eq(invoices.id, id)).returning();
  return row!;
}

/** A page of an invoice's lines, by subscription and time. One query. */
export async function pageLines(ctx: Ctx, invoiceId: string, after: Key | undefined, take: number): Promise<InvoiceLineRow[]> {
  return ctx.db
    .select()
    .from(invoiceLines)
    .where(
      and(
        eq(invoiceLines.invoiceId, invoiceId),
        afterKey(
          [invoiceLines.subscriptionId, invoiceLines.chargedAt, invoiceLines.kind],
          after && [String(after[0]), new Date(String(after[1])), String(after[2])],
          'asc',
        ),
      ),
    )
    .orderBy(asc(invoiceLines.subscriptionId), asc(invoiceLines.chargedAt), asc(invoiceLines.kind))
    .limit(take);
}

export const lineKey = (l: InvoiceLineRow): Key => [l.subscriptionId, l.chargedAt.toISOString(), l.kind];

/** What a buyer owes a seller on open invoices in one currency. */
export async function openTotal(ctx: Ctx, sellerId: string, buyerId: string, currency: string): Promise<number> {
  const [row] = await ctx.db
    .select({ sum: sql<string | null>`sum(${invoices.totalMinor})` })
    .from(invoices)
    .where(
      and(
        eq(invoices.sellerId, sellerId),
        eq(invoices.buyerId, buyerId),
        eq(invoices.currency, currency),
        eq(invoices.status, 'open'),
      ),
    );
  return Number(row?.sum ?? 0);
}
