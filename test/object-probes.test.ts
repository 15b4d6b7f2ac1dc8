import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { monthOf } from '../src/domain/invoicing.ts';
import { runInvoices } from '../src/modules/invoices/service.ts';
import { clock } from '../src/platform/clock.ts';
import { systemCtx } from '../src/platform/context.ts';
import { invoices } from '../src/platform/db/schema.ts';
import { attest, makeOffer, order } from './support/commerce.ts';
import { TestTrellis } from './support/harness.ts';
import { member, newCustomer, ProgramFlow, unique, type Api, type ProgramPartner } from './support/program.ts';

/**
 * Object-level authorization: two worlds of tenants, each with one of every object; every
 * route that takes an id, called by every kind of caller of one world with the ids of the
 * other's objects, answers 404 (or 403/400 before any lookup), never the object.
 */

interface World {
  provider: ProgramPartner;
  reseller: ProgramPartner;
  direct: ProgramPartner;
  customer: { api: Api; id: string };
  /** Every id of an object of this world, by what it is, and the words that would betray one. */
  ids: Map<string, string>;
  secrets: string[];
}

let t: TestTrellis;
let flow: ProgramFlow;
let operatorApi: Api;
let a: World;
let b: World;

const tokenOf = (link: string) => link.split('/links/')[1]!;

async function world(tag: string): Promise<World> {
  const provider = await flow.partnerIn('indirect_provider');
  const reseller = await flow.partnerIn('indirect_reseller');
  const direct = await flow.partnerIn('direct_bill');
  const partnershipId = await flow.partnerUp(provider, reseller);
  for (const p of [provider, reseller, direct]) {
    const roles = await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(roles.status, 200, roles.raw);
  }
  const made = await newCustomer(direct.api, { companyName: `Probe target ${tag}` });
  const customerApi = t.as({ cookie: await t.signIn(made.email, made.password) });
  const customerUser = await member(t, customerApi, ['user'], `user-${tag}@probe-${tag}.example`);
  const partnerUser = await member(t, direct.api, ['sales_agent'], `sales-${tag}@probe-${tag}.example`);
  const indirect = await newCustomer(provider.api, { resellerId: reseller.tenant.id });
  const ok = async (res: Promise<{ status: number; body: any; raw: string }>) => {
    const r = await res;
    assert.ok(r.status < 300, r.raw);
    return r.body;
  };
  const invitation = await ok(provider.api.post('/v1/partnership-invitations', { email: `invitee-${tag}@probe.example` }));
  const request = await ok(direct.api.post('/v1/relationship-requests', { email: `prospect-${tag}@probe.example` }));
  const grant = (await ok(direct.api.get('/v1/admin-grants?side=held'))).items[0];
  const grantRequest = await ok(
    direct.api.post('/v1/admin-grant-requests', { grantorId: made.id, roles: ['license_admin'], days: 30 }),
  );
  const relationship = (await ok(direct.api.get(`/v1/customers/${made.id}`))).relationships[0];
  const token = await ok(direct.api.post('/v1/api-tokens', { name: `probe ${tag}`, expiresInDays: 1 }));
  // Commerce: an order for the direct customer and the subscription it made.
  await attest(direct.api, made.id);
  const placed = await ok(order(direct.api, made.id, (await makeOffer(operatorApi)).id, 3));
  // A license of it, assigned to the customer's user (issue 11, part 5).
  await ok(
    customerApi.post(`/v1/subscriptions/${placed.lines[0].subscriptionId}/license-assignments`, { userId: customerUser.user.id }),
  );
  // A bulk move is made by a partner that moved from direct bill to indirect reseller (R-TRN-9).
  await flow.moveToIndirect(direct);
  await flow.partnerUp(provider, direct);
  const move = await ok(direct.api.post('/v1/bulk-moves', { providerId: provider.tenant.id, customerIds: [made.id] }));
  const enrollment = direct.enrollment.id;
  // Price books: the provider's book for its reseller, with a rule, and a group holding the reseller.
  const priceBook = await ok(provider.api.post('/v1/partner/price-books', { audience: 'resellers', name: `Book ${tag}` }));
  const priceEntry = await ok(
    provider.api.post(`/v1/partner/price-books/${priceBook.id}/entries`, {
      buyerId: reseller.tenant.id,
      rule: { kind: 'markup', basisPoints: 1000 },
    }),
  );
  const priceGroup = await ok(provider.api.post('/v1/partner/price-groups', { audience: 'resellers', name: `Group ${tag}` }));
  await ok(provider.api.post(`/v1/partner/price-groups/${priceGroup.id}/members`, { memberId: reseller.tenant.id }));
  const ids = new Map<string, string>(
    Object.entries({
      providerTenant: provider.tenant.id,
      resellerTenant: reseller.tenant.id,
      directTenant: direct.tenant.id,
      customerTenant: made.id,
      indirectCustomerTenant: indirect.id,
      providerAdmin: provider.admin.id,
      customerUser: customerUser.user.id,
      partnerUser: partnerUser.user.id,
      partnership: partnershipId,
      invitation: invitation.id,
      relationshipRequest: request.request.id,
      grant: grant.id,
      grantRequest: grantRequest.request.id,
      relationship: relationship.id,
      apiToken: token.id,
      bulkMove: move.id,
      enrollment,
      order: placed.id,
      subscription: placed.lines[0].subscriptionId,
      priceBook: priceBook.id,
      priceEntry: priceEntry.id,
      priceGroup: priceGroup.id,
    }),
  );
  for (const [what, id] of ids)
    assert.match(String(id), /^[0-9a-f-]{36}$/, `${what} of world ${tag}: ${JSON.stringify(id)} ${JSON.stringify(move)}`);
  return {
    provider,
    reseller,
    direct,
    customer: { api: customerApi, id: made.id },
    ids,
    secrets: [
      `Book ${tag}`,
      `Group ${tag}`,
      `Probe target ${tag}`,
      `user-${tag}@probe-${tag}.example`,
      `sales-${tag}@probe-${tag}.example`,
      `invitee-${tag}@`,
    ],
  };
}

before(async () => {
  t = await TestTrellis.start();
  const operator = await t.operator();
  operatorApi = operator.api;
  flow = new ProgramFlow(t, operator.api);
  a = await world(`a${unique()}`);
  b = await world(`b${unique()}`);
  // This month's invoices (the run takes any month): world B's direct-bill partner's to its customer is probed.
  await runInvoices(systemCtx(t.platform, 'probes'), monthOf(clock.now()).period);
  for (const w of [a, b]) {
    const [row] = await t.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.sellerId, w.direct.tenant.id), eq(invoices.buyerId, w.customer.id)));
    assert.ok(row, 'no invoice of the direct-bill partner to its customer');
    w.ids.set('invoice', row.id);
  }
  // The token of world B's pending invitation is a bearer secret, not an object: links are probed elsewhere.
  void tokenOf;
});
after(() => t.close());

/** A body that passes each route's schema, so that probes reach the lookup. */
const bodies: Record<string, unknown> = {
  'PATCH /v1/users/:id': { name: 'Renamed by a prober' },
  'PUT /v1/users/:id/roles': { roles: ['sales_agent'] },
  'POST /v1/customers/:id/users': { email: `probe-${unique()}@example.com`, name: 'Probe', roles: ['user'] },
  'PATCH /v1/customers/:id/users/:userId': { name: 'Renamed by a prober' },
  'PUT /v1/customers/:id/users/:userId/roles': { roles: ['user'] },
  'PATCH /v1/admin-grants/:id': { roles: ['user_admin'] },
  'POST /v1/admin-grant-requests/:id/rejection': { reason: 'probe' },
  'POST /v1/partner/partner-id-links/:id/verification': { code: '000000' },
  'POST /v1/customers/:id/customer-agreement/attestations': {
    signerName: 'Probe',
    signerEmail: 'probe@example.com',
    signedOn: '2026-01-15',
  },
  'POST /v1/customers/:id/orders': { lines: [{ offerId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] },
  'PATCH /v1/subscriptions/:id': { autoRenew: false },
  'PATCH /v1/partner/price-books/:id': { name: 'Renamed by a prober' },
  'POST /v1/partner/price-books/:id/entries': { rule: { kind: 'markup', basisPoints: 1 } },
  'PATCH /v1/partner/price-books/:id/entries/:entryId': { rule: { kind: 'markup', basisPoints: 1 } },
  'PATCH /v1/partner/price-groups/:id': { name: 'Renamed by a prober' },
  'POST /v1/partner/price-groups/:id/members': { memberId: '00000000-0000-4000-8000-000000000000' },
  'PUT /v1/indirect-resellers/:id/credit': { limitMinor: 0, currency: 'USD', overLimit: 'refuse', paymentTermDays: 1 },
  'POST /v1/subscriptions/:id/license-assignments': { userId: '00000000-0000-4000-8000-000000000000' },
};

describe('object-level probes', () => {
  it("every route with an id answers another world's ids with 404 (or a refusal before any lookup), never the object", async () => {
    const routes = t.trellis.server.routeTable.filter(
      // Operator staff work across tenants by role; links are bearer tokens, probed by their own tests.
      (r) =>
        /:(id|userId|relationshipId|customerId|partnerId)\b/.test(r.url) &&
        !r.url.startsWith('/v1/operator/') &&
        !r.url.includes(':token'),
    );
    assert.ok(routes.length >= 30, `${routes.length} routes with an id`);
    const probers: [string, Api][] = [
      ['provider admin', a.provider.api],
      ['reseller admin', a.reseller.api],
      ['direct-bill admin', a.direct.api],
      ['customer admin', a.customer.api],
    ];
    const counts = new Map<number, number>();
    let probes = 0;
    const failures: string[] = [];
    for (const route of routes) {
      for (const [who, api] of probers) {
        for (const [what, id] of b.ids) {
          const url = route.url.replace(/:[A-Za-z]+/g, id);
          const body = bodies[`${route.method} ${route.url}`] ?? (['GET', 'DELETE'].includes(route.method) ? undefined : {});
          const res = await api[route.method.toLowerCase() as 'get'](url, body);
          probes++;
          counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
          const where = `${route.method} ${route.url} as ${who} with ${what}: ${res.status} ${res.raw.slice(0, 300)}`;
          if (![400, 403, 404].includes(res.status)) failures.push(where);
          for (const secret of b.secrets) if (res.raw.includes(secret)) failures.push(`leaks "${secret}": ${where}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    // Nothing the probes did changed world B: its objects read the same to their owners.
    assert.equal((await b.customer.api.get('/v1/users')).body.items.length, 2);
    assert.equal((await b.direct.api.get(`/v1/customers/${b.customer.id}`)).status, 200);
    const licenses = (await b.customer.api.get(`/v1/customers/${b.customer.id}/license-assignments`)).body.items;
    assert.deepEqual(
      licenses.map((l: { user: { id: string } }) => l.user.id),
      [b.ids.get('customerUser')],
    );
    assert.ok((counts.get(404) ?? 0) > probes / 2, `most probes reached a lookup: ${JSON.stringify(Object.fromEntries(counts))}`);
    console.log(
      `object probes: ${probes} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries(counts))}`,
    );
  });
});
