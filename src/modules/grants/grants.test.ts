import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { assertProblem } from '../../../test/support/assert.ts';
import { newCustomer, ProgramFlow, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';

/** Delegated-admin grants made by acceptances, and what grantors and grantees do with them. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let provider: ProgramPartner;
let reseller: ProgramPartner;
before(async () => {
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 800 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  provider = await flow.partnerIn('indirect_provider');
  reseller = await flow.partnerIn('indirect_reseller');
  await flow.partnerUp(provider, reseller);
});
after(() => t.close());

const tokenOf = (link: string) => link.split('/links/')[1]!;

describe('grants made by acceptances', () => {
  it("R-PRT-3: accepting a partnership gives the provider the default admin roles on the reseller's tenant", async () => {
    const held = (await provider.api.get(`/v1/admin-grants?side=held&counterpartId=${reseller.tenant.id}`)).body.items;
    assert.equal(held.length, 1);
    assert.deepEqual(held[0].roles, ['global_reader', 'license_admin']);
    assert.equal(held[0].source, 'providerOnReseller');
    assert.deepEqual([held[0].grantorName, held[0].granteeName], [reseller.tenant.name, provider.tenant.name]);
    assert.equal(held[0].status, 'active');
    const days = (new Date(held[0].endsAt).getTime() - new Date(held[0].startsAt).getTime()) / DAY_MS;
    assert.equal(days, 730);
    const given = (await reseller.api.get('/v1/admin-grants?side=given')).body.items;
    assert.deepEqual(
      given.map((g: { id: string }) => g.id),
      [held[0].id],
    );
  });

  it('R-CUS-1, R-CUS-2: the reseller of record gets administrator permissions; a joint request gives the provider none', async () => {
    const request = (await reseller.api.post('/v1/relationship-requests', { providerId: provider.tenant.id })).body;
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    assert.equal((await customer.api.post(`/v1/links/${tokenOf(request.link)}/acceptance`, {})).status, 201);
    const all = (await customer.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
    assert.deepEqual(
      all.map((g: { granteeId: string }) => g.granteeId),
      [reseller.tenant.id],
    );
    assert.deepEqual(all[0].roles, ['user_admin', 'license_admin', 'helpdesk_admin']);
    assert.equal((await reseller.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items.length, 1);
    assert.equal((await provider.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items.length, 0);
  });
});

describe('the grantor narrows or ends, at once', () => {
  it('R-GRT-1: narrowing takes roles away; widening is refused; only the grantor changes a grant', async () => {
    const [grant] = (await reseller.api.get('/v1/admin-grants?side=given')).body.items;
    assertProblem(
      await reseller.api.patch(`/v1/admin-grants/${grant.id}`, { roles: ['global_reader', 'global_admin'] }),
      422,
      'grant_widening',
      'R-GRT-1',
    );
    assertProblem(await provider.api.patch(`/v1/admin-grants/${grant.id}`, { roles: ['global_reader'] }), 403, 'forbidden');
    const stranger = await flow.partnerIn('direct_bill');
    assertProblem(await stranger.api.patch(`/v1/admin-grants/${grant.id}`, { roles: ['global_reader'] }), 404, 'not_found');
    const narrowed = await reseller.api.patch(`/v1/admin-grants/${grant.id}`, { roles: ['global_reader'] });
    assert.equal(narrowed.status, 200, narrowed.raw);
    assert.deepEqual((await provider.api.get(`/v1/admin-grants?counterpartId=${reseller.tenant.id}`)).body.items[0].roles, [
      'global_reader',
    ]);
    const events = (await provider.api.get(`/v1/audit-events?type=admin_grant.narrowed&subjectId=${grant.id}`)).body.items;
    assert.equal(events.length, 1, 'the grantee sees what happened to its grant');
  });

  it('ending stops the grant; a second end is 409; a grant past its end date shows as expired', async () => {
    const r2 = await flow.partnerIn('indirect_reseller');
    await flow.partnerUp(provider, r2);
    const [grant] = (await r2.api.get('/v1/admin-grants?side=given')).body.items;
    const ended = await r2.api.post(`/v1/admin-grants/${grant.id}/ending`);
    assert.equal(ended.body.status, 'ended');
    assertProblem(await r2.api.post(`/v1/admin-grants/${grant.id}/ending`), 409, 'grant_not_active');

    const r3 = await flow.partnerIn('indirect_reseller');
    await flow.partnerUp(provider, r3);
    clock.advance(731 * DAY_MS);
    try {
      const [old] = (await r3.api.get('/v1/admin-grants?side=given')).body.items;
      assert.equal(old.status, 'expired');
      assertProblem(await r3.api.post(`/v1/admin-grants/${old.id}/ending`), 409, 'grant_not_active');
    } finally {
      clock.reset();
    }
  });
});

describe('default grants are grants the rules allow', () => {
  const base = { roles: ['user_admin'], days: 365, autoExtend: true };
  const patch = (resellerOfRecord: object) =>
    operator.patch('/v1/operator/settings', { defaultGrants: { resellerOfRecord, providerOnReseller: base } });

  it('R-GRT-2: no auto-extension while the grant holds global admin', async () => {
    assertProblem(
      await patch({ roles: ['global_admin'], days: 30, autoExtend: true }),
      422,
      'auto_extension_with_global_admin',
      'R-GRT-2',
    );
    assert.equal((await patch({ roles: ['global_admin'], days: 30, autoExtend: false })).status, 200);
  });

  it('R-GRT-1: 1 to 730 days and roles from the catalog, 400 otherwise', async () => {
    assert.equal((await patch({ roles: ['user_admin'], days: 731, autoExtend: false })).status, 400);
    assert.equal((await patch({ roles: ['user_admin'], days: 0, autoExtend: false })).status, 400);
    assertProblem(await patch({ roles: ['root'], days: 30, autoExtend: false }), 400, 'unknown_admin_role', 'R-GRT-1');
    // A new default applies to the next acceptance.
    assert.equal((await patch({ roles: ['directory_reader'], days: 90, autoExtend: false })).status, 200);
    const direct = await flow.partnerIn('direct_bill');
    const request = (await direct.api.post('/v1/relationship-requests', {})).body;
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    await customer.api.post(`/v1/links/${tokenOf(request.link)}/acceptance`, {});
    const [grant] = (await direct.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
    assert.deepEqual(grant.roles, ['directory_reader']);
    assert.equal(grant.autoExtend, false);
  });
});

describe("default grants by the partner's type", () => {
  it("R-CUS-1: a direct-bill partner and an indirect reseller each get their type's default grant", async () => {
    const byType = {
      resellerOfRecord: { roles: ['user_admin'], days: 365, autoExtend: true },
      indirectReseller: { roles: ['directory_reader', 'license_admin'], days: 180, autoExtend: false },
      providerOnReseller: { roles: ['global_reader'], days: 730, autoExtend: true },
    };
    assertProblem(
      await operator.patch('/v1/operator/settings', {
        defaultGrants: { ...byType, indirectReseller: { roles: ['global_admin'], days: 30, autoExtend: true } },
      }),
      422,
      'auto_extension_with_global_admin',
      'R-GRT-2',
    );
    assert.equal((await operator.patch('/v1/operator/settings', { defaultGrants: byType })).status, 200);

    const direct = await flow.partnerIn('direct_bill');
    const alone = (await direct.api.post('/v1/relationship-requests', {})).body;
    const first = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    assert.equal((await first.api.post(`/v1/links/${tokenOf(alone.link)}/acceptance`, {})).status, 201);
    const [directGrant] = (await direct.api.get(`/v1/customers/${first.tenant.id}/admin-grants`)).body.items;
    assert.deepEqual([directGrant.roles, directGrant.autoExtend], [['user_admin'], true]);

    const joint = (await reseller.api.post('/v1/relationship-requests', { providerId: provider.tenant.id })).body;
    const second = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    assert.equal((await second.api.post(`/v1/links/${tokenOf(joint.link)}/acceptance`, {})).status, 201);
    const [resellerGrant] = (await reseller.api.get(`/v1/customers/${second.tenant.id}/admin-grants`)).body.items;
    assert.deepEqual([resellerGrant.roles, resellerGrant.autoExtend], [['directory_reader', 'license_admin'], false]);
    assert.equal(resellerGrant.source, 'resellerOfRecord');
  });
});

describe('every access checks a live grant', () => {
  before(async () => {
    // The operator's defaults, as a new installation has them (an earlier test changed them).
    const restored = await operator.patch('/v1/operator/settings', {
      defaultGrants: {
        resellerOfRecord: { roles: ['user_admin', 'license_admin', 'helpdesk_admin'], days: 730, autoExtend: true },
        providerOnReseller: { roles: ['global_reader', 'license_admin'], days: 730, autoExtend: true },
      },
    });
    assert.equal(restored.status, 200, restored.raw);
  });

  it('R-GRT-3: an ended grant stops access on the very next request; narrowing below reading roles does too', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const request = (await direct.api.post('/v1/relationship-requests', {})).body;
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    await customer.api.post(`/v1/links/${tokenOf(request.link)}/acceptance`, {});
    const users = await direct.api.get(`/v1/customers/${customer.tenant.id}/users`);
    assert.equal(users.status, 200, users.raw);
    assert.deepEqual(
      users.body.items.map((u: { email: string }) => u.email),
      [customer.admin.email],
    );

    const [grant] = (await customer.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
    assert.equal((await customer.api.patch(`/v1/admin-grants/${grant.id}`, { roles: ['license_admin'] })).status, 200);
    assertProblem(await direct.api.get(`/v1/customers/${customer.tenant.id}/users`), 403, 'forbidden', 'R-GRT-3');
    assert.equal((await direct.api.get(`/v1/customers/${customer.tenant.id}`)).body.users, null);
    assert.equal((await customer.api.post(`/v1/admin-grants/${grant.id}/ending`)).status, 200);
    assertProblem(await direct.api.get(`/v1/customers/${customer.tenant.id}/users`), 403, 'forbidden', 'R-GRT-3');
    // The customer's own admin always reads its users.
    assert.equal((await customer.api.get(`/v1/customers/${customer.tenant.id}/users`)).status, 200);
  });

  it('R-GRT-3: an expired grant stops access too', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const request = (await direct.api.post('/v1/relationship-requests', {})).body;
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    await customer.api.post(`/v1/links/${tokenOf(request.link)}/acceptance`, {});
    assert.equal((await direct.api.get(`/v1/customers/${customer.tenant.id}/users`)).status, 200);
    const [grant] = (await direct.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
    clock.advance(new Date(grant.endsAt).getTime() - Date.now() + 60_000);
    try {
      assertProblem(await direct.api.get(`/v1/customers/${customer.tenant.id}/users`), 403, 'forbidden', 'R-GRT-3');
    } finally {
      clock.reset();
    }
  });
});

describe('a grant ends with the relationship or partnership it rests on', () => {
  type Grant = { id: string; granteeId: string; status: string; endedReason: string | null };
  const givenBy = async (api: Api, customerId: string): Promise<Grant[]> =>
    (await api.get(`/v1/customers/${customerId}/admin-grants`)).body.items;

  it("R-CUS-1: the customer ending the reseller's relationship ends its grant at once, on both trails, and the partner's admins are told why", async () => {
    const request = (await reseller.api.post('/v1/relationship-requests', { providerId: provider.tenant.id })).body;
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    assert.equal((await customer.api.post(`/v1/links/${tokenOf(request.link)}/acceptance`, {})).status, 201);
    const [grant] = await givenBy(customer.api, customer.tenant.id);
    assert.equal(grant!.status, 'active');
    const ofReseller = (await customer.api.get(`/v1/customers/${customer.tenant.id}/relationships`)).body.items.find(
      (r: { role: string }) => r.role === 'indirect_reseller',
    );
    const removed = await customer.api.post(`/v1/customers/${customer.tenant.id}/relationships/${ofReseller.id}/removal`);
    assert.equal(removed.status, 204, removed.raw);

    const [ended] = await givenBy(customer.api, customer.tenant.id);
    assert.deepEqual([ended!.id, ended!.status, ended!.endedReason], [grant!.id, 'ended', 'relationship_ended']);
    for (const api of [customer.api, reseller.api]) {
      const events = (await api.get(`/v1/audit-events?type=admin_grant.ended&subjectId=${grant!.id}`)).body.items;
      assert.equal(events.length, 1);
    }
    const [mail] = (await t.mailTo(reseller.admin.email)).filter((m) => m.template === 'adminGrantEnded');
    assert.ok(mail, 'the reseller admin is mailed');
    assert.match(mail.textBody, new RegExp(`relationship with ${customer.tenant.name} ended`));
  });

  it('R-TRN-9: a direct customer moved to indirect keeps the grant while the reseller relationship lasts, not after', async () => {
    const moving = await flow.partnerIn('direct_bill');
    const made = await newCustomer(moving.api);
    await flow.moveToIndirect(moving);
    await flow.partnerUp(provider, moving);
    const request = await moving.api.post('/v1/relationship-requests', { providerId: provider.tenant.id, customerId: made.id });
    assert.equal(request.status, 201, request.raw);
    const customer = t.as({ cookie: await t.signIn(made.email, made.password) });
    const accepted = await customer.post(`/v1/links/${tokenOf(request.body.link)}/acceptance`, {});
    assert.equal(accepted.body.adminGrant, 'kept', accepted.raw);

    const relationships = (await customer.get(`/v1/customers/${made.id}/relationships`)).body.items as {
      id: string;
      role: string;
    }[];
    const remove = (role: string) =>
      customer.post(`/v1/customers/${made.id}/relationships/${relationships.find((r) => r.role === role)!.id}/removal`);
    assert.equal((await remove('direct_partner')).status, 204);
    assert.deepEqual(
      (await givenBy(customer, made.id)).map((g) => g.status),
      ['active'],
      'the reseller relationship still justifies it',
    );
    assert.equal((await remove('indirect_reseller')).status, 204);
    assert.deepEqual(
      (await givenBy(customer, made.id)).map((g) => [g.status, g.endedReason]),
      [['ended', 'relationship_ended']],
    );
  });

  it("R-PRT-6, R-PRT-3: the operator ending a partnership ends the provider's grants on the reseller's tenant", async () => {
    const p = await flow.partnerIn('indirect_provider');
    const r = await flow.partnerIn('indirect_reseller');
    const partnershipId = await flow.partnerUp(p, r);
    const [grant] = (await r.api.get('/v1/admin-grants?side=given')).body.items as Grant[];
    assert.equal(grant!.status, 'active');
    const ended = await operator.post(`/v1/operator/partnerships/${partnershipId}/ending`, { supportRequest: 'SR-1' });
    assert.equal(ended.status, 200, ended.raw);
    const [after] = (await r.api.get('/v1/admin-grants?side=given')).body.items as Grant[];
    assert.deepEqual([after!.status, after!.endedReason], ['ended', 'partnership_ended']);
    assertProblem(await p.api.get(`/v1/indirect-resellers/${r.tenant.id}/users`), 404, 'not_found');
    const [mail] = (await t.mailTo(p.admin.email)).filter((m) => m.template === 'adminGrantEnded');
    assert.ok(mail, 'the provider admin is mailed');
    assert.match(mail.textBody, new RegExp(`partnership with ${r.tenant.name} ended`));
  });
});
