import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { assertProblem } from '../../../test/support/assert.ts';
import { member, newCustomer, ProgramFlow, unique, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import { inviteUser } from '../users/service.ts';
import { actOn } from './service.ts';

/** A partner at work in its customer's tenant, and a provider in its reseller's, each under a live grant (R-GRT-3). */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let direct: ProgramPartner;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  direct = await flow.partnerIn('direct_bill');
});
after(() => t.close());

/** A customer the direct-bill partner created: it holds the default reseller-of-record grant (R-CUS-1). */
async function customerOf(partner: { api: Api }) {
  const customer = await newCustomer(partner.api);
  const api = t.as({ cookie: await t.signIn(customer.email, customer.password) });
  const [grant] = (await api.get(`/v1/customers/${customer.id}/admin-grants`)).body.items;
  return { id: customer.id, api, grant: grant as { id: string; roles: string[] } };
}

const newUser = () => ({ email: `user-${unique()}@customer.example`, name: 'New User', roles: ['user'] });

describe("a partner manages its customer's users under a live grant", () => {
  it("R-GRT-3: the reseller of record adds a user; the customer's audit trail names the partner and the grant used", async () => {
    const customer = await customerOf(direct);
    assert.deepEqual(customer.grant.roles, ['user_admin', 'license_admin', 'helpdesk_admin']);
    const body = newUser();
    const added = await direct.api.post(`/v1/customers/${customer.id}/users`, body);
    assert.equal(added.status, 201, added.raw);
    assert.equal(added.body.tenantId, customer.id);
    assert.equal(added.body.status, 'invited');
    assert.equal((await t.mailTo(body.email))[0]?.template, 'userInvitation');

    const [event] = (await customer.api.get(`/v1/audit-events?type=user.created&subjectId=${added.body.id}`)).body.items;
    assert.equal(event.tenantId, customer.id);
    assert.equal(event.actor.tenantId, direct.tenant.id);
    assert.equal(event.actor.userId, direct.admin.id);
    assert.equal(event.grantId, customer.grant.id);

    const renamed = await direct.api.patch(`/v1/customers/${customer.id}/users/${added.body.id}`, { name: 'Renamed' });
    assert.equal(renamed.status, 200, renamed.raw);
    const users = (await customer.api.get(`/v1/customers/${customer.id}/users`)).body.items;
    assert.ok(users.some((u: { name: string }) => u.name === 'Renamed'));
  });

  it('R-GRT-3: giving the global admin role takes a grant holding global_admin', async () => {
    const customer = await customerOf(direct);
    assertProblem(
      await direct.api.post(`/v1/customers/${customer.id}/users`, { ...newUser(), roles: ['global_admin'] }),
      403,
      'forbidden',
      'R-GRT-3',
    );
    const users = (await customer.api.get(`/v1/customers/${customer.id}/users`)).body.items;
    const admin = users[0];
    assertProblem(
      await direct.api.put(`/v1/customers/${customer.id}/users/${admin.id}/roles`, { roles: ['user'] }),
      403,
      'admin_protected',
      'R-GRT-3',
    );
    const added = (await direct.api.post(`/v1/customers/${customer.id}/users`, newUser())).body;
    assertProblem(
      await direct.api.put(`/v1/customers/${customer.id}/users/${added.id}/roles`, { roles: ['global_admin'] }),
      403,
      'forbidden',
      'R-GRT-3',
    );
  });

  it('R-GRT-3: with two live grants, the one holding global_admin is used for admin changes, whichever came first', async () => {
    const customer = await customerOf(direct);
    const asked = await direct.api.post('/v1/admin-grant-requests', {
      grantorId: customer.id,
      roles: ['global_admin'],
      days: 30,
    });
    assert.equal(asked.status, 201, asked.raw);
    const approved = await customer.api.post(`/v1/admin-grant-requests/${asked.body.request.id}/approval`, {});
    assert.equal(approved.status, 200, approved.raw);
    const held = (await direct.api.get(`/v1/admin-grants?counterpartId=${customer.id}`)).body.items;
    assert.equal(held.length, 2, 'the default grant and the approved one');

    const added = await direct.api.post(`/v1/customers/${customer.id}/users`, { ...newUser(), roles: ['global_admin'] });
    assert.equal(added.status, 201, added.raw);
    const [event] = (await customer.api.get(`/v1/audit-events?type=user.created&subjectId=${added.body.id}`)).body.items;
    assert.equal(event.grantId, approved.body.resultingGrantId, 'the grant that allowed it is the one recorded');
  });

  it('R-GRT-3: narrowed below user_admin, or ended, the next request is refused; a stranger is told nothing', async () => {
    const customer = await customerOf(direct);
    assert.equal((await customer.api.patch(`/v1/admin-grants/${customer.grant.id}`, { roles: ['license_admin'] })).status, 200);
    const refused = await direct.api.post(`/v1/customers/${customer.id}/users`, newUser());
    assertProblem(refused, 403, 'forbidden', 'R-GRT-3');
    assert.match(refused.body.detail, /user_admin/, 'the refusal says which role to ask for');
    assert.equal((await customer.api.post(`/v1/admin-grants/${customer.grant.id}/ending`)).status, 200);
    assertProblem(await direct.api.post(`/v1/customers/${customer.id}/users`, newUser()), 403, 'forbidden', 'R-GRT-3');

    const stranger = await flow.partnerIn('direct_bill');
    assertProblem(await stranger.api.post(`/v1/customers/${customer.id}/users`, newUser()), 404, 'not_found');
    assertProblem(await stranger.api.get(`/v1/customers/${customer.id}/users`), 404, 'not_found');
  });

  it("R-GRT-3: a helpdesk agent mails a customer's user a reset link under helpdesk_admin; a sales agent may not", async () => {
    const customer = await customerOf(direct);
    const { user } = await member(t, customer.api, ['user']);
    // Adding users needs admin_agent (R-ENR-4): the global admin grants it to itself first.
    const roles = await direct.api.put(`/v1/users/${direct.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(roles.status, 200, roles.raw);
    const helpdesk = await member(t, direct.api, ['helpdesk_agent']);
    const reset = await helpdesk.api.post(`/v1/customers/${customer.id}/users/${user.id}/password-resets`);
    assert.equal(reset.status, 202, reset.raw);
    assert.equal((await t.mailTo(user.email))[0]?.template, 'passwordReset');
    const [event] = (await customer.api.get(`/v1/audit-events?type=user.password_reset_requested`)).body.items;
    assert.equal(event.grantId, customer.grant.id);

    const sales = await member(t, direct.api, ['sales_agent']);
    assertProblem(await sales.api.post(`/v1/customers/${customer.id}/users/${user.id}/password-resets`), 403, 'forbidden');
  });

  it("R-GRT-3: a grant without global_admin changes none of the customer's admins: rename, language, disable, re-enable, roles, password reset (403 admin_protected)", async () => {
    const customer = await customerOf(direct);
    const [first] = (await customer.api.get(`/v1/customers/${customer.id}/users`)).body.items;
    // Two active global admins: the last-admin guard is not what refuses.
    const second = (await member(t, customer.api, ['global_admin'])).user;
    const plain = (await member(t, customer.api, ['user'])).user;
    const at = (id: string) => `/v1/customers/${customer.id}/users/${id}`;
    for (const admin of [first, second]) {
      for (const patch of [{ name: 'Taken over' }, { language: 'fr' }, { status: 'disabled' }]) {
        assertProblem(await direct.api.patch(at(admin.id), patch), 403, 'admin_protected', 'R-GRT-3');
      }
      assertProblem(await direct.api.put(`${at(admin.id)}/roles`, { roles: ['global_admin', 'user'] }), 403, 'admin_protected');
      assertProblem(await direct.api.post(`${at(admin.id)}/password-resets`), 403, 'admin_protected', 'R-GRT-3');
    }
    assert.equal((await customer.api.patch(`/v1/users/${second.id}`, { status: 'disabled' })).status, 200);
    assertProblem(await direct.api.patch(at(second.id), { status: 'active' }), 403, 'admin_protected', 'R-GRT-3');
    const admins = (await customer.api.get(`/v1/customers/${customer.id}/users`)).body.items;
    assert.deepEqual(
      admins
        .filter((u: { roles: string[] }) => u.roles.includes('global_admin'))
        .map((u: { name: string; status: string }) => [u.name, u.status]),
      [
        [first.name, 'active'],
        [admins.find((u: { id: string }) => u.id === second.id).name, 'disabled'],
      ],
    );
    assert.notEqual(admins.find((u: { id: string }) => u.id === second.id).name, 'Taken over');
    // The customer's other users stay the partner's to manage.
    assert.equal((await direct.api.patch(at(plain.id), { name: 'Renamed', status: 'disabled' })).status, 200);
  });

  it('R-GRT-3: ending a grant while a request using it runs lets that request finish and refuses the next', async () => {
    const customer = await customerOf(direct);
    const ctx: Ctx = {
      ...systemCtx(t.platform, 'in-flight'),
      actor: {
        userId: direct.admin.id,
        tenantId: direct.tenant.id,
        tenantKind: 'partner',
        email: direct.admin.email,
        roles: ['global_admin'],
      },
    };
    // The request has passed the check...
    const acting = await actOn(ctx, { customerId: customer.id }, 'users.manage');
    // ...when the customer's admin ends the grant.
    assert.equal((await customer.api.post(`/v1/admin-grants/${customer.grant.id}/ending`)).status, 200);
    const user = await inviteUser(acting, newUser(), 'Customer');
    assert.equal(user.tenantId, customer.id);
    await assert.rejects(
      actOn(ctx, { customerId: customer.id }, 'users.manage'),
      (err: { status?: number; extra?: { rule?: string } }) => {
        assert.equal(err.status, 403);
        assert.equal(err.extra?.rule, 'R-GRT-3');
        return true;
      },
    );
    assertProblem(await direct.api.post(`/v1/customers/${customer.id}/users`, newUser()), 403, 'forbidden', 'R-GRT-3');
  });
});

describe("a provider in its reseller's tenant", () => {
  it("R-PRT-3, R-GRT-3: the partnership's grant lets the provider read the reseller's users until the reseller ends it", async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const reseller = await flow.partnerIn('indirect_reseller');
    assertProblem(await provider.api.get(`/v1/indirect-resellers/${reseller.tenant.id}/users`), 404, 'not_found');
    await flow.partnerUp(provider, reseller);
    const users = await provider.api.get(`/v1/indirect-resellers/${reseller.tenant.id}/users`);
    assert.equal(users.status, 200, users.raw);
    assert.deepEqual(
      users.body.items.map((u: { email: string }) => u.email),
      [reseller.admin.email],
    );
    const [grant] = (await reseller.api.get('/v1/admin-grants?side=given')).body.items;
    assert.equal((await reseller.api.post(`/v1/admin-grants/${grant.id}/ending`)).status, 200);
    assertProblem(await provider.api.get(`/v1/indirect-resellers/${reseller.tenant.id}/users`), 403, 'forbidden', 'R-GRT-3');
  });
});
