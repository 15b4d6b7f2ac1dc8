import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { onPostgres, TestTrellis } from '../../../test/support/harness.ts';
import { mailedToken, member, ProgramFlow, unique, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/** Provider and reseller partnerships (seeds 000 and 003): invitations by link, both lists, regions, ending. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
before(async () => {
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
});
after(() => t.close());

const linkToken = (address: string) => mailedToken(t, address, 'partnershipInvitation');

/** A provider inviting a reseller by partner ID; returns the mailed token. */
async function invite(provider: ProgramPartner, reseller: ProgramPartner) {
  const res = await provider.api.post('/v1/partnership-invitations', { partnerId: reseller.partnerId });
  assert.equal(res.status, 201, res.raw);
  const accountEmail = (await operator.get(`/v1/operator/partner-ids/${reseller.partnerId}`)).body.accountEmail;
  return { invitation: res.body, token: await linkToken(accountEmail), accountEmail };
}

describe('the provider invites, the reseller accepts (seed 003)', () => {
  it('R-PRT-1, R-PRT-2: the link says who invites and what it authorizes; the global admin accepts with authorize: true; both lists show it', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const reseller = await flow.partnerIn('indirect_reseller');
    const { invitation, token, accountEmail } = await invite(provider, reseller);
    assert.equal(invitation.status, 'pending');
    assert.equal(invitation.sentTo, accountEmail);

    const landing = await t.request('GET', `/v1/links/${token}`);
    assert.equal(landing.status, 200, landing.raw);
    assert.equal(landing.headers['referrer-policy'], 'no-referrer');
    assert.equal(landing.body.kind, 'partnership_invitation');
    assert.equal(landing.body.from.name, provider.tenant.name);
    assert.equal(landing.body.from.partnerId, provider.partnerId);
    assert.match(landing.body.authorizes.join(' '), /orders/);
    assert.match(landing.body.authorizes.join(' '), /administrator access/);

    // Only with the authorization ticked.
    assertProblem(await reseller.api.post(`/v1/links/${token}/acceptance`, {}), 422, 'authorization_required', 'R-PRT-1');
    assertProblem(
      await reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: 'yes' }),
      422,
      'authorization_required',
      'R-PRT-1',
    );
    // Only the global admin.
    await reseller.api.put(`/v1/users/${reseller.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    const agent = await member(t, reseller.api, ['admin_agent']);
    assert.equal((await agent.api.post(`/v1/links/${token}/acceptance`, { authorize: true })).status, 403);

    const accepted = await reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: true });
    assert.equal(accepted.status, 201, accepted.raw);
    assert.equal(accepted.body.providerId, provider.tenant.id);

    const resellers = (await provider.api.get('/v1/indirect-resellers')).body.items;
    assert.equal(resellers.length, 1);
    assert.equal(resellers[0].reseller.id, reseller.tenant.id);
    assert.equal(resellers[0].reseller.partnerId, reseller.partnerId);
    assert.equal(resellers[0].readiness.ready, true);
    const providers = (await reseller.api.get('/v1/indirect-providers')).body.items;
    assert.equal(providers.length, 1);
    assert.equal(providers[0].provider.id, provider.tenant.id);
    assert.equal((await provider.api.get(`/v1/partnership-invitations/${invitation.id}`)).body.status, 'accepted');

    // The link is used up: one uniform 410.
    assertProblem(await t.request('GET', `/v1/links/${token}`), 410, 'link_unavailable');
    assertProblem(await reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: true }), 410, 'link_unavailable');
  });

  it('R-PRT-5: a reseller works with several providers', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    for (let i = 0; i < 2; i++) {
      const provider = await flow.partnerIn('indirect_provider');
      const { token } = await invite(provider, reseller);
      assert.equal((await reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: true })).status, 201);
    }
    assert.equal((await reseller.api.get('/v1/indirect-providers')).body.items.length, 2);
  });

  it('R-PRT-4, R-REG-2: a reseller in another market is refused, at the invitation and at the acceptance', async () => {
    const provider = await flow.partnerIn('indirect_provider', { countryCode: 'US' });
    const french = await flow.partnerIn('indirect_reseller', { countryCode: 'FR' });
    assertProblem(
      await provider.api.post('/v1/partnership-invitations', { partnerId: french.partnerId }),
      422,
      'region_mismatch',
      'R-PRT-4',
    );
    // Invited by e-mail, the market is known only when someone accepts.
    const email = `reseller-${unique()}@fr-reseller.example`;
    assert.equal((await provider.api.post('/v1/partnership-invitations', { email })).status, 201);
    const token = await linkToken(email);
    assertProblem(await french.api.post(`/v1/links/${token}/acceptance`, { authorize: true }), 422, 'region_mismatch', 'R-PRT-4');
    assert.equal((await t.request('GET', `/v1/links/${token}`)).status, 200, 'a refused acceptance does not use the link up');
  });

  it('an invitation by partner ID is for that partner only; the accepting tenant must be an active indirect reseller', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const intended = await flow.partnerIn('indirect_reseller');
    const other = await flow.partnerIn('indirect_reseller');
    const { token } = await invite(provider, intended);
    assert.equal((await other.api.post(`/v1/links/${token}/acceptance`, { authorize: true })).status, 403);
    const email = `someone-${unique()}@reseller.example`;
    await provider.api.post('/v1/partnership-invitations', { email });
    const byMail = await linkToken(email);
    const directOnly = await flow.partnerIn('direct_bill');
    assertProblem(
      await directOnly.api.post(`/v1/links/${byMail}/acceptance`, { authorize: true }),
      422,
      'not_an_indirect_reseller',
      'R-PRT-7',
    );
    const customer = await t.tenantWithAdmin('customer');
    assert.equal((await customer.api.post(`/v1/links/${byMail}/acceptance`, { authorize: true })).status, 403);
  });

  it('R-PRT-1: only active indirect providers invite; R-AGR-1: a provider that cannot transact cannot invite', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    assert.equal((await reseller.api.post('/v1/partnership-invitations', { email: `x-${unique()}@example.com` })).status, 403);
    const provider = await flow.partnerIn('indirect_provider');
    await operator.post('/v1/operator/agreements', {
      type: 'partner_agreement',
      version: `v-${unique()}`,
      title: 'PA',
      body: 'text',
      effectiveAt: '2026-01-01T00:00:00Z',
    });
    await operator.patch('/v1/operator/settings', { partnerAgreementEnforcedFrom: '2026-01-01T00:00:00Z' });
    try {
      const res = await provider.api.post('/v1/partnership-invitations', { email: `x-${unique()}@example.com` });
      assertProblem(res, 422, 'cannot_transact', 'R-AGR-1');
    } finally {
      await operator.patch('/v1/operator/settings', { partnerAgreementEnforcedFrom: null });
    }
  });
});

describe('providers manage their invitations', () => {
  it('list with status, revoke (the link stops), resend (a new link; the old one stops), expiry', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const email = `r-${unique()}@reseller.example`;
    const created = (await provider.api.post('/v1/partnership-invitations', { email })).body;
    const first = await linkToken(email);
    assertProblem(await provider.api.post('/v1/partnership-invitations', { email }), 409, 'invitation_pending');

    const resent = await provider.api.post(`/v1/partnership-invitations/${created.id}/resends`);
    assert.equal(resent.status, 200, resent.raw);
    assert.equal(resent.body.sendCount, 2);
    const second = await linkToken(email);
    assert.notEqual(second, first);
    assertProblem(await t.request('GET', `/v1/links/${first}`), 410, 'link_unavailable');
    assert.equal((await t.request('GET', `/v1/links/${second}`)).status, 200);

    const revoked = await provider.api.post(`/v1/partnership-invitations/${created.id}/revocation`);
    assert.equal(revoked.body.status, 'revoked');
    assertProblem(await t.request('GET', `/v1/links/${second}`), 410, 'link_unavailable');
    assertProblem(await provider.api.post(`/v1/partnership-invitations/${created.id}/revocation`), 409, 'invitation_not_pending');

    const other = `r-${unique()}@reseller.example`;
    const expiring = (await provider.api.post('/v1/partnership-invitations', { email: other })).body;
    const token = await linkToken(other);
    clock.advance(8 * DAY_MS);
    try {
      assertProblem(await t.request('GET', `/v1/links/${token}`), 410, 'link_unavailable');
      const list = (await provider.api.get('/v1/partnership-invitations')).body.items;
      assert.equal(list.find((i: { id: string }) => i.id === expiring.id).status, 'expired');
      assert.equal(list.find((i: { id: string }) => i.id === created.id).status, 'revoked');
      // An expired invitation may be replaced by a new one; the old one is then not re-sent.
      assert.equal((await provider.api.post('/v1/partnership-invitations', { email: other })).status, 201);
      assertProblem(await provider.api.post(`/v1/partnership-invitations/${expiring.id}/resends`), 409, 'invitation_pending');
    } finally {
      clock.reset();
    }
  });

  it('an expired invitation is re-sent with a new link valid for a new period', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const email = `late-${unique()}@reseller.example`;
    const created = (await provider.api.post('/v1/partnership-invitations', { email })).body;
    clock.advance(8 * DAY_MS);
    try {
      const resent = await provider.api.post(`/v1/partnership-invitations/${created.id}/resends`);
      assert.equal(resent.status, 200, resent.raw);
      assert.equal(resent.body.status, 'pending');
      assert.ok(new Date(resent.body.expiresAt).getTime() > clock.now().getTime() + 6 * DAY_MS);
      assert.equal((await t.request('GET', `/v1/links/${await linkToken(email)}`)).status, 200);
    } finally {
      clock.reset();
    }
  });

  it("another provider's invitation is 404; an unknown link 404; a malformed token 400", async () => {
    const a = await flow.partnerIn('indirect_provider');
    const b = await flow.partnerIn('indirect_provider');
    const created = (await a.api.post('/v1/partnership-invitations', { email: `r-${unique()}@x.example` })).body;
    assert.equal((await b.api.get(`/v1/partnership-invitations/${created.id}`)).status, 404);
    assert.equal((await b.api.post(`/v1/partnership-invitations/${created.id}/revocation`)).status, 404);
    assertProblem(await t.request('GET', `/v1/links/tra_${'A'.repeat(43)}`), 404, 'not_found');
    assert.equal((await t.request('GET', '/v1/links/nonsense')).status, 400);
  });

  it('e-mail or partner ID, exactly one', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    assert.equal((await provider.api.post('/v1/partnership-invitations', {})).status, 400);
    assert.equal(
      (await provider.api.post('/v1/partnership-invitations', { email: 'a@b.example', partnerId: '123456' })).status,
      400,
    );
    assertProblem(await provider.api.post('/v1/partnership-invitations', { partnerId: 'PN-UNKNOWN' }), 422, 'partner_id_unknown');
  });
});

describe('ending a partnership', () => {
  it('R-PRT-6: only operator staff end it, recording the support request; both lists show it ended', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const reseller = await flow.partnerIn('indirect_reseller');
    const { token } = await invite(provider, reseller);
    const { partnershipId } = (await reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: true })).body;
    assert.equal(
      (await provider.api.post(`/v1/operator/partnerships/${partnershipId}/ending`, { supportRequest: 'SR-1' })).status,
      403,
    );
    assert.equal(
      (await reseller.api.post(`/v1/operator/partnerships/${partnershipId}/ending`, { supportRequest: 'SR-1' })).status,
      403,
    );
    const ended = await operator.post(`/v1/operator/partnerships/${partnershipId}/ending`, { supportRequest: 'SR-2026-0042' });
    assert.equal(ended.status, 200, ended.raw);
    assert.equal(ended.body.supportRequest, 'SR-2026-0042');
    assert.equal((await provider.api.get('/v1/indirect-resellers')).body.items.length, 0);
    assert.equal((await provider.api.get('/v1/indirect-resellers?status=ended')).body.items[0].status, 'ended');
    assert.equal((await reseller.api.get('/v1/indirect-providers?status=ended')).body.items.length, 1);
    assertProblem(
      await operator.post(`/v1/operator/partnerships/${partnershipId}/ending`, { supportRequest: 'again' }),
      409,
      'partnership_ended',
    );
    // They may partner again later, through a new invitation.
    const again = await invite(provider, reseller);
    assert.equal((await reseller.api.post(`/v1/links/${again.token}/acceptance`, { authorize: true })).status, 201);
  });
});

describe("a partner's partnerships in the back office (GET /v1/operator/partners/{id}/partnerships)", () => {
  it("R-PRT-2, R-PRT-6: operator staff list a partner's partnerships on both sides, newest first, with the other side and, once ended, the support request", async () => {
    // A provider that is also a reseller of another provider: both sides in one list.
    const both = await flow.partnerIn('indirect_provider');
    await flow.join(both, 'indirect_reseller');
    const upstream = await flow.partnerIn('indirect_provider');
    const first = await flow.partnerIn('indirect_reseller');
    const second = await flow.partnerIn('indirect_reseller');
    const asReseller = await flow.partnerUp(upstream, both);
    const withFirst = await flow.partnerUp(both, first);
    const withSecond = await flow.partnerUp(both, second);
    assert.equal(
      (await operator.post(`/v1/operator/partnerships/${withFirst}/ending`, { supportRequest: 'SR-2026-0100' })).status,
      200,
    );

    const list = await operator.get(`/v1/operator/partners/${both.tenant.id}/partnerships`);
    assert.equal(list.status, 200, list.raw);
    assert.deepEqual(
      list.body.items.map((p: { partnershipId: string; role: string; status: string }) => [p.partnershipId, p.role, p.status]),
      [
        [withSecond, 'provider', 'active'],
        [withFirst, 'provider', 'ended'],
        [asReseller, 'reseller', 'active'],
      ],
    );
    const [, ended, upward] = list.body.items;
    assert.deepEqual(ended.counterpart, {
      id: first.tenant.id,
      name: first.tenant.name,
      countryCode: 'US',
      market: ended.counterpart.market,
      partnerId: first.partnerId,
    });
    assert.equal(ended.supportRequest, 'SR-2026-0100');
    assert.ok(ended.endedAt);
    assert.equal(upward.counterpart.id, upstream.tenant.id);
    assert.equal(upward.supportRequest, null);
    assert.equal(upward.endedAt, null);

    // Filtered by status, and page by page on keys that hold across both sides.
    const active = await operator.get(`/v1/operator/partners/${both.tenant.id}/partnerships?status=active`);
    assert.deepEqual(
      active.body.items.map((p: { partnershipId: string }) => p.partnershipId),
      [withSecond, asReseller],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { partnershipId: string }[]; nextCursor: string | null } } = await operator.get(
        `/v1/operator/partners/${both.tenant.id}/partnerships?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assert.ok(page.body.items.length <= 1);
      seen.push(...page.body.items.map((p) => p.partnershipId));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [withSecond, withFirst, asReseller]);

    // The other sides see theirs only.
    const firstList = (await operator.get(`/v1/operator/partners/${first.tenant.id}/partnerships`)).body.items;
    assert.deepEqual(
      firstList.map((p: { partnershipId: string; role: string; counterpart: { id: string } }) => [
        p.partnershipId,
        p.role,
        p.counterpart.id,
      ]),
      [[withFirst, 'reseller', both.tenant.id]],
    );

    // What support then ends from the page is the partnership the row names.
    const endedNow = await operator.post(`/v1/operator/partnerships/${withSecond}/ending`, { supportRequest: 'SR-2026-0101' });
    assert.equal(endedNow.status, 200, endedNow.raw);
    const after = (await operator.get(`/v1/operator/partners/${second.tenant.id}/partnerships`)).body.items;
    assert.equal(after[0].status, 'ended');
    assert.equal(after[0].supportRequest, 'SR-2026-0101');
  });

  it('every operator role reads it (operator.read); partners get 403; a customer, an unknown id or a bad status: 404 or 400', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const url = `/v1/operator/partners/${provider.tenant.id}/partnerships`;
    for (const role of ['reviewer', 'support']) {
      const staff = await member(t, operator, [role]);
      assert.equal((await staff.api.get(url)).status, 200);
    }
    assert.deepEqual((await operator.get(url)).body, { items: [], nextCursor: null });
    assertProblem(await provider.api.get(url), 403, 'forbidden');
    const customer = await t.tenantWithAdmin('customer');
    assertProblem(await customer.api.get(url), 403, 'forbidden');
    assertProblem(await operator.get(`/v1/operator/partners/${customer.tenant.id}/partnerships`), 404, 'not_found');
    assertProblem(
      await operator.get('/v1/operator/partners/00000000-0000-4000-8000-000000000000/partnerships'),
      404,
      'not_found',
    );
    assertProblem(await operator.get(`${url}?status=pending`), 400, 'invalid_request');
    assertProblem(await operator.get('/v1/operator/partners/not-a-uuid/partnerships'), 400, 'invalid_request');
  });
});

describe('the Indirect providers area', () => {
  it('R-TRN-6: its routes answer 403 before the indirect reseller capability is active', async () => {
    const direct = await flow.partnerIn('direct_bill');
    assertProblem(await direct.api.get('/v1/indirect-providers'), 403, 'forbidden', 'R-TRN-6');
    const reseller = await flow.partnerIn('indirect_reseller');
    assert.equal((await reseller.api.get('/v1/indirect-providers')).status, 200);
  });
});

describe('acceptances at the same time', () => {
  it(`R-PRT-2: ${onPostgres ? 'concurrent' : 'successive (PGlite)'} acceptances of one link make one partnership`, async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const reseller = await flow.partnerIn('indirect_reseller');
    const { token } = await invite(provider, reseller);
    const accept = () => reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: true });
    const results = onPostgres
      ? await Promise.all(Array.from({ length: 20 }, accept))
      : [await accept(), await accept(), await accept()];
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    assert.ok(
      results.filter((r) => r.status !== 201).every((r) => r.status === 410 || r.status === 409),
      results.map((r) => r.status).join(),
    );
    assert.equal((await provider.api.get('/v1/indirect-resellers')).body.items.length, 1);
  });
});

describe('limits', () => {
  it('one address gets at most ten invitations a day, whoever sends them: then 429 with Retry-After', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const email = `popular-${unique()}@reseller.example`;
    const created = (await provider.api.post('/v1/partnership-invitations', { email })).body;
    for (let i = 0; i < 9; i++)
      assert.equal((await provider.api.post(`/v1/partnership-invitations/${created.id}/resends`)).status, 200);
    const other = await flow.partnerIn('indirect_provider');
    const limited = await other.api.post('/v1/partnership-invitations', { email });
    assertProblem(limited, 429, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });
});
