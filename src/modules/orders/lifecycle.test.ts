import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { commerceWorld, makeOffer, order, orderingCustomer, type CommerceWorld } from '../../../test/support/commerce.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, type Api } from '../../../test/support/program.ts';
import { termEnd } from '../../domain/subscriptions.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { subscriptionQuantityChanges, subscriptionTerms } from '../../platform/db/schema.ts';

/** The subscription lifecycle on the clock module (issue 11, part 4): renewals, expiry, notices ahead (R-SUB-4). */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let w: CommerceWorld;
before(async () => {
  // The clock moves a year and more ahead: sessions outlive it.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 1000 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  w = await commerceWorld(flow, operator);
});
after(() => t.close());
afterEach(() => clock.reset());

/** Sets the clock to an instant, as a worker would see it. */
function moveTo(at: Date | number) {
  clock.reset();
  clock.advance(new Date(at).getTime() - Date.now());
}

/** The timer, run as often as the worker might before anything else changes. */
async function fire(times = 2) {
  for (let i = 0; i < times; i++) await t.trellis.worker.runTimers();
}

interface Sub {
  id: string;
  status: string;
  quantity: number;
  autoRenew: boolean;
  termStart: string;
  renewsAt: string;
  nextTermQuantity: number | null;
  cancelledAt: string | null;
}

/** One order line's subscription for a new customer: the direct-bill partner's, or the provider's through its reseller. */
async function subscribe(opts: { indirect?: boolean; quantity?: number; offerId?: string } = {}) {
  const quantity = opts.quantity ?? 10;
  const offerId = opts.offerId ?? w.offer.id;
  const customer = opts.indirect
    ? await orderingCustomer(w.provider.api, { resellerId: w.reseller.tenant.id })
    : await orderingCustomer(w.direct.api);
  const made = opts.indirect
    ? await order(w.provider.api, customer.id, offerId, quantity, { resellerId: w.reseller.tenant.id })
    : await order(w.direct.api, customer.id, offerId, quantity);
  assert.equal(made.status, 201, made.raw);
  const id = made.body.lines[0].subscriptionId as string;
  const api = opts.indirect ? w.provider.api : w.direct.api;
  const read = async (): Promise<Sub> => {
    const items = (await api.get(`/v1/customers/${customer.id}/subscriptions`)).body.items as Sub[];
    return items.find((s) => s.id === id)!;
  };
  return { id, customer, api, read, first: await read() };
}

const patch = async (api: Api, id: string, body: Record<string, unknown>) => {
  const res = await api.patch(`/v1/subscriptions/${id}`, body);
  assert.equal(res.status, 200, res.raw);
  return res.body as Sub;
};

/** The notices about one subscription in an address's mailbox, oldest first. */
const notices = async (address: string, subscriptionId: string) =>
  (await t.mailTo(address))
    .filter((m) => m.template === 'subscriptionRenewalNotice' && m.textBody.includes(subscriptionId))
    .reverse();

const events = async (api: Api, subscriptionId: string) =>
  ((await api.get(`/v1/audit-events?subjectId=${subscriptionId}&limit=100`)).body.items as { type: string; createdAt: string }[])
    .map((e) => e.type)
    .filter((type) => type !== 'subscription.created')
    .reverse();

const terms = (id: string) =>
  t.db.select().from(subscriptionTerms).where(eq(subscriptionTerms.subscriptionId, id)).orderBy(asc(subscriptionTerms.start));

const day = (from: string | Date, days: number) => new Date(new Date(from).getTime() + days * DAY_MS);

describe('renewals', () => {
  it('R-SUB-4: an auto-renewing subscription renews at its end with the quantity kept for the next term, at the price of the day, in a new term', async () => {
    const offer = await makeOffer(operator, { term: 'P1M' });
    const sub = await subscribe({ offerId: offer.id, quantity: 10 });
    await patch(w.direct.api, sub.id, { nextTermQuantity: 15 });
    // The operator raises its price before the renewal: the new term takes it.
    const priced = await operator.put(`/v1/operator/offers/${offer.id}/prices`, {
      prices: [{ market: 'United States', currency: 'USD', unitPriceMinor: 1500 }],
    });
    assert.equal(priced.status, 200, priced.raw);

    moveTo(day(sub.first.renewsAt, -1));
    await fire();
    assert.equal((await sub.read()).termStart, sub.first.termStart, 'a day early nothing renews');

    moveTo(day(sub.first.renewsAt, 0.01));
    await fire();
    const renewed = await sub.read();
    assert.deepEqual(
      [renewed.status, renewed.quantity, renewed.nextTermQuantity, renewed.termStart, renewed.renewsAt],
      ['active', 15, null, sub.first.renewsAt, termEnd(new Date(sub.first.renewsAt), 'P1M').toISOString()],
    );
    const served = await terms(sub.id);
    assert.deepEqual(
      served.map((r) => [r.start.toISOString(), r.partnerUnitPriceMinor, r.customerUnitPriceMinor, r.currency]),
      [
        [sub.first.termStart, 1200, 1200, 'USD'],
        [sub.first.renewsAt, 1500, 1500, 'USD'],
      ],
    );
    const changes = await t.db
      .select()
      .from(subscriptionQuantityChanges)
      .where(eq(subscriptionQuantityChanges.subscriptionId, sub.id));
    assert.deepEqual(
      changes.map((c) => [c.fromQuantity, c.toQuantity, c.at.toISOString()]),
      [[10, 15, sub.first.renewsAt]],
    );
    assert.deepEqual(await events(w.direct.api, sub.id), [
      'subscription.next_term_changed',
      'subscription.renewal_notice', // the day before
      'subscription.renewed',
    ]);
    // R-SUB-1: the renewal opens a new window to reduce or cancel.
    await patch(w.direct.api, sub.id, { quantity: 12 });
  });

  it('R-SUB-4: a retired offer renews at the last term’s prices, at every tier of an indirect sale', async () => {
    const offer = await makeOffer(operator, {
      term: 'P1M',
      prices: [{ market: 'United States', currency: 'USD', unitPriceMinor: 900 }],
    });
    const sub = await subscribe({ indirect: true, offerId: offer.id, quantity: 3 });
    assert.equal((await operator.post(`/v1/operator/offers/${offer.id}/retirement`, {})).status, 200);
    moveTo(day(sub.first.renewsAt, 0.01));
    await fire();
    assert.equal((await sub.read()).termStart, sub.first.renewsAt);
    const served = await terms(sub.id);
    assert.deepEqual(
      served.map((r) => [r.partnerUnitPriceMinor, r.resellerUnitPriceMinor, r.customerUnitPriceMinor, r.resellerId]),
      [
        [900, 900, 900, w.reseller.tenant.id],
        [900, 900, 900, w.reseller.tenant.id],
      ],
    );
  });

  it('R-SUB-4: a timer that was down longer than a term renews each term it missed, and two workers renew once', async () => {
    const offer = await makeOffer(operator, { term: 'P1M' });
    const sub = await subscribe({ offerId: offer.id });
    const second = termEnd(new Date(sub.first.renewsAt), 'P1M');
    moveTo(day(second, 0.01));
    await Promise.all([t.trellis.worker.runTimers(), t.trellis.worker.runTimers()]);
    await fire();
    const now = await sub.read();
    assert.equal(now.termStart, second.toISOString());
    assert.equal((await terms(sub.id)).length, 3);
    assert.deepEqual(await events(w.direct.api, sub.id), ['subscription.renewed', 'subscription.renewed']);
  });

  it('R-SUB-4: perpetual software neither renews nor expires, and no notice is sent about it', async () => {
    const software = await makeOffer(operator, { kind: 'perpetual_software', term: 'P1Y', billingCycle: 'annual' });
    const sub = await subscribe({ offerId: software.id, quantity: 2 });
    moveTo(day(sub.first.renewsAt, 200));
    await fire();
    const now = await sub.read();
    assert.deepEqual([now.status, now.termStart, now.renewsAt], ['active', sub.first.termStart, sub.first.renewsAt]);
    assert.equal((await terms(sub.id)).length, 1);
    assert.deepEqual(await notices(w.direct.admin.email, sub.id), []);
    assert.deepEqual(await events(w.direct.api, sub.id), []);
  });
});

describe('expiry', () => {
  it('R-SUB-4: a subscription that does not renew is expired at its end, disabled 30 days later and deleted 90 days after that', async () => {
    const offer = await makeOffer(operator, { term: 'P1M' });
    const sub = await subscribe({ offerId: offer.id });
    await patch(w.direct.api, sub.id, { autoRenew: false });
    const ends = sub.first.renewsAt;
    const ladder: [number, string][] = [
      [-0.01, 'active'],
      [0.01, 'expired'],
      [29.9, 'expired'],
      [30.01, 'disabled'],
      [119.9, 'disabled'],
      [120.01, 'deleted'],
      [400, 'deleted'],
    ];
    for (const [days, status] of ladder) {
      moveTo(day(ends, days));
      await fire();
      const now = await sub.read();
      assert.equal(now.status, status, `${days} days after the end`);
      assert.equal(now.renewsAt, ends, 'the term stays as it ended');
    }
    assert.equal((await terms(sub.id)).length, 1, 'nothing renewed');
    assert.deepEqual(await events(w.direct.api, sub.id), [
      'subscription.auto_renew_changed',
      'subscription.renewal_notice', // the day before
      'subscription.expired',
      'subscription.disabled',
      'subscription.deleted',
    ]);
  });

  it('R-SUB-4: a suspended subscription does not renew, even with auto-renewal on; a late run takes every step it missed', async () => {
    const offer = await makeOffer(operator, { term: 'P1M' });
    const sub = await subscribe({ offerId: offer.id });
    await patch(w.direct.api, sub.id, { status: 'suspended' });
    moveTo(day(sub.first.renewsAt, 125));
    await fire();
    assert.equal((await sub.read()).status, 'deleted');
    assert.equal((await terms(sub.id)).length, 1);
    assert.deepEqual(await events(w.direct.api, sub.id), [
      'subscription.suspended',
      'subscription.expired',
      'subscription.disabled',
      'subscription.deleted',
    ]);
  });

  it('R-SUB-4: a cancelled subscription stays disabled and is deleted 90 days after its cancellation, not after its term', async () => {
    const sub = await subscribe(); // a one-year term
    const cancelled = await patch(w.direct.api, sub.id, { status: 'cancelled' });
    assert.equal(cancelled.status, 'disabled');
    moveTo(day(cancelled.cancelledAt!, 89.9));
    await fire();
    assert.equal((await sub.read()).status, 'disabled');
    moveTo(day(cancelled.cancelledAt!, 90.01));
    await fire();
    assert.equal((await sub.read()).status, 'deleted');
    moveTo(day(sub.first.renewsAt, 1));
    await fire();
    assert.equal((await sub.read()).status, 'deleted');
    assert.deepEqual(await events(w.direct.api, sub.id), ['subscription.cancelled', 'subscription.deleted']);
    assert.deepEqual(await notices(w.direct.admin.email, sub.id), [], 'nothing renews or expires ahead');
  });
});

describe('notices ahead', () => {
  it('R-SUB-4: the partner of record’s admins hear 30, 7 and 1 days ahead that it renews, with the quantity, each once', async () => {
    const sub = await subscribe({ indirect: true, quantity: 10 });
    await patch(w.reseller.api, sub.id, { nextTermQuantity: 20 });
    const renewsAt = sub.first.renewsAt;
    moveTo(day(renewsAt, -31));
    await fire();
    assert.equal((await notices(w.reseller.admin.email, sub.id)).length, 0, 'nothing 31 days ahead');
    for (const [i, days] of [30, 7, 1].entries()) {
      moveTo(day(renewsAt, -days + 0.01));
      await fire(3);
      const sent = await notices(w.reseller.admin.email, sub.id);
      assert.equal(sent.length, i + 1, `${days} days ahead`);
      assert.match(sent.at(-1)!.subject, new RegExp(`renews in ${days} days?$`));
      assert.match(sent.at(-1)!.textBody, /renews on .*, quantity 20/);
    }
    // The reseller of record is the partner of record: its provider hears nothing.
    assert.deepEqual(await notices(w.provider.admin.email, sub.id), []);
    moveTo(day(renewsAt, 0.01));
    await fire();
    assert.equal((await notices(w.reseller.admin.email, sub.id)).length, 3);
  });

  it('R-SUB-4: one that does not renew is announced as expiring; a timer down for days sends only the nearest notice', async () => {
    const sub = await subscribe({ quantity: 4 });
    await patch(w.direct.api, sub.id, { autoRenew: false });
    moveTo(day(sub.first.renewsAt, -0.5)); // the 30 and 7-day notices were missed
    await fire(3);
    const sent = await notices(w.direct.admin.email, sub.id);
    assert.equal(sent.length, 1);
    assert.match(sent[0]!.subject, /expires in 1 day/);
    assert.match(sent[0]!.textBody, /quantity 4\) expires on /);
  });
});
