import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clock } from '../../platform/clock.ts';
import { assertProblem } from '../../../test/support/assert.ts';
import { commerceWorld, makeOffer, order, orderingCustomer, type CommerceWorld } from '../../../test/support/commerce.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, type Api } from '../../../test/support/program.ts';

/** Price books (issue 11, part 6): each seller's prices at its tier, and who sees which (R-CUS-9). */

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

async function book(api: Api, audience: 'resellers' | 'customers', name = 'Standard'): Promise<string> {
  const made = await api.post('/v1/partner/price-books', { audience, name });
  assert.equal(made.status, 201, made.raw);
  return made.body.id as string;
}

async function entry(api: Api, bookId: string, body: Record<string, unknown>): Promise<string> {
  const made = await api.post(`/v1/partner/price-books/${bookId}/entries`, body);
  assert.equal(made.status, 201, made.raw);
  return made.body.id as string;
}

const markup = (basisPoints: number) => ({ kind: 'markup', basisPoints });
const fixed = (amountMinor: number, currency = 'USD') => ({ kind: 'fixed', amountMinor, currency });

/** The one line of an order as `api` reads it in the customer's order history. */
async function seenLine(api: Api, customerId: string, orderId: string) {
  const res = await api.get(`/v1/customers/${customerId}/orders`);
  assert.equal(res.status, 200, res.raw);
  const found = (res.body.items as { id: string }[]).find((o) => o.id === orderId) as Record<string, any> | undefined;
  assert.ok(found, `order ${orderId} not in the list`);
  return { order: found, line: found.lines[0] };
}

describe('price books', () => {
  it("R-CUS-9: each tier's price comes from its seller's book; the customer sees its price, the reseller its buy and sell price, the provider its cost and its price to the reseller", async () => {
    const offer = await makeOffer(operator); // 12.00 USD list price
    // The provider marks its reseller up 10% on everything; the reseller sells this offer to its customer at 15.00.
    await entry(w.provider.api, await book(w.provider.api, 'resellers'), { buyerId: w.reseller.tenant.id, rule: markup(1000) });
    await entry(w.reseller.api, await book(w.reseller.api, 'customers'), {
      offerId: offer.id,
      buyerId: w.indirectCustomer.id,
      rule: fixed(1500),
    });
    const placed = await order(w.provider.api, w.indirectCustomer.id, offer.id, 3, { resellerId: w.reseller.tenant.id });
    assert.equal(placed.status, 201, placed.raw);
    const line = placed.body.lines[0];
    assert.deepEqual(
      [line.unitPriceMinor, line.amountMinor, line.saleUnitPriceMinor, line.saleAmountMinor],
      [1200, 3600, 1320, 3960],
      'the provider: its cost and its price to the reseller',
    );
    assert.deepEqual([placed.body.totalMinor, placed.body.saleTotalMinor], [3600, 3960]);

    const asProvider = await seenLine(w.provider.api, w.indirectCustomer.id, placed.body.id);
    assert.deepEqual([asProvider.line.unitPriceMinor, asProvider.line.saleUnitPriceMinor], [1200, 1320]);
    const asReseller = await seenLine(w.reseller.api, w.indirectCustomer.id, placed.body.id);
    assert.deepEqual(
      [
        asReseller.line.unitPriceMinor,
        asReseller.line.saleUnitPriceMinor,
        asReseller.order.totalMinor,
        asReseller.order.saleTotalMinor,
      ],
      [1320, 1500, 3960, 4500],
      'the reseller: its buy and sell price',
    );
    const asCustomer = await seenLine(await customerApi(w.indirectCustomer), w.indirectCustomer.id, placed.body.id);
    assert.deepEqual(
      [
        asCustomer.line.unitPriceMinor,
        asCustomer.line.amountMinor,
        asCustomer.line.saleUnitPriceMinor,
        asCustomer.order.totalMinor,
      ],
      [1500, 4500, null, 4500],
      'the customer: its own price only',
    );
    // Nothing of another tier shows anywhere in what the customer reads, its audit trail included.
    assert.ok(!JSON.stringify(asCustomer.order).includes('1320') && !JSON.stringify(asCustomer.order).includes('3960'));
    const trail = await (await customerApi(w.indirectCustomer)).get('/v1/audit-events?limit=500');
    assert.equal(trail.status, 200, trail.raw);
    const placedEvent = (trail.body.items as { type: string; subject: { id: string } }[]).find(
      (e) => e.type === 'order.placed' && e.subject.id === placed.body.id,
    );
    assert.ok(placedEvent, 'the order is on the customer trail');
    assert.ok(!/"unitPriceMinor":1[23]20\b/.test(trail.raw), "the customer's trail shows no other tier's price");

    // The subscription's first term keeps the three prices, for invoices and renewals.
    const terms = await t.platform.database.db.execute<Record<string, number>>(
      `SELECT partner_unit_price_minor, reseller_unit_price_minor, customer_unit_price_minor FROM subscription_terms WHERE subscription_id = '${line.subscriptionId}'`,
    );
    const [term] = (terms as { rows: Record<string, number | string>[] }).rows;
    assert.deepEqual(
      [term!.partner_unit_price_minor, term!.reseller_unit_price_minor, term!.customer_unit_price_minor].map(Number),
      [1200, 1320, 1500],
    );
  });

  it("R-CUS-9: a direct-bill partner's book prices its customers; it sees its cost and its sale, its customer only its price", async () => {
    const offer = await makeOffer(operator);
    await entry(w.direct.api, await book(w.direct.api, 'customers'), { rule: markup(2500) });
    const placed = await order(w.direct.api, w.directCustomer.id, offer.id, 2);
    assert.equal(placed.status, 201, placed.raw);
    assert.deepEqual([placed.body.lines[0].unitPriceMinor, placed.body.lines[0].saleUnitPriceMinor], [1200, 1500]);
    const asCustomer = await seenLine(await customerApi(w.directCustomer), w.directCustomer.id, placed.body.id);
    assert.deepEqual(
      [asCustomer.line.unitPriceMinor, asCustomer.line.saleUnitPriceMinor, asCustomer.order.totalMinor],
      [1500, null, 3000],
    );
  });

  it("the most specific rule wins: the buyer's own before its group's before everyone's, an offer's before all offers'; a fixed price applies in its currency only", async () => {
    const offer = await makeOffer(operator, { prices: [{ market: 'United States', currency: 'USD', unitPriceMinor: 1000 }] });
    const seller = await flow.partnerIn('direct_bill');
    const [alone, grouped] = [await orderingCustomer(seller.api), await orderingCustomer(seller.api)];
    const customersBook = await book(seller.api, 'customers');
    const group = await seller.api.post('/v1/partner/price-groups', { audience: 'customers', name: 'Gold' });
    assert.equal(group.status, 201, group.raw);
    const joined = await seller.api.post(`/v1/partner/price-groups/${group.body.id}/members`, { memberId: grouped.id });
    assert.equal(joined.status, 201, joined.raw);
    assert.equal(
      (await seller.api.post(`/v1/partner/price-groups/${group.body.id}/members`, { memberId: grouped.id })).status,
      200,
    );
    await entry(seller.api, customersBook, { rule: markup(3000) }); // everyone, every offer: +30%
    await entry(seller.api, customersBook, { groupId: group.body.id, rule: markup(2000) }); // the group, every offer: +20%
    const sale = async (customerId: string) => {
      const placed = await order(seller.api, customerId, offer.id, 1);
      assert.equal(placed.status, 201, placed.raw);
      return placed.body.lines[0].saleUnitPriceMinor as number;
    };
    assert.equal(await sale(alone.id), 1300, "everyone's rule");
    assert.equal(await sale(grouped.id), 1200, "the group's rule before everyone's");
    const forOffer = await entry(seller.api, customersBook, { offerId: offer.id, rule: markup(500) });
    assert.equal(await sale(grouped.id), 1050, "an offer's rule, for everyone, before any rule for all offers");
    await entry(seller.api, customersBook, { offerId: offer.id, buyerId: grouped.id, rule: fixed(990, 'EUR') });
    assert.equal(await sale(grouped.id), 1050, 'a fixed price in EUR does not apply to a sale in USD');
    await entry(seller.api, customersBook, { offerId: offer.id, buyerId: grouped.id, rule: fixed(999) });
    assert.equal(await sale(grouped.id), 999, "the buyer's own rule for the offer first");
    // A rule changed applies to the next sale; one removed leaves the next one down.
    const changed = await seller.api.patch(`/v1/partner/price-books/${customersBook}/entries/${forOffer}`, {
      rule: markup(-1000),
    });
    assert.equal(changed.status, 200, changed.raw);
    assert.equal(await sale(alone.id), 900);
    assert.equal((await seller.api.delete(`/v1/partner/price-books/${customersBook}/entries/${forOffer}`)).status, 204);
    assert.equal(await sale(alone.id), 1300);
    // Out of the group, everyone's rule.
    assert.equal((await seller.api.delete(`/v1/partner/price-groups/${group.body.id}/members/${grouped.id}`)).status, 204);
    const entries = await seller.api.get(`/v1/partner/price-books/${customersBook}/entries`);
    assert.equal(entries.body.items.length, 4);
    // Deleting the group takes the rules naming it.
    assert.equal((await seller.api.delete(`/v1/partner/price-groups/${group.body.id}`)).status, 204);
    assert.equal((await seller.api.get(`/v1/partner/price-books/${customersBook}/entries`)).body.items.length, 3);
  });

  it("R-CUS-9: a seller names only its own resellers and customers, and sees only its own books and groups (404 for another's)", async () => {
    const stranger = await flow.partnerIn('indirect_reseller');
    const resellersBook = await book(w.provider.api, 'resellers', 'Partners');
    const customersBook = await book(w.reseller.api, 'customers', 'Customers');
    // A reseller that is not the provider's partner; a customer the reseller does not serve.
    assertProblem(
      await w.provider.api.post(`/v1/partner/price-books/${resellersBook}/entries`, {
        buyerId: stranger.tenant.id,
        rule: markup(100),
      }),
      404,
      'not_found',
    );
    assertProblem(
      await w.reseller.api.post(`/v1/partner/price-books/${customersBook}/entries`, {
        buyerId: w.directCustomer.id,
        rule: markup(100),
      }),
      404,
      'not_found',
    );
    const group = await w.reseller.api.post('/v1/partner/price-groups', { audience: 'customers', name: 'Mine' });
    assertProblem(
      await w.reseller.api.post(`/v1/partner/price-groups/${group.body.id}/members`, { memberId: w.directCustomer.id }),
      404,
      'not_found',
    );
    // Another seller's book, entries and group are not there for it.
    for (const res of [
      await w.direct.api.get(`/v1/partner/price-books/${customersBook}`),
      await w.direct.api.get(`/v1/partner/price-books/${customersBook}/entries`),
      await w.direct.api.patch(`/v1/partner/price-books/${customersBook}`, { name: 'Mine now' }),
      await w.direct.api.post(`/v1/partner/price-books/${customersBook}/entries`, { rule: markup(100) }),
      await w.direct.api.get(`/v1/partner/price-groups/${group.body.id}/members`),
      await w.direct.api.delete(`/v1/partner/price-groups/${group.body.id}`),
    ]) {
      assertProblem(res, 404, 'not_found');
    }
    const mine = await w.direct.api.get('/v1/partner/price-books');
    assert.ok(!(mine.body.items as { id: string }[]).some((b) => b.id === customersBook));
    // Its own are.
    const listed = await w.reseller.api.get('/v1/partner/price-books?audience=customers');
    assert.ok((listed.body.items as { id: string }[]).some((b) => b.id === customersBook));
  });

  it("a book reads with its number of rules, and its rules with the names of the offer, buyer and group they name (the console's lists)", async () => {
    const offer = await makeOffer(operator);
    const b = await book(w.provider.api, 'resellers', 'Named');
    const group = await w.provider.api.post('/v1/partner/price-groups', { audience: 'resellers', name: 'Silver' });
    assert.equal(group.status, 201, group.raw);
    const made = await w.provider.api.post(`/v1/partner/price-books/${b}/entries`, {
      offerId: offer.id,
      groupId: group.body.id,
      rule: fixed(1100),
    });
    assert.equal(made.status, 201, made.raw);
    assert.deepEqual([made.body.offerName, made.body.buyerName, made.body.groupName], [offer.name, null, 'Silver']);
    await entry(w.provider.api, b, { buyerId: w.reseller.tenant.id, rule: markup(500) });
    const listed = await w.provider.api.get(`/v1/partner/price-books/${b}/entries`);
    assert.deepEqual(
      (listed.body.items as Record<string, unknown>[]).map((e) => [e.offerName, e.buyerName, e.groupName]),
      [
        [offer.name, null, 'Silver'],
        [null, w.reseller.tenant.name, null],
      ],
    );
    const madeAt = (await w.provider.api.get(`/v1/partner/price-books/${b}`)).body.updatedAt as string;
    clock.advance(60_000);
    const changed = await w.provider.api.patch(`/v1/partner/price-books/${b}/entries/${made.body.id}`, { rule: markup(300) });
    assert.deepEqual([changed.status, changed.body.offerName, changed.body.groupName], [200, offer.name, 'Silver']);
    const read = (await w.provider.api.get(`/v1/partner/price-books/${b}`)).body;
    assert.equal(read.ruleCount, 2);
    assert.ok(read.updatedAt > madeAt, 'a rule changed is a change of its book');
    clock.advance(60_000);
    assert.equal((await w.provider.api.delete(`/v1/partner/price-books/${b}/entries/${made.body.id}`)).status, 204);
    const removed = (await w.provider.api.get(`/v1/partner/price-books/${b}`)).body;
    assert.deepEqual([removed.ruleCount, removed.updatedAt > read.updatedAt], [1, true], 'so is a rule removed');
    await entry(w.provider.api, b, { offerId: offer.id, groupId: group.body.id, rule: fixed(1100) });
    const books = await w.provider.api.get('/v1/partner/price-books?audience=resellers');
    assert.equal((books.body.items as { id: string; ruleCount: number }[]).find((x) => x.id === b)?.ruleCount, 2);
    clock.advance(60_000);
    const renamed = await w.provider.api.patch(`/v1/partner/price-books/${b}`, { name: 'Named again' });
    assert.deepEqual([renamed.body.name, renamed.body.ruleCount], ['Named again', 2]);
    assert.ok(renamed.body.updatedAt > removed.updatedAt, 'and a rename');
    const fresh = await w.provider.api.post('/v1/partner/price-books', { audience: 'resellers', name: 'Empty' });
    assert.deepEqual([fresh.body.ruleCount, fresh.body.updatedAt], [0, fresh.body.createdAt]);
  });

  it('a rule is a markup or a fixed price in one currency, which names its offer; one rule per book for the same offer, buyer or group and currency', async () => {
    const offer = await makeOffer(operator);
    const b = await book(w.direct.api, 'customers', 'Checks');
    assertProblem(await w.direct.api.post(`/v1/partner/price-books/${b}/entries`, { rule: fixed(100) }), 400, 'invalid_request');
    assertProblem(
      await w.direct.api.post(`/v1/partner/price-books/${b}/entries`, { offerId: offer.id, rule: fixed(100, 'XYZ') }),
      400,
      'invalid_request',
    );
    assertProblem(
      await w.direct.api.post(`/v1/partner/price-books/${b}/entries`, {
        offerId: offer.id,
        rule: { kind: 'markup', basisPoints: -10_000 },
      }),
      400,
      'invalid_request',
    );
    await entry(w.direct.api, b, { offerId: offer.id, rule: fixed(1100) });
    await entry(w.direct.api, b, { offerId: offer.id, rule: fixed(1000, 'EUR') });
    assertProblem(
      await w.direct.api.post(`/v1/partner/price-books/${b}/entries`, { offerId: offer.id, rule: fixed(1300) }),
      409,
      'price_entry_exists',
    );
    // A resellers' group cannot be named in a customers' book.
    const resellersGroup = await w.direct.api.post('/v1/partner/price-groups', { audience: 'resellers', name: 'R' });
    assertProblem(
      await w.direct.api.post(`/v1/partner/price-books/${b}/entries`, { groupId: resellersGroup.body.id, rule: markup(1) }),
      400,
      'invalid_request',
    );
    const renamed = await w.direct.api.patch(`/v1/partner/price-books/${b}`, { name: 'Checked' });
    assert.deepEqual([renamed.status, renamed.body.name], [200, 'Checked']);
    assert.equal((await w.direct.api.delete(`/v1/partner/price-books/${b}`)).status, 204);
    assertProblem(await w.direct.api.get(`/v1/partner/price-books/${b}`), 404, 'not_found');
  });
});
