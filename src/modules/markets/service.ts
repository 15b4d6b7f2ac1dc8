import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import { markets } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type Market = typeof markets.$inferSelect;

/**
 * The market of a country, for another module's query to read in the same round trip.
 * `country` must be table-qualified: inside the subquery a bare name would mean the market's own column.
 */
export function marketOfCountry(country: SQL) {
  return sql<string | null>`(SELECT m.market FROM markets m WHERE m.country_code = ${country} LIMIT 1)`;
}

/** The market of a country (R-REG-1): a country's rows all name the same market. */
export async function marketOf(ctx: Ctx, countryCode: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ market: markets.market })
    .from(markets)
    .where(eq(markets.countryCode, countryCode))
    .limit(1);
  return row?.market ?? null;
}

export async function listMarkets(ctx: Ctx, after: Key | undefined, take: number, market?: string): Promise<Market[]> {
  const conditions = [
    market ? eq(markets.market, market) : undefined,
    afterKey([sql`${markets.countryCode} COLLATE "C"`, sql`${markets.currency} COLLATE "C"`], after, 'asc'),
  ];
  return ctx.db
    .select()
    .from(markets)
    .where(and(...conditions))
    .orderBy(asc(sql`${markets.countryCode} COLLATE "C"`), asc(sql`${markets.currency} COLLATE "C"`))
    .limit(take);
}

/** A country's market and its currencies (a few countries sell in more than one), or undefined. */
export async function countryMarket(
  ctx: Ctx,
  countryCode: string,
): Promise<{ market: string; currencies: string[] } | undefined> {
  const rows = await ctx.db
    .select({ market: markets.market, currency: markets.currency })
    .from(markets)
    .where(eq(markets.countryCode, countryCode))
    .orderBy(asc(sql`${markets.currency} COLLATE "C"`));
  if (rows.length === 0) return undefined;
  return { market: rows[0]!.market, currencies: rows.map((r) => r.currency) };
}
