import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { attest, commerceWorld, makeOffer, order, orderingCustomer, type CommerceWorld } from '../../../test/support/commerce.ts';
import { onPostgres, TestTrellis } from '../../../test/support/harness.ts';
import { mailedToken, newCustomer, ProgramFlow, unique, type Api } from '../../../test/support/program.ts';

/** Orders and the subscriptions they make (issue 11, parts 2 and 3), each rule by its id. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let w: CommerceWorld;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  w = await commerceWorld(flow, operator);
});
after(() => t.close());

const customerApi = async (c: { email: string; password: string }) => t.as({ cookie: await t.signIn(c.email, c.password) });

describe('the customer agreement', () => {
  it('R-AGR-3: no order before the customer agreement is accepted; a partner attests who signed it, and when', async () => {
    const customer = await newCustomer(w.direct.api);
    assertProblem(await order(w.direct.api, customer.id, w.offer.id), 422, 'customer_agreement_required', 'R-AGR-3');
    const state = await w.direct.api.get(`/v1/customers/${customer.id}/customer-agreement`);
    assert.equal(state.status, 200, state.raw);
    assert.equal(state.body.accepted, false);
    const future = await w.direct.api.post(`/v1/customers/${customer.id}/customer-agreement/attestations`, {
      signerName: 'Ada',
      signerEmail: 'ada@customer.example',
      signedOn: '2999-01-01',
    });
    assertProblem(future, 400, 'invalid_request');
    await attest(w.direct.api, customer.id);
    const after = (await w.direct.api.get(`/v1/customers/${customer.id}/customer-agreement`)).body;
    assert.equal(after.accepted, true);
    assert.equal(after.attestations[0].signerName, 'Signer Example');
    assert.equal(after.attestations[0].signedOn, '2026-01-15');
    assert.equal((await order(w.direct.api, customer.id, w.offer.id)).status, 201);
  });

  it("R-AGR-3: a customer's global admin accepts the published customer agreement in Trellis, and orders may follow", async () => {
    const customer = await newCustomer(w.direct.api);
    const published = await operator.post('/v1/operator/agreements', {
      type: 'customer_agreement',
      version: `ca-${unique()}`,
      title: 'Customer Agreement',
      body: 'text',
      effectiveAt: '2026-01-01T00:00:00Z',
    });
    assert.equal(published.status, 201, published.raw);
    assertProblem(await order(w.direct.api, customer.id, w.offer.id), 422, 'customer_agreement_required', 'R-AGR-3');
    const admin = await customerApi(customer);
    const accepted = await admin.post('/v1/agreements/customer-agreement/acceptances', { version: published.body.version });
    assert.equal(accepted.status, 201, accepted.raw);
    const state = (await admin.get(`/v1/customers/${customer.id}/customer-agreement`)).body;
    assert.deepEqual([state.accepted, state.acceptedInTrellis, state.version], [true, true, published.body.version]);
    assert.equal((await order(w.direct.api, customer.id, w.offer.id)).status, 201);
    // Attestations of an older version no longer count: the world's customers are attested again.
    assertProblem(await order(w.direct.api, w.directCustomer.id, w.offer.id), 422, 'customer_agreement_required', 'R-AGR-3');
    await attest(w.direct.api, w.directCustomer.id);
    await attest(w.provider.api, w.indirectCustomer.id);
  });
});

describe('orders', () => {
  it('R-TRN-8: a direct-bill partner orders for its direct customer: subscriptions active, with term, cycle, renewal date and partner of record', async () => {
    const res = await order(w.direct.api, w.directCustomer.id, w.offer.id, 5);
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.relationship, 'direct_partner');
    assert.equal(res.body.resellerOfRecord, null);
    assert.equal(res.body.orderedBy.userId, w.direct.admin.id);
    assert.ok(res.body.orderedBy.userName);
    assert.deepEqual([res.body.currency, res.body.totalMinor], ['USD', 6000]);
    assert.deepEqual(
      [res.body.lines[0].quantity, res.body.lines[0].unitPriceMinor, res.body.lines[0].amountMinor],
      [5, 1200, 6000],
    );
    const subs = (await w.direct.api.get(`/v1/customers/${w.directCustomer.id}/subscriptions`)).body.items;
    const sub = subs.find((s: { id: string }) => s.id === res.body.lines[0].subscriptionId);
    assert.deepEqual(
      [sub.status, sub.quantity, sub.term, sub.billingCycle, sub.autoRenew, sub.partnerOfRecord.id],
      ['active', 5, 'P1Y', 'monthly', true, w.direct.tenant.id],
    );
    const start = new Date(sub.termStart);
    const renews = new Date(sub.renewsAt);
    assert.equal(renews.getUTCFullYear(), start.getUTCFullYear() + 1);
    const history = (await w.direct.api.get(`/v1/customers/${w.directCustomer.id}/orders`)).body.items;
    const mine = history.find((o: { id: string }) => o.id === res.body.id);
    assert.equal(mine.orderedBy.partnerId, w.direct.tenant.id);
    assert.equal(mine.orderedBy.userId, w.direct.admin.id);
    assert.ok(mine.orderedBy.userName);
  });

  it('R-TRN-8, R-CUS-7: a reseller does not order for the customer its provider serves with it; the provider does', async () => {
    assertProblem(await order(w.reseller.api, w.indirectCustomer.id, w.offer.id), 422, 'ordered_by_provider', 'R-CUS-7');
  });

  it('R-TRN-8: a partner that moved to indirect keeps ordering for the direct customers it had', async () => {
    const moved = await flow.partnerIn('direct_bill');
    const kept = await orderingCustomer(moved.api);
    await flow.moveToIndirect(moved);
    const res = await order(moved.api, kept.id, w.offer.id);
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.relationship, 'direct_partner');
  });

  it('R-CUS-4: a provider orders for its customer naming the reseller of record, who sees the subscription as its own', async () => {
    const res = await order(w.provider.api, w.indirectCustomer.id, w.offer.id, 3, { resellerId: w.reseller.tenant.id });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.relationship, 'indirect_provider');
    assert.deepEqual(res.body.resellerOfRecord, { id: w.reseller.tenant.id, name: w.reseller.tenant.name });
    const seen = (await w.reseller.api.get(`/v1/customers/${w.indirectCustomer.id}/subscriptions`)).body.items;
    const sub = seen.find((s: { id: string }) => s.id === res.body.lines[0].subscriptionId);
    assert.deepEqual(sub.partnerOfRecord, { id: w.reseller.tenant.id, name: w.reseller.tenant.name });
    assert.equal(sub.orderedBy.id, w.provider.tenant.id);
    const history = (await w.reseller.api.get(`/v1/customers/${w.indirectCustomer.id}/orders`)).body.items;
    assert.ok(history.some((o: { id: string }) => o.id === res.body.id));
  });

  it('R-CUS-4: an indirect order without a valid partner of record is refused, never accepted silently', async () => {
    assertProblem(await order(w.provider.api, w.indirectCustomer.id, w.offer.id), 422, 'reseller_required', 'R-CUS-4');
    const other = await flow.partnerIn('indirect_reseller');
    await flow.partnerUp(w.provider, other);
    assertProblem(
      await order(w.provider.api, w.indirectCustomer.id, w.offer.id, 1, { resellerId: other.tenant.id }),
      422,
      'reseller_not_of_customer',
      'R-CUS-4',
    );
    assertProblem(
      await order(w.direct.api, w.directCustomer.id, w.offer.id, 1, { resellerId: w.reseller.tenant.id }),
      422,
      'reseller_not_of_customer',
      'R-CUS-4',
    );
    // A customer the provider has no relationship with is not found.
    assertProblem(
      await order(w.provider.api, w.directCustomer.id, w.offer.id, 1, { resellerId: w.reseller.tenant.id }),
      404,
      'not_found',
    );
  });

  it('R-CUS-5, R-CUS-7: reservations and perpetual software go to direct-bill customers only', async () => {
    const reservation = await makeOffer(operator, { kind: 'reservation', term: 'P3Y', billingCycle: 'annual' });
    const software = await makeOffer(operator, { kind: 'perpetual_software', term: 'P1Y', billingCycle: 'annual' });
    for (const offer of [reservation, software]) {
      const refused = await order(w.provider.api, w.indirectCustomer.id, offer.id, 1, { resellerId: w.reseller.tenant.id });
      assertProblem(refused, 422, 'direct_bill_only_offer');
      assert.ok(['R-CUS-5', 'R-CUS-7'].includes(refused.body.rule));
      assert.equal((await order(w.direct.api, w.directCustomer.id, offer.id)).status, 201);
    }
    const subs = (await w.direct.api.get(`/v1/customers/${w.directCustomer.id}/subscriptions`)).body.items;
    const bought = subs.find((s: { offer: { id: string } }) => s.offer.id === software.id);
    assert.equal(bought.autoRenew, false, 'perpetual software does not renew');
  });

  it('R-SELF-1: no order for an affiliate of the partner', async () => {
    const customer = await orderingCustomer(w.direct.api);
    const recorded = await operator.put(`/v1/operator/affiliations/${w.direct.tenant.id}/${customer.id}`, { note: 'subsidiary' });
    assert.equal(recorded.status, 204, recorded.raw);
    assertProblem(await order(w.direct.api, customer.id, w.offer.id), 422, 'self_dealing', 'R-SELF-1');
  });

  it('R-SELF-2: a partner does not order for its own partner tenant', async () => {
    assertProblem(await order(w.direct.api, w.direct.tenant.id, w.offer.id), 422, 'partner_tenant_as_customer', 'R-SELF-2');
  });

  it('R-REG-1: no order for a customer outside the partner’s market', async () => {
    const customer = await orderingCustomer(w.direct.api);
    // An account whose country moved to another market since it was made (no route does this: the database does).
    await t.trellis.platform.database.raw(
      "UPDATE customer_accounts SET country_code = 'FR', market = 'Europe' WHERE tenant_id = $1",
      [customer.id],
    );
    assertProblem(await order(w.direct.api, customer.id, w.offer.id), 422, 'region_mismatch', 'R-REG-1');
  });

  it('R-CAT-1: an unknown offer, a retired one, or one not sold in the customer’s market is refused with the rule', async () => {
    assertProblem(
      await order(w.direct.api, w.directCustomer.id, '00000000-0000-4000-8000-000000000000'),
      422,
      'offer_not_available',
      'R-CAT-1',
    );
    const european = await makeOffer(operator, { prices: [{ market: 'Europe', currency: 'EUR', unitPriceMinor: 1000 }] });
    assertProblem(await order(w.direct.api, w.directCustomer.id, european.id), 422, 'offer_not_available', 'R-CAT-1');
    const retiring = await makeOffer(operator);
    const before = await order(w.direct.api, w.directCustomer.id, retiring.id, 2);
    assert.equal(before.status, 201, before.raw);
    assert.equal((await operator.post(`/v1/operator/offers/${retiring.id}/retirement`)).status, 200);
    assertProblem(await order(w.direct.api, w.directCustomer.id, retiring.id), 422, 'offer_not_available', 'R-CAT-1');
    // Its subscriptions stay.
    const subs = (await w.direct.api.get(`/v1/customers/${w.directCustomer.id}/subscriptions`)).body.items;
    assert.equal(subs.find((s: { id: string }) => s.id === before.body.lines[0].subscriptionId).status, 'active');
  });

  it("a quantity outside the offer's range is a 400 naming the line", async () => {
    const ranged = await makeOffer(operator, { minQuantity: 5, maxQuantity: 10 });
    for (const quantity of [4, 11]) {
      const res = await order(w.direct.api, w.directCustomer.id, ranged.id, quantity);
      assertProblem(res, 400, 'invalid_request');
      assert.equal(res.body.errors[0].path, '/lines/0/quantity');
    }
    assert.equal((await order(w.direct.api, w.directCustomer.id, ranged.id, 10)).status, 201);
  });

  it('the same Idempotency-Key retried makes one order, replayed', async () => {
    const key = `order-${unique()}`;
    const first = await order(w.direct.api, w.directCustomer.id, w.offer.id, 7, {}, key);
    const again = await order(w.direct.api, w.directCustomer.id, w.offer.id, 7, {}, key);
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.body.id, first.body.id);
    const orders = (await w.direct.api.get(`/v1/customers/${w.directCustomer.id}/orders?limit=500`)).body.items;
    assert.equal(orders.filter((o: { id: string }) => o.id === first.body.id).length, 1);
  });

  it(
    '50 concurrent orders with one Idempotency-Key make one order',
    { skip: !onPostgres && 'PostgreSQL: PGlite runs one statement at a time' },
    async () => {
      const customer = await orderingCustomer(w.direct.api);
      const key = `race-${unique()}`;
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => order(w.direct.api, customer.id, w.offer.id, 2, {}, key)),
      );
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [201]);
      assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
      const orders = (await w.direct.api.get(`/v1/customers/${customer.id}/orders`)).body.items;
      assert.equal(orders.length, 1);
      const subs = (await w.direct.api.get(`/v1/customers/${customer.id}/subscriptions`)).body.items;
      assert.equal(subs.length, 1);
    },
  );
});

describe('several partners on one customer', () => {
  it('R-CUS-9: each partner sees its own orders and subscriptions; the customer sees all', async () => {
    const customer = await orderingCustomer(w.direct.api);
    const joint = await w.reseller.api.post('/v1/relationship-requests', {
      providerId: w.provider.tenant.id,
      email: customer.email,
      send: true,
    });
    assert.equal(joint.status, 201, joint.raw);
    const admin = await customerApi(customer);
    const link = await mailedToken(t, customer.email, 'relationshipRequest');
    assert.equal((await admin.post(`/v1/links/${link}/acceptance`, {})).status, 201);
    const direct = await order(w.direct.api, customer.id, w.offer.id, 1);
    const indirect = await order(w.provider.api, customer.id, w.offer.id, 2, { resellerId: w.reseller.tenant.id });
    assert.equal(direct.status, 201, direct.raw);
    assert.equal(indirect.status, 201, indirect.raw);
    const subsOf = async (api: Api) =>
      ((await api.get(`/v1/customers/${customer.id}/subscriptions`)).body.items as { quantity: number }[])
        .map((s) => s.quantity)
        .sort();
    const ordersOf = async (api: Api) =>
      ((await api.get(`/v1/customers/${customer.id}/orders`)).body.items as { id: string }[]).map((o) => o.id).sort();
    assert.deepEqual(await subsOf(w.direct.api), [1]);
    assert.deepEqual(await subsOf(w.provider.api), [2]);
    assert.deepEqual(await subsOf(w.reseller.api), [2]);
    assert.deepEqual(await subsOf(admin), [1, 2]);
    assert.deepEqual(await ordersOf(w.direct.api), [direct.body.id]);
    assert.deepEqual(await ordersOf(w.reseller.api), [indirect.body.id]);
    assert.deepEqual(await ordersOf(admin), [direct.body.id, indirect.body.id].sort());
    // A partner without a relationship sees nothing: 404.
    const stranger = await flow.partnerIn('direct_bill');
    assertProblem(await stranger.api.get(`/v1/customers/${customer.id}/subscriptions`), 404, 'not_found');
    assertProblem(await stranger.api.get(`/v1/customers/${customer.id}/orders`), 404, 'not_found');
  });
});

describe('what active subscriptions hold in place', () => {
  it('R-TRN-9: direct bill is not given up while direct customers hold active subscriptions; the refusal names the way out', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const customer = await orderingCustomer(partner.api);
    assert.equal((await order(partner.api, customer.id, w.offer.id)).status, 201);
    const refused = await partner.api.delete('/v1/partner/capabilities/direct_bill');
    assertProblem(refused, 409, 'subscriptions_active', 'R-TRN-9');
    assert.match(refused.body.detail, /1 active subscription/);
    assertProblem(
      await operator.delete(`/v1/operator/partners/${partner.tenant.id}/capabilities/direct_bill`),
      409,
      'subscriptions_active',
    );
    // Without subscriptions it may leave, as before.
    // A provider that also held direct bill: without direct bill it may still transact.
    const idle = await flow.partnerIn('indirect_provider');
    await flow.join(idle, 'direct_bill');
    const kept = await newCustomer(idle.api);
    assert.equal((await idle.api.delete('/v1/partner/capabilities/direct_bill')).status, 204);
    // R-TRN-8: without direct bill it orders for its direct customers no more.
    assertProblem(await order(idle.api, kept.id, w.offer.id), 422, 'direct_bill_required', 'R-TRN-8');
  });

  it('a relationship that carries active subscriptions does not end, by the partner or by the customer', async () => {
    const customer = await orderingCustomer(w.direct.api);
    assert.equal((await order(w.direct.api, customer.id, w.offer.id)).status, 201);
    const [rel] = (await w.direct.api.get(`/v1/customers/${customer.id}/relationships`)).body.items;
    const refused = await w.direct.api.post(`/v1/customers/${customer.id}/relationships/${rel.id}/removal`);
    assertProblem(refused, 409, 'relationship_in_use');
    assert.match(refused.body.detail, /active subscription/);
    const admin = await customerApi(customer);
    assertProblem(await admin.post(`/v1/customers/${customer.id}/relationships/${rel.id}/removal`), 409, 'relationship_in_use');
    // The reseller's end would end the provider's too: refused while the provider's subscriptions run through it.
    const indirect = await orderingCustomer(w.provider.api, { resellerId: w.reseller.tenant.id });
    assert.equal((await order(w.provider.api, indirect.id, w.offer.id, 1, { resellerId: w.reseller.tenant.id })).status, 201);
    const mine = (await w.reseller.api.get(`/v1/customers/${indirect.id}/relationships`)).body.items[0];
    assertProblem(
      await w.reseller.api.post(`/v1/customers/${indirect.id}/relationships/${mine.id}/removal`),
      409,
      'relationship_in_use',
    );
  });
});

describe('the partnership behind an order', () => {
  it('R-PRT-6: once the operator ends the partnership, the provider orders no more through the reseller; subscriptions stay', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    const partnership = await flow.partnerUp(w.provider, reseller);
    const customer = await orderingCustomer(w.provider.api, { resellerId: reseller.tenant.id });
    const first = await order(w.provider.api, customer.id, w.offer.id, 1, { resellerId: reseller.tenant.id });
    assert.equal(first.status, 201, first.raw);
    const ended = await operator.post(`/v1/operator/partnerships/${partnership}/ending`, { supportRequest: 'SR-1' });
    assert.equal(ended.status, 200, ended.raw);
    assertProblem(
      await order(w.provider.api, customer.id, w.offer.id, 1, { resellerId: reseller.tenant.id }),
      409,
      'partnership_ended',
      'R-PRT-6',
    );
    const subs = (await w.provider.api.get(`/v1/customers/${customer.id}/subscriptions`)).body.items;
    assert.equal(subs[0].status, 'active');
  });

  // Last: it publishes a partner agreement, which every reseller must then accept.
  it('R-PRT-7, R-AGR-2: no order naming a reseller that is not ready to transact', async () => {
    const published = await operator.post('/v1/operator/agreements', {
      type: 'partner_agreement',
      version: `pa-${unique()}`,
      title: 'Partner Agreement',
      body: 'text',
      effectiveAt: '2026-01-01T00:00:00Z',
    });
    assert.equal(published.status, 201, published.raw);
    await w.provider.api.post('/v1/agreements/partner-agreement/acceptances', { version: published.body.version });
    const refused = await order(w.provider.api, w.indirectCustomer.id, w.offer.id, 1, { resellerId: w.reseller.tenant.id });
    assertProblem(refused, 422, 'reseller_not_ready', 'R-PRT-7');
    await w.reseller.api.post('/v1/agreements/partner-agreement/acceptances', { version: published.body.version });
    assert.equal(
      (await order(w.provider.api, w.indirectCustomer.id, w.offer.id, 1, { resellerId: w.reseller.tenant.id })).status,
      201,
    );
  });
});
