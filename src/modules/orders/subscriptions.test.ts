import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { commerceWorld, makeOffer, order, orderingCustomer, type CommerceWorld } from '../../../test/support/commerce.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, type Api } from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';

/** Changes to subscriptions (issue 11, part 4): PATCH /v1/subscriptions/{id}, each rule by its id. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let w: CommerceWorld;
before(async () => {
  // The change window is days long: sessions outlive the clock's moves.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 365 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  w = await commerceWorld(flow, operator);
});
after(() => t.close());
afterEach(() => clock.reset());

/** A new subscription of the direct-bill partner's customer (or the provider's, through its reseller). */
async function subscribe(indirect = false, quantity = 10, offerId = w.offer.id) {
  const made = indirect
    ? await order(w.provider.api, w.indirectCustomer.id, offerId, quantity, { resellerId: w.reseller.tenant.id })
    : await order(w.direct.api, w.directCustomer.id, offerId, quantity);
  assert.equal(made.status, 201, made.raw);
  return made.body.lines[0].subscriptionId as string;
}

const patch = (api: Api, id: string, body: Record<string, unknown>) => api.patch(`/v1/subscriptions/${id}`, body);

describe('changing a subscription', () => {
  it('R-SUB-1: quantity goes up at any time and down within 7 days of the purchase; after that a decrease is refused with the date the window closed', async () => {
    const id = await subscribe();
    const down = await patch(w.direct.api, id, { quantity: 6 });
    assert.equal(down.status, 200, down.raw);
    assert.equal(down.body.quantity, 6);
    clock.advance(8 * DAY_MS);
    const up = await patch(w.direct.api, id, { quantity: 12 });
    assert.equal(up.status, 200, up.raw);
    assert.deepEqual([up.body.quantity, up.body.status, up.body.autoRenew], [12, 'active', true]);
    const late = await patch(w.direct.api, id, { quantity: 11 });
    assertProblem(late, 422, 'change_window_closed', 'R-SUB-1');
    assert.equal(late.body.windowClosed, up.body.changeWindowCloses);
    // Each quantity change is kept, from what to what, for the invoices.
    const kept = await t.platform.database.db.execute<{ from_quantity: number; to_quantity: number }>(
      `SELECT from_quantity, to_quantity FROM subscription_quantity_changes WHERE subscription_id = '${id}' ORDER BY at`,
    );
    assert.deepEqual(
      (kept as { rows: { from_quantity: number; to_quantity: number }[] }).rows.map((r) => [r.from_quantity, r.to_quantity]),
      [
        [10, 6],
        [6, 12],
      ],
    );
  });

  it('R-SUB-1: a cancellation within the window disables the subscription at once; after the window it is refused', async () => {
    const id = await subscribe();
    const cancelled = await patch(w.direct.api, id, { status: 'cancelled' });
    assert.equal(cancelled.status, 200, cancelled.raw);
    assert.deepEqual([cancelled.body.status, cancelled.body.autoRenew], ['disabled', false]);
    assert.ok(cancelled.body.cancelledAt);
    const late = await subscribe();
    clock.advance(7 * DAY_MS + 60_000);
    assertProblem(await patch(w.direct.api, late, { status: 'cancelled' }), 422, 'change_window_closed', 'R-SUB-1');
    // A disabled subscription is read-only (R-SUB-3).
    assertProblem(await patch(w.direct.api, id, { autoRenew: true }), 409, 'subscription_not_changeable', 'R-SUB-3');
  });

  it("R-SUB-2: a quantity outside the offer's range is a 400 naming the field", async () => {
    const small = await makeOffer(operator, { minQuantity: 5, maxQuantity: 20 });
    const id = await subscribe(false, 5, small.id);
    const res = await patch(w.direct.api, id, { quantity: 21 });
    assertProblem(res, 400, 'quantity_out_of_range', 'R-SUB-2');
    assert.equal(res.body.errors[0].path, '/quantity');
    assertProblem(await patch(w.direct.api, id, { nextTermQuantity: 4 }), 400, 'quantity_out_of_range', 'R-SUB-2');
    assertProblem(await patch(w.direct.api, id, {}), 400, 'invalid_request');
    assertProblem(await patch(w.direct.api, id, { quantity: 6, colour: 'blue' }), 400, 'invalid_request');
  });

  it('R-SUB-3: suspension and reactivation; a change for the next term needs auto-renewal and goes when renewal is turned off', async () => {
    const id = await subscribe();
    const suspended = await patch(w.direct.api, id, { status: 'suspended' });
    assert.equal(suspended.body.status, 'suspended', suspended.raw);
    assertProblem(await patch(w.direct.api, id, { quantity: 15 }), 409, 'subscription_not_changeable', 'R-SUB-3');
    const back = await patch(w.direct.api, id, { status: 'active', quantity: 15 });
    assert.deepEqual([back.body.status, back.body.quantity], ['active', 15], back.raw);
    const kept = await patch(w.direct.api, id, { nextTermQuantity: 25 });
    assert.equal(kept.body.nextTermQuantity, 25, kept.raw);
    const off = await patch(w.direct.api, id, { autoRenew: false });
    assert.deepEqual([off.body.autoRenew, off.body.nextTermQuantity], [false, null]);
    assertProblem(await patch(w.direct.api, id, { nextTermQuantity: 30 }), 422, 'next_term_needs_renewal', 'R-SUB-3');
  });

  it('R-CUS-7: of an indirect subscription, the provider changes quantity and status and the reseller of record its renewal', async () => {
    const id = await subscribe(true);
    assertProblem(await patch(w.reseller.api, id, { quantity: 20 }), 422, 'ordered_by_provider', 'R-CUS-7');
    assertProblem(await patch(w.reseller.api, id, { status: 'suspended' }), 422, 'ordered_by_provider', 'R-CUS-7');
    const renewal = await patch(w.reseller.api, id, { autoRenew: false });
    assert.equal(renewal.status, 200, renewal.raw);
    const more = await patch(w.provider.api, id, { quantity: 20 });
    assert.deepEqual([more.status, more.body.quantity, more.body.partnerOfRecord.id], [200, 20, w.reseller.tenant.id], more.raw);
  });

  it('R-PRT-6: once the partnership ends, the provider adds no quantity through the reseller; a reduction in the window stays possible', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    const partnership = await flow.partnerUp(w.provider, reseller);
    const customer = await orderingCustomer(w.provider.api, { resellerId: reseller.tenant.id });
    const made = await order(w.provider.api, customer.id, w.offer.id, 10, { resellerId: reseller.tenant.id });
    const id = made.body.lines[0].subscriptionId as string;
    assert.equal(
      (await operator.post(`/v1/operator/partnerships/${partnership}/ending`, { supportRequest: 'SR-2' })).status,
      200,
    );
    assertProblem(await patch(w.provider.api, id, { quantity: 11 }), 409, 'partnership_ended', 'R-PRT-6');
    assert.equal((await patch(w.provider.api, id, { quantity: 9 })).status, 200);
  });

  it("R-CUS-9: another partner's subscription is not found; the customer reads but does not change", async () => {
    const id = await subscribe();
    assertProblem(await patch(w.provider.api, id, { autoRenew: false }), 404, 'not_found');
    const customer = t.as({ cookie: await t.signIn(w.directCustomer.email, w.directCustomer.password) });
    assertProblem(await patch(customer, id, { autoRenew: false }), 403, 'forbidden');
    assertProblem(await patch(w.direct.api, '00000000-0000-4000-8000-000000000000', { autoRenew: false }), 404, 'not_found');
  });
});
