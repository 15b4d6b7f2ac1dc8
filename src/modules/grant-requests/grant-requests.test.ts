import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { member, ProgramFlow, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';

/** Delegated-admin grant requests: a partner asks, the grantor's global admin decides by link or from its list. */

let t: TestTrellis;
let flow: ProgramFlow;
let direct: ProgramPartner;
let provider: ProgramPartner;
let reseller: ProgramPartner;
before(async () => {
  // Sessions outlive the 90 days the expiry test moves the clock by.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 800 } });
  flow = new ProgramFlow(t, (await t.operator()).api);
  direct = await flow.partnerIn('direct_bill');
  provider = await flow.partnerIn('indirect_provider');
  reseller = await flow.partnerIn('indirect_reseller');
  await flow.partnerUp(provider, reseller);
});
after(() => t.close());

const tokenOf = (link: string) => link.split('/links/')[1]!;
const daysOf = (g: { startsAt: string; endsAt: string }) =>
  Math.round((new Date(g.endsAt).getTime() - new Date(g.startsAt).getTime()) / DAY_MS);

type Customer = Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;

/** A customer of `partner` through an accepted relationship request (it holds the default grant, R-CUS-1). */
async function customerOf(partner: { api: Api }, overrides: { language?: string } = {}): Promise<Customer> {
  const request = (await partner.api.post('/v1/relationship-requests', {})).body;
  const customer = await t.tenantWithAdmin('customer', { countryCode: 'US', ...overrides });
  const accepted = await customer.api.post(`/v1/links/${tokenOf(request.link)}/acceptance`, {});
  assert.equal(accepted.status, 201, accepted.raw);
  return customer;
}

async function ask(partner: { api: Api }, body: Record<string, unknown>) {
  const res = await partner.api.post('/v1/admin-grant-requests', body);
  assert.equal(res.status, 201, res.raw);
  return res.body as { request: { id: string; status: string; expiresAt: string }; link: string };
}

describe('a partner asks its customer, the customer decides by link', () => {
  it('R-GRT-1: approval by link gives the grant; the partner then reads the directory (R-GRT-3)', async () => {
    const customer = await customerOf(direct);
    const [byDefault] = (await customer.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
    assert.equal((await customer.api.post(`/v1/admin-grants/${byDefault.id}/ending`)).status, 200);
    assertProblem(await direct.api.get(`/v1/customers/${customer.tenant.id}/users`), 403, 'forbidden', 'R-GRT-3');

    const asked = await ask(direct, {
      grantorId: customer.tenant.id,
      roles: ['directory_reader'],
      days: 30,
      message: 'To answer your helpdesk tickets.',
    });
    assert.equal(asked.request.status, 'pending');
    assert.match(asked.link, /^http:\/\/trellis\.test\/links\/tra_/);
    const left = new Date(asked.request.expiresAt).getTime() - Date.now();
    assert.ok(Math.abs(left - 90 * DAY_MS) < 60_000, 'the link lasts 90 days');
    const [mail] = (await t.mailTo(customer.admin.email)).filter((m) => m.template === 'adminGrantRequest');
    assert.ok(mail?.textBody.includes(asked.link), 'the link is mailed to the global admin');

    const token = tokenOf(asked.link);
    const landing = await t.request('GET', `/v1/links/${token}`);
    assert.equal(landing.status, 200, landing.raw);
    assert.equal(landing.headers['referrer-policy'], 'no-referrer');
    assert.equal(landing.body.kind, 'admin_grant_request');
    assert.deepEqual([landing.body.from.name, landing.body.from.partnerId], [direct.tenant.name, direct.partnerId]);
    assert.equal(landing.body.roles[0].role, 'directory_reader');
    assert.match(landing.body.roles[0].description, /directory/);
    assert.equal(landing.body.days, 30);
    assert.equal(landing.body.autoExtend, false);
    assert.equal(landing.body.widens, null);
    assert.equal(landing.body.message, 'To answer your helpdesk tickets.');
    assert.equal(landing.body.acceptedBy, `a global admin of ${customer.tenant.name}`);
    assert.equal(landing.body.expiresAt, asked.request.expiresAt);

    assertProblem(await direct.api.post(`/v1/links/${token}/acceptance`, { decision: 'approve' }), 403, 'forbidden');
    const approved = await customer.api.post(`/v1/links/${token}/acceptance`, { decision: 'approve' });
    assert.equal(approved.status, 201, approved.raw);
    assert.equal(approved.body.kind, 'admin_grant_request');
    assert.equal(approved.body.status, 'approved');

    const users = await direct.api.get(`/v1/customers/${customer.tenant.id}/users`);
    assert.equal(users.status, 200, users.raw);
    const held = (await direct.api.get(`/v1/admin-grants?counterpartId=${customer.tenant.id}`)).body.items;
    const grant = held.find((g: { id: string }) => g.id === approved.body.grantId);
    assert.deepEqual([grant.roles, grant.source, grant.status, daysOf(grant)], [['directory_reader'], 'request', 'active', 30]);

    assertProblem(await t.request('GET', `/v1/links/${token}`), 410, 'link_unavailable');
    assertProblem(await customer.api.post(`/v1/links/${token}/acceptance`, { decision: 'approve' }), 410, 'link_unavailable');
    for (const side of [direct.api, customer.api]) {
      const seen = (await side.get(`/v1/admin-grant-requests/${asked.request.id}`)).body;
      assert.equal(seen.status, 'approved');
      assert.equal(seen.resultingGrantId, grant.id);
      const events = await side.get(`/v1/audit-events?type=admin_grant_request.created&subjectId=${asked.request.id}`);
      assert.equal(events.body.items.length, 1, 'both sides see the request in their audit trail');
    }
    const decided = (await t.mailTo(direct.admin.email)).filter((m) => m.template === 'adminGrantRequestDecided');
    assert.equal(decided.length, 1);
    assert.match(decided[0]!.subject, /approved/);
  });

  it('R-GRT-1: approving fewer roles or days narrows; more than asked is 422 and leaves the link usable', async () => {
    const customer = await customerOf(direct);
    const { link } = await ask(direct, { grantorId: customer.tenant.id, roles: ['directory_reader', 'license_admin'], days: 60 });
    const accept = (body: object) => customer.api.post(`/v1/links/${tokenOf(link)}/acceptance`, body);
    assertProblem(await accept({ decision: 'approve', roles: ['global_admin'] }), 422, 'approval_not_within_request', 'R-GRT-1');
    assertProblem(await accept({ decision: 'approve', days: 61 }), 422, 'approval_not_within_request', 'R-GRT-1');
    assertProblem(await accept({ decision: 'approve', roles: [] }), 422, 'approval_not_within_request', 'R-GRT-1');
    assertProblem(await accept({ decision: 'maybe' }), 400, 'invalid_request');

    const approved = await accept({ decision: 'approve', roles: ['license_admin'], days: 10 });
    assert.equal(approved.status, 201, approved.raw);
    const held = (await direct.api.get(`/v1/admin-grants?counterpartId=${customer.tenant.id}`)).body.items;
    const grant = held.find((g: { id: string }) => g.id === approved.body.grantId);
    assert.deepEqual([grant.roles, daysOf(grant)], [['license_admin'], 10]);
    const [request] = (await customer.api.get('/v1/admin-grant-requests?side=received')).body.items;
    assert.deepEqual([request.approvedRoles, request.approvedDays], [['license_admin'], 10]);
  });

  it('rejection stores the reason, tells the partner, and uses the link up; a new request may follow', async () => {
    const customer = await customerOf(direct);
    const { request, link } = await ask(direct, { grantorId: customer.tenant.id, roles: ['global_reader'], days: 7 });
    const rejected = await customer.api.post(`/v1/links/${tokenOf(link)}/acceptance`, { decision: 'reject', reason: 'Not now' });
    assert.equal(rejected.status, 201, rejected.raw);
    assert.deepEqual(rejected.body, { kind: 'admin_grant_request', status: 'rejected' });
    const seen = (await direct.api.get(`/v1/admin-grant-requests/${request.id}`)).body;
    assert.deepEqual([seen.status, seen.rejectionReason, seen.resultingGrantId], ['rejected', 'Not now', null]);
    assertProblem(await t.request('GET', `/v1/links/${tokenOf(link)}`), 410, 'link_unavailable');
    const [mail] = (await t.mailTo(direct.admin.email)).filter((m) => m.template === 'adminGrantRequestDecided');
    assert.match(mail!.textBody, /Not now/);
    await ask(direct, { grantorId: customer.tenant.id, roles: ['global_reader'], days: 7 });
  });
});

describe('widening, providers, and deciding from the list', () => {
  it('R-GRT-1: widening asks for all of a held grant and more; approval gives the grant the new roles and end', async () => {
    const customer = await customerOf(direct);
    const [held] = (await direct.api.get(`/v1/admin-grants?counterpartId=${customer.tenant.id}`)).body.items;
    const base = { grantorId: customer.tenant.id, grantId: held.id, days: 100 };
    for (const roles of [['user_admin', 'directory_reader'], held.roles]) {
      assertProblem(
        await direct.api.post('/v1/admin-grant-requests', { ...base, roles }),
        422,
        'grant_request_not_wider',
        'R-GRT-1',
      );
    }
    assertProblem(
      await direct.api.post('/v1/admin-grant-requests', { ...base, grantId: randomUUID(), roles: ['global_reader'] }),
      404,
      'not_found',
    );
    const wider = [...held.roles, 'directory_reader'];
    const { request, link } = await ask(direct, { ...base, roles: wider });
    const landing = (await t.request('GET', `/v1/links/${tokenOf(link)}`)).body;
    assert.deepEqual(landing.widens, { grantId: held.id, currentRoles: held.roles });

    const approved = await customer.api.post(`/v1/admin-grant-requests/${request.id}/approval`, {});
    assert.equal(approved.status, 200, approved.raw);
    assert.deepEqual([approved.body.status, approved.body.resultingGrantId], ['approved', held.id]);
    const after = (await direct.api.get(`/v1/admin-grants?counterpartId=${customer.tenant.id}`)).body.items;
    assert.equal(after.length, 1, 'the held grant is widened, not doubled');
    assert.deepEqual(after[0].roles, wider);
    const left = new Date(after[0].endsAt).getTime() - Date.now();
    assert.ok(Math.abs(left - 100 * DAY_MS) < 60_000, 'the grant runs the approved days from now');
    const events = await direct.api.get(`/v1/audit-events?type=admin_grant.widened&subjectId=${held.id}`);
    assert.equal(events.body.items.length, 1);
    assertProblem(await t.request('GET', `/v1/links/${tokenOf(link)}`), 410, 'link_unavailable');
  });

  it('R-PRT-3: a provider asks its reseller; only the reseller global admin decides', async () => {
    const { request, link } = await ask(provider, { grantorId: reseller.tenant.id, roles: ['user_admin'], days: 90 });
    assertProblem(await provider.api.post(`/v1/admin-grant-requests/${request.id}/approval`, {}), 403, 'forbidden');
    const received = (await reseller.api.get('/v1/admin-grant-requests?side=received')).body.items;
    assert.deepEqual(
      received.map((r: { id: string }) => r.id),
      [request.id],
    );
    const approved = await reseller.api.post(`/v1/links/${tokenOf(link)}/acceptance`, { decision: 'approve' });
    assert.equal(approved.status, 201, approved.raw);
    const held = (await provider.api.get(`/v1/admin-grants?counterpartId=${reseller.tenant.id}`)).body.items;
    assert.deepEqual(held.map((g: { roles: string[] }) => g.roles).sort(), [['global_reader', 'license_admin'], ['user_admin']]);
    // The reseller asks nothing of its provider: they are not its customer or reseller.
    assertProblem(
      await reseller.api.post('/v1/admin-grant-requests', { grantorId: provider.tenant.id, roles: ['user_admin'], days: 9 }),
      404,
      'not_found',
    );
  });

  it('rejection from the list of received requests stops the link', async () => {
    const customer = await customerOf(direct);
    const { request, link } = await ask(direct, { grantorId: customer.tenant.id, roles: ['global_reader'], days: 5 });
    const rejected = await customer.api.post(`/v1/admin-grant-requests/${request.id}/rejection`, { reason: 'No' });
    assert.deepEqual([rejected.status, rejected.body.status, rejected.body.rejectionReason], [200, 'rejected', 'No']);
    assertProblem(await t.request('GET', `/v1/links/${tokenOf(link)}`), 410, 'link_unavailable');
    assertProblem(
      await customer.api.post(`/v1/admin-grant-requests/${request.id}/approval`, {}),
      409,
      'grant_request_not_pending',
    );
  });
});

describe('one pending request, revocation and expiry', () => {
  it('a second pending request is 409; the same Idempotency-Key replays; revoking stops the link and frees the slot', async () => {
    const customer = await customerOf(direct);
    const body = { grantorId: customer.tenant.id, roles: ['global_reader'], days: 30 };
    const key = { 'idempotency-key': `grant-request-${randomUUID()}` };
    const first = await direct.api.post('/v1/admin-grant-requests', body, key);
    assert.equal(first.status, 201, first.raw);
    const again = await direct.api.post('/v1/admin-grant-requests', body, key);
    assert.deepEqual([again.status, again.raw], [201, first.raw]);
    assertProblem(await direct.api.post('/v1/admin-grant-requests', body), 409, 'grant_request_pending');

    const id = first.body.request.id;
    assertProblem(await customer.api.post(`/v1/admin-grant-requests/${id}/revocation`), 403, 'forbidden');
    const revoked = await direct.api.post(`/v1/admin-grant-requests/${id}/revocation`);
    assert.deepEqual([revoked.status, revoked.body.status], [200, 'revoked']);
    assertProblem(await t.request('GET', `/v1/links/${tokenOf(first.body.link)}`), 410, 'link_unavailable');
    assertProblem(await direct.api.post(`/v1/admin-grant-requests/${id}/revocation`), 409, 'grant_request_not_pending');
    await ask(direct, body);
  });

  it('a pending request expires after 90 days: the link is 410, lists say expired, a new request may be made', async () => {
    const customer = await customerOf(direct);
    const body = { grantorId: customer.tenant.id, roles: ['global_reader'], days: 30 };
    const { request, link } = await ask(direct, body);
    clock.advance(90 * DAY_MS + 60_000);
    try {
      assertProblem(await t.request('GET', `/v1/links/${tokenOf(link)}`), 410, 'link_unavailable');
      assertProblem(
        await customer.api.post(`/v1/links/${tokenOf(link)}/acceptance`, { decision: 'approve' }),
        410,
        'link_unavailable',
      );
      const sent = (await direct.api.get('/v1/admin-grant-requests?side=sent')).body.items;
      assert.equal(sent.find((r: { id: string }) => r.id === request.id).status, 'expired');
      const [received] = (await customer.api.get('/v1/admin-grant-requests?side=received')).body.items;
      assert.equal(received.status, 'expired');
      assertProblem(
        await customer.api.post(`/v1/admin-grant-requests/${request.id}/approval`, {}),
        409,
        'grant_request_not_pending',
      );
      assertProblem(await direct.api.post(`/v1/admin-grant-requests/${request.id}/revocation`), 409, 'grant_request_not_pending');
      const renewed = await ask(direct, body);
      assert.equal(renewed.request.status, 'pending');
      assert.equal((await direct.api.get(`/v1/admin-grant-requests/${request.id}`)).body.status, 'expired');
    } finally {
      clock.reset();
    }
  });
});

describe('refusals', () => {
  let customer: Customer;
  before(async () => {
    customer = await customerOf(direct);
  });

  it('R-GRT-1: 1 to 730 days and at least one role (400); a role outside the catalog is 400 unknown_admin_role', async () => {
    const ask400 = (body: object) =>
      direct.api.post('/v1/admin-grant-requests', { grantorId: customer.tenant.id, roles: ['global_reader'], days: 30, ...body });
    assertProblem(await ask400({ days: 0 }), 400, 'invalid_request');
    assertProblem(await ask400({ days: 731 }), 400, 'invalid_request');
    assertProblem(await ask400({ roles: [] }), 400, 'invalid_request');
    assertProblem(await ask400({ roles: ['root'] }), 400, 'unknown_admin_role', 'R-GRT-1');
  });

  it('R-GRT-2: no auto-extension with global admin (422)', async () => {
    const res = await direct.api.post('/v1/admin-grant-requests', {
      grantorId: customer.tenant.id,
      roles: ['global_admin'],
      days: 30,
      autoExtend: true,
    });
    assertProblem(res, 422, 'auto_extension_with_global_admin', 'R-GRT-2');
  });

  it('a stranger gets 404 for the grantor and the request; a customer does not ask', async () => {
    const stranger = await flow.partnerIn('direct_bill');
    const body = { grantorId: customer.tenant.id, roles: ['global_reader'], days: 30 };
    assertProblem(await stranger.api.post('/v1/admin-grant-requests', body), 404, 'not_found');
    assertProblem(
      await customer.api.post('/v1/admin-grant-requests', { ...body, grantorId: customer.tenant.id }),
      403,
      'forbidden',
    );
    const { request } = await ask(direct, body);
    assertProblem(await stranger.api.get(`/v1/admin-grant-requests/${request.id}`), 404, 'not_found');
    assertProblem(await stranger.api.post(`/v1/admin-grant-requests/${request.id}/revocation`), 404, 'not_found');
    const other = await t.tenantWithAdmin('customer');
    assertProblem(await other.api.post(`/v1/admin-grant-requests/${request.id}/approval`, {}), 404, 'not_found');
    assert.equal((await stranger.api.get('/v1/admin-grant-requests?side=sent')).body.items.length, 0);
  });

  it('a customer user who is not a global admin cannot decide (403)', async () => {
    const user = await member(t, customer.api, ['user']);
    const [pending] = (await customer.api.get('/v1/admin-grant-requests?side=received')).body.items;
    assert.equal(pending.status, 'pending');
    const token = tokenOf(
      (await t.mailTo(customer.admin.email))
        .find((m) => m.template === 'adminGrantRequest')!
        .textBody.match(/\S+\/links\/\S+/)![0],
    );
    assertProblem(await user.api.post(`/v1/links/${token}/acceptance`, { decision: 'approve' }), 403, 'forbidden');
    assertProblem(await user.api.post(`/v1/admin-grant-requests/${pending.id}/approval`, {}), 403, 'forbidden');
  });
});

describe('mail in the reader’s language', () => {
  it('the request reaches every global admin of the grantor in en, ko and fr; the decision reaches the partner', async () => {
    const partner = await flow.partnerIn('direct_bill', { language: 'fr' });
    const customer = await customerOf(partner, { language: 'ko' });
    const admins = [];
    for (const language of ['en', 'fr']) {
      const admin = await member(t, customer.api, ['global_admin']);
      assert.equal((await customer.api.patch(`/v1/users/${admin.user.id}`, { language })).status, 200);
      admins.push({ email: admin.user.email, language });
    }
    admins.push({ email: customer.admin.email, language: 'ko' });
    const { link } = await ask(partner, { grantorId: customer.tenant.id, roles: ['global_reader'], days: 30 });
    const subjects = { en: /asks for admin roles/, ko: /관리자 역할을 요청/, fr: /demande des rôles/ } as const;
    for (const { email, language } of admins) {
      const mail = (await t.mailTo(email)).find((m) => m.template === 'adminGrantRequest');
      assert.equal(mail?.language, language, email);
      assert.match(mail.subject, subjects[language as keyof typeof subjects]);
      assert.ok(mail.textBody.includes(link));
    }
    await customer.api.post(`/v1/links/${tokenOf(link)}/acceptance`, { decision: 'reject' });
    const decided = (await t.mailTo(partner.admin.email)).find((m) => m.template === 'adminGrantRequestDecided');
    assert.equal(decided?.language, 'fr');
    assert.match(decided.subject, /a refusé/);
  });
});
