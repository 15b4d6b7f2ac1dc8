import type { Ctx } from '../../platform/context.ts';

/** What one unit costs, per billing period, at each tier of the channel a subscription is sold through. */
export interface TierPrices {
  /** The operator's price to the ordering partner (a direct-bill partner or a provider). */
  partner: number;
  /** The provider's price to the reseller of record; null for a direct sale. */
  reseller: number | null;
  /** The partner of record's price to the customer. */
  customer: number;
}

export interface PricedSale {
  offerId: string;
  /** The offer's price in the customer's market and currency: the operator's list price. */
  listPrice: number;
  currency: string;
  partnerId: string;
  resellerId: string | null;
  customerId: string;
}

/**
 * The prices of a sale at every tier, when it is ordered or renews. Each seller prices from the
 * operator's list price: with no price book of its own (issue 11, part 6), it sells at that price.
 */
export function tierPrices(_ctx: Ctx, sale: PricedSale): Promise<TierPrices> {
  return Promise.resolve({
    partner: sale.listPrice,
    reseller: sale.resellerId ? sale.listPrice : null,
    customer: sale.listPrice,
  });
}
