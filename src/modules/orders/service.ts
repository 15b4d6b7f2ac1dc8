import { directBillOnly, lineAmount, quantityAllowed } from '../../domain/commerce.ts';
import { planChange, type ChangeRefusal, type SubscriptionPatch } from '../../domain/subscription-changes.ts';
import { changeWindowCloses, nextLifecycleCheck, termEnd } from '../../domain/subscriptions.ts';
import { quantityChangeCharge } from '../../domain/invoicing.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems, type FieldError } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { hasAcceptedCurrent } from '../agreements/service.ts';
import { orderableOffers } from '../catalog/service.ts';
import {
  addRemovalGuard,
  assertNotAffiliated,
  customerAccount,
  partnerRelationships,
  type RelationshipRow,
} from '../customers/service.ts';
import { assertCanTransact, programInfo } from '../enrollments/service.ts';
import { countryMarket } from '../markets/service.ts';
import { addCapabilityGuard, holdsActive, requirePartner } from '../partners/service.ts';
import { arePartners } from '../partnerships/service.ts';
import { getTenant } from '../tenants/service.ts';
import { getUser } from '../users/service.ts';
import { addBalancePart, creditCheck, creditCheckIncrease } from '../pricebooks/credit.ts';
import { tierPrices, type TierPrices } from '../pricebooks/service.ts';
import {
  attestationsOf,
  insertAttestation,
  insertLines,
  insertOrder,
  insertSubscriptions,
  insertTerms,
  decideOrder,
  orderForDecision,
  pageHeldOrders,
  heldOrdersAmount,
  setLineSubscription,
  linesOf,
  pageOrders,
  pageSubscriptions,
  activeSubscriptionCount,
  insertQuantityChange,
  subscriptionForChange,
  subscriptionWithParties,
  updateSubscription,
  type AttestationRow,
  type SubscriptionRow,
} from './store.ts';
import { billedSubscriptions } from './billing.ts';

/**
 * A relationship that carries active subscriptions does not end: the subscriptions would be
 * left without the partner that bills or serves them (issue 11, part 4).
 */
addRemovalGuard(async (ctx, rel) => {
  const count = await activeSubscriptionCount(
    ctx,
    rel.role === 'indirect_reseller'
      ? { resellerOf: rel.partnerId, customerId: rel.customerId }
      : rel.role === 'indirect_provider'
        ? { partnerId: rel.partnerId, customerId: rel.customerId, resellerId: rel.resellerId ?? undefined }
        : { partnerId: rel.partnerId, customerId: rel.customerId, direct: true },
  );
  if (count === 0) return undefined;
  const partner = await getTenant(ctx, rel.partnerId);
  return `${partner.name} has ${count} active subscription${count === 1 ? '' : 's'} for this customer through this relationship: they must end (or be cancelled) before it does.`;
});

/**
 * R-CRD-1: orders through a reseller held for approval count in what it owes its provider, at
 * its prices, beside the invoices' balance (see src/modules/pricebooks/credit.ts).
 */
addBalancePart(heldOrdersAmount);

/**
 * Direct bill is not given up while direct customers hold active subscriptions it bills: they
 * would be orphaned. The way out: let them end, or move the customers to a provider (R-TRN-9).
 */
addCapabilityGuard(async (ctx, tenantId, capability) => {
  if (capability !== 'direct_bill') return;
  const count = await activeSubscriptionCount(ctx, { partnerId: tenantId, direct: true });
  if (count === 0) return;
  throw problems.conflict(
    'subscriptions_active',
    'Active subscriptions remain',
    `${count} active subscription${count === 1 ? '' : 's'} of direct customers ${count === 1 ? 'is' : 'are'} billed through direct bill: let them end first, and move the customers to a provider with a joint invitation (R-TRN-9) for what they buy next.`,
    { rule: 'R-TRN-9' },
  );
});

/**
 * A check a quantity decrease passes before it is made, in its transaction with the subscription
 * locked: the licenses module refuses one below the licenses assigned (R-LIC-1). Registered by the
 * module that owns what the quantity must cover, so this one reads no other module's tables.
 */
export type QuantityGuard = (ctx: Ctx, subscription: SubscriptionRow, quantity: number) => Promise<void>;
const quantityGuards: QuantityGuard[] = [];

export function addQuantityGuard(guard: QuantityGuard): () => void {
  quantityGuards.push(guard);
  return () => {
    const at = quantityGuards.indexOf(guard);
    if (at >= 0) quantityGuards.splice(at, 1);
  };
}

/**
 * A subscription locked until the caller's transaction ends, or undefined: what must see its
 * quantity settled (license assignments, R-LIC-1) takes turns with changes to it.
 */
export async function lockSubscription(ctx: Ctx, id: string): Promise<SubscriptionRow | undefined> {
  return (await subscriptionForChange(ctx, id))?.subscription;
}

/** A subscription as the lists show it (offer, partners), or undefined; who may see it is the caller's to check. */
export async function findSubscription(ctx: Ctx, id: string) {
  return subscriptionWithParties(ctx, id);
}

/**
 * Who may see a customer's commerce: its own admin (everything), or a partner with a
 * relationship with it (its own part, R-CUS-9). Anyone else: 404. Returns the partner to
 * filter by, undefined for the customer itself.
 */
async function viewerOf(ctx: Ctx, customerId: string): Promise<{ partnerId: string | undefined; rels: RelationshipRow[] }> {
  const actor = requireActor(ctx);
  if (actor.tenantKind === 'customer' && actor.tenantId === customerId) return { partnerId: undefined, rels: [] };
  if (actor.tenantKind !== 'partner') throw problems.notFound('customer');
  const rels = await partnerRelationships(ctx, actor.tenantId, customerId);
  if (rels.length === 0) throw problems.notFound('customer');
  return { partnerId: actor.tenantId, rels };
}

const publicAttestation = (a: AttestationRow) => ({
  id: a.id,
  partnerId: a.partnerId,
  signerName: a.signerName,
  signerEmail: a.signerEmail,
  signedOn: a.signedOn,
  attestedBy: a.attestedBy,
  attestedAt: a.createdAt.toISOString(),
});

/** R-AGR-3: whether the customer agreement is accepted, in Trellis or by a partner's attestation. */
async function agreementState(ctx: Ctx, customerId: string) {
  const inTrellis = await hasAcceptedCurrent(ctx, customerId, 'customer_agreement');
  // With no version published there is nothing to accept in Trellis: only an attestation counts.
  const acceptedInTrellis = Boolean(inTrellis.current) && inTrellis.accepted;
  const attestations = await attestationsOf(ctx, customerId, inTrellis.current?.id ?? null);
  return {
    accepted: acceptedInTrellis || attestations.length > 0,
    version: inTrellis.current?.version ?? null,
    acceptedInTrellis,
    attestations,
  };
}

export async function customerAgreement(ctx: Ctx, customerId: string) {
  const { partnerId } = await viewerOf(ctx, customerId);
  const state = await agreementState(ctx, customerId);
  return {
    accepted: state.accepted,
    version: state.version,
    acceptedInTrellis: state.acceptedInTrellis,
    // R-CUS-9: a partner sees the attestations it made; the customer all of them.
    attestations: state.attestations.filter((a) => !partnerId || a.partnerId === partnerId).map(publicAttestation),
  };
}

export interface Attestation {
  signerName: string;
  signerEmail: string;
  signedOn: string;
}

/** R-AGR-3: a partner of the customer records that the customer signed the customer agreement. */
export async function attestAgreement(ctx: Ctx, customerId: string, input: Attestation) {
  const actor = requirePartner(ctx);
  await viewerOf(ctx, customerId);
  const today = clock.now().toISOString().slice(0, 10);
  if (input.signedOn > today || Number.isNaN(Date.parse(input.signedOn))) {
    throw problems.invalid('The agreement was signed on a past date, or today.', [
      { in: 'body', path: '/signedOn', message: 'a date not after today' },
    ]);
  }
  return inTransaction(ctx, async (tx) => {
    const current = await hasAcceptedCurrent(tx, customerId, 'customer_agreement');
    const row = await insertAttestation(tx, {
      customerId,
      partnerId: actor.tenantId,
      agreementId: current.current?.id ?? null,
      signerName: input.signerName,
      signerEmail: input.signerEmail.toLowerCase(),
      signedOn: input.signedOn,
      attestedBy: actor.userId,
      createdAt: clock.now(),
    });
    for (const tenantId of [actor.tenantId, customerId]) {
      await recordEvent(tx, {
        type: 'customer_agreement.attested',
        tenantId,
        subjectType: 'customer_agreement_attestation',
        subjectId: row.id,
        after: row,
      });
    }
    return publicAttestation(row);
  });
}

export interface NewOrder {
  lines: { offerId: string; quantity: number }[];
  /** A provider's order: the reseller of record (R-CUS-4). */
  resellerId?: string | undefined;
  /** One of the currencies of the customer's country; its first by default. */
  currency?: string | undefined;
}

function refuse(id: `R-${string}`, code: Parameters<typeof problems.rule>[1], title: string, detail: string) {
  return problems.rule(id, code, title, detail);
}

/**
 * Which relationship an order goes through, or the rule that refuses it: a direct-bill
 * partner for its direct customers (R-TRN-8, also after a move to indirect, R-TRN-5); a
 * provider for a customer it serves through the reseller it names, its partner now (R-CUS-4,
 * R-PRT-6) and ready to transact (R-AGR-2, R-PRT-7).
 */
async function channel(ctx: Ctx, partnerId: string, rels: RelationshipRow[], resellerId: string | undefined) {
  if (resellerId) {
    const through = rels.find((r) => r.role === 'indirect_provider' && r.resellerId === resellerId);
    if (!through) {
      throw refuse(
        'R-CUS-4',
        'reseller_not_of_customer',
        'Not the reseller you serve this customer through',
        'A provider orders for a customer it holds a relationship with through the reseller it names.',
      );
    }
    if (!(await holdsActive(ctx, partnerId, 'indirect_provider'))) {
      throw refuse(
        'R-CUS-4',
        'not_a_provider',
        'Only providers order for a reseller',
        'Naming a reseller of record needs an active indirect provider capability.',
      );
    }
    await assertResellerOpen(ctx, partnerId, resellerId);
    return { role: 'indirect_provider' as const, resellerId };
  }
  if (rels.some((r) => r.role === 'direct_partner')) {
    // R-TRN-8: direct-bill purchasing needs direct bill (kept by a partner that moved to indirect).
    if (!(await holdsActive(ctx, partnerId, 'direct_bill'))) {
      throw refuse(
        'R-TRN-8',
        'direct_bill_required',
        'Direct bill is not active',
        'Ordering for a direct customer needs an active direct-bill capability; without it, move the customer to a provider (R-TRN-9).',
      );
    }
    return { role: 'direct_partner' as const, resellerId: null };
  }
  if (rels.some((r) => r.role === 'indirect_provider')) {
    throw refuse(
      'R-CUS-4',
      'reseller_required',
      'Name the reseller',
      'A provider names the reseller of record (resellerId) of each order.',
    );
  }
  const directBill = await holdsActive(ctx, partnerId, 'direct_bill');
  throw refuse(
    directBill ? 'R-TRN-8' : 'R-CUS-7',
    'ordered_by_provider',
    'The provider orders for this customer',
    'You serve this customer as its indirect reseller: its provider orders for it and names you as reseller of record.',
  );
}

/** New business through a reseller: its provider's partner now (R-PRT-6) and ready to transact (R-AGR-2, R-PRT-7). */
async function assertResellerOpen(ctx: Ctx, partnerId: string, resellerId: string): Promise<void> {
  if (!(await arePartners(ctx, partnerId, resellerId))) {
    throw problems.conflict(
      'partnership_ended',
      'The partnership has ended',
      'The operator ended your partnership with this reseller: its customers keep their subscriptions, and no new orders go through it.',
      { rule: 'R-PRT-6' },
    );
  }
  if (!(await programInfo(ctx, resellerId)).resellerReadiness.ready) {
    throw refuse(
      'R-PRT-7',
      'reseller_not_ready',
      'The reseller cannot transact yet',
      'It must be onboarded, an active indirect reseller, and have signed the current partner agreement (R-AGR-2).',
    );
  }
}

/** Places an order and makes its subscriptions (POST /v1/customers/{id}/orders), in the caller's transaction. */
export async function placeOrder(ctx: Ctx, customerId: string, input: NewOrder) {
  const actor = requirePartner(ctx);
  if (customerId === actor.tenantId) {
    throw refuse(
      'R-SELF-2',
      'partner_tenant_as_customer',
      'A partner tenant is not a customer',
      'Buy for your own use in a separate internal-use customer tenant.',
    );
  }
  const { rels } = await viewerOf(ctx, customerId);
  await assertCanTransact(ctx, actor.tenantId); // R-AGR-1
  const via = await channel(ctx, actor.tenantId, rels, input.resellerId);
  const account = await customerAccount(ctx, customerId);
  if (!account) throw problems.notFound('customer');
  // R-REG-1: the customer is in the market of the partner, and of the reseller of record.
  for (const id of via.resellerId ? [actor.tenantId, via.resellerId] : [actor.tenantId]) {
    const partner = await getTenant(ctx, id);
    if (partner.market !== account.market) {
      throw refuse(
        'R-REG-1',
        'region_mismatch',
        'Customer in another market',
        `${partner.name} sells in ${partner.market ?? 'no market'}; the customer is in ${account.market}.`,
      );
    }
  }
  // R-SELF-1: neither the partner nor its reseller of record sells to an affiliate.
  await assertNotAffiliated(ctx, via.resellerId ? [actor.tenantId, via.resellerId] : [actor.tenantId], customerId);
  if (!(await agreementState(ctx, customerId)).accepted) {
    throw refuse(
      'R-AGR-3',
      'customer_agreement_required',
      'The customer agreement is not accepted',
      "The customer's global admin accepts the customer agreement in Trellis, or you attest that the customer signed it.",
    );
  }
  const market = await countryMarket(ctx, account.countryCode);
  if (!market) throw refuse('R-CAT-1', 'offer_not_available', 'Offer not available', `${account.countryCode} is in no market.`);
  const currency = input.currency ?? market.currencies[0]!;
  if (!market.currencies.includes(currency)) {
    throw problems.invalid(`The customer's country buys in ${market.currencies.join(', ')}.`, [
      { in: 'body', path: '/currency', message: `one of ${market.currencies.join(', ')}` },
    ]);
  }
  const offers = await orderableOffers(
    ctx,
    input.lines.map((l) => l.offerId),
    market.market,
    currency,
  );
  const outOfRange: FieldError[] = [];
  input.lines.forEach((l, i) => {
    const { offer } = offers.get(l.offerId)!;
    if (!quantityAllowed(offer, l.quantity)) {
      outOfRange.push({
        in: 'body',
        path: `/lines/${i}/quantity`,
        message: `${offer.name} is ordered ${offer.minQuantity} to ${offer.maxQuantity} at a time`,
      });
    }
  });
  if (outOfRange.length > 0) throw problems.invalid('A quantity is outside its offer’s range.', outOfRange);
  if (via.role === 'indirect_provider') {
    const directOnly = input.lines.map((l) => offers.get(l.offerId)!.offer).find((o) => directBillOnly(o.kind));
    if (directOnly) {
      throw refuse(
        directOnly.kind === 'reservation' ? 'R-CUS-7' : 'R-CUS-5',
        'direct_bill_only_offer',
        'Only for direct-bill customers',
        `${directOnly.name} (${directOnly.kind.replaceAll('_', ' ')}) is sold by direct-bill partners to their direct customers.`,
      );
    }
  }

  return inTransaction(ctx, async (tx) => {
    const now = clock.now();
    const priced: PricedLine[] = [];
    for (const l of input.lines) {
      const { offer, unitPriceMinor } = offers.get(l.offerId)!;
      const prices = await tierPrices(tx, {
        offerId: l.offerId,
        listPrice: unitPriceMinor,
        currency,
        partnerId: actor.tenantId,
        resellerId: via.resellerId,
        customerId,
      });
      priced.push({ ...l, offer, prices, amountMinor: lineAmount(prices.partner, l.quantity) });
    }
    // R-CRD-1: an order through a reseller is weighed against the credit its provider extends to it.
    const status = via.resellerId
      ? await creditCheck(
          tx,
          actor.tenantId,
          via.resellerId,
          currency,
          priced.reduce((sum, l) => sum + lineAmount(l.prices.reseller ?? l.prices.partner, l.quantity), 0),
        )
      : 'placed';
    const order = await insertOrder(tx, {
      customerId,
      partnerId: actor.tenantId,
      relationshipRole: via.role,
      resellerId: via.resellerId,
      placedBy: actor.userId,
      market: market.market,
      currency,
      totalMinor: priced.reduce((sum, l) => sum + l.amountMinor, 0),
      status,
      createdAt: now,
    });
    const lineValues = priced.map((l, i) => ({
      orderId: order.id,
      position: i,
      customerId,
      offerId: l.offerId,
      quantity: l.quantity,
      unitPriceMinor: l.prices.partner,
      amountMinor: l.amountMinor,
      resellerUnitPriceMinor: l.prices.reseller,
      customerUnitPriceMinor: l.prices.customer,
    }));
    // A held order makes its subscriptions when the provider approves it.
    const subscriptionIds =
      status === 'placed'
        ? await makeSubscriptions(
            tx,
            order,
            lineValues,
            priced.map((l) => l.offer),
            now,
          )
        : [];
    const lines = await insertLines(
      tx,
      lineValues.map((l, i) => ({ ...l, subscriptionId: subscriptionIds[i] ?? null })),
    );
    const partner = await getTenant(tx, actor.tenantId);
    const reseller = via.resellerId ? await getTenant(tx, via.resellerId) : undefined;
    const row = {
      order,
      partnerName: partner.name,
      resellerName: reseller?.name ?? null,
      placedByName: (await getUser(tx, actor.userId)).name,
    };
    const withOffers = lines.map((line, i) => ({ line, sku: priced[i]!.offer.sku, name: priced[i]!.offer.name }));
    await recordOrderEvent(tx, status === 'held' ? 'order.held' : 'order.placed', row, withOffers);
    return orderItem(row, withOffers, actor.tenantId);
  });
}

interface PricedLine {
  offerId: string;
  quantity: number;
  offer: OfferOf;
  prices: TierPrices;
  amountMinor: number;
}

/** Each party's audit trail keeps the order as that party sees it: its own prices only (R-CUS-9). */
async function recordOrderEvent(ctx: Ctx, type: string, row: OrderPageRow, lines: LineRow[]): Promise<void> {
  const o = row.order;
  for (const tenantId of new Set([o.partnerId, o.customerId, ...(o.resellerId ? [o.resellerId] : [])])) {
    await recordEvent(ctx, { type, tenantId, subjectType: 'order', subjectId: o.id, after: orderItem(row, lines, tenantId) });
  }
}

type LineValues = Pick<
  LineRow['line'],
  'offerId' | 'quantity' | 'unitPriceMinor' | 'resellerUnitPriceMinor' | 'customerUnitPriceMinor'
>;

/**
 * The subscriptions of an order's lines, starting `now` (the order, or a held order's approval),
 * each with its first term at the prices its line recorded: their ids, line by line.
 */
async function makeSubscriptions(
  ctx: Ctx,
  order: OrderPageRow['order'],
  lines: LineValues[],
  lineOffers: OfferOf[],
  now: Date,
): Promise<string[]> {
  const subs = await insertSubscriptions(
    ctx,
    lines.map((l, i) => {
      const offer = lineOffers[i]!;
      return {
        customerId: order.customerId,
        partnerId: order.partnerId,
        resellerId: order.resellerId,
        offerId: l.offerId,
        orderId: order.id,
        quantity: l.quantity,
        status: 'active' as const,
        term: offer.term,
        billingCycle: offer.billingCycle,
        // Perpetual software is bought once: nothing renews.
        autoRenew: offer.kind !== 'perpetual_software',
        termStart: now,
        renewsAt: termEnd(now, offer.term),
        // Perpetual software neither renews nor expires: the lifecycle timer has nothing to do.
        nextCheckAt:
          offer.kind === 'perpetual_software'
            ? null
            : nextLifecycleCheck({
                status: 'active',
                termStart: now,
                renewsAt: termEnd(now, offer.term),
                lastNoticeDays: null,
                cancelledAt: null,
              }),
        createdAt: now,
      };
    }),
  );
  await insertTerms(
    ctx,
    subs.map((s, i) => ({
      subscriptionId: s.id,
      start: s.termStart,
      customerId: order.customerId,
      partnerId: order.partnerId,
      resellerId: order.resellerId,
      currency: order.currency,
      partnerUnitPriceMinor: lines[i]!.unitPriceMinor,
      resellerUnitPriceMinor: lines[i]!.resellerUnitPriceMinor,
      customerUnitPriceMinor: lines[i]!.customerUnitPriceMinor,
    })),
  );
  for (const s of subs) {
    await recordEvent(ctx, {
      type: 'subscription.created',
      tenantId: order.customerId,
      subjectType: 'subscription',
      subjectId: s.id,
      after: s,
    });
  }
  return subs.map((s) => s.id);
}

/** A held order of the caller's (its provider's), locked; another's is not found, a decided one is a conflict. */
async function heldOrder(ctx: Ctx, id: string) {
  const actor = requirePartner(ctx);
  const row = await orderForDecision(ctx, id);
  if (!row || row.order.partnerId !== actor.tenantId || !row.order.resellerId) throw problems.notFound('order');
  if (row.order.status !== 'held') {
    throw problems.conflict(
      'order_not_held',
      'The order is not held',
      `This order is ${row.order.status}: only a held order is approved or rejected, once.`,
      { rule: 'R-CRD-1' },
    );
  }
  return { actor, row, resellerId: row.order.resellerId };
}

/**
 * R-CRD-1: the provider approves an order it placed that was held past its reseller's credit
 * limit: its subscriptions start now, at the prices the order recorded. The rules of placing it
 * are checked again (the relationship, the partnership live, the reseller ready: R-CUS-4,
 * R-PRT-6, R-AGR-2), and its offers must still be sold (R-CAT-1).
 */
export async function approveOrder(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (tx) => {
    const { actor, row, resellerId } = await heldOrder(tx, id);
    // What placing it checked still holds: the provider may transact (R-AGR-1) and serves the
    // customer through this reseller, its partner now and ready (R-CUS-4, R-PRT-6, R-AGR-2).
    await assertCanTransact(tx, actor.tenantId);
    await channel(tx, actor.tenantId, await partnerRelationships(tx, actor.tenantId, row.order.customerId), resellerId);
    const lines = await linesOf(tx, [id]);
    const offers = await orderableOffers(
      tx,
      lines.map((l) => l.line.offerId),
      row.order.market,
      row.order.currency,
    );
    const now = clock.now();
    const order = await decideOrder(tx, id, { status: 'placed', decidedBy: actor.userId, decidedAt: now });
    const ids = await makeSubscriptions(
      tx,
      order,
      lines.map((l) => l.line),
      lines.map((l) => offers.get(l.line.offerId)!.offer),
      now,
    );
    for (const [i, l] of lines.entries()) await setLineSubscription(tx, id, l.line.position, ids[i]!);
    const decided = { ...row, order };
    const withOffers = lines.map((l, i) => ({ ...l, line: { ...l.line, subscriptionId: ids[i]! } }));
    await recordOrderEvent(tx, 'order.approved', decided, withOffers);
    return orderItem(decided, withOffers, actor.tenantId);
  });
}

/** R-CRD-1: the provider rejects a held order: no subscription is made, and it leaves the reseller's open balance. */
export async function rejectOrder(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (tx) => {
    const { actor, row } = await heldOrder(tx, id);
    const order = await decideOrder(tx, id, { status: 'rejected', decidedBy: actor.userId, decidedAt: clock.now() });
    const decided = { ...row, order };
    const lines = await linesOf(tx, [id]);
    await recordOrderEvent(tx, 'order.rejected', decided, lines);
    return orderItem(decided, lines, actor.tenantId);
  });
}

/** The held orders the caller placed (a provider, to decide) or is reseller of record of. */
export function heldOrdersPage(ctx: Ctx) {
  const actor = requirePartner(ctx);
  return (after: Key | undefined, take: number) => pageHeldOrders(ctx, actor.tenantId, after, take);
}

type OfferOf = NonNullable<ReturnType<Awaited<ReturnType<typeof orderableOffers>>['get']>>['offer'];
type OrderPageRow = Awaited<ReturnType<typeof pageOrders>>[number];
type LineRow = Awaited<ReturnType<typeof linesOf>>[number];

type Tier = 'partner' | 'reseller' | 'customer';

/**
 * R-CUS-9: the tiers of an order a viewer sees: what it pays and what it charges. The ordering
 * partner pays the operator and charges the reseller of record (indirect) or the customer
 * (direct); the reseller of record pays its provider and charges the customer; the customer
 * sees its own price only. No one sees a tier it is not party to.
 */
function tiersFor(o: OrderPageRow['order'], viewerId: string): { pays: Tier; sells: Tier | null } {
  if (viewerId === o.partnerId) return { pays: 'partner', sells: o.resellerId ? 'reseller' : 'customer' };
  if (o.resellerId && viewerId === o.resellerId) return { pays: 'reseller', sells: 'customer' };
  return { pays: 'customer', sells: null };
}

function unitAt(line: LineRow['line'], tier: Tier): number {
  if (tier === 'partner') return line.unitPriceMinor;
  if (tier === 'reseller') return line.resellerUnitPriceMinor ?? line.unitPriceMinor;
  return line.customerUnitPriceMinor;
}

function orderItem(r: OrderPageRow, lines: LineRow[], viewerId: string) {
  const o = r.order;
  const { pays, sells } = tiersFor(o, viewerId);
  const own = lines
    .filter((l) => l.line.orderId === o.id)
    .map((l) => {
      const unit = unitAt(l.line, pays);
      const sale = sells ? unitAt(l.line, sells) : null;
      return {
        offerId: l.line.offerId,
        sku: l.sku,
        name: l.name,
        quantity: l.line.quantity,
        unitPriceMinor: unit,
        amountMinor: lineAmount(unit, l.line.quantity),
        saleUnitPriceMinor: sale,
        saleAmountMinor: sale === null ? null : lineAmount(sale, l.line.quantity),
        subscriptionId: l.line.subscriptionId,
      };
    });
  return {
    id: o.id,
    customerId: o.customerId,
    // Who ordered, through which relationship (R-CUS-4, R-CUS-7).
    orderedBy: { partnerId: o.partnerId, partnerName: r.partnerName, userId: o.placedBy, userName: r.placedByName },
    relationship: o.relationshipRole,
    resellerOfRecord: o.resellerId ? { id: o.resellerId, name: r.resellerName ?? '' } : null,
    status: o.status,
    market: o.market,
    currency: o.currency,
    totalMinor: own.reduce((sum, l) => sum + l.amountMinor, 0),
    saleTotalMinor: sells ? own.reduce((sum, l) => sum + (l.saleAmountMinor ?? 0), 0) : null,
    lines: own,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

export async function customerOrdersPage(ctx: Ctx, customerId: string) {
  const { partnerId } = await viewerOf(ctx, customerId);
  return (after: Key | undefined, take: number) => pageOrders(ctx, customerId, partnerId, after, take);
}

/** A page of orders as items: one more query for all their lines. */
export async function orderItems(ctx: Ctx, rows: OrderPageRow[]) {
  const lines = await linesOf(
    ctx,
    rows.map((r) => r.order.id),
  );
  const viewerId = requireActor(ctx).tenantId;
  return rows.map((r) => orderItem(r, lines, viewerId));
}

export async function customerSubscriptionsPage(ctx: Ctx, customerId: string) {
  const { partnerId } = await viewerOf(ctx, customerId);
  return (after: Key | undefined, take: number) => pageSubscriptions(ctx, customerId, partnerId, after, take);
}

export function subscriptionItem(r: Awaited<ReturnType<typeof pageSubscriptions>>[number]) {
  const s = r.subscription;
  return {
    id: s.id,
    customerId: s.customerId,
    offer: r.offer,
    quantity: s.quantity,
    status: s.status,
    term: s.term,
    billingCycle: s.billingCycle,
    autoRenew: s.autoRenew,
    termStart: s.termStart.toISOString(),
    renewsAt: s.renewsAt.toISOString(),
    changeWindowCloses: changeWindowCloses(s.termStart).toISOString(),
    nextTermQuantity: s.nextTermQuantity,
    cancelledAt: s.cancelledAt?.toISOString() ?? null,
    // The reseller of record of an indirect subscription, else the direct-bill partner (R-CUS-4).
    partnerOfRecord: s.resellerId ? { id: s.resellerId, name: r.resellerName ?? '' } : { id: s.partnerId, name: r.partnerName },
    orderedBy: { id: s.partnerId, name: r.partnerName },
    orderId: s.orderId,
    createdAt: s.createdAt.toISOString(),
  };
}

/** The problem a refused change answers with (R-SUB-1..3). */
function changeProblem(r: ChangeRefusal): AppError {
  switch (r.code) {
    case 'change_window_closed':
      return problems.rule(
        r.rule,
        r.code,
        'The window for this change has closed',
        `A subscription is ${r.what === 'cancel' ? 'cancelled' : 'reduced'} only within 7 days of its purchase or last renewal: this one's window closed at ${r.windowClosed.toISOString()}.`,
        { windowClosed: r.windowClosed.toISOString() },
      );
    case 'quantity_out_of_range':
      return new AppError(
        400,
        r.code,
        "The quantity is outside the offer's range",
        `The offer sells ${r.min} to ${r.max} at a time.`,
        {
          rule: r.rule,
          errors: [{ in: 'body', path: `/${r.field}`, message: `${r.min} to ${r.max}` }],
        },
      );
    case 'subscription_not_changeable':
      return problems.conflict(
        r.code,
        'This subscription cannot be changed now',
        r.status === 'suspended_quantity'
          ? 'A suspended subscription changes quantity only as it is reactivated (status: active in the same change).'
          : r.status === 'cancelled_with_more'
            ? 'A cancellation is a change of its own: send it without a quantity.'
            : `The subscription is ${r.status}: it is read-only while its lifecycle runs.`,
        { rule: r.rule },
      );
    case 'next_term_needs_renewal':
      return problems.rule(
        r.rule,
        r.code,
        'A change for the next term needs auto-renewal',
        'Turn auto-renewal on (autoRenew: true) to keep a quantity for the next term.',
      );
  }
}

/**
 * Changes a subscription (PATCH /v1/subscriptions/{id}): only what the patch names (R-SUB-1..3).
 * Its partner changes everything; of an indirect subscription, the provider orders (quantity,
 * suspension, cancellation) and the reseller of record manages the renewal (R-CUS-7). A larger
 * quantity through a reseller is new business: the partnership must be live and the reseller
 * ready (R-PRT-6, R-AGR-2). Each quantity change is kept for the invoices' proration.
 */
export async function changeSubscription(ctx: Ctx, id: string, patch: SubscriptionPatch) {
  const actor = requirePartner(ctx);
  return inTransaction(ctx, async (tx) => {
    const found = await subscriptionForChange(tx, id);
    const s = found?.subscription;
    if (!found || !s || (s.partnerId !== actor.tenantId && s.resellerId !== actor.tenantId))
      throw problems.notFound('subscription');
    const ordering = patch.quantity !== undefined || patch.status !== undefined;
    if (s.partnerId !== actor.tenantId && ordering) {
      throw refuse(
        'R-CUS-7',
        'ordered_by_provider',
        'The provider orders for this customer',
        "Quantity, suspension and cancellation of an indirect subscription are its provider's to change; as reseller of record you manage its renewal (autoRenew, nextTermQuantity).",
      );
    }
    const now = clock.now();
    const planned = planChange(
      {
        status: s.status,
        quantity: s.quantity,
        termStart: s.termStart,
        autoRenew: s.autoRenew,
        minQuantity: found.minQuantity,
        maxQuantity: found.maxQuantity,
        nextTermQuantity: s.nextTermQuantity,
      },
      patch,
      now,
    );
    if (!planned.ok) throw changeProblem(planned.refusal);
    const { state, cancelledAt, quantityChangedAt, events } = planned.change;
    if (events.length === 0) return subscriptionView(tx, id);
    if (quantityChangedAt && state.quantity < s.quantity) {
      for (const guard of quantityGuards) await guard(tx, s, state.quantity);
    }
    if (quantityChangedAt && state.quantity > s.quantity) {
      await assertCanTransact(tx, actor.tenantId); // R-AGR-1
      if (s.resellerId) {
        await assertResellerOpen(tx, s.partnerId, s.resellerId);
        await weighIncrease(tx, s, s.resellerId, state.quantity, quantityChangedAt);
      }
    }
    await updateSubscription(tx, id, {
      quantity: state.quantity,
      status: state.status,
      autoRenew: state.autoRenew,
      nextTermQuantity: state.nextTermQuantity,
      ...(cancelledAt
        ? {
            cancelledAt,
            nextCheckAt: nextLifecycleCheck({
              status: state.status,
              termStart: s.termStart,
              renewsAt: s.renewsAt,
              lastNoticeDays: null,
              cancelledAt,
            }),
          }
        : {}),
    });
    if (quantityChangedAt) {
      await insertQuantityChange(tx, {
        subscriptionId: id,
        customerId: s.customerId,
        partnerId: s.partnerId,
        resellerId: s.resellerId,
        fromQuantity: s.quantity,
        toQuantity: state.quantity,
        changedBy: requireActor(tx).userId,
        at: quantityChangedAt,
      });
    }
    const before = { quantity: s.quantity, status: s.status, autoRenew: s.autoRenew, nextTermQuantity: s.nextTermQuantity };
    const after = {
      quantity: state.quantity,
      status: state.status,
      autoRenew: state.autoRenew,
      nextTermQuantity: state.nextTermQuantity,
    };
    for (const type of events) {
      for (const tenantId of new Set([s.customerId, s.partnerId, ...(s.resellerId ? [s.resellerId] : [])])) {
        await recordEvent(tx, { type, tenantId, subjectType: 'subscription', subjectId: id, before, after });
      }
    }
    return subscriptionView(tx, id);
  });
}

/**
 * R-CRD-1: a larger quantity through a reseller adds to what it owes its provider, weighed
 * against its credit as an order is: the increase's charge at the reseller's price, as the
 * invoice will bill it (the rest of the billing period it falls in; the periods after are
 * charged as they start, as an order's are). Past the limit it is refused, whatever the
 * provider's setting: a change to a running subscription is not held for approval.
 */
async function weighIncrease(ctx: Ctx, s: SubscriptionRow, resellerId: string, quantity: number, at: Date): Promise<void> {
  const [billed] = await billedSubscriptions(
    ctx,
    { subscriptionId: s.id },
    { from: at, to: new Date(at.getTime() + 1) },
    undefined,
    1,
  );
  if (!billed) return;
  const charge = quantityChangeCharge(billed, 'provider', quantity, at);
  await creditCheckIncrease(ctx, s.partnerId, resellerId, charge.currency, charge.amount);
}

async function subscriptionView(ctx: Ctx, id: string) {
  const row = await subscriptionWithParties(ctx, id);
  if (!row) throw problems.notFound('subscription');
  return subscriptionItem(row);
}
