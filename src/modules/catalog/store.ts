import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId, afterKey } from '../../platform/db/keyset.ts';
import { markets, offerPrices, offers } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type OfferRow = typeof offers.$inferSelect;
export type PriceRow = typeof offerPrices.$inferSelect;

/** Inserts an offer; undefined when its SKU is taken. */
export async function insertOffer(ctx: Ctx, values: typeof offers.$inferInsert): Promise<OfferRow | undefined> {
  const [row] = await ctx.db.insert(offers).values(values).onConflictDoNothing().returning();
  return row;
}

export async function offerById(ctx: Ctx, id: string, lock = false): Promise<OfferRow | undefined> {
  const query = ctx.db.select().from(offers).where(eq(offers.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function offersByIds(ctx: Ctx, ids: string[]): Promise<OfferRow[]> {
  if (ids.length === 0) return [];
  return ctx.db.select().from(offers).where(inArray(offers.id, ids));
}

export async function pageOffers(ctx: Ctx, after: Key | undefined, take: number): Promise<OfferRow[]> {
  return ctx.db
    .select()
    .from(offers)
    .where(afterCreatedAndId(offers.createdAt, offers.id, after, 'asc'))
    .orderBy(asc(offers.createdAt), asc(offers.id))
    .limit(take);
}

export async function pricesOf(ctx: Ctx, offerIds: string[]): Promise<PriceRow[]> {
  if (offerIds.length === 0) return [];
  return ctx.db
    .select()
    .from(offerPrices)
    .where(inArray(offerPrices.offerId, offerIds))
    .orderBy(
      asc(offerPrices.offerId),
      asc(sql`${offerPrices.market} COLLATE "C"`),
      asc(sql`${offerPrices.currency} COLLATE "C"`),
    );
}

/** Replaces an offer's price list. */
export async function replacePrices(ctx: Ctx, offerId: string, rows: PriceRow[]): Promise<void> {
  await ctx.db.delete(offerPrices).where(eq(offerPrices.offerId, offerId));
  if (rows.length > 0) await ctx.db.insert(offerPrices).values(rows);
}

export async function retireOfferRow(ctx: Ctx, id: string, at: Date): Promise<OfferRow | undefined> {
  const [row] = await ctx.db
    .update(offers)
    .set({ retiredAt: at })
    .where(and(eq(offers.id, id), isNull(offers.retiredAt)))
    .returning();
  return row;
}

/** Of these (market, currency) pairs, those the markets table holds. */
export async function knownMarketCurrencies(ctx: Ctx): Promise<Set<string>> {
  const rows = await ctx.db.selectDistinct({ market: markets.market, currency: markets.currency }).from(markets);
  return new Set(rows.map((r) => `${r.market}\u0000${r.currency}`));
}

/**
 * What a country can buy (R-CAT-1): offers not retired with a price in the country's market,
 * in each of the country's currencies; one query a page.
 */
export async function pageOffersForCountry(ctx: Ctx, countryCode: string, after: Key | undefined, take: number) {
  return ctx.db
    .select({ offer: offers, price: offerPrices })
    .from(offers)
    .innerJoin(offerPrices, eq(offerPrices.offerId, offers.id))
    .innerJoin(
      markets,
      and(
        eq(markets.market, offerPrices.market),
        eq(markets.currency, offerPrices.currency),
        eq(markets.countryCode, countryCode),
      ),
    )
    .where(
      and(
        isNull(offers.retiredAt),
        afterKey(
          [offers.createdAt, offers.id, sql`${offerPrices.currency} COLLATE "C"`],
          after && [new Date(String(after[0])), String(after[1]), String(after[2])],
          'asc',
        ),
      ),
    )
    .orderBy(asc(offers.createdAt), asc(offers.id), asc(sql`${offerPrices.currency} COLLATE "C"`))
    .limit(take);
}

/** The price of each offer in a market and currency (orders: one query for all lines). */
export async function pricesIn(ctx: Ctx, offerIds: string[], market: string, currency: string): Promise<PriceRow[]> {
  if (offerIds.length === 0) return [];
  return ctx.db
    .select()
    .from(offerPrices)
    .where(and(inArray(offerPrices.offerId, offerIds), eq(offerPrices.market, market), eq(offerPrices.currency, currency)));
}
