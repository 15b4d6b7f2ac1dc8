import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { monthOf } from '../src/domain/invoicing.ts';
import { runInvoices } from '../src/modules/invoices/service.ts';
import { clock } from '../src/platform/clock.ts';
import { systemCtx } from '../src/platform/context.ts';
import { bulkMoveItems, bulkMoves, invoices } from '../src/platform/db/schema.ts';
import { attest, makeOffer } from './support/commerce.ts';
import { TestTrellis } from './support/harness.ts';
import { newCustomer, ProgramFlow, unique, type Api, type ProgramPartner } from './support/program.ts';

/**
 * Every list the console shows makes a fixed number of queries per page, whatever its size: a
 * page of 5 and a page of 50 of the same list cost the same. Each list holds more than 5 rows,
 * so a query made per row shows as a difference.
 */
const ROWS = 7;

let t: TestTrellis;
let operator: Api;
let provider: ProgramPartner;
let providers: ProgramPartner[];
let resellers: ProgramPartner[];
let customerIds: string[];
let moveId: string;
let bookId: string;
let groupId: string;
/** A subscription of the first customer with a license assigned to each of ROWS users. */
let bigSubscription: string;
/** This month's invoice of the provider to its first reseller (many lines), and to its second (one). */
let bigInvoice: string;
let smallInvoice: string;
/** The global admin of the first customer, which received a relationship request from each provider's reseller. */
let customerAdmin: Api;

before(async () => {
  t = await TestTrellis.start({ config: { demo: true } });
  operator = (await t.operator()).api;
  const flow = new ProgramFlow(t, operator);
  providers = [];
  resellers = [];
  for (let i = 0; i < ROWS; i++) providers.push(await flow.partnerIn('indirect_provider'));
  for (let i = 0; i < ROWS; i++) resellers.push(await flow.partnerIn('indirect_reseller'));
  provider = providers[0]!;
  const reseller = resellers[0]!;
  // The first provider works with every reseller, the first reseller with every provider.
  for (const r of resellers) await flow.partnerUp(provider, r);
  for (const p of providers.slice(1)) await flow.partnerUp(p, reseller);
  // A customer of the provider through each reseller (each row another reseller), and more through the first.
  customerIds = [];
  for (const r of [...resellers, ...resellers.slice(1).map(() => reseller)]) {
    const made = await newCustomer(provider.api, { resellerId: r.tenant.id });
    customerIds.push(made.id);
    customerAdmin ??= t.as({ cookie: await t.signIn(made.email, made.password) });
  }
  // The first reseller asks its first customer again, jointly with each of its providers (R-CUS-2).
  for (const p of providers) {
    const named = await reseller.api.post('/v1/relationship-requests', { providerId: p.tenant.id, customerId: customerIds[0] });
    assert.equal(named.status, 201, named.raw);
  }
  // The first reseller asks each of its customers for a grant and each for a relationship.
  for (const id of customerIds.filter((_, i) => i === 0 || i >= ROWS)) {
    const asked = await reseller.api.post('/v1/admin-grant-requests', { grantorId: id, roles: ['global_reader'], days: 30 });
    assert.equal(asked.status, 201, asked.raw);
    const requested = await reseller.api.post('/v1/relationship-requests', {
      providerId: provider.tenant.id,
      email: `it-${unique()}@example.com`,
    });
    assert.equal(requested.status, 201, requested.raw);
  }
  for (const p of providers) {
    const listed = await p.api.put('/v1/partner/directory-entry', {
      description: 'Cloud distribution',
      offers: ['training'],
      contactEmail: `channel-${unique()}@provider.example`,
      listed: true,
    });
    assert.equal(listed.status, 200, listed.raw);
  }
  // Operator staff: users of the operator tenant.
  for (let i = 0; i < ROWS; i++) {
    const res = await operator.post('/v1/users', {
      email: `support-${unique()}@operator.example`,
      name: 'Support',
      roles: ['support'],
    });
    assert.equal(res.status, 201, res.raw);
  }
  // Commerce: offers, and orders of two lines each for the first customer (each line a subscription).
  const offers = [];
  for (let i = 0; i < ROWS; i++) offers.push(await makeOffer(operator));
  await attest(provider.api, customerIds[0]!);
  for (let i = 0; i < ROWS; i++) {
    const placed = await provider.api.post(`/v1/customers/${customerIds[0]}/orders`, {
      lines: [
        { offerId: offers[i]!.id, quantity: 1 },
        { offerId: offers[(i + 1) % ROWS]!.id, quantity: 2 },
      ],
      resellerId: reseller.tenant.id,
    });
    assert.equal(placed.status, 201, placed.raw);
  }
  // Price books: books, a book's rules (one per reseller), a group of every reseller; held orders past a zero limit.
  const ok201 = async (res: Promise<{ status: number; raw: string; body: any }>) => {
    const r = await res;
    assert.equal(r.status, 201, r.raw);
    return r.body;
  };
  for (let i = 0; i < ROWS; i++)
    await ok201(provider.api.post('/v1/partner/price-books', { audience: 'resellers', name: `Book ${i}` }));
  bookId = (await provider.api.get('/v1/partner/price-books?limit=1')).body.items[0].id;
  groupId = (await ok201(provider.api.post('/v1/partner/price-groups', { audience: 'resellers', name: 'Everyone' }))).id;
  for (const r of resellers) {
    await ok201(
      provider.api.post(`/v1/partner/price-books/${bookId}/entries`, {
        buyerId: r.tenant.id,
        rule: { kind: 'markup', basisPoints: 500 },
      }),
    );
    await ok201(provider.api.post(`/v1/partner/price-groups/${groupId}/members`, { memberId: r.tenant.id }));
  }
  const credit = (limitMinor: number | null) =>
    provider.api.put(`/v1/indirect-resellers/${reseller.tenant.id}/credit`, {
      limitMinor,
      currency: 'USD',
      overLimit: 'hold',
      paymentTermDays: 30,
    });
  assert.equal((await credit(0)).status, 200);
  for (let i = 0; i < ROWS; i++) {
    const held = await ok201(
      provider.api.post(`/v1/customers/${customerIds[0]}/orders`, {
        lines: [{ offerId: offers[i]!.id, quantity: 1 }],
        resellerId: reseller.tenant.id,
      }),
    );
    assert.equal(held.status, 'held');
  }
  assert.equal((await credit(null)).status, 200);
  // Licenses: one more subscription, of 10, with a license for each of ROWS users of the customer.
  const big = await provider.api.post(`/v1/customers/${customerIds[0]}/orders`, {
    lines: [{ offerId: offers[0]!.id, quantity: 10 }],
    resellerId: reseller.tenant.id,
  });
  assert.equal(big.status, 201, big.raw);
  bigSubscription = big.body.lines[0].subscriptionId;
  for (let i = 0; i < ROWS; i++) {
    const user = await customerAdmin.post('/v1/users', {
      email: `user-${unique()}@customer.example`,
      name: 'User',
      roles: ['user'],
    });
    assert.equal(user.status, 201, user.raw);
    const assigned = await customerAdmin.post(`/v1/subscriptions/${bigSubscription}/license-assignments`, {
      userId: user.body.id,
    });
    assert.equal(assigned.status, 201, assigned.raw);
  }
  // One more order through each other reseller: the provider invoices each of them.
  for (let i = 1; i < ROWS; i++) {
    await attest(provider.api, customerIds[i]!);
    const placed = await provider.api.post(`/v1/customers/${customerIds[i]}/orders`, {
      lines: [{ offerId: offers[i]!.id, quantity: 1 }],
      resellerId: resellers[i]!.tenant.id,
    });
    assert.equal(placed.status, 201, placed.raw);
  }
  await runInvoices(systemCtx(t.platform, 'lists'), monthOf(clock.now()).period);
  const invoiceTo = async (buyer: string) => {
    const [row] = await t.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.sellerId, provider.tenant.id), eq(invoices.buyerId, buyer)));
    return row!.id;
  };
  bigInvoice = await invoiceTo(reseller.tenant.id);
  smallInvoice = await invoiceTo(resellers[1]!.tenant.id);
  // Bulk moves and a report are written as the worker leaves them: their making is bulk-move.test.ts's.
  const now = new Date();
  const moves = Array.from({ length: ROWS }, (_, i) => ({
    id: randomUUID(),
    partnerId: reseller.tenant.id,
    providerId: providers[i]!.tenant.id,
    status: 'completed' as const,
    total: ROWS,
    sent: 0,
    failed: ROWS,
    perMinute: 600,
    createdBy: reseller.admin.id,
    createdAt: new Date(now.getTime() - i * 1000),
  }));
  await t.db.insert(bulkMoves).values(moves);
  moveId = moves[0]!.id;
  await t.db.insert(bulkMoveItems).values(
    customerIds.slice(0, ROWS).map((customerId, position) => ({
      moveId,
      position,
      customerId,
      status: 'failed' as const,
      code: 'not_a_direct_customer',
      detail: 'Not a direct customer.',
      processedAt: now,
    })),
  );
});
after(() => t.close());

const asProvider = () => provider.api;
const asReseller = () => resellers[0]!.api;
const asOperator = () => operator;
const asCustomer = () => customerAdmin;

/** The lists the console shows, each with who calls it. */
const lists: { caller: () => Api; url: () => string; name?: string }[] = [
  { caller: asProvider, url: () => '/v1/customers' },
  { caller: asProvider, url: () => '/v1/customers?acquired=indirect' },
  { caller: asProvider, url: () => '/v1/customers?search=customer' },
  { caller: asReseller, url: () => '/v1/customers', name: "a reseller's /v1/customers" },
  {
    caller: asReseller,
    url: () => `/v1/indirect-providers/${provider.tenant.id}/customers`,
    name: '/v1/indirect-providers/:id/customers',
  },
  { caller: asProvider, url: () => '/v1/indirect-resellers' },
  { caller: asReseller, url: () => '/v1/indirect-providers' },
  { caller: asProvider, url: () => '/v1/partnership-invitations' },
  { caller: asProvider, url: () => '/v1/admin-grants?side=held', name: "a provider's /v1/admin-grants?side=held" },
  { caller: asReseller, url: () => '/v1/admin-grants?side=held' },
  { caller: asReseller, url: () => '/v1/admin-grants?side=given' },
  { caller: asReseller, url: () => '/v1/admin-grant-requests?side=sent' },
  { caller: asReseller, url: () => '/v1/relationship-requests' },
  { caller: asCustomer, url: () => '/v1/customer/relationship-requests' },
  { caller: asReseller, url: () => '/v1/bulk-moves' },
  { caller: asReseller, url: () => `/v1/bulk-moves/${moveId}/items`, name: '/v1/bulk-moves/:id/items' },
  { caller: asProvider, url: () => '/v1/audit-events', name: "a partner's /v1/audit-events" },
  { caller: asOperator, url: () => '/v1/users' },
  { caller: asOperator, url: () => '/v1/audit-events', name: "the operator's /v1/audit-events" },
  { caller: asOperator, url: () => '/v1/operator/enrollments' },
  { caller: asOperator, url: () => '/v1/operator/partners' },
  { caller: asOperator, url: () => '/v1/operator/partners?capability=indirect_reseller' },
  { caller: asOperator, url: () => '/v1/operator/partners?search=partner' },
  {
    caller: asOperator,
    url: () => `/v1/operator/partners/${provider.tenant.id}/partnerships`,
    name: '/v1/operator/partners/:id/partnerships',
  },
  { caller: asProvider, url: () => '/v1/directory/providers' },
  { caller: asOperator, url: () => '/v1/operator/offers' },
  { caller: asProvider, url: () => '/v1/offers?country=US' },
  { caller: asProvider, url: () => `/v1/customers/${customerIds[0]}/orders`, name: "a provider's /v1/customers/:id/orders" },
  { caller: asCustomer, url: () => `/v1/customers/${customerIds[0]}/orders`, name: "a customer's /v1/customers/:id/orders" },
  { caller: asReseller, url: () => `/v1/customers/${customerIds[0]}/subscriptions`, name: '/v1/customers/:id/subscriptions' },
  { caller: asReseller, url: () => `/v1/customers/${customerIds[0]}/licenses`, name: '/v1/customers/:id/licenses' },
  {
    caller: asReseller,
    url: () => `/v1/customers/${customerIds[0]}/license-assignments`,
    name: '/v1/customers/:id/license-assignments',
  },
  {
    caller: asCustomer,
    url: () => `/v1/subscriptions/${bigSubscription}/license-assignments`,
    name: '/v1/subscriptions/:id/license-assignments',
  },
  { caller: asProvider, url: () => '/v1/invoices?side=issued', name: "a provider's /v1/invoices?side=issued" },
  { caller: asProvider, url: () => `/v1/invoices/${bigInvoice}/lines`, name: '/v1/invoices/:id/lines' },
  { caller: asProvider, url: () => '/v1/dev/mailbox' },
  { caller: asProvider, url: () => '/v1/partner/price-books' },
  { caller: asProvider, url: () => `/v1/partner/price-books/${bookId}/entries`, name: '/v1/partner/price-books/:id/entries' },
  { caller: asProvider, url: () => `/v1/partner/price-groups/${groupId}/members`, name: '/v1/partner/price-groups/:id/members' },
  { caller: asProvider, url: () => '/v1/partner/held-orders', name: "a provider's /v1/partner/held-orders" },
  { caller: asReseller, url: () => '/v1/partner/held-orders', name: "a reseller's /v1/partner/held-orders" },
];

describe('list queries', () => {
  for (const { caller, url: urlOf, name } of lists) {
    it(`${name ?? urlOf()}: a page of 50 makes as many queries as a page of 5`, async () => {
      const url = urlOf();
      const get = (limit: number) =>
        t.countQueries(async () => {
          const res = await caller().get(`${url}${url.includes('?') ? '&' : '?'}limit=${limit}`);
          assert.equal(res.status, 200, res.raw);
          return res.body.items.length as number;
        });
      const small = await get(5);
      const large = await get(50);
      assert.equal(small.result, 5, 'the list holds more than a small page');
      assert.ok(large.result > 5, `${large.result} rows`);
      assert.equal(large.count, small.count, `5 rows: ${small.count} queries, ${large.result} rows: ${large.count}`);
    });
  }

  it('the CSV export makes as many queries for many customers as for few', async () => {
    const exportOf = (query: string) =>
      t.countQueries(async () => {
        const res = await provider.api.get(`/v1/customers/export${query}`);
        assert.equal(res.status, 200, res.raw);
        return res.raw.trim().split('\n').length - 1;
      });
    const few = await exportOf(`?resellerId=${resellers[1]!.tenant.id}`);
    const many = await exportOf('');
    assert.equal(few.result, 1);
    assert.equal(many.result, 2 * ROWS - 1);
    assert.equal(many.count, few.count);
  });

  it("an invoice's reconciliation file makes as many queries for many lines as for one", async () => {
    const fileOf = (id: string) =>
      t.countQueries(async () => {
        const res = await provider.api.get(`/v1/invoices/${id}/reconciliation.csv`);
        assert.equal(res.status, 200, res.raw);
        return res.raw.trim().split('\n').length - 1;
      });
    const few = await fileOf(smallInvoice);
    const many = await fileOf(bigInvoice);
    assert.equal(few.result, 1);
    // The first customer's orders of two lines each, and its licensed subscription: all through the first reseller.
    assert.equal(many.result, 2 * ROWS + 1);
    assert.equal(many.count, few.count);
  });

  it('rows carry the names the console shows beside the ids', async () => {
    const rows = (await provider.api.get('/v1/customers?limit=50')).body.items as { reseller: { id: string; name: string } }[];
    const names = new Map(resellers.map((r) => [r.tenant.id, r.tenant.name]));
    for (const row of rows) assert.equal(row.reseller.name, names.get(row.reseller.id));
    const moves = (await resellers[0]!.api.get('/v1/bulk-moves')).body.items as { providerId: string; providerName: string }[];
    const providerNames = new Map(providers.map((p) => [p.tenant.id, p.tenant.name]));
    for (const m of moves) assert.equal(m.providerName, providerNames.get(m.providerId));
    const asked = (await resellers[0]!.api.get('/v1/admin-grant-requests?side=sent')).body.items;
    for (const r of asked)
      assert.deepEqual([r.granteeName, r.grantorName.startsWith('Customer ')], [resellers[0]!.tenant.name, true]);
    const requests = (await resellers[0]!.api.get('/v1/relationship-requests?limit=50')).body.items;
    for (const r of requests) assert.equal(r.providerName, providerNames.get(r.providerId));
    const received = (await customerAdmin.get('/v1/customer/relationship-requests?limit=50')).body.items;
    assert.equal(received.length, ROWS);
    for (const r of received) {
      assert.deepEqual(r.partner, { id: resellers[0]!.tenant.id, name: resellers[0]!.tenant.name });
      assert.equal(r.provider.name, providerNames.get(r.provider.id));
    }
    const partnerships = (await operator.get(`/v1/operator/partners/${provider.tenant.id}/partnerships?limit=50`)).body.items;
    for (const p of partnerships) assert.equal(p.counterpart.name, names.get(p.counterpart.id));
  });
});
