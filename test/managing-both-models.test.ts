import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from './support/assert.ts';
import { makeOffer, order, orderingCustomer, type Offer } from './support/commerce.ts';
import { TestTrellis } from './support/harness.ts';
import { ProgramFlow, type Api, type MadeCustomer, type ProgramPartner } from './support/program.ts';

/**
 * Seed 000, "Managing your direct bill customers and your indirect reseller customers", as one
 * script through the API. A direct-bill partner moves to indirect reseller keeping its direct
 * customers: for those it creates orders, manages reservations and order history, buys software
 * and bills them; for the customers its provider brings, the provider orders and it manages
 * licenses, users and renewals. Its customer list shows both, told apart.
 */
describe('seed 000: managing your direct bill customers and your indirect reseller customers', () => {
  let t: TestTrellis;
  let operator: Api;
  let flow: ProgramFlow;
  let partner: ProgramPartner;
  let provider: ProgramPartner;
  let direct: MadeCustomer;
  let indirect: MadeCustomer;
  let license: Offer;
  let reservation: Offer;
  let software: Offer;
  let indirectSubscription: string;

  before(async () => {
    t = await TestTrellis.start();
    operator = (await t.operator()).api;
    flow = new ProgramFlow(t, operator);
    license = await makeOffer(operator, { name: 'Office E3' });
    reservation = await makeOffer(operator, { kind: 'reservation', name: 'Reserved VM', billingCycle: 'annual' });
    software = await makeOffer(operator, { kind: 'perpetual_software', name: 'Project 2026', billingCycle: 'annual' });
    partner = await flow.partnerIn('direct_bill');
    // Acquired while it was a direct-bill partner.
    direct = await orderingCustomer(partner.api);
    await flow.moveToIndirect(partner);
    provider = await flow.partnerIn('indirect_provider');
    await flow.partnerUp(provider, partner);
    // The provider creates the tenant and names the reseller (the seed's "Create an Azure AD tenant").
    indirect = await orderingCustomer(provider.api, { resellerId: partner.tenant.id });
  });
  after(async () => {
    await t.close();
  });

  it('R-TRN-5: the customer list shows both kinds, told apart, and no new direct customer is added', async () => {
    const list = await partner.api.get('/v1/customers?limit=50');
    assert.equal(list.status, 200, list.raw);
    const acquired = new Map(list.body.items.map((c: { id: string; acquired: string }) => [c.id, c.acquired]));
    assert.equal(acquired.get(direct.id), 'direct');
    assert.equal(acquired.get(indirect.id), 'indirect');
    assertProblem(
      await partner.api.post('/v1/customers', {
        companyName: 'One more direct',
        primaryDomain: 'one-more-direct.example',
        countryCode: 'US',
        admin: { name: 'Admin', email: 'admin@one-more-direct.example' },
      }),
      422,
      'no_new_direct_customers',
      'R-TRN-5',
    );
  });

  it('R-TRN-8, R-CUS-5, R-CUS-7: for its direct customer it orders products, reservations and software', async () => {
    for (const offer of [license, reservation, software]) {
      const placed = await order(partner.api, direct.id, offer.id, 5);
      assert.equal(placed.status, 201, placed.raw);
      assert.equal(placed.body.relationship, 'direct_partner');
      assert.equal(placed.body.resellerOfRecord, null);
    }
    const subscriptions = await partner.api.get(`/v1/customers/${direct.id}/subscriptions`);
    assert.deepEqual(subscriptions.body.items.map((s: { offer: { name: string } }) => s.offer.name).sort(), [
      'Office E3',
      'Project 2026',
      'Reserved VM',
    ]);
  });

  it('R-CUS-7: it manages its direct customer’s order history, each order with who placed it', async () => {
    const history = await partner.api.get(`/v1/customers/${direct.id}/orders`);
    assert.equal(history.status, 200, history.raw);
    assert.equal(history.body.items.length, 3);
    for (const o of history.body.items) {
      assert.equal(o.orderedBy.partnerId, partner.tenant.id);
      assert.equal(o.relationship, 'direct_partner');
    }
  });

  it('R-CUS-7: for its indirect customer the provider orders, naming it reseller of record; it does not', async () => {
    assertProblem(await order(partner.api, indirect.id, license.id, 5), 422, 'ordered_by_provider');
    assertProblem(
      await order(provider.api, indirect.id, reservation.id, 1, { resellerId: partner.tenant.id }),
      422,
      'direct_bill_only_offer',
      'R-CUS-7',
    );
    assertProblem(
      await order(provider.api, indirect.id, software.id, 1, { resellerId: partner.tenant.id }),
      422,
      'direct_bill_only_offer',
      'R-CUS-5',
    );
    const placed = await order(provider.api, indirect.id, license.id, 10, { resellerId: partner.tenant.id });
    assert.equal(placed.status, 201, placed.raw);
    assert.equal(placed.body.resellerOfRecord.id, partner.tenant.id);
    indirectSubscription = placed.body.lines[0].subscriptionId;
    // The reseller sees the order its provider placed for its customer (R-CUS-9).
    const history = await partner.api.get(`/v1/customers/${indirect.id}/orders`);
    assert.deepEqual(
      history.body.items.map((o: { id: string }) => o.id),
      [placed.body.id],
    );
  });

  it('R-CUS-7: it handles its indirect customer’s renewals; the quantity bought is the provider’s to change', async () => {
    const renewal = await partner.api.patch(`/v1/subscriptions/${indirectSubscription}`, { nextTermQuantity: 12 });
    assert.equal(renewal.status, 200, renewal.raw);
    assert.equal(renewal.body.nextTermQuantity, 12);
    const off = await partner.api.patch(`/v1/subscriptions/${indirectSubscription}`, { autoRenew: false });
    assert.equal(off.status, 200, off.raw);
    assert.equal(off.body.autoRenew, false);
    assertProblem(
      await partner.api.patch(`/v1/subscriptions/${indirectSubscription}`, { quantity: 11 }),
      422,
      'ordered_by_provider',
      'R-CUS-7',
    );
    const more = await provider.api.patch(`/v1/subscriptions/${indirectSubscription}`, { quantity: 11 });
    assert.equal(more.status, 200, more.raw);
  });
});
