import { and, asc, desc, eq, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId, afterKey } from '../../platform/db/keyset.ts';
import {
  customerAgreementAttestations,
  offers,
  orderLines,
  orders,
  subscriptionQuantityChanges,
  subscriptions,
  subscriptionTerms,
  tenants,
  users,
} from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { isValue } from '../../platform/db/literal.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type AttestationRow = typeof customerAgreementAttestations.$inferSelect;

export async function insertAttestation(ctx: Ctx, values: typeof customerAgreementAttestations.$inferInsert) {
  const [row] = await ctx.db.insert(customerAgreementAttestations).values(values).returning();
  return row!;
}

/** A customer's attestations, newest first: of one version, or of any when none is published. */
export async function attestationsOf(ctx: Ctx, customerId: string, agreementId: string | null): Promise<AttestationRow[]> {
  return ctx.db
    .select()
    .from(customerAgreementAttestations)
    .where(
      and(
        eq(customerAgreementAttestations.customerId, customerId),
        agreementId ? eq(customerAgreementAttestations.agreementId, agreementId) : undefined,
      ),
    )
    .orderBy(desc(customerAgreementAttestations.createdAt));
}

export async function insertOrder(ctx: Ctx, values: typeof orders.$inferInsert): Promise<OrderRow> {
  const [row] = await ctx.db.insert(orders).values(values).returning();
  return row!;
}

export async function insertSubscriptions(ctx: Ctx, values: (typeof subscriptions.$inferInsert)[]): Promise<SubscriptionRow[]> {
  return ctx.db.insert(subscriptions).values(values).returning();
}

/** The terms served, with each tier's prices: the first at the purchase, one more at each renewal. */
export async function insertTerms(ctx: Ctx, values: (typeof subscriptionTerms.$inferInsert)[]): Promise<void> {
  if (values.length > 0) await ctx.db.insert(subscriptionTerms).values(values);
}

export async function insertLines(ctx: Ctx, values: (typeof orderLines.$inferInsert)[]): Promise<OrderLineRow[]> {
  return ctx.db.insert(orderLines).values(values).returning();
}

const orderer = alias(tenants, 'orderer');
const reseller = alias(tenants, 'reseller');
const customer = alias(tenants, 'customer');

/** Whose rows a partner sees (R-CUS-9): those it placed or holds, and those it is reseller of record of. */
function mine(table: typeof orders | typeof subscriptions, partnerId: string | undefined): SQL | undefined {
  return partnerId ? or(eq(table.partnerId, partnerId), eq(table.resellerId, partnerId)) : undefined;
}

/** A page of a customer's orders, newest first, with who placed them: one query, whatever the page's size. */
export async function pageOrders(
  ctx: Ctx,
  customerId: string,
  partnerId: string | undefined,
  after: Key | undefined,
  take: number,
) {
  return ctx.db
    .select({ order: orders, partnerName: orderer.name, resellerName: reseller.name, placedByName: users.name })
    .from(orders)
    .innerJoin(orderer, eq(orderer.id, orders.partnerId))
    .leftJoin(reseller, eq(reseller.id, orders.resellerId))
    .leftJoin(users, eq(users.id, orders.placedBy))
    .where(
      and(
        eq(orders.customerId, customerId),
        mine(orders, partnerId),
        afterCreatedAndId(orders.createdAt, orders.id, after, 'desc'),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(take);
}

/** The lines of these orders with their offers, in one query. */
export async function linesOf(ctx: Ctx, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return ctx.db
    .select({ line: orderLines, sku: offers.sku, name: offers.name })
    .from(orderLines)
    .innerJoin(offers, eq(offers.id, orderLines.offerId))
    .where(inArray(orderLines.orderId, orderIds))
    .orderBy(orderLines.orderId, orderLines.position);
}

/** Subscriptions with their offer and the names of the partner that ordered and the reseller of record. */
function withParties(ctx: Ctx) {
  return ctx.db
    .select({
      subscription: subscriptions,
      offer: { id: offers.id, sku: offers.sku, name: offers.name, kind: offers.kind },
      partnerName: orderer.name,
      resellerName: reseller.name,
    })
    .from(subscriptions)
    .innerJoin(offers, eq(offers.id, subscriptions.offerId))
    .innerJoin(orderer, eq(orderer.id, subscriptions.partnerId))
    .leftJoin(reseller, eq(reseller.id, subscriptions.resellerId));
}

/** A page of a customer's subscriptions, newest first, with offer and partners: one query. */
export async function pageSubscriptions(
  ctx: Ctx,
  customerId: string,
  partnerId: string | undefined,
  after: Key | undefined,
  take: number,
) {
  return withParties(ctx)
    .where(
      and(
        eq(subscriptions.customerId, customerId),
        mine(subscriptions, partnerId),
        afterCreatedAndId(subscriptions.createdAt, subscriptions.id, after, 'desc'),
      ),
    )
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(take);
}

/**
 * Active subscriptions: a partner's (direct ones only with `direct`; through one reseller with
 * `resellerId`), or those a reseller is reseller of record of (`resellerOf`), for one customer or all.
 */
export async function activeSubscriptionCount(
  ctx: Ctx,
  where: { partnerId?: string; resellerOf?: string; customerId?: string; resellerId?: string; direct?: boolean },
): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(
      and(
        where.partnerId ? eq(subscriptions.partnerId, where.partnerId) : undefined,
        where.resellerOf ? eq(subscriptions.resellerId, where.resellerOf) : undefined,
        where.resellerId ? eq(subscriptions.resellerId, where.resellerId) : undefined,
        where.customerId ? eq(subscriptions.customerId, where.customerId) : undefined,
        where.direct ? sql`${subscriptions.resellerId} IS NULL` : undefined,
        eq(subscriptions.status, 'active'),
      ),
    );
  return row?.n ?? 0;
}

/** A subscription with its offer's quantity bounds, locked until the caller's transaction ends: changes take turns. */
export async function subscriptionForChange(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ subscription: subscriptions, minQuantity: offers.minQuantity, maxQuantity: offers.maxQuantity })
    .from(subscriptions)
    .innerJoin(offers, eq(offers.id, subscriptions.offerId))
    .where(eq(subscriptions.id, id))
    .for('update', { of: subscriptions });
  return row;
}

export async function updateSubscription(
  ctx: Ctx,
  id: string,
  values: Partial<
    Pick<
      SubscriptionRow,
      | 'quantity'
      | 'status'
      | 'autoRenew'
      | 'nextTermQuantity'
      | 'cancelledAt'
      | 'termStart'
      | 'renewsAt'
      | 'nextCheckAt'
      | 'lastNoticeDays'
    >
  >,
): Promise<void> {
  await ctx.db.update(subscriptions).set(values).where(eq(subscriptions.id, id));
}

export async function insertQuantityChange(ctx: Ctx, values: typeof subscriptionQuantityChanges.$inferInsert): Promise<void> {
  await ctx.db.insert(subscriptionQuantityChanges).values(values);
}

/** One subscription as the lists show it (offer, partners). */
export async function subscriptionWithParties(ctx: Ctx, id: string) {
  const [row] = await withParties(ctx).where(eq(subscriptions.id, id));
  return row;
}

/**
 * What a reseller would owe its provider for orders through it held for approval, in one
 * currency: the reseller-tier amounts of their lines (R-CRD-1). Placed orders are subscriptions,
 * whose charges the invoices count. One query on the orders' reseller index.
 */
export async function heldOrdersAmount(ctx: Ctx, providerId: string, resellerId: string, currency: string): Promise<number> {
  const [row] = await ctx.db
    .select({
      sum: sql<string>`coalesce(sum(${orderLines.quantity}::bigint * coalesce(${orderLines.resellerUnitPriceMinor}, ${orderLines.unitPriceMinor})), 0)::bigint`,
    })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(
      and(
        eq(orders.resellerId, resellerId),
        eq(orders.partnerId, providerId),
        eq(orders.currency, currency),
        isValue(orders.status, 'held'),
      ),
    );
  return Number(row?.sum ?? 0);
}

/** An order with its parties' names, locked until the caller's transaction ends: decisions on it take turns. */
export async function orderForDecision(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ order: orders, partnerName: orderer.name, resellerName: reseller.name, placedByName: users.name })
    .from(orders)
    .innerJoin(orderer, eq(orderer.id, orders.partnerId))
    .leftJoin(reseller, eq(reseller.id, orders.resellerId))
    .leftJoin(users, eq(users.id, orders.placedBy))
    .where(eq(orders.id, id))
    .for('update', { of: orders });
  return row;
}

export async function decideOrder(
  ctx: Ctx,
  id: string,
  values: Pick<OrderRow, 'status' | 'decidedBy' | 'decidedAt'>,
): Promise<OrderRow> {
  const [row] = await ctx.db.update(orders).set(values).where(eq(orders.id, id)).returning();
  return row!;
}

export async function setLineSubscription(ctx: Ctx, orderId: string, position: number, subscriptionId: string): Promise<void> {
  await ctx.db
    .update(orderLines)
    .set({ subscriptionId })
    .where(and(eq(orderLines.orderId, orderId), eq(orderLines.position, position)));
}

/** A page of the held orders a partner placed or is reseller of record of, oldest first, with the customer's name: one query. */
export async function pageHeldOrders(ctx: Ctx, partnerId: string, after: Key | undefined, take: number) {
  return ctx.db
    .select({
      order: orders,
      partnerName: orderer.name,
      resellerName: reseller.name,
      placedByName: users.name,
      customerName: customer.name,
    })
    .from(orders)
    .innerJoin(orderer, eq(orderer.id, orders.partnerId))
    .innerJoin(customer, eq(customer.id, orders.customerId))
    .leftJoin(reseller, eq(reseller.id, orders.resellerId))
    .leftJoin(users, eq(users.id, orders.placedBy))
    .where(
      and(
        isValue(orders.status, 'held'),
        or(eq(orders.partnerId, partnerId), eq(orders.resellerId, partnerId)),
        afterCreatedAndId(orders.createdAt, orders.id, after, 'asc'),
      ),
    )
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(take);
}

/** Where the lifecycle timer's pass over due subscriptions stands. */
export interface DueKey {
  id: string;
  nextCheckAt: Date;
}

/** Subscriptions the lifecycle timer is due to look at, oldest check first, along the partial index on next_check_at. */
export async function dueSubscriptions(ctx: Ctx, now: Date, after: DueKey | undefined, take: number): Promise<DueKey[]> {
  const rows = await ctx.db
    .select({ id: subscriptions.id, nextCheckAt: subscriptions.nextCheckAt })
    .from(subscriptions)
    .where(
      and(
        lte(subscriptions.nextCheckAt, now),
        afterKey([subscriptions.nextCheckAt, subscriptions.id], after && [after.nextCheckAt, after.id], 'asc'),
      ),
    )
    .orderBy(asc(subscriptions.nextCheckAt), asc(subscriptions.id))
    .limit(take);
  return rows.map((r) => ({ id: r.id, nextCheckAt: r.nextCheckAt! })); // not null: it is <= now
}

/**
 * A subscription, locked, when it is still due, with its offer and the market and currency it
 * was ordered in: one another worker holds is skipped, and one it has just handled no longer
 * matches, so nothing is renewed or sent twice.
 */
export async function lockDueSubscription(ctx: Ctx, id: string, now: Date) {
  const [row] = await ctx.db
    .select({
      subscription: subscriptions,
      offer: { name: offers.name, kind: offers.kind },
      market: orders.market,
      currency: orders.currency,
    })
    .from(subscriptions)
    .innerJoin(offers, eq(offers.id, subscriptions.offerId))
    .innerJoin(orders, eq(orders.id, subscriptions.orderId))
    .where(and(eq(subscriptions.id, id), lte(subscriptions.nextCheckAt, now)))
    .for('update', { of: subscriptions, skipLocked: true });
  return row;
}

export type TermRow = typeof subscriptionTerms.$inferSelect;

/** A subscription's latest term, with its prices at every tier. */
export async function lastTerm(ctx: Ctx, subscriptionId: string): Promise<TermRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(subscriptionTerms)
    .where(eq(subscriptionTerms.subscriptionId, subscriptionId))
    .orderBy(desc(subscriptionTerms.start))
    .limit(1);
  return row;
}
