import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { assertProblem } from '../../../test/support/assert.ts';
import { commerceWorld, makeOffer, order, orderingCustomer, type CommerceWorld } from '../../../test/support/commerce.ts';
import { onPostgres, TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, type Api } from '../../../test/support/program.ts';
import { clock } from '../../platform/clock.ts';
import { systemCtx } from '../../platform/context.ts';
import { invoiceRuns as invoiceRunsTable, invoices as invoicesTable } from '../../platform/db/schema.ts';
import { openBalance, runInvoices } from './service.ts';
import { invoiceTimers } from './timers.ts';

/**
 * Invoices (issue 11, part 7), with numbers worked out by hand. January 2027: the first billing
 * period of each subscription is [5 Jan, 5 Feb), 31 days. Prices per unit and month, set on the
 * terms as price books would: the operator's 10.00 to the ordering partner, the provider's 11.00
 * to its reseller, 12.00 to the customer.
 *
 *   D1, direct, 10 units on 5 Jan; 13 on 8 Jan (+3 for 28/31); 11 on 10 Jan (-2 for 26/31).
 *     operator → direct:   10000 + 2710 - 1677 = 11033   (3000 x 28/31 = 2709.68; 2000 x 26/31 = 1677.42)
 *     direct → customer:   12000 + 3252 - 2013 = 13239   (3600 x 28/31 = 3251.61; 2400 x 26/31 = 2012.90)
 *   I1, indirect, 4 units on 5 Jan, cancelled on 11 Jan (25/31 refunded).
 *     operator → provider: 4000 - 3226 = 774             (4000 x 25/31 = 3225.81)
 *     provider → reseller: 4400 - 3548 = 852             (4400 x 25/31 = 3548.39)
 *     reseller → customer: 4800 - 3871 = 929             (4800 x 25/31 = 3870.97)
 *   K1, direct, in KRW (no minor digits): 1 unit at 13 000 won on 5 Jan, cancelled on 11 Jan.
 *     every tier:          13000 - 10484 = 2516 won      (13000 x 25/31 = 10483.87)
 *   F1, direct, 1 unit at the offer's 12.00 at every tier, to a customer whose name is a spreadsheet
 *     formula: the operator's invoice to the direct-bill partner is 11033 + 1200 = 12233.
 */

let t: TestTrellis;
let operator: Api;
let w: CommerceWorld;
let customerAdmin: Api;
let formulaCustomer: string;
const subs = { D1: '', I1: '', K1: '', F1: '' };
let preview: Record<string, any> = {};

const at = (iso: string) => clock.freeze(new Date(iso));
const ok = async (res: Promise<{ status: number; body: any; raw: string }>, status = 200) => {
  const r = await res;
  assert.equal(r.status, status, r.raw);
  return r.body;
};

async function setPrices(id: string, prices: { currency?: string; partner: number; reseller: number | null; customer: number }) {
  await t.db.execute(sql`UPDATE subscription_terms SET currency = ${prices.currency ?? 'USD'},
    partner_unit_price_minor = ${prices.partner}, reseller_unit_price_minor = ${prices.reseller},
    customer_unit_price_minor = ${prices.customer} WHERE subscription_id = ${id}`);
}

const line = (i: { seller: { id: string }; buyer: { id: string }; currency: string; totalMinor: number }) =>
  `${i.seller.id}>${i.buyer.id} ${i.currency} ${i.totalMinor}`;

async function invoices(api: Api, url: string) {
  return (await ok(api.get(url))).items as {
    id: string;
    seller: { id: string };
    buyer: { id: string };
    currency: string;
    totalMinor: number;
    total: string;
    status: string;
    dueAt: string;
    issuedAt: string;
    lineCount: number;
  }[];
}

before(async () => {
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 800 } });
  const op = await t.operator();
  operator = op.api;
  w = await commerceWorld(new ProgramFlow(t, operator), operator);
  customerAdmin = t.as({ cookie: await t.signIn(w.directCustomer.email, w.directCustomer.password) });
  const formula = await orderingCustomer(w.direct.api, { companyName: '=HYPERLINK("http://evil.example","Formula Ltd")' });
  formulaCustomer = formula.id;
  const krwOffer = await makeOffer(operator);
  // The provider gives its reseller 45 days to pay (its credit terms, no limit).
  const terms = await w.provider.api.put(`/v1/indirect-resellers/${w.reseller.tenant.id}/credit`, {
    limitMinor: null,
    currency: 'USD',
    overLimit: 'hold',
    paymentTermDays: 45,
  });
  assert.equal(terms.status, 200, terms.raw);

  at('2027-01-05T00:00:00Z');
  subs.D1 = (await ok(order(w.direct.api, w.directCustomer.id, w.offer.id, 10), 201)).lines[0].subscriptionId;
  subs.I1 = (
    await ok(order(w.provider.api, w.indirectCustomer.id, w.offer.id, 4, { resellerId: w.reseller.tenant.id }), 201)
  ).lines[0].subscriptionId;
  subs.K1 = (await ok(order(w.direct.api, w.directCustomer.id, krwOffer.id, 1), 201)).lines[0].subscriptionId;
  subs.F1 = (await ok(order(w.direct.api, formulaCustomer, w.offer.id, 1), 201)).lines[0].subscriptionId;
  await setPrices(subs.D1, { partner: 1000, reseller: null, customer: 1200 });
  await setPrices(subs.I1, { partner: 1000, reseller: 1100, customer: 1200 });
  await setPrices(subs.K1, { currency: 'KRW', partner: 13000, reseller: null, customer: 13000 });

  at('2027-01-08T00:00:00Z');
  await ok(w.direct.api.patch(`/v1/subscriptions/${subs.D1}`, { quantity: 13 }));
  at('2027-01-10T00:00:00Z');
  await ok(w.direct.api.patch(`/v1/subscriptions/${subs.D1}`, { quantity: 11 }));
  at('2027-01-11T00:00:00Z');
  await ok(w.provider.api.patch(`/v1/subscriptions/${subs.I1}`, { status: 'cancelled' }));
  await ok(w.direct.api.patch(`/v1/subscriptions/${subs.K1}`, { status: 'cancelled' }));

  // The running month as it stands on 20 January, before the run.
  at('2027-01-20T00:00:00Z');
  preview = {
    operator: await ok(operator.get('/v1/operator/billing-preview')),
    directIssued: await ok(w.direct.api.get('/v1/billing-preview?side=issued')),
    resellerReceived: await ok(w.reseller.api.get('/v1/billing-preview?side=received')),
  };

  // The run on the clock module, half a minute into February.
  at('2027-02-01T00:00:30Z');
  if (onPostgres) {
    // Two workers at once make one set of invoices.
    const ctx = systemCtx(t.platform, 'test');
    await Promise.all([invoiceTimers(ctx), invoiceTimers(ctx)]);
  } else {
    await t.trellis.worker.runTimers();
  }
});
after(async () => {
  clock.reset();
  await t.close();
});

describe('the monthly invoice run', () => {
  it('invoices every tier: the operator its partners, the provider its reseller, each partner of record its customers, with prorated changes', async () => {
    const D = w.direct.tenant.id;
    const P = w.provider.tenant.id;
    const R = w.reseller.tenant.id;
    const op = await invoices(operator, '/v1/operator/invoices?period=2027-01');
    const opId = op[0]!.seller.id;
    assert.deepEqual(op.map(line).sort(), [`${opId}>${D} KRW 2516`, `${opId}>${D} USD 12233`, `${opId}>${P} USD 774`].sort());
    assert.deepEqual(
      (await invoices(w.direct.api, '/v1/invoices?side=issued')).map(line).sort(),
      [
        `${D}>${formulaCustomer} USD 1200`,
        `${D}>${w.directCustomer.id} KRW 2516`,
        `${D}>${w.directCustomer.id} USD 13239`,
      ].sort(),
    );
    assert.deepEqual((await invoices(w.direct.api, '/v1/invoices?side=received')).map(line).sort(), [
      `${opId}>${D} KRW 2516`,
      `${opId}>${D} USD 12233`,
    ]);
    assert.deepEqual((await invoices(w.provider.api, '/v1/invoices?side=issued')).map(line), [`${P}>${R} USD 852`]);
    assert.deepEqual((await invoices(w.reseller.api, '/v1/invoices?side=received')).map(line), [`${P}>${R} USD 852`]);
    assert.deepEqual((await invoices(w.reseller.api, '/v1/invoices?side=issued')).map(line), [
      `${R}>${w.indirectCustomer.id} USD 929`,
    ]);
    // The customer reads what its partner sent it.
    assert.deepEqual((await invoices(customerAdmin, '/v1/invoices')).map(line).sort(), [
      `${D}>${w.directCustomer.id} KRW 2516`,
      `${D}>${w.directCustomer.id} USD 13239`,
    ]);
  });

  it("R-CRD-1: a provider's invoice to its reseller is due after the reseller's payment terms with it; every other invoice net 30", async () => {
    // Issued at the run on 1 February 2027 (a 28-day month), open.
    const [toReseller] = await invoices(w.provider.api, '/v1/invoices?side=issued');
    assert.deepEqual(
      [toReseller!.issuedAt, toReseller!.dueAt, toReseller!.status, toReseller!.total],
      // 45 days: 27 to 28 February, 18 into March.
      ['2027-02-01T00:00:30.000Z', '2027-03-18T00:00:30.000Z', 'open', '8.52'],
    );
    // The default, 30 days: 27 to 28 February, 3 into March. The operator's to the provider, the
    // reseller's to its customer and the direct-bill partner's have no credit terms.
    const others = [
      ...(await invoices(w.provider.api, '/v1/invoices?side=received')),
      ...(await invoices(w.reseller.api, '/v1/invoices?side=issued')),
      ...(await invoices(w.direct.api, '/v1/invoices?side=issued')),
    ];
    assert.equal(others.length, 5);
    for (const i of others) assert.equal(i.dueAt, '2027-03-03T00:00:30.000Z', line(i));
  });

  it('lists each charge as a line at the tier price', async () => {
    const usd = (await invoices(w.direct.api, '/v1/invoices?side=issued')).find(
      (i) => i.buyer.id === w.directCustomer.id && i.currency === 'USD',
    )!;
    assert.equal(usd.lineCount, 3);
    const lines = (await ok(w.direct.api.get(`/v1/invoices/${usd.id}/lines?limit=2`))) as { items: any[]; nextCursor: string };
    const rest = await ok(w.direct.api.get(`/v1/invoices/${usd.id}/lines?limit=2&cursor=${lines.nextCursor}`));
    assert.deepEqual(
      [...lines.items, ...rest.items].map((l) => [l.charge, l.quantity, l.unitPriceMinor, l.amountMinor, l.chargedAt]),
      [
        ['purchase', 10, 1200, 12000, '2027-01-05T00:00:00.000Z'],
        ['increase', 3, 1200, 3252, '2027-01-08T00:00:00.000Z'],
        ['decrease', -2, 1200, -2013, '2027-01-10T00:00:00.000Z'],
      ],
    );
    assert.equal(rest.nextCursor, null);
  });

  it("the preview of the running month is the month's invoice when nothing changed after it", async () => {
    const byKey = (items: any[]) => items.map(line).sort();
    assert.deepEqual(byKey(preview.operator.items), byKey(await invoices(operator, '/v1/operator/invoices?period=2027-01')));
    assert.deepEqual(byKey(preview.directIssued.items), byKey(await invoices(w.direct.api, '/v1/invoices?side=issued')));
    assert.deepEqual(byKey(preview.resellerReceived.items), byKey(await invoices(w.reseller.api, '/v1/invoices?side=received')));
    assert.equal(preview.directIssued.period, '2027-01');
    // On 20 January every charge of the month had been made: the month so far is the whole month.
    assert.ok(preview.operator.items.every((i: { toDateMinor: number; totalMinor: number }) => i.toDateMinor === i.totalMinor));
  });

  it('a rerun, or a run resumed from scratch, makes no second invoice or line', async () => {
    const before = await invoices(operator, '/v1/operator/invoices?period=2027-01');
    const ctx = systemCtx(t.platform, 'test');
    assert.deepEqual(await runInvoices(ctx, '2027-01'), { lines: 0, issued: 0 });
    // Even forgetting how far it got, it writes nothing twice.
    await t.db.execute(
      sql`UPDATE invoice_runs SET last_subscription_id = NULL, charged_at = NULL, completed_at = NULL WHERE period = '2027-01'`,
    );
    assert.deepEqual(await runInvoices(ctx, '2027-01'), { lines: 0, issued: 0 });
    assert.deepEqual(await invoices(operator, '/v1/operator/invoices?period=2027-01'), before);
    const [count] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(invoicesTable)
      .where(eq(invoicesTable.period, '2027-01'));
    assert.equal(count?.n, 8);
  });

  it('streams the reconciliation file with the columns of the issue, amounts per currency, formulas escaped', async () => {
    const mine = await invoices(w.direct.api, '/v1/invoices?side=issued');
    const csv = async (id: string) => {
      const res = await w.direct.api.get(`/v1/invoices/${id}/reconciliation.csv`);
      assert.equal(res.status, 200, res.raw);
      assert.match(String(res.headers['content-type']), /text\/csv/);
      return parse<Record<string, string>>(res.raw, { columns: true });
    };
    const usd = await csv(mine.find((i) => i.buyer.id === w.directCustomer.id && i.currency === 'USD')!.id);
    assert.deepEqual(Object.keys(usd[0]!), [
      'customer',
      'subscription',
      'offer',
      'sku',
      'charge',
      'chargedAt',
      'quantity',
      'period',
      'unitPrice',
      'amount',
      'currency',
      'partnerOfRecord',
    ]);
    assert.deepEqual(
      usd.map((r) => [r.charge, r.quantity, r.unitPrice, r.amount, r.currency, r.subscription]),
      [
        ['purchase', '10', '12.00', '120.00', 'USD', subs.D1],
        ['increase', '3', '12.00', '32.52', 'USD', subs.D1],
        ['decrease', '-2', '12.00', '-20.13', 'USD', subs.D1],
      ],
    );
    assert.equal(usd[0]!.period, '2027-01-05T00:00:00.000Z/2027-02-05T00:00:00.000Z');
    assert.equal(usd[0]!.partnerOfRecord, w.direct.tenant.name);
    assert.equal(usd[0]!.offer, w.offer.name);
    const krw = await csv(mine.find((i) => i.currency === 'KRW')!.id);
    assert.deepEqual(
      krw.map((r) => [r.charge, r.unitPrice, r.amount]),
      [
        ['purchase', '13000', '13000'],
        ['cancellation', '13000', '-10484'],
      ],
    );
    // Text that a spreadsheet would run is escaped; negative amounts stay numbers.
    const formula = await csv(mine.find((i) => i.buyer.id === formulaCustomer)!.id);
    assert.equal(formula[0]!.customer, `'=HYPERLINK("http://evil.example","Formula Ltd")`);
  });

  it("answers 404 for another tenant's invoice, its lines and file; only the seller marks one paid", async () => {
    const opInvoice = (await invoices(operator, '/v1/operator/invoices?period=2027-01')).find(
      (i) => i.buyer.id === w.provider.tenant.id,
    )!;
    const directInvoice = (await invoices(w.direct.api, '/v1/invoices?side=issued')).find(
      (i) => i.buyer.id === w.directCustomer.id && i.currency === 'USD',
    )!;
    for (const url of ['', '/lines', '/reconciliation.csv']) {
      assertProblem(await w.reseller.api.get(`/v1/invoices/${opInvoice.id}${url}`), 404, 'not_found');
      assertProblem(await w.provider.api.get(`/v1/invoices/${directInvoice.id}${url}`), 404, 'not_found');
    }
    assertProblem(await w.reseller.api.post(`/v1/invoices/${directInvoice.id}/payment`), 404, 'not_found');
    // The buyer sees it and may not mark it paid.
    assertProblem(await customerAdmin.post(`/v1/invoices/${directInvoice.id}/payment`), 403, 'forbidden');
    assertProblem(await w.provider.api.post(`/v1/invoices/${opInvoice.id}/payment`), 403, 'forbidden');
    const paid = await ok(w.direct.api.post(`/v1/invoices/${directInvoice.id}/payment`));
    assert.deepEqual([paid.status, paid.paidAt], ['paid', '2027-02-01T00:00:30.000Z']);
    assert.equal((await ok(customerAdmin.get(`/v1/invoices/${directInvoice.id}`))).status, 'paid');
    assert.equal((await ok(operator.post(`/v1/operator/invoices/${opInvoice.id}/payment`))).status, 'paid');
    assert.deepEqual(
      (await invoices(w.provider.api, '/v1/invoices?side=received&status=paid')).map((i) => i.id),
      [opInvoice.id],
    );
  });

  it('the open balance is the unpaid invoices and the charges made since, at that tier', async () => {
    const ctx = systemCtx(t.platform, 'test');
    const opId = (await invoices(operator, '/v1/operator/invoices?period=2027-01'))[0]!.seller.id;
    const D = w.direct.tenant.id;
    assert.equal(await openBalance(ctx, opId, D, 'USD'), 12233);
    assert.equal(await openBalance(ctx, w.provider.tenant.id, w.reseller.tenant.id, 'USD'), 852);
    // The second billing periods, 5 February, not invoiced yet: D1's 11 units at 10.00, F1's one at 12.00.
    at('2027-02-06T00:00:00Z');
    assert.equal(await openBalance(ctx, opId, D, 'USD'), 12233 + 11000 + 1200);
    assert.equal(await openBalance(ctx, opId, D, 'KRW'), 2516);
  });

  it('a missed month is caught up: after two month boundaries without a run, the next one invoices both months, oldest first, once', async () => {
    const ctx = systemCtx(t.platform, 'test');
    const opId = (await invoices(operator, '/v1/operator/invoices?period=2027-01'))[0]!.seller.id;
    const D = w.direct.tenant.id;
    // From 6 February to half a minute into April, the worker down: no run on 1 March or 1 April.
    clock.advance(Date.parse('2027-04-01T00:00:30Z') - Date.parse('2027-02-06T00:00:00Z'));
    assert.equal(clock.now().toISOString(), '2027-04-01T00:00:30.000Z');
    // February and March are owed all the same: each month D1's 11 units at 10.00 and F1's one at 12.00.
    assert.equal(await openBalance(ctx, opId, D, 'USD'), 12233 + 2 * 12200);
    // Each month: the operator's invoice to the direct-bill partner, and the partner's to each of its two customers.
    assert.equal(await invoiceTimers(ctx), 6);
    const runs = await t.db.select().from(invoiceRunsTable).orderBy(invoiceRunsTable.period);
    assert.deepEqual(
      runs.map((r) => [r.period, r.completedAt !== null]),
      [
        ['2027-01', true],
        ['2027-02', true],
        ['2027-03', true],
      ],
    );
    for (const period of ['2027-02', '2027-03']) {
      const op = await invoices(operator, `/v1/operator/invoices?period=${period}`);
      assert.deepEqual(op.map(line), [`${opId}>${D} USD 12200`], period);
    }
    const issued = await invoices(w.direct.api, '/v1/invoices?side=issued');
    assert.deepEqual(
      issued
        .filter((i) => i.buyer.id === w.directCustomer.id && i.currency === 'USD')
        .map((i) => [i.totalMinor, i.issuedAt, i.dueAt])
        .sort(),
      [
        [13200, '2027-04-01T00:00:30.000Z', '2027-05-01T00:00:30.000Z'],
        [13200, '2027-04-01T00:00:30.000Z', '2027-05-01T00:00:30.000Z'],
        [13239, '2027-02-01T00:00:30.000Z', '2027-03-03T00:00:30.000Z'],
      ],
    );
    // Invoiced now, so counted once.
    assert.equal(await openBalance(ctx, opId, D, 'USD'), 12233 + 2 * 12200);
    // Done: the next tick does nothing.
    assert.equal(await invoiceTimers(ctx), 0);
  });
});
