import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chargesBetween, withRenewalsUntil, type SubscriptionHistory } from './charges.ts';
import { prorate } from './subscriptions.ts';

const at = (iso: string) => new Date(iso);
const sum = (charges: { amount: number }[]) => charges.reduce((s, c) => s + c.amount, 0);
const year = { from: at('2026-01-01T00:00:00Z'), to: at('2030-01-01T00:00:00Z') };

function subscription(overrides: Partial<SubscriptionHistory> = {}): SubscriptionHistory {
  return {
    id: 'sub-1',
    term: 'P1Y',
    cycle: 'annual',
    terms: [{ start: at('2026-03-01T00:00:00Z'), unitPrice: 43_200 }],
    quantities: [{ at: at('2026-03-01T00:00:00Z'), quantity: 10 }],
    ...overrides,
  };
}

describe('what a subscription is charged', () => {
  it('annual billing charges the whole term at purchase; monthly billing charges each month at its start', () => {
    const annual = chargesBetween(subscription(), year.from, year.to);
    assert.deepEqual(
      annual.map((c) => [c.kind, c.at.toISOString(), c.quantity, c.amount]),
      [['purchase', '2026-03-01T00:00:00.000Z', 10, 432_000]],
    );
    const monthly = chargesBetween(
      subscription({ cycle: 'monthly', terms: [{ start: at('2026-03-01T00:00:00Z'), unitPrice: 3_600 }] }),
      year.from,
      year.to,
    );
    assert.equal(monthly.length, 12);
    assert.deepEqual(
      monthly.slice(0, 2).map((c) => [c.kind, c.at.toISOString(), c.amount]),
      [
        ['purchase', '2026-03-01T00:00:00.000Z', 36_000],
        ['period', '2026-04-01T00:00:00.000Z', 36_000],
      ],
    );
    assert.equal(sum(monthly), 12 * 36_000);
  });

  it('an increase inside a period is charged for the part of the period left', () => {
    const history = subscription({
      term: 'P1M',
      cycle: 'monthly',
      terms: [{ start: at('2026-03-01T00:00:00Z'), unitPrice: 3_100 }],
      quantities: [
        { at: at('2026-03-01T00:00:00Z'), quantity: 5 },
        { at: at('2026-03-16T00:00:00Z'), quantity: 10 },
      ],
    });
    const [purchase, increase] = chargesBetween(history, year.from, year.to);
    assert.equal(purchase!.amount, 15_500);
    // 16 of March's 31 days are left: 5 x 31.00 x 16/31.
    assert.deepEqual([increase!.kind, increase!.quantity, increase!.amount], ['increase', 5, 8_000]);
  });

  it('a decrease and a cancellation inside the window refund the rest of the period, and nothing is charged after', () => {
    const history = subscription({
      cycle: 'monthly',
      terms: [{ start: at('2026-03-01T00:00:00Z'), unitPrice: 3_100 }],
      quantities: [
        { at: at('2026-03-01T00:00:00Z'), quantity: 10 },
        { at: at('2026-03-04T00:00:00Z'), quantity: 6 },
      ],
      cancelledAt: at('2026-03-06T00:00:00Z'),
    });
    const charges = chargesBetween(history, year.from, year.to);
    assert.deepEqual(
      charges.map((c) => [c.kind, c.quantity, c.amount]),
      [
        ['purchase', 10, 31_000],
        ['decrease', -4, -(4 * 3_100 * 28) / 31],
        ['cancellation', -6, -(6 * 3_100 * 26) / 31],
      ].map(([k, q, a]) => [k, q, Math.round(a as number)]),
    );
    // What stays charged: 10 units for 3 days and 6 units for 2.
    assert.equal(sum(charges), Math.round((10 * 3_100 * 3) / 31) + Math.round((6 * 3_100 * 2) / 31));
  });

  it('a renewal starts a new term at its own price', () => {
    const history = subscription({
      terms: [
        { start: at('2026-03-01T00:00:00Z'), unitPrice: 43_200 },
        { start: at('2027-03-01T00:00:00Z'), unitPrice: 45_000 },
      ],
    });
    assert.deepEqual(
      chargesBetween(history, year.from, year.to).map((c) => [c.kind, c.amount]),
      [
        ['purchase', 432_000],
        ['renewal', 450_000],
      ],
    );
  });

  it("the running month's preview includes the renewal an auto-renewing subscription will make", () => {
    const preview = withRenewalsUntil(subscription(), at('2027-04-01T00:00:00Z'), 44_000);
    assert.deepEqual(
      chargesBetween(preview, at('2027-03-01T00:00:00Z'), at('2027-04-01T00:00:00Z')).map((c) => [c.kind, c.amount]),
      [['renewal', 440_000]],
    );
    assert.equal(withRenewalsUntil(subscription({ cancelledAt: at('2026-03-02T00:00:00Z') }), year.to, 1).terms.length, 1);
  });

  it('charges cut at any date add up to the whole: months, previews and files are the same charges', () => {
    const instant = fc
      .integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2027-02-28T00:00:00Z') })
      .map((t) => new Date(t));
    fc.assert(
      fc.property(
        fc.constantFrom('monthly' as const, 'annual' as const),
        fc.array(fc.record({ at: instant, quantity: fc.integer({ min: 1, max: 500 }) }), { maxLength: 6 }),
        fc.option(instant, { nil: undefined }),
        instant,
        (cycle, changes, cancelledAt, cut) => {
          const history = subscription({
            cycle,
            terms: [{ start: at('2026-03-01T00:00:00Z'), unitPrice: cycle === 'monthly' ? 3_599 : 43_199 }],
            quantities: [
              { at: at('2026-03-01T00:00:00Z'), quantity: 7 },
              ...changes.sort((a, b) => a.at.getTime() - b.at.getTime()),
            ],
            cancelledAt,
          });
          const whole = chargesBetween(history, year.from, year.to);
          const parts = [...chargesBetween(history, year.from, cut), ...chargesBetween(history, cut, year.to)];
          assert.equal(sum(parts), sum(whole));
          assert.equal(parts.length, whole.length);
          // Every charge is its units at the period's price, prorated from its instant.
          for (const c of whole) {
            if (c.kind === 'increase' || c.kind === 'decrease')
              assert.equal(c.amount, prorate(c.quantity * c.unitPrice, c.periodStart, c.periodEnd, c.at));
          }
        },
      ),
    );
  });
});
