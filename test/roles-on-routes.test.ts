import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from './support/harness.ts';
import { member, newCustomer, ProgramFlow, type Api, type ProgramPartner } from './support/program.ts';

/**
 * Every route names the permission it needs (src/domain/roles.ts), so a caller's roles, or an
 * API token's scope, decide what it reads of customers, grants and partners; being signed in
 * is not enough. Partner access to a customer's data also needs a live grant (R-GRT-3).
 */
describe('roles and token scopes on the routes that read customers, grants and partners', () => {
  let t: TestTrellis;
  let direct: ProgramPartner;
  let provider: ProgramPartner;
  let customerId: string;
  let customerAdmin: Api;
  let customerUser: Api;
  const partnerUsers: Record<string, Api> = {};
  let incentiveToken: Api;
  let providerBilling: Api;

  const customerReads = () => [
    `/v1/customers/${customerId}/users`,
    `/v1/customers/${customerId}/relationships`,
    `/v1/customers/${customerId}/admin-grants`,
    '/v1/admin-grants',
  ];

  before(async () => {
    t = await TestTrellis.start();
    const flow = new ProgramFlow(t, (await t.operator()).api);
    direct = await flow.partnerIn('direct_bill');
    // R-ENR-4: the global admin grants itself admin_agent to add users.
    const self = await direct.api.put(`/v1/users/${direct.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(self.status, 200, self.raw);
    for (const role of ['admin_agent', 'sales_agent', 'helpdesk_agent', 'billing_admin', 'incentive_admin']) {
      partnerUsers[role] = (await member(t, direct.api, [role])).api;
    }
    // A user who may read customers makes a token scoped to its incentive role only.
    const both = await member(t, direct.api, ['admin_agent', 'incentive_admin']);
    const made = await both.api.post('/v1/api-tokens', { name: 'incentives', roles: ['incentive_admin'] });
    assert.equal(made.status, 201, made.raw);
    incentiveToken = t.as({ token: made.body.token });

    const customer = await newCustomer(direct.api);
    customerId = customer.id;
    customerAdmin = t.as({ cookie: await t.signIn(customer.email, customer.password) });
    customerUser = (await member(t, customerAdmin, ['user'])).api;

    provider = await flow.partnerIn('indirect_provider');
    await provider.api.put(`/v1/users/${provider.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    providerBilling = (await member(t, provider.api, ['billing_admin'])).api;
  });
  after(() => t.close());

  it("a partner's billing and incentive admins are refused a customer's users, relationships and grants (403)", async () => {
    for (const role of ['billing_admin', 'incentive_admin']) {
      for (const url of customerReads()) {
        const res = await partnerUsers[role]!.get(url);
        assert.equal(res.status, 403, `${role} GET ${url}: ${res.raw}`);
        assert.equal(res.body.code, 'forbidden');
      }
    }
  });

  it('an API token scoped to incentive_admin is refused them too, though its user may read customers', async () => {
    for (const url of customerReads()) {
      const res = await incentiveToken.get(url);
      assert.equal(res.status, 403, `GET ${url}: ${res.raw}`);
      assert.ok(res.body.permission, 'the refusal names the permission');
    }
  });

  it("the partner roles that serve customers still read them, under the relationship's grant (R-GRT-3)", async () => {
    for (const role of ['admin_agent', 'sales_agent', 'helpdesk_agent']) {
      for (const url of customerReads()) {
        const res = await partnerUsers[role]!.get(url);
        assert.equal(res.status, 200, `${role} GET ${url}: ${res.raw}`);
      }
    }
    const users = await partnerUsers.helpdesk_agent!.get(`/v1/customers/${customerId}/users`);
    assert.ok(users.body.items.length >= 2);
  });

  it("a customer's plain user reads nothing of its tenant's directory, grants or partners (403); its global admin does", async () => {
    const own = [...customerReads(), '/v1/admin-grants?side=given'];
    for (const url of own) {
      assert.equal((await customerUser.get(url)).status, 403, `user GET ${url}`);
      const res = await customerAdmin.get(url);
      assert.equal(res.status, 200, `global admin GET ${url}: ${res.raw}`);
    }
  });

  it("a provider's billing admin does not list its resellers (403); its global admin does", async () => {
    const res = await providerBilling.get('/v1/indirect-resellers');
    assert.equal(res.status, 403, res.raw);
    assert.equal(res.body.permission, 'partnerships.read');
    assert.equal((await provider.api.get('/v1/indirect-resellers')).status, 200);
  });

  it('a customer reads no partner program: profile, program info, enrollments, provider directory (403)', async () => {
    for (const url of [
      '/v1/partner/profile',
      '/v1/partner/program-info',
      '/v1/enrollments',
      '/v1/partner/directory-entry',
      '/v1/directory/providers',
    ]) {
      const res = await customerAdmin.get(url);
      assert.equal(res.status, 403, `GET ${url}: ${res.raw}`);
      assert.equal(res.body.permission, 'program.read');
    }
  });

  it("a customer's plain user cannot accept a link: the route needs links.accept (403)", async () => {
    const made = await direct.api.post('/v1/relationship-requests', {});
    assert.equal(made.status, 201, made.raw);
    const token = String(made.body.link).split('/links/')[1];
    const res = await customerUser.post(`/v1/links/${token}/acceptance`, {});
    assert.equal(res.status, 403, res.raw);
    assert.equal(res.body.permission, 'links.accept');
  });

  it("GET /v1/me lists the permissions the caller's roles give, and a token's its scope's", async () => {
    const billing = (await partnerUsers.billing_admin!.get('/v1/me')).body.permissions as string[];
    assert.ok(!billing.includes('customer_users.read') && !billing.includes('grants.read'));
    assert.ok(billing.includes('program.read'));
    const token = (await incentiveToken.get('/v1/me')).body.permissions as string[];
    assert.deepEqual(token, ['program.read', 'agreements.read', 'incentives.manage']);
    assert.deepEqual((await customerUser.get('/v1/me')).body.permissions, ['agreements.read']);
    const sales = (await partnerUsers.sales_agent!.get('/v1/me')).body.permissions as string[];
    assert.ok(['customers.read', 'customer_users.read', 'relationships.read', 'grants.read'].every((p) => sales.includes(p)));
  });
});
