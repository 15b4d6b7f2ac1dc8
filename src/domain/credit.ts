/**
 * Credit a provider extends to a reseller: a limit on the reseller's open balance (invoiced and
 * not paid, plus orders not yet invoiced) and what happens to an order that would pass it,
 * held for the provider's approval or refused (the provider's setting). Pure.
 */

export type OverLimit = 'hold' | 'refuse';

export interface CreditTerms {
  /** Minor units of the provider's currency; null for no limit. */
  limit: number | null;
  overLimit: OverLimit;
  /** Days from an invoice to its due date (net 30 ...). */
  paymentTermDays: number;
}

export type CreditDecision = { outcome: 'accept' } | { outcome: 'hold' | 'refuse'; balanceAfter: number; limit: number };

/** What becomes of an order of `amount` when the reseller's open balance is `balance`. A refund (negative) always passes. */
export function creditDecision(terms: CreditTerms, balance: number, amount: number): CreditDecision {
  if (terms.limit === null || amount <= 0) return { outcome: 'accept' };
  const balanceAfter = balance + amount;
  if (balanceAfter <= terms.limit) return { outcome: 'accept' };
  return { outcome: terms.overLimit, balanceAfter, limit: terms.limit };
}

/** When an invoice issued at `issuedAt` is due. */
export function dueDate(issuedAt: Date, terms: Pick<CreditTerms, 'paymentTermDays'>): Date {
  return new Date(issuedAt.getTime() + terms.paymentTermDays * 86_400_000);
}
