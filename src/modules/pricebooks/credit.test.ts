import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import {
  commerceWorld,
  makeOffer,
  order,
  orderingCustomer,
  type CommerceWorld,
  type Offer,
} from '../../../test/support/commerce.ts';
import { onPostgres, TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { clock } from '../../platform/clock.ts';

/** Credit a provider extends to its resellers (issue 11, part 6): R-CRD-1 on both databases. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let w: CommerceWorld;
let offer: Offer;
before(async () => {
  // Sessions outlive the months some tests move the clock by.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 800 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  w = await commerceWorld(flow, operator);
  offer = await makeOffer(operator); // 12.00 USD
});
after(async () => {
  clock.reset();
  await t.close();
});

/** A new reseller of the world's provider, with a customer of theirs ready to be ordered for. */
async function resellerWithCustomer(): Promise<{ reseller: ProgramPartner; customerId: string; partnershipId: string }> {
  const reseller = await flow.partnerIn('indirect_reseller');
  const partnershipId = await flow.partnerUp(w.provider, reseller);
  const customer = await orderingCustomer(w.provider.api, { resellerId: reseller.tenant.id });
  return { reseller, customerId: customer.id, partnershipId };
}

function setCredit(resellerId: string, body: Record<string, unknown>) {
  return w.provider.api.put(`/v1/indirect-resellers/${resellerId}/credit`, {
    currency: 'USD',
    overLimit: 'hold',
    paymentTermDays: 30,
    ...body,
  });
}

describe('credit', () => {
  it('R-CRD-1: an order that would take the reseller past its limit is held; the provider approves it (its subscriptions start then) or rejects it; the reseller sees its balance, limit and terms', async () => {
    const { reseller, customerId } = await resellerWithCustomer();
    // The provider sells to this reseller at +10%: 13.20 a unit, the amount its balance counts.
    const book = await w.provider.api.post('/v1/partner/price-books', { audience: 'resellers', name: 'Credit' });
    const rule = await w.provider.api.post(`/v1/partner/price-books/${book.body.id}/entries`, {
      buyerId: reseller.tenant.id,
      rule: { kind: 'markup', basisPoints: 1000 },
    });
    assert.equal(rule.status, 201, rule.raw);
    const set = await setCredit(reseller.tenant.id, { limitMinor: 5000, paymentTermDays: 45 });
    assert.equal(set.status, 200, set.raw);
    assert.deepEqual(
      [set.body.limitMinor, set.body.overLimit, set.body.paymentTermDays, set.body.openBalanceMinor, set.body.availableMinor],
      [5000, 'hold', 45, 0, 5000],
    );
    const through = { resellerId: reseller.tenant.id };

    const placed = await order(w.provider.api, customerId, offer.id, 3, through);
    assert.equal(placed.status, 201, placed.raw);
    assert.equal(placed.body.status, 'placed');
    const held = await order(w.provider.api, customerId, offer.id, 1, through);
    assert.equal(held.status, 201, held.raw);
    assert.equal(held.body.status, 'held', '3960 + 1320 is past 5000');
    assert.equal(held.body.lines[0].subscriptionId, null);
    const subscriptions = async () =>
      ((await w.provider.api.get(`/v1/customers/${customerId}/subscriptions`)).body.items as unknown[]).length;
    assert.equal(await subscriptions(), 1, 'a held order makes no subscription');
    // The provider's admins are mailed: who, for whom, how much, against which limit.
    const mailed = (await t.mailTo(w.provider.admin.email)).filter((m) => m.template === 'orderHeld');
    assert.equal(mailed.length, 1);
    assert.match(mailed[0]!.textBody, /13\.20 USD/);
    assert.match(mailed[0]!.textBody, /52\.80 USD/);
    assert.match(mailed[0]!.textBody, /50\.00 USD/);
    // Its link opens the console's held orders, this one first.
    assert.ok(mailed[0]!.textBody.includes(`/held-orders?order=${held.body.id}`), mailed[0]!.textBody);

    // The reseller sees its balance (held orders count), its limit and its terms.
    const mine = await reseller.api.get(`/v1/indirect-providers/${w.provider.tenant.id}/credit`);
    assert.equal(mine.status, 200, mine.raw);
    assert.deepEqual(
      [mine.body.openBalanceMinor, mine.body.limitMinor, mine.body.availableMinor, mine.body.paymentTermDays, mine.body.currency],
      [5280, 5000, -280, 45, 'USD'],
    );
    const waiting = await reseller.api.get('/v1/partner/held-orders');
    assert.deepEqual(
      (waiting.body.items as { id: string }[]).map((o) => o.id),
      [held.body.id],
    );
    // The provider's list names the reseller and the customer, and what the reseller would owe for it.
    const toDecide = await w.provider.api.get('/v1/partner/held-orders');
    assert.equal(toDecide.status, 200, toDecide.raw);
    const [first] = toDecide.body.items as {
      id: string;
      customer: { id: string; name: string };
      resellerOfRecord: { id: string; name: string };
      saleTotalMinor: number;
    }[];
    assert.equal(first!.id, held.body.id);
    const customerName = (await w.provider.api.get(`/v1/customers/${customerId}`)).body.name as string;
    assert.deepEqual(first!.customer, { id: customerId, name: customerName });
    assert.equal(first!.resellerOfRecord.id, reseller.tenant.id);
    assert.equal(first!.saleTotalMinor, 1320);
    // Only the provider that placed it decides.
    assertProblem(await reseller.api.post(`/v1/orders/${held.body.id}/approval`), 404, 'not_found');
    assertProblem(await w.direct.api.post(`/v1/orders/${held.body.id}/approval`), 404, 'not_found');

    const approved = await w.provider.api.post(`/v1/orders/${held.body.id}/approval`);
    assert.equal(approved.status, 200, approved.raw);
    assert.equal(approved.body.status, 'placed');
    assert.ok(approved.body.lines[0].subscriptionId);
    assert.ok(approved.body.decidedAt);
    assert.equal(await subscriptions(), 2);
    assertProblem(await w.provider.api.post(`/v1/orders/${held.body.id}/approval`), 409, 'order_not_held', 'R-CRD-1');
    assertProblem(await w.provider.api.post(`/v1/orders/${held.body.id}/rejection`), 409, 'order_not_held', 'R-CRD-1');

    // A rejected order makes nothing and leaves the balance.
    const another = await order(w.provider.api, customerId, offer.id, 2, through);
    assert.equal(another.body.status, 'held');
    const rejected = await w.provider.api.post(`/v1/orders/${another.body.id}/rejection`);
    assert.equal(rejected.status, 200, rejected.raw);
    assert.equal(rejected.body.status, 'rejected');
    assert.equal(await subscriptions(), 2);
    const after = await w.provider.api.get(`/v1/indirect-resellers/${reseller.tenant.id}/credit`);
    assert.equal(after.body.openBalanceMinor, 5280);
    assert.equal((await reseller.api.get('/v1/partner/held-orders')).body.items.length, 0);
    // The order history shows each order's state.
    const history = await w.provider.api.get(`/v1/customers/${customerId}/orders`);
    assert.deepEqual(
      (history.body.items as { status: string }[]).map((o) => o.status),
      ['rejected', 'placed', 'placed'],
    );
  });

  it('R-CRD-1: a provider that refuses orders past the limit gets a 422 naming the rule, the balance it would reach and the limit; nothing is made', async () => {
    const { reseller, customerId } = await resellerWithCustomer();
    assert.equal((await setCredit(reseller.tenant.id, { limitMinor: 2000, overLimit: 'refuse' })).status, 200);
    const through = { resellerId: reseller.tenant.id };
    assert.equal((await order(w.provider.api, customerId, offer.id, 1, through)).body.status, 'placed');
    const refused = await order(w.provider.api, customerId, offer.id, 1, through);
    assertProblem(refused, 422, 'credit_limit_exceeded', 'R-CRD-1');
    assert.deepEqual([refused.body.balanceAfter, refused.body.limit, refused.body.currency], [2400, 2000, 'USD']);
    const subs = await w.provider.api.get(`/v1/customers/${customerId}/subscriptions`);
    assert.equal(subs.body.items.length, 1);
    // Without a limit, orders go through.
    assert.equal((await setCredit(reseller.tenant.id, { limitMinor: null, overLimit: 'refuse' })).status, 200);
    assert.equal((await order(w.provider.api, customerId, offer.id, 50, through)).body.status, 'placed');
    // A direct order is no reseller's business: no credit applies.
    assert.equal((await order(w.direct.api, w.directCustomer.id, offer.id, 50)).body.status, 'placed');
  });

  it("R-CRD-1: a provider sets and reads the credit of its own resellers only; a reseller reads its own providers' only", async () => {
    const stranger = await flow.partnerIn('indirect_reseller');
    assertProblem(await setCredit(stranger.tenant.id, { limitMinor: 1 }), 404, 'not_found');
    assertProblem(await w.provider.api.get(`/v1/indirect-resellers/${stranger.tenant.id}/credit`), 404, 'not_found');
    assertProblem(await w.direct.api.get(`/v1/indirect-resellers/${w.reseller.tenant.id}/credit`), 404, 'not_found');
    const otherProvider = await flow.partnerIn('indirect_provider');
    assertProblem(await w.reseller.api.get(`/v1/indirect-providers/${otherProvider.tenant.id}/credit`), 404, 'not_found');
    // Before the provider sets any, the defaults: no limit, net 30, in the provider's currency.
    const defaults = await w.reseller.api.get(`/v1/indirect-providers/${w.provider.tenant.id}/credit`);
    assert.equal(defaults.status, 200, defaults.raw);
    assert.deepEqual(
      [defaults.body.limitMinor, defaults.body.paymentTermDays, defaults.body.currency, defaults.body.updatedAt],
      [null, 30, 'USD', null],
    );
    // A limit in a currency the provider's market does not sell in is refused.
    assertProblem(await setCredit(w.reseller.tenant.id, { limitMinor: 1, currency: 'EUR' }), 400, 'invalid_request');
  });

  it('R-CRD-1, R-PRT-6: a held order is approved only while what placing it checked still holds: after the partnership ended, it can only be rejected', async () => {
    const { reseller, customerId, partnershipId } = await resellerWithCustomer();
    assert.equal((await setCredit(reseller.tenant.id, { limitMinor: 0 })).status, 200);
    const held = await order(w.provider.api, customerId, offer.id, 1, { resellerId: reseller.tenant.id });
    assert.equal(held.body.status, 'held');
    const ended = await operator.post(`/v1/operator/partnerships/${partnershipId}/ending`, { supportRequest: 'SR-CRD-1' });
    assert.equal(ended.status, 200, ended.raw);
    assertProblem(await w.provider.api.post(`/v1/orders/${held.body.id}/approval`), 409, 'partnership_ended', 'R-PRT-6');
    const rejected = await w.provider.api.post(`/v1/orders/${held.body.id}/rejection`);
    assert.equal(rejected.status, 200, rejected.raw);
    assert.equal(rejected.body.status, 'rejected');
  });

  it('R-CRD-1: a larger quantity of an indirect subscription is weighed against the credit as an order is (its charge at the reseller price for the rest of the billing period) and refused past the limit, even when orders past it are held', async () => {
    const { reseller, customerId } = await resellerWithCustomer();
    assert.equal((await setCredit(reseller.tenant.id, { limitMinor: 5000, overLimit: 'hold' })).status, 200);
    const balance = async () =>
      (await w.provider.api.get(`/v1/indirect-resellers/${reseller.tenant.id}/credit`)).body.openBalanceMinor as number;
    try {
      // 2 units at 12.00 on 1 March 2027: billing period [1 Mar, 1 Apr), 31 days.
      clock.freeze(new Date('2027-03-01T00:00:00Z'));
      const placed = await order(w.provider.api, customerId, offer.id, 2, { resellerId: reseller.tenant.id });
      assert.equal(placed.body.status, 'placed', placed.raw);
      const id = placed.body.lines[0].subscriptionId as string;
      const patch = (body: Record<string, unknown>, api = w.provider.api) => api.patch(`/v1/subscriptions/${id}`, body);
      assert.equal(await balance(), 2400);
      // On 11 March, 21 of the 31 days are left: +1 unit is 1200 x 21/31 = 812.90, 813.
      clock.freeze(new Date('2027-03-11T00:00:00Z'));
      const one = await patch({ quantity: 3 });
      assert.equal(one.status, 200, one.raw);
      assert.equal(await balance(), 3213);
      // +3 units: 3600 x 21/31 = 2438.71, 2439; 3213 + 2439 = 5652, past 5000. Refused, not held.
      const refused = await patch({ quantity: 6 });
      assertProblem(refused, 422, 'credit_limit_exceeded', 'R-CRD-1');
      assert.deepEqual([refused.body.balanceAfter, refused.body.limit, refused.body.currency], [5652, 5000, 'USD']);
      assert.match(refused.body.detail, /not held for approval/);
      const listed = await w.provider.api.get(`/v1/customers/${customerId}/subscriptions`);
      assert.equal(listed.body.items[0].quantity, 3, 'nothing changed');
      assert.equal(await balance(), 3213);
      // The same with a provider that refuses orders past the limit.
      assert.equal((await setCredit(reseller.tenant.id, { limitMinor: 5000, overLimit: 'refuse' })).status, 200);
      assertProblem(await patch({ quantity: 6 }), 422, 'credit_limit_exceeded', 'R-CRD-1');
      // +2 units: 2400 x 21/31 = 1625.81, 1626; 3213 + 1626 = 4839, within the limit (a whole period's 2400 would not be).
      const two = await patch({ quantity: 5 });
      assert.equal(two.status, 200, two.raw);
      assert.equal(await balance(), 4839);
      // A quantity kept for the next term is not weighed when it is set (the renewal is not weighed either).
      const next = await patch({ nextTermQuantity: 50 }, reseller.api);
      assert.equal(next.status, 200, next.raw);
      assert.equal(next.body.nextTermQuantity, 50);
      assert.equal(await balance(), 4839);
    } finally {
      clock.reset();
    }
  });

  it(
    'R-CRD-1: concurrent orders through one reseller weigh its balance in turn: only those within the limit are placed (PostgreSQL)',
    { skip: !onPostgres && 'PGlite has one connection' },
    async () => {
      const { reseller, customerId } = await resellerWithCustomer();
      assert.equal((await setCredit(reseller.tenant.id, { limitMinor: 3600 })).status, 200);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => order(w.provider.api, customerId, offer.id, 1, { resellerId: reseller.tenant.id })),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 201, 201, 201, 201, 201]);
      const statuses = results.map((r) => r.body.status as string);
      assert.equal(statuses.filter((s) => s === 'placed').length, 3, statuses.join());
      assert.equal(statuses.filter((s) => s === 'held').length, 3);
    },
  );

  it(
    'R-CRD-1: concurrent quantity increases through one reseller weigh its balance in turn: only the one within the limit is made (PostgreSQL)',
    { skip: !onPostgres && 'PGlite has one connection' },
    async () => {
      const { reseller, customerId } = await resellerWithCustomer();
      const through = { resellerId: reseller.tenant.id };
      try {
        clock.freeze(new Date('2027-03-01T00:00:00Z'));
        const ids: string[] = [];
        for (let i = 0; i < 2; i++) {
          const placed = await order(w.provider.api, customerId, offer.id, 1, through);
          assert.equal(placed.body.status, 'placed', placed.raw);
          ids.push(placed.body.lines[0].subscriptionId as string);
        }
        // On 11 March +2 units is 2400 x 21/31 = 1626: 2400 + 1626 fits 4826, 2400 + 2 x 1626 does not.
        assert.equal((await setCredit(reseller.tenant.id, { limitMinor: 4826, overLimit: 'hold' })).status, 200);
        clock.freeze(new Date('2027-03-11T00:00:00Z'));
        const results = await Promise.all(ids.map((id) => w.provider.api.patch(`/v1/subscriptions/${id}`, { quantity: 3 })));
        assert.deepEqual(results.map((r) => r.status).sort(), [200, 422], results.map((r) => r.raw).join('\n'));
        const credit = await w.provider.api.get(`/v1/indirect-resellers/${reseller.tenant.id}/credit`);
        assert.equal(credit.body.openBalanceMinor, 4026);
      } finally {
        clock.reset();
      }
    },
  );
});
