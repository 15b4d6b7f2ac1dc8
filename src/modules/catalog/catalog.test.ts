import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { makeOffer } from '../../../test/support/commerce.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, unique, type Api, type ProgramPartner } from '../../../test/support/program.ts';

/** The operator's catalog by market (issue 11, part 1). */

let t: TestTrellis;
let operator: Api;
let partner: ProgramPartner;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  partner = await new ProgramFlow(t, operator).partnerIn('direct_bill');
});
after(() => t.close());

const offerBody = (extra: Record<string, unknown> = {}) => ({
  sku: `SKU-${unique()}`,
  name: 'Productivity suite',
  kind: 'license_subscription',
  term: 'P1Y',
  billingCycle: 'monthly',
  minQuantity: 1,
  maxQuantity: 100,
  ...extra,
});

describe('the catalog', () => {
  it('the operator adds an offer; a second with the same SKU is refused', async () => {
    const body = offerBody();
    const made = await operator.post('/v1/operator/offers', body);
    assert.equal(made.status, 201, made.raw);
    assert.equal(made.body.kind, 'license_subscription');
    assert.equal(made.body.retiredAt, null);
    assert.deepEqual(made.body.prices, []);
    assertProblem(await operator.post('/v1/operator/offers', body), 409, 'offer_exists');
  });

  it('an offer has minQuantity ≤ maxQuantity, and a one-month term is billed monthly', async () => {
    assertProblem(
      await operator.post('/v1/operator/offers', offerBody({ minQuantity: 5, maxQuantity: 2 })),
      400,
      'invalid_request',
    );
    assertProblem(
      await operator.post('/v1/operator/offers', offerBody({ term: 'P1M', billingCycle: 'annual' })),
      400,
      'invalid_request',
    );
    assertProblem(await operator.post('/v1/operator/offers', offerBody({ term: 'P2Y' })), 400, 'invalid_request');
  });

  it('prices are set per market and currency of reference/markets.csv, in integer minor units', async () => {
    const offer = await makeOffer(operator);
    const id = offer.id;
    const set = await operator.put(`/v1/operator/offers/${id}/prices`, {
      prices: [
        { market: 'United States', currency: 'USD', unitPriceMinor: 1250 },
        { market: 'Brazil', currency: 'BRL', unitPriceMinor: 6200 },
        { market: 'Brazil', currency: 'USD', unitPriceMinor: 1300 },
        { market: 'Korea', currency: 'KRW', unitPriceMinor: 16500 },
      ],
    });
    assert.equal(set.status, 200, set.raw);
    assert.equal(set.body.prices.length, 4);
    for (const bad of [
      [{ market: 'United States', currency: 'EUR', unitPriceMinor: 1 }],
      [{ market: 'Atlantis', currency: 'USD', unitPriceMinor: 1 }],
      [{ market: 'United States', currency: 'USD', unitPriceMinor: 12.5 }],
      [
        { market: 'United States', currency: 'USD', unitPriceMinor: 1 },
        { market: 'United States', currency: 'USD', unitPriceMinor: 2 },
      ],
    ]) {
      assertProblem(await operator.put(`/v1/operator/offers/${id}/prices`, { prices: bad }), 400, 'invalid_request');
    }
    assertProblem(
      await operator.put('/v1/operator/offers/00000000-0000-4000-8000-000000000000/prices', { prices: [] }),
      404,
      'not_found',
    );
    const listed = (await operator.get('/v1/operator/offers?limit=500')).body.items.find((o: { id: string }) => o.id === id);
    assert.equal(listed.prices.length, 4);
  });

  it('R-CAT-1: a country sees the offers priced in its market, in its currencies', async () => {
    const offer = await makeOffer(operator, {
      prices: [
        { market: 'United States', currency: 'USD', unitPriceMinor: 1200 },
        { market: 'Brazil', currency: 'BRL', unitPriceMinor: 6000 },
        { market: 'Brazil', currency: 'USD', unitPriceMinor: 1300 },
      ],
    });
    const find = async (country: string) =>
      (await partner.api.get(`/v1/offers?country=${country}&limit=500`)).body.items.filter(
        (o: { id: string }) => o.id === offer.id,
      );
    const us = await find('US');
    assert.deepEqual(
      us.map((o: { currency: string; unitPriceMinor: number; market: string }) => [o.market, o.currency, o.unitPriceMinor]),
      [['United States', 'USD', 1200]],
    );
    assert.deepEqual(
      (await find('BR')).map((o: { currency: string }) => o.currency),
      ['BRL', 'USD'],
    );
    assert.deepEqual(await find('FR'), []);
    assertProblem(await partner.api.get('/v1/offers?country=ZZ'), 400, 'invalid_request');
  });

  it('R-CAT-1: a retired offer is no longer listed; retiring twice changes nothing', async () => {
    const offer = await makeOffer(operator);
    const retired = await operator.post(`/v1/operator/offers/${offer.id}/retirement`);
    assert.equal(retired.status, 200, retired.raw);
    assert.ok(retired.body.retiredAt);
    const again = await operator.post(`/v1/operator/offers/${offer.id}/retirement`);
    assert.equal(again.body.retiredAt, retired.body.retiredAt);
    const items = (await partner.api.get('/v1/offers?country=US&limit=500')).body.items;
    assert.ok(!items.some((o: { id: string }) => o.id === offer.id));
  });

  it('the list pages with a cursor', async () => {
    await makeOffer(operator);
    await makeOffer(operator);
    const first = await partner.api.get('/v1/offers?country=US&limit=1');
    assert.equal(first.body.items.length, 1);
    assert.ok(first.body.nextCursor);
    const second = await partner.api.get(`/v1/offers?country=US&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assert.equal(second.body.items.length, 1);
    assert.notEqual(second.body.items[0].id, first.body.items[0].id);
  });
});
