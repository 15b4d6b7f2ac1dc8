/**
 * Invoices from charges (issue 11, part 7): every charge of a subscription is billed at each
 * tier of the channel it is sold through, each at that tier's price of the term it falls in:
 *
 *   operator → ordering partner (the direct-bill partner or the provider), at the partner price;
 *   provider → reseller of record (indirect only), at the reseller price;
 *   partner of record (the reseller, else the direct-bill partner) → customer, at the customer price.
 *
 * One invoice per seller, buyer, month and currency; one line per charge. Amounts are integer
 * minor units of the term's currency, rounded once per line where the charge is prorated
 * (charges.ts): a currency without minor digits (KRW) rounds to whole units, USD to cents. Pure.
 */
import { chargesBetween, withRenewalsUntil, type Charge, type SubscriptionHistory } from './charges.ts';
import type { Term } from './subscriptions.ts';

export type Tier = 'operator' | 'provider' | 'partner';

export interface TermPrices {
  start: Date;
  currency: string;
  /** Operator → ordering partner, per unit and billing period (minor units). */
  partner: number;
  /** Provider → reseller of record; null for a direct sale. */
  reseller: number | null;
  /** Partner of record → customer. */
  customer: number;
}

/** A subscription as invoicing reads it: its parties, calendar, terms with their prices, and quantity history. */
export interface BilledSubscription {
  id: string;
  customerId: string;
  /** The ordering partner: the direct-bill partner, or the provider. */
  partnerId: string;
  resellerId: string | null;
  term: Term;
  cycle: 'monthly' | 'annual';
  /** Oldest first. */
  terms: readonly TermPrices[];
  /** The quantity bought, then each change, in time order. */
  quantities: readonly { at: Date; quantity: number }[];
  cancelledAt: Date | null;
}

export interface TierCharge extends Charge {
  tier: Tier;
  sellerId: string;
  buyerId: string;
  currency: string;
}

/** Who sells to whom at each tier of `s`, and at which of a term's prices. */
export function tiersOf(s: Pick<BilledSubscription, 'customerId' | 'partnerId' | 'resellerId'>, operatorId: string) {
  const tiers: { tier: Tier; sellerId: string; buyerId: string; price: (t: TermPrices) => number }[] = [
    { tier: 'operator', sellerId: operatorId, buyerId: s.partnerId, price: (t) => t.partner },
  ];
  if (s.resellerId) {
    // A reseller price is recorded on every indirect term; the list price stands in if one is missing.
    tiers.push({ tier: 'provider', sellerId: s.partnerId, buyerId: s.resellerId, price: (t) => t.reseller ?? t.partner });
  }
  tiers.push({ tier: 'partner', sellerId: s.resellerId ?? s.partnerId, buyerId: s.customerId, price: (t) => t.customer });
  return tiers;
}

export interface ChargeWindow {
  from: Date;
  to: Date;
  /**
   * A preview: the renewals an auto-renewing subscription will make before `to`, at its last
   * term's prices (the renewal job has not made them yet).
   */
  renewsUntil?: Date | undefined;
}

/** The term `at` falls in: the last one that started at or before it. */
function termAt(terms: readonly TermPrices[], at: Date): TermPrices {
  let found = terms[0]!;
  for (const t of terms) {
    if (t.start > at) break;
    found = t;
  }
  return found;
}

/** Every charge of `s` in [from, to), at every tier, in time order within each tier. */
export function tierCharges(s: BilledSubscription, operatorId: string, window: ChargeWindow): TierCharge[] {
  if (s.terms.length === 0) return [];
  const out: TierCharge[] = [];
  const last = s.terms.at(-1)!;
  for (const tier of tiersOf(s, operatorId)) {
    let history: SubscriptionHistory = {
      id: s.id,
      term: s.term,
      cycle: s.cycle,
      terms: s.terms.map((t) => ({ start: t.start, unitPrice: tier.price(t) })),
      quantities: s.quantities,
      cancelledAt: s.cancelledAt,
    };
    if (window.renewsUntil) history = withRenewalsUntil(history, window.renewsUntil, tier.price(last));
    for (const charge of chargesBetween(history, window.from, window.to)) {
      out.push({
        ...charge,
        tier: tier.tier,
        sellerId: tier.sellerId,
        buyerId: tier.buyerId,
        currency: termAt(s.terms, charge.periodStart).currency,
      });
    }
  }
  return out;
}

/**
 * What changing the quantity of `s` to `quantity` at `at` adds to its charges at `tier`: the
 * increase's charge for the rest of its billing period (a decrease's refund, negative), as
 * `tierCharges` bills it, in the currency of the term it falls in. The difference the change
 * makes to the charges of that instant, so a change at a period's start counts too.
 */
export function quantityChangeCharge(
  s: BilledSubscription,
  tier: Tier,
  quantity: number,
  at: Date,
): { amount: number; currency: string } {
  const window = { from: at, to: new Date(at.getTime() + 1) };
  const sum = (history: BilledSubscription) =>
    tierCharges(history, '', window)
      .filter((c) => c.tier === tier)
      .reduce((total, c) => total + c.amount, 0);
  const changed = { ...s, quantities: [...s.quantities, { at, quantity }] };
  return { amount: sum(changed) - sum(s), currency: s.terms.length > 0 ? termAt(s.terms, at).currency : '' };
}

/** The month `YYYY-MM` (UTC) that `at` is in, and its bounds. */
export function monthOf(at: Date): { period: string; start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { period: start.toISOString().slice(0, 7), start, end };
}

/** The month before the one `at` is in: what the run on the 1st invoices. */
export function previousMonth(at: Date): { period: string; start: Date; end: Date } {
  return monthOf(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1)));
}

/** The month after the one `at` is in. */
export function nextMonth(at: Date): { period: string; start: Date; end: Date } {
  return monthOf(monthOf(at).end);
}

/**
 * The months a run on the 1st has to invoice when the last one completed was `lastDone` (none:
 * from the month of the first charge, `firstCharge`, none either: nothing to invoice), up to
 * the month before `now`'s, oldest first: more than one when the runs of a month boundary or
 * more were missed.
 */
export function monthsToInvoice(lastDone: string | undefined, firstCharge: Date | undefined, now: Date): string[] {
  const last = previousMonth(now);
  const done = lastDone ? parsePeriod(lastDone) : undefined;
  let month = done ? nextMonth(done.start) : firstCharge ? monthOf(firstCharge) : undefined;
  const out: string[] = [];
  for (; month && month.start <= last.start; month = nextMonth(month.start)) out.push(month.period);
  return out;
}

/** The bounds of `YYYY-MM`, or undefined for text that is not a month. */
export function parsePeriod(period: string): { period: string; start: Date; end: Date } | undefined {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) return undefined;
  return monthOf(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** Sums of charges by seller, buyer and currency: what each invoice of a window adds up to. */
export function invoiceKey(c: Pick<TierCharge, 'sellerId' | 'buyerId' | 'currency'>): string {
  return `${c.sellerId}|${c.buyerId}|${c.currency}`;
}
