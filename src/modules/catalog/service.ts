import { clock } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import type { BillingCycle, OfferKind, Term } from '../../domain/commerce.ts';
import { countryMarket } from '../markets/service.ts';
import {
  insertOffer,
  knownMarketCurrencies,
  offerById,
  offersByIds,
  pageOffers,
  pageOffersForCountry,
  pricesIn,
  pricesOf,
  replacePrices,
  retireOfferRow,
  type OfferRow,
  type PriceRow,
} from './store.ts';

export type { OfferRow, PriceRow };

export interface NewOffer {
  sku: string;
  name: string;
  kind: OfferKind;
  term: Term;
  billingCycle: BillingCycle;
  minQuantity: number;
  maxQuantity: number;
}

export function publicOffer(o: OfferRow) {
  return {
    id: o.id,
    sku: o.sku,
    name: o.name,
    kind: o.kind,
    term: o.term,
    billingCycle: o.billingCycle,
    minQuantity: o.minQuantity,
    maxQuantity: o.maxQuantity,
    retiredAt: o.retiredAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

const publicPrice = (p: PriceRow) => ({ market: p.market, currency: p.currency, unitPriceMinor: p.unitPriceMinor });

/** The operator adds an offer to the catalog; prices come with PUT …/prices. */
export async function createOffer(ctx: Ctx, input: NewOffer) {
  const actor = requireActor(ctx);
  if (input.minQuantity > input.maxQuantity) {
    throw problems.invalid('minQuantity is at most maxQuantity.', [
      { in: 'body', path: '/minQuantity', message: 'must be at most maxQuantity' },
    ]);
  }
  // A one-month term billed annually has no year to bill.
  if (input.term === 'P1M' && input.billingCycle === 'annual') {
    throw problems.invalid('A P1M term is billed monthly.', [
      { in: 'body', path: '/billingCycle', message: 'a P1M term is billed monthly' },
    ]);
  }
  return inTransaction(ctx, async (tx) => {
    const row = await insertOffer(tx, { ...input, createdAt: clock.now() });
    if (!row) throw problems.conflict('offer_exists', 'An offer with this SKU exists', `SKU ${input.sku} is taken.`);
    await recordEvent(tx, {
      type: 'offer.created',
      tenantId: actor.tenantId,
      subjectType: 'offer',
      subjectId: row.id,
      after: row,
    });
    return { ...publicOffer(row), prices: [] };
  });
}

/** A page of the catalog with each offer's prices: two queries, whatever the page's size. */
export async function operatorOffers(ctx: Ctx, rows: OfferRow[]) {
  const prices = await pricesOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((o) => ({ ...publicOffer(o), prices: prices.filter((p) => p.offerId === o.id).map(publicPrice) }));
}

export const listOffers = (ctx: Ctx, after: Key | undefined, take: number) => pageOffers(ctx, after, take);

/** Replaces an offer's prices: each in a market and one of its currencies (reference/markets.csv). */
export async function setPrices(
  ctx: Ctx,
  offerId: string,
  prices: { market: string; currency: string; unitPriceMinor: number }[],
) {
  const actor = requireActor(ctx);
  const known = await knownMarketCurrencies(ctx);
  const seen = new Set<string>();
  prices.forEach((p, i) => {
    const key = `${p.market}\u0000${p.currency}`;
    if (!known.has(key))
      throw problems.invalid(`${p.market} does not sell in ${p.currency}.`, [
        { in: 'body', path: `/prices/${i}`, message: 'no such market and currency (GET /v1/markets)' },
      ]);
    if (seen.has(key))
      throw problems.invalid(`Two prices for ${p.market} in ${p.currency}.`, [
        { in: 'body', path: `/prices/${i}`, message: 'a second price for this market and currency' },
      ]);
    seen.add(key);
  });
  return inTransaction(ctx, async (tx) => {
    const offer = await offerById(tx, offerId, true);
    if (!offer) throw problems.notFound('offer');
    const before = await pricesOf(tx, [offerId]);
    const rows = prices.map((p) => ({ offerId, market: p.market, currency: p.currency, unitPriceMinor: p.unitPriceMinor }));
    await replacePrices(tx, offerId, rows);
    await recordEvent(tx, {
      type: 'offer.prices_set',
      tenantId: actor.tenantId,
      subjectType: 'offer',
      subjectId: offerId,
      before: before.map(publicPrice),
      after: rows.map(publicPrice),
    });
    return { ...publicOffer(offer), prices: (await pricesOf(tx, [offerId])).map(publicPrice) };
  });
}

/** R-CAT-1: a retired offer is not sold any more; the subscriptions made of it stay. */
export async function retireOffer(ctx: Ctx, offerId: string) {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await offerById(tx, offerId, true);
    if (!before) throw problems.notFound('offer');
    const row = (await retireOfferRow(tx, offerId, clock.now())) ?? before;
    if (!before.retiredAt) {
      await recordEvent(tx, {
        type: 'offer.retired',
        tenantId: actor.tenantId,
        subjectType: 'offer',
        subjectId: offerId,
        before,
        after: row,
      });
    }
    return (await operatorOffers(tx, [row]))[0]!;
  });
}

/** What a country can buy, in its currencies (R-CAT-1, R-REG-1). */
export async function offersForCountry(ctx: Ctx, countryCode: string, after: Key | undefined, take: number) {
  if (!(await countryMarket(ctx, countryCode))) {
    throw problems.invalid(`${countryCode} is in no market.`, [
      { in: 'query', path: '/country', message: 'a country of GET /v1/markets' },
    ]);
  }
  return pageOffersForCountry(ctx, countryCode, after, take);
}

export function countryOffer(r: { offer: OfferRow; price: PriceRow }) {
  return { ...publicOffer(r.offer), ...publicPrice(r.price) };
}

/**
 * R-CAT-1: the offers of an order as sold in a market and currency: each known, not retired and
 * priced there, or the refusal that names the first that is not.
 */
export async function orderableOffers(ctx: Ctx, offerIds: string[], market: string, currency: string) {
  const unique = [...new Set(offerIds)];
  const [rows, prices] = [await offersByIds(ctx, unique), await pricesIn(ctx, unique, market, currency)];
  const found = new Map<string, { offer: OfferRow; unitPriceMinor: number }>();
  for (const id of unique) {
    const offer = rows.find((o) => o.id === id);
    const price = prices.find((p) => p.offerId === id);
    const why = !offer
      ? `No offer ${id}.`
      : offer.retiredAt
        ? `${offer.name} is retired.`
        : !price
          ? `${offer.name} is not sold in ${market} in ${currency}.`
          : undefined;
    if (why) throw problems.rule('R-CAT-1', 'offer_not_available', 'Offer not available', why, { offerId: id });
    found.set(id, { offer: offer!, unitPriceMinor: price!.unitPriceMinor });
  }
  return found;
}

/** Whether the catalog has this offer (retired or not): price books may name any offer that subscriptions renew. */
export async function offerExists(ctx: Ctx, offerId: string): Promise<boolean> {
  return (await offersByIds(ctx, [offerId])).length > 0;
}

/**
 * An offer's list price today in a market and currency, or null when it is retired or no longer
 * priced there: what a renewal takes (R-SUB-4), falling back to the last term's prices on null.
 */
export async function currentListPrice(ctx: Ctx, offerId: string, market: string, currency: string): Promise<number | null> {
  const offer = await offerById(ctx, offerId);
  if (!offer || offer.retiredAt) return null;
  const [price] = await pricesIn(ctx, [offerId], market, currency);
  return price?.unitPriceMinor ?? null;
}
