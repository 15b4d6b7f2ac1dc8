import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { creditDecision, dueDate } from './credit.ts';
import { entryProblem, priceFor, type PriceBookEntry } from './pricebooks.ts';

const markup = (basisPoints: number) => ({ kind: 'markup' as const, basisPoints });
const fixed = (amount: number) => ({ kind: 'fixed' as const, amount });
const entry = (e: Partial<PriceBookEntry> & Pick<PriceBookEntry, 'rule'>): PriceBookEntry => ({
  offerId: null,
  buyerId: null,
  groupId: null,
  ...e,
});

describe('price books', () => {
  const book = [
    entry({ rule: markup(1000) }),
    entry({ groupId: 'gold', rule: markup(500) }),
    entry({ buyerId: 'r-1', rule: markup(200) }),
    entry({ offerId: 'e3', rule: markup(1500) }),
    entry({ offerId: 'e3', groupId: 'gold', rule: fixed(3_500) }),
    entry({ offerId: 'e3', buyerId: 'r-2', rule: fixed(3_300) }),
  ];

  it('the most specific rule wins: offer and buyer, offer and group, offer, buyer, group, the whole book', () => {
    assert.deepEqual(priceFor(book, 'e3', 'r-2', ['gold'], 3_000), { amount: 3_300, source: 'offer_buyer' });
    assert.deepEqual(priceFor(book, 'e3', 'r-3', ['gold'], 3_000), { amount: 3_500, source: 'offer_group' });
    assert.deepEqual(priceFor(book, 'e3', 'r-3', [], 3_000), { amount: 3_450, source: 'offer' });
    assert.deepEqual(priceFor(book, 'e5', 'r-1', ['gold'], 3_000), { amount: 3_060, source: 'buyer' });
    assert.deepEqual(priceFor(book, 'e5', 'r-3', ['gold'], 3_000), { amount: 3_150, source: 'group' });
    assert.deepEqual(priceFor(book, 'e5', 'r-3', [], 3_000), { amount: 3_300, source: 'book' });
    assert.deepEqual(priceFor([], 'e5', 'r-3', [], 3_000), { amount: 3_000, source: 'none' });
  });

  it('a buyer in two groups with rules at the same level gets the lower price', () => {
    const two = [entry({ groupId: 'a', rule: markup(900) }), entry({ groupId: 'b', rule: markup(300) })];
    assert.deepEqual(priceFor(two, 'e3', 'r-1', ['a', 'b'], 10_000), { amount: 10_300, source: 'group' });
  });

  it('rules that cannot be kept say why', () => {
    assert.match(entryProblem(entry({ rule: fixed(100) }))!, /names its offer/);
    assert.match(entryProblem(entry({ offerId: 'e3', rule: fixed(-1) }))!, /non-negative/);
    assert.match(entryProblem(entry({ rule: markup(-10_000) }))!, /100% discount/);
    assert.match(entryProblem(entry({ buyerId: 'r', groupId: 'g', rule: markup(1) }))!, /not both/);
    assert.equal(entryProblem(entry({ offerId: 'e3', buyerId: 'r', rule: fixed(0) })), undefined);
  });
});

describe("a reseller's credit", () => {
  const terms = { limit: 100_000, overLimit: 'hold' as const, paymentTermDays: 30 };

  it('an order within the limit passes; one past it is held or refused as the provider chose; refunds always pass', () => {
    assert.deepEqual(creditDecision(terms, 60_000, 40_000), { outcome: 'accept' });
    assert.deepEqual(creditDecision(terms, 60_000, 40_001), { outcome: 'hold', balanceAfter: 100_001, limit: 100_000 });
    assert.deepEqual(creditDecision({ ...terms, overLimit: 'refuse' }, 60_000, 50_000), {
      outcome: 'refuse',
      balanceAfter: 110_000,
      limit: 100_000,
    });
    assert.deepEqual(creditDecision(terms, 150_000, -5_000), { outcome: 'accept' });
    assert.deepEqual(creditDecision({ ...terms, limit: null }, 10 ** 12, 10 ** 9), { outcome: 'accept' });
  });

  it('an invoice is due its payment term after it is issued', () => {
    assert.equal(dueDate(new Date('2026-11-30T00:00:00Z'), terms).toISOString(), '2026-12-30T00:00:00.000Z');
  });
});
