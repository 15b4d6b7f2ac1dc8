/**
 * What Trellis sells (issue 11): offers of three kinds, their terms and billing cycles, and
 * what a line of an order amounts to (money itself is ./money.ts: integer minor units).
 */
import { terms, type Term } from './subscriptions.ts';

export { terms, type Term };

export const offerKinds = ['license_subscription', 'perpetual_software', 'reservation'] as const;
export type OfferKind = (typeof offerKinds)[number];

export const billingCycles = ['monthly', 'annual'] as const;
export type BillingCycle = (typeof billingCycles)[number];

/** R-CUS-5, R-CUS-7: what only a direct-bill partner sells, to its direct customers. */
export function directBillOnly(kind: OfferKind): boolean {
  return kind !== 'license_subscription';
}

/** A price times a quantity, exactly: both are integers, and a total must stay a safe integer. */
export function lineAmount(unitPriceMinor: number, quantity: number): number {
  const total = unitPriceMinor * quantity;
  if (!Number.isSafeInteger(total)) throw new RangeError('amount out of range');
  return total;
}

/** An offer's quantity bounds (inclusive). */
export function quantityAllowed(offer: { minQuantity: number; maxQuantity: number }, quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= offer.minQuantity && quantity <= offer.maxQuantity;
}
