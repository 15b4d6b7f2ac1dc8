import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  monthOf,
  monthsToInvoice,
  nextMonth,
  parsePeriod,
  previousMonth,
  quantityChangeCharge,
  tierCharges,
  type BilledSubscription,
} from './invoicing.ts';

const d = (iso: string) => new Date(iso);
const OPERATOR = 'operator';
const january = { from: d('2027-01-01T00:00:00Z'), to: d('2027-02-01T00:00:00Z') };

/** Bought 5 January 2027, P1Y billed monthly: periods [5 Jan, 5 Feb), [5 Feb, 5 Mar), ... (31 days the first). */
function sub(over: Partial<BilledSubscription> = {}): BilledSubscription {
  return {
    id: 's1',
    customerId: 'customer',
    partnerId: 'provider',
    resellerId: 'reseller',
    term: 'P1Y',
    cycle: 'monthly',
    terms: [{ start: d('2027-01-05T00:00:00Z'), currency: 'USD', partner: 1000, reseller: 1100, customer: 1200 }],
    quantities: [{ at: d('2027-01-05T00:00:00Z'), quantity: 10 }],
    cancelledAt: null,
    ...over,
  };
}

const sums = (charges: ReturnType<typeof tierCharges>) => {
  const by: Record<string, number> = {};
  for (const c of charges) by[`${c.sellerId}>${c.buyerId}`] = (by[`${c.sellerId}>${c.buyerId}`] ?? 0) + c.amount;
  return by;
};

describe('invoicing: charges at every tier', () => {
  it('bills an indirect subscription at three tiers, each at its own price, prorating an increase and a decrease', () => {
    const charges = tierCharges(
      sub({
        quantities: [
          { at: d('2027-01-05T00:00:00Z'), quantity: 10 },
          { at: d('2027-01-08T00:00:00Z'), quantity: 13 }, // +3 for 28 of 31 days
          { at: d('2027-01-10T00:00:00Z'), quantity: 11 }, // -2 for 26 of 31 days
        ],
      }),
      OPERATOR,
      january,
    );
    // operator: 10 x 1000 = 10000; 3 x 1000 x 28/31 = 2709.68 -> 2710; -2 x 1000 x 26/31 = -1677.42 -> -1677
    // provider: 11000; 3 x 1100 x 28/31 = 2980.65 -> 2981; -2 x 1100 x 26/31 = -1845.16 -> -1845
    // customer: 12000; 3600 x 28/31 = 3251.61 -> 3252; -2400 x 26/31 = -2012.90 -> -2013
    assert.deepEqual(sums(charges), {
      'operator>provider': 10000 + 2710 - 1677,
      'provider>reseller': 11000 + 2981 - 1845,
      'reseller>customer': 12000 + 3252 - 2013,
    });
    assert.deepEqual(
      charges.filter((c) => c.tier === 'partner').map((c) => [c.kind, c.quantity, c.unitPrice, c.amount]),
      [
        ['purchase', 10, 1200, 12000],
        ['increase', 3, 1200, 3252],
        ['decrease', -2, 1200, -2013],
      ],
    );
  });

  it('a direct subscription has two tiers: the operator to the partner, the partner to its customer', () => {
    const charges = tierCharges(
      sub({ partnerId: 'direct', resellerId: null, terms: [{ ...sub().terms[0]!, reseller: null }] }),
      OPERATOR,
      january,
    );
    assert.deepEqual(sums(charges), { 'operator>direct': 10000, 'direct>customer': 12000 });
  });

  it('a cancellation refunds the rest of its period and charges nothing after', () => {
    const s = sub({ quantities: [{ at: d('2027-01-05T00:00:00Z'), quantity: 4 }], cancelledAt: d('2027-01-11T00:00:00Z') });
    // 25 of 31 days refunded: 4 x 1200 x 25/31 = 3870.97 -> 3871
    assert.deepEqual(sums(tierCharges(s, OPERATOR, january)), {
      'operator>provider': 4000 - 3226,
      'provider>reseller': 4400 - 3548,
      'reseller>customer': 4800 - 3871,
    });
    assert.deepEqual(tierCharges(s, OPERATOR, { from: d('2027-02-01T00:00:00Z'), to: d('2027-03-01T00:00:00Z') }), []);
  });

  it('rounds per currency: KRW has no minor digits, so a prorated refund is whole won; USD rounds to the cent', () => {
    const cancelled = { quantities: [{ at: d('2027-01-05T00:00:00Z'), quantity: 1 }], cancelledAt: d('2027-01-11T00:00:00Z') };
    // 13 000 won x 25/31 = 10 483.87 won -> 10 484 won; 13.00 USD x 25/31 = 10.4838 USD -> 10.48 (1048 cents).
    const krw = tierCharges(
      sub({
        ...cancelled,
        terms: [{ start: d('2027-01-05T00:00:00Z'), currency: 'KRW', partner: 13000, reseller: 13000, customer: 13000 }],
      }),
      OPERATOR,
      january,
    ).find((c) => c.tier === 'partner' && c.kind === 'cancellation')!;
    const usd = tierCharges(
      sub({
        ...cancelled,
        terms: [{ start: d('2027-01-05T00:00:00Z'), currency: 'USD', partner: 1300, reseller: 1300, customer: 1300 }],
      }),
      OPERATOR,
      january,
    ).find((c) => c.tier === 'partner' && c.kind === 'cancellation')!;
    assert.deepEqual([krw.currency, krw.amount], ['KRW', -10484]);
    assert.deepEqual([usd.currency, usd.amount], ['USD', -1048]);
  });

  it('a preview counts the renewals an auto-renewing subscription will make before the month ends, at its last prices', () => {
    const monthly = sub({
      term: 'P1M',
      terms: [{ ...sub().terms[0]!, start: d('2026-12-20T00:00:00Z') }],
      quantities: [{ at: d('2026-12-20T00:00:00Z'), quantity: 10 }],
    });
    assert.deepEqual(tierCharges(monthly, OPERATOR, january), []);
    const preview = tierCharges(monthly, OPERATOR, { ...january, renewsUntil: january.to });
    assert.deepEqual(
      preview.filter((c) => c.tier === 'operator').map((c) => [c.kind, c.at.toISOString(), c.amount]),
      [['renewal', '2027-01-20T00:00:00.000Z', 10000]],
    );
  });

  it('months are UTC calendar months', () => {
    assert.deepEqual(monthOf(d('2027-03-31T23:59:59Z')).period, '2027-03');
    assert.deepEqual(previousMonth(d('2027-01-01T00:00:30Z')).period, '2026-12');
    assert.equal(parsePeriod('2027-02')?.end.toISOString(), '2027-03-01T00:00:00.000Z');
    assert.equal(parsePeriod('2027-13'), undefined);
    assert.equal(nextMonth(d('2026-12-31T23:59:59Z')).period, '2027-01');
  });

  it('the run on the 1st invoices every month since the last completed run, oldest first; before any, since the first charge', () => {
    const now = d('2027-04-01T00:00:30Z');
    assert.deepEqual(monthsToInvoice('2027-03', undefined, now), []);
    assert.deepEqual(monthsToInvoice('2027-02', undefined, now), ['2027-03']);
    assert.deepEqual(monthsToInvoice('2026-12', undefined, now), ['2027-01', '2027-02', '2027-03']);
    assert.deepEqual(monthsToInvoice(undefined, d('2027-02-05T00:00:00Z'), now), ['2027-02', '2027-03']);
    assert.deepEqual(monthsToInvoice(undefined, d('2027-04-01T00:00:00Z'), now), [], 'nothing charged before this month');
    assert.deepEqual(monthsToInvoice(undefined, undefined, now), [], 'nothing charged at all');
  });

  it("R-CRD-1: a quantity change's charge at one tier is what the invoice bills for it: the rest of the billing period", () => {
    // 10 units at the reseller's 11.00; on 15 January, 21 of the period's 31 days are left.
    const at = d('2027-01-15T00:00:00Z');
    // +3: 3300 x 21/31 = 2235.48.
    assert.deepEqual(quantityChangeCharge(sub(), 'provider', 13, at), { amount: 2235, currency: 'USD' });
    // -2: 2200 x 21/31 = 1490.32 refunded.
    assert.deepEqual(quantityChangeCharge(sub(), 'provider', 8, at), { amount: -1490, currency: 'USD' });
    // At a period's start, the period's charge for the larger quantity: +3 x 11.00.
    assert.deepEqual(quantityChangeCharge(sub(), 'provider', 13, d('2027-02-05T00:00:00Z')), { amount: 3300, currency: 'USD' });
  });
});
