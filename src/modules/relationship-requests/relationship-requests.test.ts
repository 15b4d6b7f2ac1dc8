import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { onPostgres, TestTrellis } from '../../../test/support/harness.ts';
import {
  mailedToken,
  member,
  newCustomer,
  ProgramFlow,
  unique,
  type Api,
  type ProgramPartner,
} from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { addRemovalGuard } from '../customers/service.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/** Relationship requests (R-CUS-1, R-CUS-2): links, drafts, joint acceptance, status, expiry. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let provider: ProgramPartner;
let reseller: ProgramPartner;
let direct: ProgramPartner;
before(async () => {
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  provider = await flow.partnerIn('indirect_provider');
  reseller = await flow.partnerIn('indirect_reseller');
  direct = await flow.partnerIn('direct_bill');
  await flow.partnerUp(provider, reseller);
});
after(() => t.close());

const tokenOf = (link: string) => link.split('/links/')[1]!;
const customerAdmin = () => t.tenantWithAdmin('customer', { countryCode: 'US' });

describe('a direct request (R-CUS-1)', () => {
  it('R-CUS-1: the answer holds the link and an editable draft; a customer global admin accepts and the partner becomes reseller of record', async () => {
    const created = await direct.api.post('/v1/relationship-requests', { email: 'cio@prospect.example' });
    assert.equal(created.status, 201, created.raw);
    assert.equal(created.body.request.status, 'pending');
    assert.match(created.body.link, /^http:\/\/trellis\.test\/links\/tra_/);
    assert.match(created.body.draft.subject, new RegExp(direct.tenant.name));
    assert.ok(created.body.draft.body.includes(created.body.link));
    assert.match(created.body.draft.mailto, /^mailto:cio%40prospect\.example\?subject=/);
    assert.equal((await t.mailTo('cio@prospect.example')).length, 0, 'not sent unless asked');

    const token = tokenOf(created.body.link);
    const landing = await t.request('GET', `/v1/links/${token}`);
    assert.equal(landing.body.kind, 'relationship_request');
    assert.match(landing.body.authorizes[0], /reseller of record/);

    const customer = await customerAdmin();
    const accepted = await customer.api.post(`/v1/links/${token}/acceptance`, {});
    assert.equal(accepted.status, 201, accepted.raw);
    assert.deepEqual(
      accepted.body.relationships.map((r: { role: string }) => r.role),
      ['direct_partner'],
    );
    const listed = (await direct.api.get('/v1/customers')).body.items.find((c: { id: string }) => c.id === customer.tenant.id);
    assert.equal(listed.acquired, 'direct');
    assert.equal((await direct.api.get(`/v1/relationship-requests/${created.body.request.id}`)).body.status, 'accepted');
    assertProblem(await customer.api.post(`/v1/links/${token}/acceptance`, {}), 410, 'link_unavailable');
  });

  it('an acceptance sent again under its Idempotency-Key is replayed, not refused as a used link; concurrent ones make one relationship', async () => {
    const created = await direct.api.post('/v1/relationship-requests', {});
    const token = tokenOf(created.body.link);
    const customer = await customerAdmin();
    const key = { 'idempotency-key': `accept-${unique()}` };
    const [first, second] = await Promise.all([
      customer.api.post(`/v1/links/${token}/acceptance`, {}, key),
      customer.api.post(`/v1/links/${token}/acceptance`, {}, key),
    ]);
    assert.deepEqual([first.status, second.status], [201, 201], `${first.raw} ${second.raw}`);
    assert.equal(first.raw, second.raw, 'the duplicate hears the first answer');
    const again = await customer.api.post(`/v1/links/${token}/acceptance`, {}, key);
    assert.equal(again.status, 201, again.raw);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.raw, first.raw);
    assertProblem(await customer.api.post(`/v1/links/${token}/acceptance`, {}), 410, 'link_unavailable');
    const mine = (await direct.api.get('/v1/customers')).body.items.filter((c: { id: string }) => c.id === customer.tenant.id);
    assert.equal(mine.length, 1);
    // Another user of the same customer does not hear the first one's answer under the same key.
    const colleague = await member(t, customer.api, ['global_admin']);
    assertProblem(await colleague.api.post(`/v1/links/${token}/acceptance`, {}, key), 410, 'link_unavailable');
  });

  it('R-CUS-1: send: true has Trellis mail it; only a customer global admin accepts', async () => {
    const email = `cto-${unique()}@prospect.example`;
    const created = await direct.api.post('/v1/relationship-requests', { email, send: true });
    assert.equal(created.status, 201, created.raw);
    const token = await mailedToken(t, email, 'relationshipRequest');
    assert.equal(token, tokenOf(created.body.link));
    assertProblem(await reseller.api.post(`/v1/links/${token}/acceptance`, {}), 422, 'partner_tenant_as_customer', 'R-SELF-2');
    const customer = await customerAdmin();
    const plainUser = await member(t, customer.api, ['user']);
    assert.equal((await plainUser.api.post(`/v1/links/${token}/acceptance`, {})).status, 403);
    assert.equal((await t.request('POST', `/v1/links/${token}/acceptance`, { body: {} })).status, 401);
  });

  it('R-TRN-5: a partner that moved to indirect makes no direct request; R-CUS-2: a reseller must name a provider', async () => {
    assertProblem(await reseller.api.post('/v1/relationship-requests', {}), 422, 'provider_required', 'R-CUS-2');
    const moved = await flow.partnerIn('direct_bill');
    await operator.post(`/v1/operator/partners/${moved.tenant.id}/offboarding`);
    const submitted = await moved.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    await operator.post(`/v1/operator/enrollments/${submitted.body.id}/approval`);
    assertProblem(await moved.api.post('/v1/relationship-requests', {}), 422, 'no_new_direct_customers', 'R-TRN-5');
  });

  it('R-REG-1: a customer in another market cannot accept', async () => {
    const created = await direct.api.post('/v1/relationship-requests', {});
    const french = await t.tenantWithAdmin('customer', { countryCode: 'FR' });
    assertProblem(
      await french.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {}),
      422,
      'region_mismatch',
      'R-REG-1',
    );
  });
});

describe('a joint request (R-CUS-2)', () => {
  it('R-CUS-2: accepting creates both relationships at once, visible on both sides', async () => {
    const created = await reseller.api.post('/v1/relationship-requests', { providerId: provider.tenant.id });
    assert.equal(created.status, 201, created.raw);
    const token = tokenOf(created.body.link);
    assert.equal((await t.request('GET', `/v1/links/${token}`)).body.provider.name, provider.tenant.name);
    const customer = await customerAdmin();
    const accepted = await customer.api.post(`/v1/links/${token}/acceptance`, {});
    assert.equal(accepted.status, 201, accepted.raw);
    assert.deepEqual(accepted.body.relationships.map((r: { role: string }) => r.role).sort(), [
      'indirect_provider',
      'indirect_reseller',
    ]);
    const asReseller = (await reseller.api.get('/v1/customers')).body.items.find(
      (c: { id: string }) => c.id === customer.tenant.id,
    );
    assert.equal(asReseller.role, 'indirect_reseller');
    const asProvider = (await provider.api.get('/v1/customers')).body.items.find(
      (c: { id: string }) => c.id === customer.tenant.id,
    );
    assert.deepEqual(asProvider.reseller, { id: reseller.tenant.id, name: reseller.tenant.name });
    const shared = (await reseller.api.get(`/v1/indirect-providers/${provider.tenant.id}/customers`)).body.items;
    assert.ok(shared.some((c: { id: string }) => c.id === customer.tenant.id));
  });

  it('R-CUS-2: all or nothing: when the partnership has ended, acceptance creates neither relationship', async () => {
    const otherProvider = await flow.partnerIn('indirect_provider');
    const r2 = await flow.partnerIn('indirect_reseller');
    await otherProvider.api.post('/v1/partnership-invitations', { partnerId: r2.partnerId });
    const accountEmail = (await operator.get(`/v1/operator/partner-ids/${r2.partnerId}`)).body.accountEmail;
    const invitation = await mailedToken(t, accountEmail, 'partnershipInvitation');
    const { partnershipId } = (await r2.api.post(`/v1/links/${invitation}/acceptance`, { authorize: true })).body;
    const created = await r2.api.post('/v1/relationship-requests', { providerId: otherProvider.tenant.id });
    await operator.post(`/v1/operator/partnerships/${partnershipId}/ending`, { supportRequest: 'SR-9' });
    const customer = await customerAdmin();
    assertProblem(
      await customer.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {}),
      422,
      'partnership_ended',
      'R-CUS-2',
    );
    assert.equal((await r2.api.get('/v1/customers')).body.items.length, 0);
    assert.equal((await otherProvider.api.get('/v1/customers')).body.items.length, 0);
  });

  it('R-CUS-2: only with a provider the reseller works with', async () => {
    const stranger = await flow.partnerIn('indirect_provider');
    assertProblem(
      await reseller.api.post('/v1/relationship-requests', { providerId: stranger.tenant.id }),
      422,
      'not_your_provider',
      'R-CUS-2',
    );
  });

  it('a request naming an existing customer can be accepted by that customer only', async () => {
    const mine = await direct.api.post('/v1/customers', {
      companyName: `Named ${unique()}`,
      primaryDomain: `named-${unique()}.example`,
      countryCode: 'US',
      admin: { name: 'Named admin', email: `it@named-${unique()}.example` },
    });
    assert.equal(mine.status, 201, mine.raw);
    const created = await direct.api.post('/v1/relationship-requests', { customerId: mine.body.customer.id });
    const other = await customerAdmin();
    assert.equal((await other.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {})).status, 403);
    const stranger = await flow.partnerIn('direct_bill');
    assert.equal((await stranger.api.post('/v1/relationship-requests', { customerId: mine.body.customer.id })).status, 404);
  });
});

describe('listing, revoking, re-sending, expiry', () => {
  it('requests are listed with status; revoked and expired links stop; a re-send gives a new link', async () => {
    const a = (await direct.api.post('/v1/relationship-requests', {})).body;
    const b = (await direct.api.post('/v1/relationship-requests', {})).body;
    assert.equal((await direct.api.post(`/v1/relationship-requests/${a.request.id}/revocation`)).body.status, 'revoked');
    assertProblem(await t.request('GET', `/v1/links/${tokenOf(a.link)}`), 410, 'link_unavailable');
    clock.advance(8 * DAY_MS);
    try {
      assertProblem(await t.request('GET', `/v1/links/${tokenOf(b.link)}`), 410, 'link_unavailable');
      const list = (await direct.api.get('/v1/relationship-requests')).body.items;
      assert.equal(list.find((r: { id: string }) => r.id === a.request.id).status, 'revoked');
      assert.equal(list.find((r: { id: string }) => r.id === b.request.id).status, 'expired');
      const resent = await direct.api.post(`/v1/relationship-requests/${b.request.id}/resends`);
      assert.equal(resent.status, 200, resent.raw);
      assert.notEqual(resent.body.link, b.link);
      assert.equal((await t.request('GET', `/v1/links/${tokenOf(resent.body.link)}`)).status, 200);
    } finally {
      clock.reset();
    }
  });

  it('the expiry is the operator setting, at most 30 days', async () => {
    await operator.patch('/v1/operator/settings', { linkExpiryDays: 30 });
    try {
      const r = (await direct.api.post('/v1/relationship-requests', {})).body;
      const days = (new Date(r.request.expiresAt).getTime() - Date.now()) / DAY_MS;
      assert.ok(days > 29.9 && days <= 30, String(days));
      assert.equal((await operator.patch('/v1/operator/settings', { linkExpiryDays: 31 })).status, 400);
    } finally {
      await operator.patch('/v1/operator/settings', { linkExpiryDays: 7 });
    }
  });

  it(`R-CUS-1: ${onPostgres ? 'concurrent' : 'successive (PGlite)'} acceptances of one request make one relationship`, async () => {
    const created = (await direct.api.post('/v1/relationship-requests', {})).body;
    const customer = await customerAdmin();
    const accept = () => customer.api.post(`/v1/links/${tokenOf(created.link)}/acceptance`, {});
    const results = onPostgres ? await Promise.all(Array.from({ length: 100 }, accept)) : [await accept(), await accept()];
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    assert.ok(
      results.every((r) => r.status === 201 || r.status === 410),
      results.map((r) => r.status).join(),
    );
    const detail = (await direct.api.get(`/v1/customers/${customer.tenant.id}`)).body;
    assert.equal(detail.relationships.length, 1);
  });
});

describe('self-dealing', () => {
  it('R-SELF-1: a customer the operator records as an affiliate of the partner cannot accept its request', async () => {
    const customer = await customerAdmin();
    const put = await operator.put(`/v1/operator/affiliations/${direct.tenant.id}/${customer.tenant.id}`, { note: 'same group' });
    assert.equal(put.status, 204, put.raw);
    const created = await direct.api.post('/v1/relationship-requests', {});
    assertProblem(
      await customer.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {}),
      422,
      'self_dealing',
      'R-SELF-1',
    );
    assert.equal((await operator.delete(`/v1/operator/affiliations/${direct.tenant.id}/${customer.tenant.id}`)).status, 204);
    assert.equal((await customer.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {})).status, 201);
    assert.equal((await direct.api.put(`/v1/operator/affiliations/${direct.tenant.id}/${customer.tenant.id}`, {})).status, 403);
  });

  it('R-SELF-2: a partner tenant is never a customer: it is pointed to an internal_use tenant', async () => {
    const created = await direct.api.post('/v1/relationship-requests', {});
    const other = await flow.partnerIn('direct_bill');
    const res = await other.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {});
    assertProblem(res, 422, 'partner_tenant_as_customer', 'R-SELF-2');
    assert.match(res.body.detail, /internal_use/);
  });

  it("R-SELF-3: a reseller cannot become its provider's customer with the same tenant; the refusal lists the three ways out", async () => {
    // The provider asks, with its own direct-bill capability, its reseller to be its customer.
    const both = await flow.partnerIn('indirect_provider');
    await flow.join(both, 'direct_bill');
    const r = await flow.partnerIn('indirect_reseller');
    await both.api.post('/v1/partnership-invitations', { partnerId: r.partnerId });
    const accountEmail = (await operator.get(`/v1/operator/partner-ids/${r.partnerId}`)).body.accountEmail;
    assert.equal(
      (
        await r.api.post(`/v1/links/${await mailedToken(t, accountEmail, 'partnershipInvitation')}/acceptance`, {
          authorize: true,
        })
      ).status,
      201,
    );
    const created = await both.api.post('/v1/relationship-requests', {});
    assert.equal(created.status, 201, created.raw);
    const res = await r.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {});
    assertProblem(res, 422, 'reseller_as_provider_customer', 'R-SELF-3');
    assert.match(res.body.detail, /another tenant/);
    assert.match(res.body.detail, /end the partnership/);
    assert.match(res.body.detail, /another provider/);
  });
});

describe('ending a relationship', () => {
  it("the partner ends its own; the customer's admin ends any of its own; a reseller's end takes the provider's along", async () => {
    const created = (await reseller.api.post('/v1/relationship-requests', { providerId: provider.tenant.id })).body;
    const customer = await customerAdmin();
    await customer.api.post(`/v1/links/${tokenOf(created.link)}/acceptance`, {});
    const seen = (await customer.api.get(`/v1/customers/${customer.tenant.id}/relationships`)).body.items;
    assert.equal(seen.length, 2);
    const providerOwn = (await provider.api.get(`/v1/customers/${customer.tenant.id}/relationships`)).body.items;
    assert.deepEqual(
      providerOwn.map((r: { role: string }) => r.role),
      ['indirect_provider'],
    );
    // Nobody else's.
    const resellerRow = seen.find((r: { role: string }) => r.role === 'indirect_reseller');
    assert.equal(
      (await provider.api.post(`/v1/customers/${customer.tenant.id}/relationships/${resellerRow.id}/removal`)).status,
      404,
    );
    const ended = await customer.api.post(`/v1/customers/${customer.tenant.id}/relationships/${resellerRow.id}/removal`);
    assert.equal(ended.status, 204, ended.raw);
    assert.equal((await customer.api.get(`/v1/customers/${customer.tenant.id}/relationships`)).body.items.length, 0);
    assert.equal((await provider.api.get(`/v1/customers/${customer.tenant.id}`)).status, 404);

    const again = (await direct.api.post('/v1/relationship-requests', {})).body;
    const c2 = await customerAdmin();
    const { relationships } = (await c2.api.post(`/v1/links/${tokenOf(again.link)}/acceptance`, {})).body;
    assert.equal(
      (await direct.api.post(`/v1/customers/${c2.tenant.id}/relationships/${relationships[0].id}/removal`)).status,
      204,
    );
    assert.equal((await direct.api.get(`/v1/customers/${c2.tenant.id}`)).status, 404);
  });
});

describe('limits and several partners', () => {
  it('Trellis mails at most ten requests a day to one address: then 429', async () => {
    const email = `busy-${unique()}@prospect.example`;
    const first = (await direct.api.post('/v1/relationship-requests', { email, send: true })).body;
    for (let i = 0; i < 9; i++)
      assert.equal((await direct.api.post(`/v1/relationship-requests/${first.request.id}/resends`)).status, 200);
    assertProblem(await direct.api.post('/v1/relationship-requests', { email, send: true }), 429, 'rate_limited');
    // Without Trellis sending, the partner still gets its link and draft.
    assert.equal((await direct.api.post('/v1/relationship-requests', { email })).status, 201);
  });

  it('R-CUS-9: a customer works with several partners at once, each seeing only its own part', async () => {
    const other = await flow.partnerIn('direct_bill');
    const customer = await customerAdmin();
    for (const p of [direct, other]) {
      const r = (await p.api.post('/v1/relationship-requests', {})).body;
      assert.equal((await customer.api.post(`/v1/links/${tokenOf(r.link)}/acceptance`, {})).status, 201);
    }
    assert.equal((await customer.api.get(`/v1/customers/${customer.tenant.id}/relationships`)).body.items.length, 2);
    for (const p of [direct, other]) {
      const mine = (await p.api.get(`/v1/customers/${customer.tenant.id}/relationships`)).body.items;
      assert.deepEqual(
        mine.map((r: { partner: { id: string } }) => r.partner.id),
        [p.tenant.id],
      );
      const detail = (await p.api.get(`/v1/customers/${customer.tenant.id}`)).body;
      assert.equal(detail.relationships.length, 1);
    }
  });
});

describe('what may keep a relationship', () => {
  it('a registered guard (commerce: active subscriptions) refuses the end with 409 and the reason', async () => {
    const r = (await direct.api.post('/v1/relationship-requests', {})).body;
    const customer = await customerAdmin();
    const { relationships } = (await customer.api.post(`/v1/links/${tokenOf(r.link)}/acceptance`, {})).body;
    const unregister = addRemovalGuard(async (_ctx, rel) =>
      rel.customerId === customer.tenant.id ? `${direct.tenant.name} has 2 active subscriptions for this customer.` : undefined,
    );
    try {
      const res = await customer.api.post(`/v1/customers/${customer.tenant.id}/relationships/${relationships[0].id}/removal`);
      assertProblem(res, 409, 'relationship_in_use');
      assert.match(res.body.detail, /active subscriptions/);
    } finally {
      unregister();
    }
    assert.equal(
      (await customer.api.post(`/v1/customers/${customer.tenant.id}/relationships/${relationships[0].id}/removal`)).status,
      204,
    );
  });
});

describe('a customer without a tenant', () => {
  const signUp = (email: string, link: string) =>
    t.request('POST', '/v1/tenants', {
      body: {
        kind: 'customer',
        name: `Startup ${unique()}`,
        countryCode: 'US',
        admin: { email, name: 'Founder', password: 'a long enough passphrase' },
        acceptLink: link,
      },
    });
  const confirm = async (email: string) =>
    t.request('POST', '/v1/sign-up-confirmations', { body: { token: await t.signUpToken(email) } });
  const signInStatus = async (email: string) =>
    (await t.request('POST', '/v1/sessions', { body: { email, password: 'a long enough passphrase' } })).status;

  it('R-CUS-1: signs up on the way, the link accepted when the sign-up is confirmed; a dead link leaves no tenant behind', async () => {
    const r = (await direct.api.post('/v1/relationship-requests', { email: 'founder@startup.example' })).body;
    const requested = await signUp('founder@startup.example', tokenOf(r.link));
    assert.equal(requested.status, 202, requested.raw);
    // Nothing is accepted before the address is confirmed.
    assert.equal((await direct.api.get('/v1/customers?search=startup.example')).body.items.length, 0);
    const res = await confirm('founder@startup.example');
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.acceptance.kind, 'relationship_request');
    assert.deepEqual(
      res.body.acceptance.relationships.map((x: { role: string }) => x.role),
      ['direct_partner'],
    );
    const listed = (await direct.api.get('/v1/customers?search=startup.example')).body.items;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].primaryDomain, 'startup.example');

    // A used link is refused at once, before any mail.
    const again = await signUp('second@startup2.example', tokenOf(r.link));
    assertProblem(again, 410, 'link_unavailable');
    assert.equal((await t.mailTo('second@startup2.example')).length, 0);
    assert.equal(await signInStatus('second@startup2.example'), 401);
  });

  it('R-CUS-1: a link that dies between the sign-up and its confirmation: 410, and neither the tenant nor the admin is made', async () => {
    const r = (await direct.api.post('/v1/relationship-requests', { email: 'late@startup3.example' })).body;
    assert.equal((await signUp('late@startup3.example', tokenOf(r.link))).status, 202);
    assert.equal((await direct.api.post(`/v1/relationship-requests/${r.request.id}/revocation`)).status, 200);
    assertProblem(await confirm('late@startup3.example'), 410, 'link_unavailable');
    assert.equal(await signInStatus('late@startup3.example'), 401);
    assert.equal((await direct.api.get('/v1/customers?search=startup3.example')).body.items.length, 0);
  });
});

describe('requests a customer received (GET /v1/customer/relationship-requests)', () => {
  type Received = {
    id: string;
    partner: { id: string; name: string };
    provider: { id: string; name: string } | null;
    namesYou: boolean;
    email: string | null;
    status: string;
    acceptedAt: string | null;
    acceptance: 'here' | 'link' | null;
    authorizes: {
      providerOrders: boolean;
      keepsGrant: boolean;
      adminGrant: { roles: string[]; days: number; autoExtend: boolean } | null;
    } | null;
  };
  const received = async (api: Api, query = ''): Promise<{ items: Received[]; nextCursor: string | null }> => {
    const res = await api.get(`/v1/customer/relationship-requests${query}`);
    assert.equal(res.status, 200, res.raw);
    return res.body;
  };
  const ids = (page: { items: Received[] }) => page.items.map((r) => r.id);

  it("R-CUS-1: a customer's global admin sees the requests sent to its users' addresses, newest first, page by page, with what accepting authorizes; another customer sees none of them", async () => {
    const customer = await customerAdmin();
    const colleague = await member(t, customer.api, ['user']);
    const toAdmin = (await direct.api.post('/v1/relationship-requests', { email: customer.admin.email.toUpperCase() })).body;
    const toUser = (
      await reseller.api.post('/v1/relationship-requests', {
        providerId: provider.tenant.id,
        email: colleague.user.email,
        send: true,
      })
    ).body;
    // To an address none of its users holds, and to no address at all: not the customer's.
    const elsewhere = (await direct.api.post('/v1/relationship-requests', { email: `someone-${unique()}@prospect.example` }))
      .body;
    const anonymous = (await direct.api.post('/v1/relationship-requests', {})).body;

    const page = await received(customer.api);
    assert.deepEqual(ids(page), [toUser.request.id, toAdmin.request.id]);
    const [joint, direct1] = page.items as [Received, Received];
    assert.deepEqual(direct1.partner, { id: direct.tenant.id, name: direct.tenant.name });
    assert.equal(direct1.provider, null);
    assert.equal(direct1.email, customer.admin.email);
    assert.equal(direct1.namesYou, false);
    assert.equal(direct1.status, 'pending');
    assert.equal(direct1.acceptance, 'link');
    // The operator's default grant for a reseller of record (R-CUS-1).
    assert.deepEqual(direct1.authorizes, {
      providerOrders: false,
      keepsGrant: false,
      adminGrant: { roles: ['user_admin', 'license_admin', 'helpdesk_admin'], days: 730, autoExtend: true },
    });
    assert.deepEqual(joint.partner, { id: reseller.tenant.id, name: reseller.tenant.name });
    assert.deepEqual(joint.provider, { id: provider.tenant.id, name: provider.tenant.name });
    assert.equal(joint.authorizes?.providerOrders, true, 'R-CUS-2: the provider may order');

    // Cursor pages, as every list.
    const first = await received(customer.api, '?limit=1');
    assert.deepEqual(ids(first), [toUser.request.id]);
    assert.ok(first.nextCursor);
    const second = await received(customer.api, `?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`);
    assert.deepEqual(ids(second), [toAdmin.request.id]);
    assert.equal(second.nextCursor, null);
    assertProblem(
      await customer.api.get(`/v1/customer/relationship-requests?cursor=${first.nextCursor}x`),
      400,
      'invalid_request',
    );

    const one = await customer.api.get(`/v1/customer/relationship-requests/${toAdmin.request.id}`);
    assert.equal(one.status, 200, one.raw);
    assert.deepEqual(one.body, direct1);
    for (const id of [elsewhere.request.id, anonymous.request.id]) {
      assertProblem(await customer.api.get(`/v1/customer/relationship-requests/${id}`), 404, 'not_found');
    }

    // Another customer: an empty list, and 404 for each of them.
    const other = await customerAdmin();
    assert.deepEqual(ids(await received(other.api)), []);
    for (const id of [toAdmin.request.id, toUser.request.id]) {
      assertProblem(await other.api.get(`/v1/customer/relationship-requests/${id}`), 404, 'not_found');
      assertProblem(await other.api.post(`/v1/customer/relationship-requests/${id}/acceptance`), 404, 'not_found');
    }
  });

  it('R-CUS-1: only a global admin of a customer: a plain user and partners get 403', async () => {
    const customer = await customerAdmin();
    const request = (await direct.api.post('/v1/relationship-requests', { email: customer.admin.email })).body.request;
    const plain = await member(t, customer.api, ['user']);
    for (const api of [plain.api, direct.api, reseller.api, operator]) {
      assertProblem(await api.get('/v1/customer/relationship-requests'), 403, 'forbidden');
      assertProblem(await api.get(`/v1/customer/relationship-requests/${request.id}`), 403, 'forbidden');
      assertProblem(await api.post(`/v1/customer/relationship-requests/${request.id}/acceptance`), 403, 'forbidden');
    }
    assert.equal((await t.request('GET', '/v1/customer/relationship-requests')).status, 401);
  });

  it('R-CUS-1: a request by e-mail is accepted from its link (422 link_required here); then it reads accepted, and a forwarded one accepted by another customer leaves the list', async () => {
    const customer = await customerAdmin();
    const asked = (await direct.api.post('/v1/relationship-requests', { email: customer.admin.email })).body;
    assertProblem(
      await customer.api.post(`/v1/customer/relationship-requests/${asked.request.id}/acceptance`),
      422,
      'link_required',
      'R-CUS-1',
    );
    assert.equal((await customer.api.post(`/v1/links/${tokenOf(asked.link)}/acceptance`, {})).status, 201);
    const [accepted] = (await received(customer.api)).items;
    assert.equal(accepted!.id, asked.request.id);
    assert.equal(accepted!.status, 'accepted');
    assert.ok(accepted!.acceptedAt);
    assert.equal(accepted!.acceptance, null);
    assert.equal(accepted!.authorizes, null);
    assertProblem(
      await customer.api.post(`/v1/customer/relationship-requests/${asked.request.id}/acceptance`),
      409,
      'request_not_pending',
    );

    // Sent to this customer's admin, forwarded, accepted by another customer: that one's now, not this one's.
    const forwarded = (await direct.api.post('/v1/relationship-requests', { email: customer.admin.email })).body;
    const acceptor = await customerAdmin();
    assert.equal((await acceptor.api.post(`/v1/links/${tokenOf(forwarded.link)}/acceptance`, {})).status, 201);
    assert.deepEqual(ids(await received(customer.api)), [asked.request.id]);
    assert.deepEqual(ids(await received(acceptor.api)), [forwarded.request.id]);
  });

  it('R-CUS-2, R-TRN-9: a joint request naming the customer is accepted from the list: both relationships at once, the admin grant kept, the link used up', async () => {
    const moved = await flow.partnerIn('direct_bill');
    const named = await newCustomer(moved.api);
    await flow.moveToIndirect(moved);
    await flow.partnerUp(provider, moved);
    const asked = await moved.api.post('/v1/relationship-requests', { providerId: provider.tenant.id, customerId: named.id });
    assert.equal(asked.status, 201, asked.raw);
    const admin = t.as({ cookie: await t.signIn(named.email, named.password) });
    const [item] = (await received(admin)).items;
    assert.equal(item!.id, asked.body.request.id);
    assert.equal(item!.namesYou, true);
    assert.equal(item!.acceptance, 'here');
    assert.deepEqual(item!.authorizes, { providerOrders: true, keepsGrant: true, adminGrant: null });

    const accepted = await admin.post(`/v1/customer/relationship-requests/${item!.id}/acceptance`);
    assert.equal(accepted.status, 200, accepted.raw);
    assert.equal(accepted.body.status, 'accepted');
    assert.equal(accepted.body.acceptance, null);
    const roles = (await admin.get(`/v1/customers/${named.id}/relationships`)).body.items.map((r: { role: string }) => r.role);
    assert.deepEqual(roles.sort(), ['direct_partner', 'indirect_provider', 'indirect_reseller']);
    assert.ok((await provider.api.get('/v1/customers')).body.items.some((c: { id: string }) => c.id === named.id));
    // The mailed link stops, as a used one; a second acceptance finds it accepted.
    assertProblem(await t.request('GET', `/v1/links/${tokenOf(asked.body.link)}`), 410, 'link_unavailable');
    assertProblem(await admin.post(`/v1/customer/relationship-requests/${item!.id}/acceptance`), 409, 'request_not_pending');
    const partnerSide = await moved.api.get(`/v1/relationship-requests/${item!.id}`);
    assert.equal(partnerSide.body.status, 'accepted');
    assert.equal(partnerSide.body.acceptedCustomerId, named.id);
  });

  it('R-CUS-1: an expired or revoked request naming the customer is not accepted from the list (409)', async () => {
    const named = await newCustomer(direct.api);
    const admin = t.as({ cookie: await t.signIn(named.email, named.password) });
    const revoked = (await direct.api.post('/v1/relationship-requests', { customerId: named.id })).body.request;
    assert.equal((await direct.api.post(`/v1/relationship-requests/${revoked.id}/revocation`)).status, 200);
    const expiring = (await direct.api.post('/v1/relationship-requests', { customerId: named.id })).body.request;
    clock.advance(8 * DAY_MS);
    try {
      const byId = new Map((await received(admin)).items.map((r) => [r.id, r]));
      assert.equal(byId.get(revoked.id)?.status, 'revoked');
      assert.equal(byId.get(expiring.id)?.status, 'expired');
      for (const id of [revoked.id, expiring.id]) {
        assert.equal(byId.get(id)?.acceptance, null);
        assertProblem(await admin.post(`/v1/customer/relationship-requests/${id}/acceptance`), 409, 'request_not_pending');
      }
    } finally {
      clock.reset();
    }
  });

  it('R-CUS-1: ?status= keeps the requests a customer reads with that status: pending ones unexpired, lapsed ones among the expired, page by page', async () => {
    const named = await newCustomer(direct.api);
    const admin = t.as({ cookie: await t.signIn(named.email, named.password) });
    const revoked = (await direct.api.post('/v1/relationship-requests', { customerId: named.id })).body.request;
    assert.equal((await direct.api.post(`/v1/relationship-requests/${revoked.id}/revocation`)).status, 200);
    const lapsing = (await direct.api.post('/v1/relationship-requests', { customerId: named.id })).body.request;
    clock.advance(8 * DAY_MS);
    try {
      const made = await direct.api.post('/v1/relationship-requests', { customerId: named.id });
      assert.equal(made.status, 201, made.raw);
      const fresh = made.body.request;
      const joint = await reseller.api.post('/v1/relationship-requests', { email: named.email, providerId: provider.tenant.id });
      assert.equal(joint.status, 201, joint.raw);
      const fresher = joint.body.request;
      assert.deepEqual(ids(await received(admin)), [fresher.id, fresh.id, lapsing.id, revoked.id]);
      assert.deepEqual(ids(await received(admin, '?status=pending')), [fresher.id, fresh.id]);
      assert.deepEqual(ids(await received(admin, '?status=expired')), [lapsing.id]);
      assert.deepEqual(ids(await received(admin, '?status=revoked')), [revoked.id]);
      assert.deepEqual(ids(await received(admin, '?status=accepted')), []);
      const first = await received(admin, '?status=pending&limit=1');
      assert.deepEqual(ids(first), [fresher.id]);
      const next = await received(admin, `?status=pending&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
      assert.deepEqual(ids(next), [fresh.id]);
      assert.equal(next.nextCursor, null);
      // A cursor is for the list it came from: under another filter it is refused, not misread.
      assertProblem(
        await admin.get(`/v1/customer/relationship-requests?status=revoked&cursor=${encodeURIComponent(first.nextCursor!)}`),
        400,
        'invalid_request',
      );
      assertProblem(await admin.get('/v1/customer/relationship-requests?status=open'), 400, 'invalid_request');
    } finally {
      clock.reset();
    }
  });
});
