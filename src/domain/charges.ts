/**
 * What a subscription is charged, and when: billed in advance, each billing period at its
 * start for the quantity held then; a quantity change inside a period for the part of the
 * period left (a decrease as a refund); a cancellation refunds the rest of its period and ends
 * the charges. Every charge has one instant, so the charges of [a, b) and of [b, c) are those
 * of [a, c): a month's invoice, the running month's preview and a reconciliation file are the
 * same charges cut at different dates. One tier's prices at a time (the operator's to a
 * provider, a provider's to a reseller, a reseller's to its customer): the quantities and
 * dates are the same at every tier. Pure: the history and the window are arguments.
 */
import { billingPeriods, prorate, termEnd, type Term } from './subscriptions.ts';

export interface SubscriptionHistory {
  id: string;
  term: Term;
  cycle: 'monthly' | 'annual';
  /** The terms served, oldest first: the first is the purchase, each later one a renewal starting where the last ended. */
  terms: readonly { start: Date; unitPrice: number }[];
  /** The quantity bought, then each change, in time order. */
  quantities: readonly { at: Date; quantity: number }[];
  /** A cancellation (inside the change window): the rest of its period is refunded and nothing is charged after. */
  cancelledAt?: Date | null | undefined;
}

export type ChargeKind = 'purchase' | 'renewal' | 'period' | 'increase' | 'decrease' | 'cancellation';

export interface Charge {
  subscriptionId: string;
  kind: ChargeKind;
  at: Date;
  /** The billing period the charge is for: [periodStart, periodEnd). */
  periodStart: Date;
  periodEnd: Date;
  /** Units charged: negative for a refund. */
  quantity: number;
  /** Minor units per unit and billing period, at this tier. */
  unitPrice: number;
  /** Minor units: quantity x unit price, prorated to the part of the period it covers. */
  amount: number;
}

function quantityAt(history: SubscriptionHistory, at: Date): number {
  let quantity = 0;
  for (const q of history.quantities) {
    if (q.at > at) break;
    quantity = q.quantity;
  }
  return quantity;
}

/** The charges of `history` whose instant is in [from, to), in time order. */
export function chargesBetween(history: SubscriptionHistory, from: Date, to: Date): Charge[] {
  const charges: Charge[] = [];
  const ends = history.cancelledAt ?? null;
  const first = history.terms[0]?.start;
  for (const term of history.terms) {
    for (const period of billingPeriods(term.start, history.term, history.cycle)) {
      if (ends && period.start >= ends) break;
      const charge = (kind: ChargeKind, at: Date, quantity: number, amount: number) => {
        if (at >= from && at < to && quantity !== 0)
          charges.push({
            subscriptionId: history.id,
            kind,
            at,
            periodStart: period.start,
            periodEnd: period.end,
            quantity,
            unitPrice: term.unitPrice,
            amount,
          });
      };
      const held = quantityAt(history, period.start);
      const kind =
        period.start.getTime() === first?.getTime()
          ? 'purchase'
          : period.start.getTime() === term.start.getTime()
            ? 'renewal'
            : 'period';
      charge(kind, period.start, held, held * term.unitPrice);
      let previous = held;
      for (const change of history.quantities) {
        if (change.at <= period.start || change.at >= period.end || (ends && change.at >= ends)) continue;
        const delta = change.quantity - previous;
        previous = change.quantity;
        charge(
          delta > 0 ? 'increase' : 'decrease',
          change.at,
          delta,
          prorate(delta * term.unitPrice, period.start, period.end, change.at),
        );
      }
      if (ends && ends > period.start && ends < period.end) {
        charge('cancellation', ends, -previous, -prorate(previous * term.unitPrice, period.start, period.end, ends));
      }
    }
  }
  return charges.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The history with the renewals an auto-renewing subscription will make before `until`, at
 * `unitPrice` (today's price): what a preview of the running month shows ahead of the renewal job.
 */
export function withRenewalsUntil(history: SubscriptionHistory, until: Date, unitPrice: number): SubscriptionHistory {
  if (history.cancelledAt || history.terms.length === 0) return history;
  const terms = [...history.terms];
  for (let end = termEnd(terms.at(-1)!.start, history.term); end < until; end = termEnd(end, history.term)) {
    terms.push({ start: end, unitPrice });
  }
  return { ...history, terms };
}
