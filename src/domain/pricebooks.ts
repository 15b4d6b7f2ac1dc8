/**
 * Price books: what a provider charges its resellers, or a direct-bill partner or reseller its
 * customers, for each offer, from the price it pays itself. A rule is a markup (basis points,
 * negative for a discount) or a fixed price; it applies to one offer or to all, for one buyer,
 * a group of buyers, or everyone. The most specific rule wins: an offer's rule before a
 * book-wide one, and within each, the buyer's own before its group's before everyone's. With no
 * rule the price passes through unchanged. Pure.
 */
import { withMarkup } from './money.ts';

export type PriceRule = { kind: 'markup'; basisPoints: number } | { kind: 'fixed'; amount: number };

export interface PriceBookEntry {
  /** The offer the rule is for; null for every offer. */
  offerId: string | null;
  /** The buyer (a reseller or a customer) the rule is for; null with groupId null for everyone. */
  buyerId: string | null;
  groupId: string | null;
  rule: PriceRule;
}

export type PriceSource = 'offer_buyer' | 'offer_group' | 'offer' | 'buyer' | 'group' | 'book' | 'none';

/** Why an entry cannot be kept, or undefined when it can. */
export function entryProblem(entry: PriceBookEntry): string | undefined {
  if (entry.buyerId && entry.groupId) return 'a rule is for a buyer or for a group, not both';
  if (entry.rule.kind === 'fixed') {
    if (!entry.offerId) return 'a fixed price names its offer';
    if (!Number.isSafeInteger(entry.rule.amount) || entry.rule.amount < 0)
      return 'a fixed price is a whole, non-negative number of minor units';
  } else if (
    !Number.isSafeInteger(entry.rule.basisPoints) ||
    entry.rule.basisPoints <= -10_000 ||
    entry.rule.basisPoints > 1_000_000
  ) {
    return 'a markup is whole basis points above -10000 (a 100% discount) and at most 1000000';
  }
  return undefined;
}

/**
 * The price of `offerId` for `buyerId` (a member of `groupIds`) when the seller pays `cost`,
 * and which rule made it.
 */
export function priceFor(
  entries: readonly PriceBookEntry[],
  offerId: string,
  buyerId: string,
  groupIds: readonly string[],
  cost: number,
): { amount: number; source: PriceSource } {
  const order: [PriceSource, (e: PriceBookEntry) => boolean][] = [
    ['offer_buyer', (e) => e.offerId === offerId && e.buyerId === buyerId],
    ['offer_group', (e) => e.offerId === offerId && e.groupId !== null && groupIds.includes(e.groupId)],
    ['offer', (e) => e.offerId === offerId && e.buyerId === null && e.groupId === null],
    ['buyer', (e) => e.offerId === null && e.buyerId === buyerId],
    ['group', (e) => e.offerId === null && e.groupId !== null && groupIds.includes(e.groupId)],
    ['book', (e) => e.offerId === null && e.buyerId === null && e.groupId === null],
  ];
  for (const [source, matches] of order) {
    // Within a level, a buyer in two groups with rules gets the lower price: the kinder reading.
    const found = entries
      .filter(matches)
      .map((e) => (e.rule.kind === 'fixed' ? e.rule.amount : withMarkup(cost, e.rule.basisPoints)));
    if (found.length > 0) return { amount: Math.min(...found), source };
  }
  return { amount: cost, source: 'none' };
}
