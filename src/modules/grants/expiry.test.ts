import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { assertProblem } from '../../../test/support/assert.ts';
import { member, ProgramFlow, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';

/** Grant expiry on the clock module: notices, the end, auto-extension (R-GRT-1..3). */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
before(async () => {
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 1000 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
});
after(() => t.close());
afterEach(() => clock.reset());

type Shape = { roles: string[]; days: number; autoExtend: boolean };
const standard: Shape = { roles: ['global_reader', 'license_admin'], days: 730, autoExtend: true };

/** The operator's default grants for the next acceptances. */
async function defaults(resellerOfRecord: Shape, providerOnReseller: Shape = standard) {
  const res = await operator.patch('/v1/operator/settings', { defaultGrants: { resellerOfRecord, providerOnReseller } });
  assert.equal(res.status, 200, res.raw);
}

/** A new customer of `partner` (its reseller of record), and the default grant that gave. */
async function customerOf(partner: ProgramPartner, language?: string) {
  const request = (await partner.api.post('/v1/relationship-requests', {})).body;
  const customer = await t.tenantWithAdmin('customer', { countryCode: 'US', ...(language ? { language } : {}) });
  const accepted = await customer.api.post(`/v1/links/${request.link.split('/links/')[1]}/acceptance`, {});
  assert.equal(accepted.status, 201, accepted.raw);
  const [grant] = (await customer.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
  return { customer, grant: grant as { id: string; endsAt: string } };
}

/** A user of the partner with these roles (R-ENR-4: its admin takes admin_agent to add users). */
async function colleague(partner: ProgramPartner, roles: string[]) {
  const self = await partner.api.put(`/v1/users/${partner.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
  assert.equal(self.status, 200, self.raw);
  return member(t, partner.api, roles);
}

/** Sets the clock to an instant, as a worker would see it. */
function moveTo(ms: number) {
  clock.reset();
  clock.advance(ms - Date.now());
}

/** The timer, run as often as the worker might before anything else changes. */
async function fire(times = 3) {
  for (let i = 0; i < times; i++) await t.trellis.worker.runTimers();
}

const mails = async (address: string, template: string) => (await t.mailTo(address)).filter((m) => m.template === template);
const audit = async (api: Api, type: string, grantId: string) =>
  (await api.get(`/v1/audit-events?type=${type}&subjectId=${grantId}`)).body.items as { after: { lastNoticeDays: number } }[];

describe('notices before the end', () => {
  it('R-GRT-1: notices to both sides 30, 7 and 1 days before a grant ends and when it ends', async () => {
    await defaults({ roles: ['user_admin'], days: 40, autoExtend: false });
    const partner = await flow.partnerIn('direct_bill', { language: 'ko' });
    const agent = await colleague(partner, ['admin_agent']);
    const sales = await colleague(partner, ['sales_agent']);
    const { customer, grant } = await customerOf(partner, 'fr');
    const end = new Date(grant.endsAt).getTime();
    const readers = [customer.admin.email, partner.admin.email, agent.user.email];

    await fire();
    assert.equal((await mails(customer.admin.email, 'adminGrantExpiring')).length, 0, 'nothing is due 40 days out');
    for (const [i, days] of [30, 7, 1].entries()) {
      moveTo(end - days * DAY_MS + 60_000);
      await fire();
      for (const address of readers) assert.equal((await mails(address, 'adminGrantExpiring')).length, i + 1, address);
    }
    moveTo(end + 60_000);
    await fire();
    moveTo(end + 20 * DAY_MS);
    await fire();
    for (const address of readers) {
      assert.equal((await mails(address, 'adminGrantExpiring')).length, 3, `each notice once: ${address}`);
      assert.equal((await mails(address, 'adminGrantExpired')).length, 1, `the end once: ${address}`);
    }
    assert.equal((await t.mailTo(sales.user.email)).filter((m) => m.template.startsWith('adminGrant')).length, 0);

    // Each side in its own language, naming the other party.
    const [toCustomer] = await mails(customer.admin.email, 'adminGrantExpired');
    assert.equal(toCustomer!.language, 'fr');
    assert.match(toCustomer!.subject, new RegExp(`L’accès administrateur de ${partner.tenant.name}`));
    const toPartner = await mails(partner.admin.email, 'adminGrantExpiring');
    assert.equal(toPartner[0]!.language, 'ko');
    assert.match(toPartner[0]!.subject, new RegExp(`${customer.tenant.name}에 대한 관리자 권한이 1일 후`));
    assert.match(toPartner[2]!.subject, /30일 후/);

    for (const api of [customer.api, partner.api]) {
      const notices = await audit(api, 'admin_grant.expiry_notice', grant.id);
      assert.deepEqual(notices.map((e) => e.after.lastNoticeDays).sort(), [1, 30, 7]);
      assert.equal((await audit(api, 'admin_grant.expired', grant.id)).length, 1);
    }
    // R-GRT-3: the ended grant stops access.
    assertProblem(await partner.api.get(`/v1/customers/${customer.tenant.id}/users`), 403, 'forbidden', 'R-GRT-3');
  });

  it('R-GRT-1: a timer that ran late sends only the latest notice; the reseller is the grantor of its provider', async () => {
    await defaults(standard, { roles: ['global_reader'], days: 40, autoExtend: false });
    const provider = await flow.partnerIn('indirect_provider');
    const reseller = await flow.partnerIn('indirect_reseller');
    await flow.partnerUp(provider, reseller);
    const [grant] = (await reseller.api.get('/v1/admin-grants?side=given')).body.items;
    const end = new Date(grant.endsAt).getTime();

    moveTo(end - 3 * DAY_MS);
    // Two runs at once (two workers): each notice is still sent once.
    await Promise.all([t.trellis.worker.runTimers(), t.trellis.worker.runTimers()]);
    for (const address of [reseller.admin.email, provider.admin.email]) {
      const sent = await mails(address, 'adminGrantExpiring');
      assert.equal(sent.length, 1, address);
      assert.match(sent[0]!.subject, / 7 days$/);
    }
    assert.match((await mails(reseller.admin.email, 'adminGrantExpiring'))[0]!.textBody, new RegExp(provider.tenant.name));

    moveTo(end + 2 * DAY_MS);
    await fire();
    for (const address of [reseller.admin.email, provider.admin.email]) {
      assert.equal((await mails(address, 'adminGrantExpiring')).length, 1, `no 1-day notice after the end: ${address}`);
      assert.equal((await mails(address, 'adminGrantExpired')).length, 1, address);
    }
    assert.deepEqual(
      (await audit(reseller.api, 'admin_grant.expiry_notice', grant.id)).map((e) => e.after.lastNoticeDays),
      [7],
    );
  });
});

describe('auto-extension', () => {
  it('R-GRT-2: an auto-extending grant is extended 180 days before it lapses; one holding global admin is not', async () => {
    await defaults({ roles: ['user_admin'], days: 40, autoExtend: true });
    const partner = await flow.partnerIn('direct_bill');
    const { customer, grant } = await customerOf(partner);
    const end = new Date(grant.endsAt).getTime();

    moveTo(end - 30 * DAY_MS + 60_000);
    await fire();
    assert.equal(
      (await mails(customer.admin.email, 'adminGrantExpiring')).length,
      0,
      'no notices for a grant that extends itself',
    );
    moveTo(end - 12 * 3_600_000);
    await fire();
    const [extended] = (await customer.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
    assert.equal(new Date(extended.endsAt).getTime(), end + 180 * DAY_MS);
    for (const address of [customer.admin.email, partner.admin.email]) {
      assert.equal((await mails(address, 'adminGrantExtended')).length, 1, address);
    }
    for (const api of [customer.api, partner.api]) {
      assert.equal((await audit(api, 'admin_grant.extended', grant.id)).length, 1);
    }

    // Past the original end the grant still reads live (R-GRT-3 lets the partner in).
    moveTo(end + DAY_MS);
    await fire();
    assert.equal((await partner.api.get(`/v1/customers/${customer.tenant.id}/users`)).status, 200);
    assert.equal((await customer.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items[0].status, 'active');
    assert.equal((await mails(customer.admin.email, 'adminGrantExtended')).length, 1, 'extended once');

    // A grant holding global admin never extends itself: it gets its notices and ends.
    clock.reset();
    await defaults({ roles: ['global_admin'], days: 40, autoExtend: false });
    const second = await customerOf(partner);
    const end2 = new Date(second.grant.endsAt).getTime();
    moveTo(end2 - 12 * 3_600_000);
    await fire();
    assert.equal((await mails(second.customer.admin.email, 'adminGrantExtended')).length, 0);
    assert.match((await mails(second.customer.admin.email, 'adminGrantExpiring'))[0]!.subject, / 1 day$/);
    moveTo(end2 + 60_000);
    await fire();
    assert.equal((await mails(second.customer.admin.email, 'adminGrantExpired')).length, 1);
    assertProblem(await partner.api.get(`/v1/customers/${second.customer.tenant.id}/users`), 403, 'forbidden', 'R-GRT-3');
  });
});

describe('ended early by the grantor', () => {
  it("R-GRT-3: the partner's admins are told who ended the grant, and no more notices follow", async () => {
    await defaults({ roles: ['user_admin'], days: 40, autoExtend: false });
    const partner = await flow.partnerIn('direct_bill');
    const agent = await colleague(partner, ['admin_agent']);
    const { customer, grant } = await customerOf(partner);
    const me = (await customer.api.get('/v1/me')).body;
    assert.equal((await customer.api.post(`/v1/admin-grants/${grant.id}/ending`)).status, 200);

    for (const address of [partner.admin.email, agent.user.email]) {
      const [ended] = await mails(address, 'adminGrantEnded');
      assert.ok(ended, address);
      assert.match(ended.textBody, new RegExp(`${me.user.name} of ${customer.tenant.name} ended`));
    }
    assert.equal((await mails(customer.admin.email, 'adminGrantEnded')).length, 0, 'the grantor knows');
    assert.equal((await mails(partner.admin.email, 'adminGrantEnded')).length, 1, 'once, though both trails record it');

    const end = new Date(grant.endsAt).getTime();
    for (const days of [30, 7, 1, -1]) {
      moveTo(end - days * DAY_MS + 60_000);
      await fire(1);
    }
    for (const address of [customer.admin.email, partner.admin.email]) {
      const later = (await t.mailTo(address)).filter((m) => ['adminGrantExpiring', 'adminGrantExpired'].includes(m.template));
      assert.equal(later.length, 0, address);
    }
  });
});
