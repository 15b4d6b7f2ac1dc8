/**
 * What invoicing reads of subscriptions (issue 11, part 7): each subscription with its terms'
 * prices at every tier and its quantity history, a batch at a time in id order, so that a run
 * over any number of subscriptions holds one batch in memory. The invoices module reaches
 * subscriptions only through here.
 */
import { and, asc, eq, gt, inArray, min, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { BilledSubscription } from '../../domain/invoicing.ts';
import type { Ctx } from '../../platform/context.ts';
import { offers, subscriptionQuantityChanges, subscriptions, subscriptionTerms, tenants } from '../../platform/db/schema.ts';

export interface BilledRow extends BilledSubscription {
  offerId: string;
  offerName: string;
  sku: string;
  customerName: string;
  /** The reseller of record, else the direct-bill partner. */
  partnerOfRecordName: string;
}

/** Which subscriptions: all, one, those a tenant takes part in (in any role), or those between a seller and a buyer. */
export type BilledFilter =
  | { all: true }
  | { subscriptionId: string }
  | { party: string }
  | { partnerId: string }
  | { partnerId: string; resellerId: string }
  | { customerId: string; partnerOfRecord: string };

const customer = alias(tenants, 'billed_customer');
const ofRecord = alias(tenants, 'billed_of_record');

function filterSql(f: BilledFilter): SQL | undefined {
  if ('all' in f) return undefined;
  if ('subscriptionId' in f) return eq(subscriptions.id, f.subscriptionId);
  if ('party' in f) {
    return or(eq(subscriptions.partnerId, f.party), eq(subscriptions.resellerId, f.party), eq(subscriptions.customerId, f.party));
  }
  if ('customerId' in f) {
    return and(
      eq(subscriptions.customerId, f.customerId),
      sql`coalesce(${subscriptions.resellerId}, ${subscriptions.partnerId}) = ${f.partnerOfRecord}`,
    );
  }
  if ('resellerId' in f) return and(eq(subscriptions.partnerId, f.partnerId), eq(subscriptions.resellerId, f.resellerId));
  return eq(subscriptions.partnerId, f.partnerId);
}

/**
 * The next `take` subscriptions after `afterId` (by id) that may have charges in [from, to):
 * made before `to`, and still running at `from` (active or suspended, or ended by a
 * cancellation or their term's end no earlier than `from`). Three queries, whatever the batch.
 */
export async function billedSubscriptions(
  ctx: Ctx,
  filter: BilledFilter,
  window: { from: Date; to: Date },
  afterId: string | undefined,
  take: number,
): Promise<BilledRow[]> {
  const rows = await ctx.db
    .select({
      s: {
        id: subscriptions.id,
        customerId: subscriptions.customerId,
        partnerId: subscriptions.partnerId,
        resellerId: subscriptions.resellerId,
        offerId: subscriptions.offerId,
        quantity: subscriptions.quantity,
        term: subscriptions.term,
        cycle: subscriptions.billingCycle,
        cancelledAt: subscriptions.cancelledAt,
        createdAt: subscriptions.createdAt,
      },
      offerName: offers.name,
      sku: offers.sku,
      customerName: customer.name,
      partnerOfRecordName: ofRecord.name,
    })
    .from(subscriptions)
    .innerJoin(offers, eq(offers.id, subscriptions.offerId))
    .leftJoin(customer, eq(customer.id, subscriptions.customerId))
    .leftJoin(ofRecord, sql`${ofRecord.id} = coalesce(${subscriptions.resellerId}, ${subscriptions.partnerId})`)
    .where(
      and(
        filterSql(filter),
        afterId ? gt(subscriptions.id, afterId) : undefined,
        sql`${subscriptions.createdAt} < ${window.to}`,
        or(
          inArray(subscriptions.status, ['active', 'suspended']),
          sql`coalesce(${subscriptions.cancelledAt}, ${subscriptions.renewsAt}) >= ${window.from}`,
        ),
      ),
    )
    .orderBy(asc(subscriptions.id))
    .limit(take);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.s.id);
  const terms = await ctx.db
    .select()
    .from(subscriptionTerms)
    .where(inArray(subscriptionTerms.subscriptionId, ids))
    .orderBy(subscriptionTerms.subscriptionId, subscriptionTerms.start);
  const changes = await ctx.db
    .select({
      subscriptionId: subscriptionQuantityChanges.subscriptionId,
      at: subscriptionQuantityChanges.at,
      from: subscriptionQuantityChanges.fromQuantity,
      to: subscriptionQuantityChanges.toQuantity,
    })
    .from(subscriptionQuantityChanges)
    .where(inArray(subscriptionQuantityChanges.subscriptionId, ids))
    .orderBy(subscriptionQuantityChanges.subscriptionId, subscriptionQuantityChanges.at);
  const termsBy = new Map<string, BilledSubscription['terms'][number][]>();
  for (const t of terms) {
    const list = termsBy.get(t.subscriptionId) ?? [];
    list.push({
      start: t.start,
      currency: t.currency,
      partner: t.partnerUnitPriceMinor,
      reseller: t.resellerUnitPriceMinor,
      customer: t.customerUnitPriceMinor,
    });
    termsBy.set(t.subscriptionId, list);
  }
  const changesBy = new Map<string, (typeof changes)[number][]>();
  for (const c of changes) {
    const list = changesBy.get(c.subscriptionId) ?? [];
    list.push(c);
    changesBy.set(c.subscriptionId, list);
  }
  return rows.map(({ s, ...names }) => {
    const subTerms = termsBy.get(s.id) ?? [];
    const subChanges = changesBy.get(s.id) ?? [];
    // The quantity bought is where the first change started from (or the quantity held, unchanged since).
    const bought = subChanges[0]?.from ?? s.quantity;
    return {
      id: s.id,
      customerId: s.customerId,
      partnerId: s.partnerId,
      resellerId: s.resellerId,
      term: s.term,
      cycle: s.cycle,
      cancelledAt: s.cancelledAt,
      terms: subTerms,
      quantities: [
        { at: subTerms[0]?.start ?? s.createdAt, quantity: bought },
        ...subChanges.map((c) => ({ at: c.at, quantity: c.to })),
      ],
      offerId: s.offerId,
      offerName: names.offerName,
      sku: names.sku,
      customerName: names.customerName ?? '',
      partnerOfRecordName: names.partnerOfRecordName ?? '',
    };
  });
}

/** When the first charge of any subscription fell (the start of the oldest term), or undefined before any. */
export async function firstChargeAt(ctx: Ctx): Promise<Date | undefined> {
  const [row] = await ctx.db.select({ start: min(subscriptionTerms.start) }).from(subscriptionTerms);
  return row?.start ?? undefined;
}
