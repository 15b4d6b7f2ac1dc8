import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis, type Response } from '../../../test/support/harness.ts';
import { member, ProgramFlow, unique, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/** Customers created by partners (seeds 000 and 003): who may, for whom, and what each partner then sees. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let provider: ProgramPartner;
let reseller: ProgramPartner;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  provider = await flow.partnerIn('indirect_provider');
  reseller = await flow.partnerIn('indirect_reseller');
  await flow.partnerUp(provider, reseller);
});
after(() => t.close());

const newCustomer = (extra: Record<string, unknown> = {}) => {
  const tag = unique();
  return {
    companyName: `Customer ${tag}`,
    primaryDomain: `customer-${tag}.example`,
    countryCode: 'US',
    address: { line1: '1 Main St', city: 'Seattle', region: 'WA', postalCode: '98101' },
    admin: { name: `Admin ${tag}`, email: `admin@customer-${tag}.example` },
    ...extra,
  };
};

describe('creating customers', () => {
  it('R-CUS-3: a direct-bill partner creates a customer; its first admin signs in with the password shown once', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const body = newCustomer();
    const res = await direct.api.post('/v1/customers', body);
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.customer.acquired, 'direct');
    assert.equal(res.body.customer.role, 'direct_partner');
    assert.equal(res.body.customer.market, 'United States');
    assert.ok(res.body.admin.temporaryPassword.length >= 16);
    const cookie = await t.signIn(body.admin.email, res.body.admin.temporaryPassword);
    const me = (await t.as({ cookie }).get('/v1/me')).body;
    assert.equal(me.tenant.kind, 'customer');
    assert.deepEqual(me.user.roles, ['global_admin']);
  });

  it('R-CUS-3: a provider creates a customer for one of its resellers, which then sees it', async () => {
    const res = await provider.api.post('/v1/customers', newCustomer({ resellerId: reseller.tenant.id }));
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.customer.acquired, 'indirect');
    assert.deepEqual(res.body.customer.reseller, { id: reseller.tenant.id, name: reseller.tenant.name });
    const seen = (await reseller.api.get(`/v1/customers?search=${res.body.customer.primaryDomain}`)).body.items;
    assert.equal(seen.length, 1);
    assert.equal(seen[0].role, 'indirect_reseller');
    assert.equal(seen[0].acquired, 'indirect');
  });

  it('R-CUS-3: indirect resellers cannot create customers; a provider must name a reseller of its own', async () => {
    assertProblem(await reseller.api.post('/v1/customers', newCustomer()), 422, 'cannot_create_customers', 'R-CUS-3');
    assertProblem(await provider.api.post('/v1/customers', newCustomer()), 422, 'reseller_required', 'R-CUS-3');
    const stranger = await flow.partnerIn('indirect_reseller');
    assertProblem(
      await provider.api.post('/v1/customers', newCustomer({ resellerId: stranger.tenant.id })),
      422,
      'not_your_reseller',
      'R-CUS-3',
    );
  });

  it('R-PRT-7, R-AGR-2: no new customer for a reseller that is not ready to transact', async () => {
    const published = await operator.post('/v1/operator/agreements', {
      type: 'partner_agreement',
      version: `pa-${unique()}`,
      title: 'Partner Agreement',
      body: 'text',
      effectiveAt: '2026-01-01T00:00:00Z',
    });
    assert.equal(published.status, 201);
    // Later tests run with this version in force: both accept it here.
    // The provider accepts; the reseller has not yet.
    await provider.api.post('/v1/agreements/partner-agreement/acceptances', { version: published.body.version });
    assertProblem(
      await provider.api.post('/v1/customers', newCustomer({ resellerId: reseller.tenant.id })),
      422,
      'reseller_not_ready',
      'R-PRT-7',
    );
    await reseller.api.post('/v1/agreements/partner-agreement/acceptances', { version: published.body.version });
    assert.equal((await provider.api.post('/v1/customers', newCustomer({ resellerId: reseller.tenant.id }))).status, 201);
  });

  it('R-REG-1: a partner sells only to customers of its own market', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const res = await direct.api.post('/v1/customers', newCustomer({ countryCode: 'FR', address: undefined }));
    assertProblem(res, 422, 'region_mismatch', 'R-REG-1');
  });

  it('the primary domain is unique across the system, whatever its case; nothing is left of a refused customer', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const body = newCustomer();
    assert.equal((await direct.api.post('/v1/customers', body)).status, 201);
    const again = newCustomer({ primaryDomain: body.primaryDomain.toUpperCase() });
    assertProblem(await direct.api.post('/v1/customers', again), 409, 'domain_taken');
    // The admin of the refused one was not created either.
    assert.equal((await t.request('POST', '/v1/sessions', { body: { email: again.admin.email, password: 'x' } })).status, 401);
    assert.equal((await direct.api.get(`/v1/customers?search=${again.companyName}`)).body.items.length, 0);
  });

  it('R-SELF-2: a partner buys for its own use into an internal_use customer tenant', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const res = await direct.api.post('/v1/customers', newCustomer({ internalUse: true }));
    assert.equal(res.status, 201, res.raw);
    const detail = (await direct.api.get(`/v1/customers/${res.body.customer.id}`)).body;
    assert.equal(detail.account.tenant.customerType, 'internal_use');
  });

  it('an Idempotency-Key replays the first answer, password included, and creates nothing more', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const body = newCustomer();
    const key = `customer-${unique()}`;
    const first = await direct.api.post('/v1/customers', body, { 'idempotency-key': key });
    const second = await direct.api.post('/v1/customers', body, { 'idempotency-key': key });
    assert.equal(first.status, 201);
    assert.equal(second.raw, first.raw);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal((await direct.api.get(`/v1/customers?search=${body.primaryDomain}`)).body.items.length, 1);
  });

  it("another user of the tenant who sends the same Idempotency-Key never gets the first user's answer (its temporary password)", async () => {
    const direct = await flow.partnerIn('direct_bill');
    const roles = await direct.api.put(`/v1/users/${direct.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(roles.status, 200, roles.raw);
    const colleague = await member(t, direct.api, ['sales_agent']);
    const body = newCustomer();
    const key = `customer-${unique()}`;
    const first = await direct.api.post('/v1/customers', body, { 'idempotency-key': key });
    assert.equal(first.status, 201, first.raw);
    const password = first.body.admin.temporaryPassword as string;

    const other = await colleague.api.post('/v1/customers', body, { 'idempotency-key': key });
    assert.equal(other.headers['idempotent-replayed'], undefined, other.raw);
    assert.ok(!other.raw.includes(password), 'the temporary password is not shown to another user');
    // Its own request ran: the customer's admin exists already, so it is refused.
    assertProblem(other, 409, 'email_taken');

    // The user who made the request still gets its answer back.
    const again = await direct.api.post('/v1/customers', body, { 'idempotency-key': key });
    assert.equal(again.raw, first.raw);
    assert.equal(again.headers['idempotent-replayed'], 'true');
  });
});

describe('the customer list', () => {
  it('R-CUS-5: every customer with how it was acquired; filters, search and pages', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const tag = unique();
    for (let i = 0; i < 5; i++) {
      assert.equal((await direct.api.post('/v1/customers', newCustomer({ companyName: `Batch ${tag} ${i}` }))).status, 201);
    }
    const all = (await direct.api.get(`/v1/customers?search=Batch%20${tag}`)).body.items;
    assert.equal(all.length, 5);
    assert.ok(all.every((c: { acquired: string }) => c.acquired === 'direct'));
    assert.equal((await direct.api.get(`/v1/customers?search=Batch%20${tag}&acquired=indirect`)).body.items.length, 0);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res: Response = await direct.api.get(
        `/v1/customers?search=Batch%20${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const c of res.body.items) seen.add(c.id);
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.equal(seen.size, 5);
    const byProvider = (await provider.api.get(`/v1/customers?resellerId=${reseller.tenant.id}`)).body.items;
    assert.ok(
      byProvider.length >= 1 && byProvider.every((c: { reseller: { id: string } }) => c.reseller.id === reseller.tenant.id),
    );
  });

  it('streams the list as CSV', async () => {
    const res = await provider.api.get('/v1/customers/export');
    assert.equal(res.status, 200, res.raw);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    const lines = String(res.raw).trim().split('\n');
    assert.equal(lines[0], 'id,name,primaryDomain,countryCode,market,acquired,role,reseller,since,storeChannel');
    const listed = (await provider.api.get('/v1/customers?limit=500')).body.items.length;
    assert.equal(lines.length - 1, listed);
    assert.ok(
      lines.slice(1).every((l) => l.endsWith(',false')),
      'none of these buys through the store channel',
    );
  });

  it('R-CUS-6: a reseller lists the customers it shares with one provider', async () => {
    const otherProvider = await flow.partnerIn('indirect_provider');
    const shared = (await reseller.api.get(`/v1/indirect-providers/${provider.tenant.id}/customers`)).body.items;
    assert.ok(shared.length >= 1);
    assert.ok(shared.every((c: { role: string }) => c.role === 'indirect_reseller'));
    // A provider it never worked with is another tenant's business: 404, as for any other tenant's object.
    assertProblem(await reseller.api.get(`/v1/indirect-providers/${otherProvider.tenant.id}/customers`), 404, 'not_found');
    assert.equal((await provider.api.get(`/v1/indirect-providers/${provider.tenant.id}/customers`)).status, 403);
  });
});

describe('a customer record', () => {
  it('R-CUS-8: expands to the account and, under a grant, its users; R-CUS-9: each partner sees its own relationships; others get 404', async () => {
    const created = await provider.api.post('/v1/customers', newCustomer({ resellerId: reseller.tenant.id }));
    const id = created.body.customer.id;
    const asProvider = (await provider.api.get(`/v1/customers/${id}`)).body;
    assert.equal(asProvider.account.tenant.id, id);
    assert.equal(asProvider.account.address.city, 'Seattle');
    // The provider orders; the reseller of record administers: only it holds a grant to read users (R-GRT-3).
    assert.equal(asProvider.users, null);
    assert.deepEqual(
      asProvider.relationships.map((r: { role: string }) => r.role),
      ['indirect_provider'],
    );
    const asReseller = (await reseller.api.get(`/v1/customers/${id}`)).body;
    assert.deepEqual(
      asReseller.users.map((u: { email: string }) => u.email),
      [created.body.admin.email],
    );
    assert.deepEqual(
      asReseller.relationships.map((r: { role: string }) => r.role),
      ['indirect_reseller'],
    );
    const stranger = await flow.partnerIn('direct_bill');
    assertProblem(await stranger.api.get(`/v1/customers/${id}`), 404, 'not_found');
  });
});

describe('the move to indirect and direct customers', () => {
  it('R-TRN-5: after the transition the partner keeps its direct customers but cannot add new ones', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const before = await partner.api.post('/v1/customers', newCustomer());
    assert.equal(before.status, 201);
    await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    await operator.post(`/v1/operator/enrollments/${submitted.body.id}/approval`);
    const info = (await partner.api.get('/v1/partner/program-info')).body;
    for (const a of info.agreementsToAccept)
      await partner.api.post(`/v1/agreements/${a.type}/acceptances`, { version: a.version });
    assert.equal((await partner.api.get('/v1/partner/program-info')).body.mayAddDirectCustomers, false);
    assertProblem(await partner.api.post('/v1/customers', newCustomer()), 422, 'no_new_direct_customers', 'R-TRN-5');
    const kept = (await partner.api.get('/v1/customers')).body.items;
    assert.deepEqual(
      kept.map((c: { id: string; acquired: string }) => [c.id, c.acquired]),
      [[before.body.customer.id, 'direct']],
    );
  });
});
