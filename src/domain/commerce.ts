/**
 * What Trellis sells (issue 11): offers of three kinds, their terms and billing cycles, and
 * money as an integer count of a currency's minor units, never floating point.
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

/** An amount in minor units (cents, won) of a currency (ISO 4217). */
export interface Money {
  amountMinor: number;
  currency: string;
}

/** Currencies without minor units among the markets' currencies; every other has two (ISO 4217). */
const zeroDecimal = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'PYG', 'UGX', 'XAF', 'XOF', 'RWF', 'KMF', 'GNF', 'DJF']);

/** How many decimals a currency's minor unit has. */
export function minorDigits(currency: string): number {
  return zeroDecimal.has(currency) ? 0 : 2;
}

/** A price times a quantity, exactly: both are integers, and a total must stay a safe integer. */
export function lineAmount(unitPriceMinor: number, quantity: number): number {
  const total = unitPriceMinor * quantity;
  if (!Number.isSafeInteger(total)) throw new RangeError('amount out of range');
  return total;
}

/** "12.34 USD", "1200 KRW": for people, never for arithmetic. */
export function formatMoney(m: Money): string {
  const digits = minorDigits(m.currency);
  const sign = m.amountMinor < 0 ? '-' : '';
  const abs = Math.abs(m.amountMinor);
  if (digits === 0) return `${sign}${abs} ${m.currency}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')} ${m.currency}`;
}

/** An offer's quantity bounds (inclusive). */
export function quantityAllowed(offer: { minQuantity: number; maxQuantity: number }, quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= offer.minQuantity && quantity <= offer.maxQuantity;
}
