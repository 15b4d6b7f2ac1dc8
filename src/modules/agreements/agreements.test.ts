import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { member, ProgramFlow, unique, type Api, type Enrollment } from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/**
 * Black-box tests of agreements: publishing versions, the version in effect, acceptance by
 * a global admin, the enforcement date of the partner agreement (R-AGR-1), reseller
 * readiness (R-AGR-2) and the indirect reseller agreement that turns the capability on
 * (R-TRN-3), with what follows from it (R-TRN-5, R-TRN-6).
 *
 * Agreements are the operator's, shared by every tenant of the file's Trellis: tests publish
 * unique versions, and a partner accepts whatever GET says is current (acceptCurrent).
 */

const HOUR = 3_600_000;
type Slug = 'partner-agreement' | 'indirect-reseller-agreement' | 'customer-agreement';
const typeOf = {
  'partner-agreement': 'partner_agreement',
  'indirect-reseller-agreement': 'indirect_reseller_agreement',
  'customer-agreement': 'customer_agreement',
} as const;

let t: TestTrellis;
let operator: Api;
let operatorAdminId: string;
let flow: ProgramFlow;

before(async () => {
  // Some tests move the clock by days: sessions must outlive that.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
  const op = await t.operator();
  operator = op.api;
  operatorAdminId = op.admin.id;
  flow = new ProgramFlow(t, operator);
  // A version of each agreement, in effect since yesterday.
  const yesterday = new Date(clock.now().getTime() - DAY_MS);
  for (const slug of Object.keys(typeOf) as Slug[]) await publish(slug, `base-${unique()}`, yesterday);
});
after(async () => {
  clock.reset();
  await t.close();
});
afterEach(() => clock.reset());

interface Agreement {
  id: string;
  type: string;
  version: string;
  title: string;
  body: string | null;
  url: string | null;
  effectiveAt: string;
  createdAt: string;
}
interface Acceptance {
  agreementId: string;
  userId: string;
  acceptedAt: string;
}

async function publish(slug: Slug, version: string, effectiveAt: Date, extra: Record<string, unknown> = {}): Promise<Agreement> {
  const res = await operator.post('/v1/operator/agreements', {
    type: typeOf[slug],
    version,
    title: `${slug} ${version}`,
    body: `The text of ${slug} ${version}.`,
    effectiveAt: effectiveAt.toISOString(),
    ...extra,
  });
  assert.equal(res.status, 201, res.raw);
  return res.body as Agreement;
}

/** GET /v1/agreements/{slug}: the version in effect and the caller tenant's acceptance. */
async function current(api: Api, slug: Slug): Promise<{ agreement: Agreement; acceptance: Acceptance | null }> {
  const res = await api.get(`/v1/agreements/${slug}`);
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

/** Accepts the version GET says is current, as the given (global admin) caller. */
async function acceptCurrent(api: Api, slug: Slug): Promise<Acceptance & { version: string }> {
  const { agreement } = await current(api, slug);
  const res = await api.post(`/v1/agreements/${slug}/acceptances`, { version: agreement.version });
  assert.equal(res.status, 201, res.raw);
  assert.equal(res.body.agreementId, agreement.id);
  return { ...res.body, version: agreement.version };
}

interface ProgramInfo {
  onboarded: boolean;
  capabilities: { capability: string; status: string; activatedAt: string | null }[];
  canTransact: boolean;
  blockers: { code: string; rule: string; detail: string }[];
  agreementsToAccept: { type: string; version: string }[];
  resellerReadiness: { ready: boolean; onboarded: boolean; indirectResellerActive: boolean; partnerAgreementAccepted: boolean };
  mayAddDirectCustomers: boolean;
  areas: { indirectProviders: boolean; indirectResellers: boolean };
}

async function programInfo(api: Api): Promise<ProgramInfo> {
  const res = await api.get('/v1/partner/program-info');
  assert.equal(res.status, 200, res.raw);
  return res.body as ProgramInfo;
}

const capability = (info: ProgramInfo, name: string) => info.capabilities.find((c) => c.capability === name);

/** Audit events of the caller's tenant (or, for the operator, every tenant) of one type and subject. */
async function events(api: Api, type: string, subjectId: string) {
  const res = await api.get(`/v1/audit-events?type=${type}&subjectId=${encodeURIComponent(subjectId)}`);
  assert.equal(res.status, 200, res.raw);
  return res.body.items as { type: string; actor: { userId: string | null }; after: Record<string, unknown> }[];
}

async function setEnforcement(at: Date | null) {
  const res = await operator.patch('/v1/operator/settings', { partnerAgreementEnforcedFrom: at?.toISOString() ?? null });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.partnerAgreementEnforcedFrom, at?.toISOString() ?? null);
}

/** A partner's global admin that granted itself admin_agent, and a member of its tenant with other roles. */
async function memberOf(partner: { api: Api; admin: { id: string } }, roles: string[]) {
  const granted = await partner.api.put(`/v1/users/${partner.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
  assert.equal(granted.status, 200, granted.raw);
  return member(t, partner.api, roles);
}

describe('publishing agreements (operator admin)', () => {
  it('the operator admin publishes a version: 201 with every field, listed newest first, recorded as an event', async () => {
    const version = `pub-${unique()}`;
    const effectiveAt = new Date(clock.now().getTime() - HOUR);
    const res = await operator.post('/v1/operator/agreements', {
      type: 'customer_agreement',
      version,
      title: 'Customer Agreement',
      body: 'Customers agree.',
      url: 'https://legal.example/customer-agreement',
      effectiveAt: effectiveAt.toISOString(),
    });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.type, 'customer_agreement');
    assert.equal(res.body.version, version);
    assert.equal(res.body.title, 'Customer Agreement');
    assert.equal(res.body.body, 'Customers agree.');
    assert.equal(res.body.url, 'https://legal.example/customer-agreement');
    assert.equal(res.body.effectiveAt, effectiveAt.toISOString());
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);

    const listed = await operator.get('/v1/operator/agreements?type=customer_agreement');
    assert.equal(listed.status, 200, listed.raw);
    assert.ok(listed.body.items.some((a: Agreement) => a.id === res.body.id));
    const effective = listed.body.items.map((a: Agreement) => a.effectiveAt);
    assert.deepEqual(effective, [...effective].sort().reverse(), 'newest effective first');

    const published = await events(operator, 'agreement.published', res.body.id);
    assert.equal(published.length, 1);
    assert.equal(published[0]!.actor.userId, operatorAdminId);
  });

  it('a text or a link is enough; neither is 400; the fields are checked', async () => {
    const linkOnly = await publish('customer-agreement', `link-${unique()}`, new Date('2020-01-01T00:00:00Z'), {
      body: undefined,
      url: 'https://legal.example/ca.pdf',
    });
    assert.equal(linkOnly.body, null);
    assert.equal(linkOnly.url, 'https://legal.example/ca.pdf');

    const neither = await operator.post('/v1/operator/agreements', {
      type: 'partner_agreement',
      version: `none-${unique()}`,
      title: 'No text',
      effectiveAt: '2020-01-01T00:00:00Z',
    });
    assertProblem(neither, 400, 'invalid_request');
    const valid = {
      type: 'partner_agreement',
      version: `v-${unique()}`,
      title: 'T',
      body: 'B',
      effectiveAt: '2020-01-01T00:00:00Z',
    };
    for (const broken of [
      { ...valid, type: 'reseller_agreement' },
      { ...valid, version: '' },
      { ...valid, title: '' },
      { ...valid, effectiveAt: 'yesterday' },
      { ...valid, url: 'not a url' },
      { ...valid, extra: true },
    ]) {
      assertProblem(await operator.post('/v1/operator/agreements', broken), 400, 'invalid_request');
    }
    // Nothing refused was published.
    const versions = (await operator.get('/v1/operator/agreements?type=partner_agreement')).body.items.map(
      (a: Agreement) => a.version,
    );
    assert.ok(!versions.includes(valid.version));
  });

  it('the same type and version twice is 409 version_exists; the same version of another type is fine', async () => {
    const version = `dup-${unique()}`;
    const first = await publish('partner-agreement', version, new Date('2020-01-01T00:00:00Z'));
    const again = await operator.post('/v1/operator/agreements', {
      type: 'partner_agreement',
      version,
      title: 'Another title',
      body: 'Another text',
      effectiveAt: '2020-02-01T00:00:00Z',
    });
    assertProblem(again, 409, 'version_exists');
    const listed = (await operator.get('/v1/operator/agreements?type=partner_agreement')).body.items.filter(
      (a: Agreement) => a.version === version,
    );
    assert.deepEqual(listed, [first], 'the first stays as it was');
    await publish('customer-agreement', version, new Date('2020-01-01T00:00:00Z'));
  });

  it('a reviewer, a partner and a customer get 403; without a session 401', async () => {
    const reviewer = await member(t, operator, ['reviewer']);
    const partner = await t.tenantWithAdmin('partner');
    const customer = await t.tenantWithAdmin('customer');
    const body = {
      type: 'partner_agreement',
      version: `x-${unique()}`,
      title: 'X',
      body: 'X',
      effectiveAt: '2020-01-01T00:00:00Z',
    };
    for (const api of [reviewer.api, partner.api, customer.api]) {
      assertProblem(await api.post('/v1/operator/agreements', body), 403, 'forbidden');
      assertProblem(await api.get('/v1/operator/agreements?type=partner_agreement'), 403, 'forbidden');
    }
    assertProblem(await t.request('POST', '/v1/operator/agreements', { body }), 401, 'unauthenticated');
    const versions = (await operator.get('/v1/operator/agreements?type=partner_agreement')).body.items.map(
      (a: Agreement) => a.version,
    );
    assert.ok(!versions.includes(body.version));
  });
});

describe('GET /v1/agreements/{type}: the version in effect', () => {
  it('each type answers its own newest version in effect, with the caller tenant acceptance (null before)', async () => {
    const partner = await t.tenantWithAdmin('partner');
    for (const slug of Object.keys(typeOf) as Slug[]) {
      const published = await publish(slug, `each-${unique()}`, new Date(clock.now().getTime() - 1));
      const res = await current(partner.api, slug);
      assert.deepEqual(res.agreement, published);
      assert.equal(res.agreement.type, typeOf[slug]);
      assert.equal(res.acceptance, null);
    }
    assertProblem(await partner.api.get('/v1/agreements/reseller-agreement'), 400, 'invalid_request');
    assertProblem(await t.request('GET', '/v1/agreements/partner-agreement'), 401, 'unauthenticated');
  });

  it('the newest by effective time, not by publication; a future-dated version is current only once its time has come', async () => {
    const customer = await t.tenantWithAdmin('customer');
    const now = clock.now().getTime();
    const inEffect = await publish('customer-agreement', `now-${unique()}`, new Date(now - 1));
    // Published later, but in effect earlier: not current.
    await publish('customer-agreement', `older-${unique()}`, new Date('2021-06-01T00:00:00Z'));
    const future = await publish('customer-agreement', `future-${unique()}`, new Date(now + 10 * DAY_MS));
    assert.equal((await current(customer.api, 'customer-agreement')).agreement.id, inEffect.id);

    clock.advance(10 * DAY_MS - HOUR);
    assert.equal((await current(customer.api, 'customer-agreement')).agreement.id, inEffect.id, 'an hour before');
    // The future version cannot be accepted before it is in effect.
    assertProblem(
      await customer.api.post('/v1/agreements/customer-agreement/acceptances', { version: future.version }),
      409,
      'not_current_version',
    );
    clock.advance(2 * HOUR);
    assert.equal((await current(customer.api, 'customer-agreement')).agreement.id, future.id, 'an hour after');
    clock.reset();
    assert.equal((await current(customer.api, 'customer-agreement')).agreement.id, inEffect.id);
  });

  it("the acceptance shown is the caller's tenant's own", async () => {
    const a = await t.tenantWithAdmin('partner');
    const b = await t.tenantWithAdmin('partner');
    const accepted = await acceptCurrent(a.api, 'partner-agreement');
    const seenByA = await current(a.api, 'partner-agreement');
    assert.deepEqual(seenByA.acceptance, {
      agreementId: accepted.agreementId,
      userId: a.admin.id,
      acceptedAt: accepted.acceptedAt,
    });
    const seenByB = await current(b.api, 'partner-agreement');
    assert.equal(seenByB.agreement.id, seenByA.agreement.id);
    assert.equal(seenByB.acceptance, null);
  });
});

describe('accepting an agreement (a global admin, for its tenant)', () => {
  it('records the user, the version and the time: in the answer, in GET and in the agreement.accepted event', async () => {
    const partner = await t.tenantWithAdmin('partner');
    const { agreement } = await current(partner.api, 'partner-agreement');
    const from = clock.now().getTime();
    const res = await partner.api.post('/v1/agreements/partner-agreement/acceptances', { version: agreement.version });
    const to = clock.now().getTime();
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.agreementId, agreement.id);
    assert.equal(res.body.userId, partner.admin.id);
    const at = Date.parse(res.body.acceptedAt);
    assert.ok(from <= at && at <= to, `${res.body.acceptedAt} is the time of the call`);
    assert.deepEqual((await current(partner.api, 'partner-agreement')).acceptance, res.body);

    const recorded = await events(partner.api, 'agreement.accepted', agreement.id);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]!.actor.userId, partner.admin.id);
    assert.deepEqual(recorded[0]!.after, {
      type: 'partner_agreement',
      version: agreement.version,
      userId: partner.admin.id,
      acceptedAt: res.body.acceptedAt,
    });
  });

  it('accepting twice answers the same acceptance and records one event', async () => {
    const partner = await t.tenantWithAdmin('partner');
    const first = await acceptCurrent(partner.api, 'partner-agreement');
    const second = await partner.api.post('/v1/agreements/partner-agreement/acceptances', { version: first.version });
    assert.equal(second.status, 201, second.raw);
    assert.deepEqual(second.body, { agreementId: first.agreementId, userId: first.userId, acceptedAt: first.acceptedAt });
    assert.equal((await events(partner.api, 'agreement.accepted', first.agreementId)).length, 1);
  });

  it('another global admin of the tenant accepting again gets the first acceptance', async () => {
    const partner = await t.tenantWithAdmin('partner');
    const second = await memberOf(partner, ['global_admin']);
    const first = await acceptCurrent(partner.api, 'partner-agreement');
    const again = await second.api.post('/v1/agreements/partner-agreement/acceptances', { version: first.version });
    assert.equal(again.status, 201, again.raw);
    assert.equal(again.body.userId, partner.admin.id, 'the first acceptance stands');
    assert.equal((await events(partner.api, 'agreement.accepted', first.agreementId)).length, 1);
  });

  it('a version that is not current is 409 not_current_version: an older one, a future one, an unknown one', async () => {
    const customer = await t.tenantWithAdmin('customer');
    const older = await publish('customer-agreement', `old-${unique()}`, new Date('2020-03-01T00:00:00Z'));
    const future = await publish('customer-agreement', `next-${unique()}`, new Date(clock.now().getTime() + 5 * DAY_MS));
    for (const version of [older.version, future.version, 'no-such-version']) {
      const res = await customer.api.post('/v1/agreements/customer-agreement/acceptances', { version });
      assertProblem(res, 409, 'not_current_version');
      assert.match(res.body.detail, new RegExp((await current(customer.api, 'customer-agreement')).agreement.version));
    }
    assert.equal((await current(customer.api, 'customer-agreement')).acceptance, null);
    assertProblem(await customer.api.post('/v1/agreements/customer-agreement/acceptances', {}), 400, 'invalid_request');
  });

  it('partner users without global_admin (admin_agent, incentive_admin) get 403', async () => {
    const partner = await t.tenantWithAdmin('partner');
    const { agreement } = await current(partner.api, 'partner-agreement');
    for (const roles of [['admin_agent'], ['incentive_admin', 'sales_agent', 'billing_admin', 'helpdesk_agent']]) {
      const user = await memberOf(partner, roles);
      assertProblem(
        await user.api.post('/v1/agreements/partner-agreement/acceptances', { version: agreement.version }),
        403,
        'forbidden',
      );
    }
    assert.equal((await current(partner.api, 'partner-agreement')).acceptance, null);
  });

  it("a customer's global admin accepts the customer agreement; a customer user gets 403", async () => {
    const customer = await t.tenantWithAdmin('customer');
    const user = await member(t, customer.api, ['user']);
    const { agreement } = await current(customer.api, 'customer-agreement');
    assertProblem(
      await user.api.post('/v1/agreements/customer-agreement/acceptances', { version: agreement.version }),
      403,
      'forbidden',
    );
    assert.equal((await current(user.api, 'customer-agreement')).acceptance, null, 'a user may read it');
    const accepted = await acceptCurrent(customer.api, 'customer-agreement');
    assert.equal(accepted.userId, customer.admin.id);
    assert.deepEqual((await current(user.api, 'customer-agreement')).acceptance?.agreementId, agreement.id);
  });

  it('each agreement is accepted by its kind of tenant: partners not the customer one, customers not the partner ones (403)', async () => {
    const partner = await t.tenantWithAdmin('partner');
    const customer = await t.tenantWithAdmin('customer');
    const customerVersion = (await current(partner.api, 'customer-agreement')).agreement.version;
    assertProblem(
      await partner.api.post('/v1/agreements/customer-agreement/acceptances', { version: customerVersion }),
      403,
      'forbidden',
    );
    for (const slug of ['partner-agreement', 'indirect-reseller-agreement'] as const) {
      const { agreement } = await current(customer.api, slug);
      assertProblem(
        await customer.api.post(`/v1/agreements/${slug}/acceptances`, { version: agreement.version }),
        403,
        'forbidden',
      );
      assert.equal((await current(customer.api, slug)).acceptance, null);
    }
    assert.equal((await current(partner.api, 'customer-agreement')).acceptance, null);
    // The operator accepts none.
    const partnerVersion = (await current(operator, 'partner-agreement')).agreement.version;
    assertProblem(
      await operator.post('/v1/agreements/partner-agreement/acceptances', { version: partnerVersion }),
      403,
      'forbidden',
    );
  });
});

describe('R-AGR-1: the partner agreement from the enforcement date', () => {
  afterEach(async () => {
    clock.reset();
    await setEnforcement(null);
  });

  it('R-AGR-1: with no enforcement date (the default) a partner that has not accepted transacts once approved', async () => {
    const settings = await operator.get('/v1/operator/settings');
    assert.equal(settings.body.partnerAgreementEnforcedFrom, null);
    const partner = await flow.partner();
    const enrollment = await flow.verify(await flow.enroll(partner, 'indirect_provider'));
    let info = await programInfo(partner.api);
    assert.equal(info.canTransact, false, 'not before approval');
    assert.deepEqual(info.blockers.map((b) => `${b.rule}:${b.code}`).sort(), [
      'R-AGR-2:no_active_capability',
      'R-AGR-2:not_onboarded',
    ]);

    await flow.approve(enrollment);
    info = await programInfo(partner.api);
    assert.equal(info.canTransact, true);
    assert.deepEqual(info.blockers, []);
    const { agreement, acceptance } = await current(partner.api, 'partner-agreement');
    assert.equal(acceptance, null);
    assert.deepEqual(info.agreementsToAccept, [{ type: 'partner-agreement', version: agreement.version }]);
  });

  it('R-AGR-1: from a past enforcement date a provider, a direct-bill partner and a reseller without it cannot transact; accepting lifts it', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const direct = await flow.partnerIn('direct_bill');
    const reseller = await flow.partnerIn('indirect_reseller');
    await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    const early = await flow.partnerIn('indirect_provider');
    await acceptCurrent(early.api, 'partner-agreement');

    await setEnforcement(new Date(clock.now().getTime() - 60_000));
    const { agreement } = await current(provider.api, 'partner-agreement');
    for (const partner of [provider, direct, reseller]) {
      const info = await programInfo(partner.api);
      assert.equal(info.canTransact, false);
      assert.equal(info.blockers.length, 1, JSON.stringify(info.blockers));
      assert.equal(info.blockers[0]!.code, 'partner_agreement_not_accepted');
      assert.equal(info.blockers[0]!.rule, 'R-AGR-1');
      assert.match(info.blockers[0]!.detail, new RegExp(agreement.version));
    }
    assert.equal((await programInfo(early.api)).canTransact, true, 'a partner that accepted before is not affected');

    for (const partner of [provider, direct, reseller]) {
      await acceptCurrent(partner.api, 'partner-agreement');
      const info = await programInfo(partner.api);
      assert.equal(info.canTransact, true);
      assert.deepEqual(info.blockers, []);
      assert.deepEqual(info.agreementsToAccept, []);
    }
  });

  it('R-AGR-1: a new partner agreement version blocks again from the time it takes effect, until it is accepted', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const accepted = await acceptCurrent(partner.api, 'partner-agreement');
    await setEnforcement(new Date(clock.now().getTime() - 60_000));
    assert.equal((await programInfo(partner.api)).canTransact, true);

    const next = await publish('partner-agreement', `next-${unique()}`, new Date(clock.now().getTime() + HOUR));
    assert.equal((await programInfo(partner.api)).canTransact, true, 'not yet in effect');

    clock.advance(2 * HOUR);
    const info = await programInfo(partner.api);
    assert.equal(info.canTransact, false);
    assert.deepEqual(
      info.blockers.map((b) => [b.code, b.rule]),
      [['partner_agreement_not_accepted', 'R-AGR-1']],
    );
    assert.match(info.blockers[0]!.detail, new RegExp(next.version));
    assert.deepEqual(info.agreementsToAccept, [{ type: 'partner-agreement', version: next.version }]);
    assert.equal((await current(partner.api, 'partner-agreement')).acceptance, null);
    // The version accepted before no longer counts, and can no longer be accepted.
    assertProblem(
      await partner.api.post('/v1/agreements/partner-agreement/acceptances', { version: accepted.version }),
      409,
      'not_current_version',
    );

    const again = await acceptCurrent(partner.api, 'partner-agreement');
    assert.equal(again.version, next.version);
    assert.equal((await programInfo(partner.api)).canTransact, true);
  });

  it('R-AGR-1: an enforcement date in the future does not block until the clock passes it', async () => {
    const partner = await flow.partnerIn('indirect_provider');
    const from = new Date(clock.now().getTime() + 2 * DAY_MS);
    await setEnforcement(from);
    assert.equal((await programInfo(partner.api)).canTransact, true);
    clock.advance(2 * DAY_MS - HOUR);
    assert.equal((await programInfo(partner.api)).canTransact, true, 'an hour before');
    clock.advance(2 * HOUR);
    const info = await programInfo(partner.api);
    assert.equal(info.canTransact, false, 'an hour after');
    assert.deepEqual(
      info.blockers.map((b) => [b.code, b.rule]),
      [['partner_agreement_not_accepted', 'R-AGR-1']],
    );
    await acceptCurrent(partner.api, 'partner-agreement');
    assert.equal((await programInfo(partner.api)).canTransact, true);
  });

  it('R-AGR-1: setting the enforcement date back to null stops enforcing', async () => {
    const partner = await flow.partnerIn('indirect_provider');
    await setEnforcement(new Date(clock.now().getTime() - 60_000));
    assert.equal((await programInfo(partner.api)).canTransact, false);
    await setEnforcement(null);
    assert.equal((await operator.get('/v1/operator/settings')).body.partnerAgreementEnforcedFrom, null);
    const info = await programInfo(partner.api);
    assert.equal(info.canTransact, true);
    assert.deepEqual(info.blockers, []);
  });

  it('R-AGR-1: the enforcement date must be a date-time or null (400)', async () => {
    for (const value of ['tomorrow', 20260101, true]) {
      assertProblem(
        await operator.patch('/v1/operator/settings', { partnerAgreementEnforcedFrom: value }),
        400,
        'invalid_request',
      );
    }
    assert.equal((await operator.get('/v1/operator/settings')).body.partnerAgreementEnforcedFrom, null);
  });
});

describe('R-AGR-2: reseller readiness', () => {
  it('R-AGR-2: an approved reseller without the indirect reseller agreement is not ready; with it and the partner agreement it is', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    let info = await programInfo(reseller.api);
    assert.equal(capability(info, 'indirect_reseller')?.status, 'pending');
    assert.deepEqual(info.resellerReadiness, {
      ready: false,
      onboarded: true,
      indirectResellerActive: false,
      partnerAgreementAccepted: false,
    });

    await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    info = await programInfo(reseller.api);
    assert.equal(capability(info, 'indirect_reseller')?.status, 'active');
    assert.deepEqual(info.resellerReadiness, {
      ready: false,
      onboarded: true,
      indirectResellerActive: true,
      partnerAgreementAccepted: false,
    });

    await acceptCurrent(reseller.api, 'partner-agreement');
    info = await programInfo(reseller.api);
    assert.deepEqual(info.resellerReadiness, {
      ready: true,
      onboarded: true,
      indirectResellerActive: true,
      partnerAgreementAccepted: true,
    });
  });

  it('R-AGR-2: the partner agreement accepted first is not enough while the indirect reseller agreement is not', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    await acceptCurrent(reseller.api, 'partner-agreement');
    let info = await programInfo(reseller.api);
    assert.equal(info.resellerReadiness.partnerAgreementAccepted, true);
    assert.equal(info.resellerReadiness.indirectResellerActive, false);
    assert.equal(info.resellerReadiness.ready, false);
    await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    info = await programInfo(reseller.api);
    assert.equal(info.resellerReadiness.ready, true);
  });

  it('R-AGR-2: a reseller not yet approved is neither onboarded nor ready', async () => {
    const partner = await flow.partner();
    await flow.verify(await flow.enroll(partner, 'indirect_reseller'));
    await acceptCurrent(partner.api, 'partner-agreement');
    const info = await programInfo(partner.api);
    assert.deepEqual(info.resellerReadiness, {
      ready: false,
      onboarded: false,
      indirectResellerActive: false,
      partnerAgreementAccepted: true,
    });
  });

  it('R-AGR-2: a new partner agreement version in effect makes a ready reseller not ready until accepted', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    await acceptCurrent(reseller.api, 'partner-agreement');
    assert.equal((await programInfo(reseller.api)).resellerReadiness.ready, true);
    const next = await publish('partner-agreement', `ready-${unique()}`, new Date(clock.now().getTime() + HOUR));
    clock.advance(2 * HOUR);
    let info = await programInfo(reseller.api);
    assert.equal(info.resellerReadiness.partnerAgreementAccepted, false);
    assert.equal(info.resellerReadiness.ready, false);
    assert.equal((await acceptCurrent(reseller.api, 'partner-agreement')).version, next.version);
    info = await programInfo(reseller.api);
    assert.equal(info.resellerReadiness.ready, true);
  });
});

describe('R-TRN-3: the indirect reseller agreement turns the capability on', () => {
  it('R-TRN-3: without an approved indirect reseller enrollment accepting it is 422, and nothing is accepted', async () => {
    const plain = await flow.partner();
    const direct = await flow.partnerIn('direct_bill');
    const inReview = await flow.partner();
    await flow.verify(await flow.enroll(inReview, 'indirect_reseller'));
    const rejected = await flow.partner();
    const enrollment: Enrollment = await flow.verify(await flow.enroll(rejected, 'indirect_reseller'));
    const refusal = await operator.post(`/v1/operator/enrollments/${enrollment.id}/rejection`, { reason: 'Not now.' });
    assert.equal(refusal.status, 200, refusal.raw);

    for (const partner of [plain, direct, inReview, rejected]) {
      const { agreement } = await current(partner.api, 'indirect-reseller-agreement');
      const res = await partner.api.post('/v1/agreements/indirect-reseller-agreement/acceptances', {
        version: agreement.version,
      });
      assertProblem(res, 422, 'not_approved_reseller', 'R-TRN-3');
      assert.equal((await current(partner.api, 'indirect-reseller-agreement')).acceptance, null);
      assert.equal((await events(partner.api, 'agreement.accepted', agreement.id)).length, 0);
      assert.equal(capability(await programInfo(partner.api), 'indirect_reseller'), undefined);
    }
  });

  it('R-TRN-3: after approval the capability waits for the agreement; accepting it turns the capability active', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    const { agreement } = await current(reseller.api, 'indirect-reseller-agreement');
    let info = await programInfo(reseller.api);
    assert.deepEqual(capability(info, 'indirect_reseller'), {
      capability: 'indirect_reseller',
      status: 'pending',
      activatedAt: null,
    });
    assert.ok(info.agreementsToAccept.some((a) => a.type === 'indirect-reseller-agreement' && a.version === agreement.version));
    assert.equal(info.canTransact, false);
    assert.deepEqual(
      info.blockers.map((b) => b.code),
      ['no_active_capability'],
    );

    const accepted = await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    const acceptedBy = clock.now().getTime();
    info = await programInfo(reseller.api);
    const active = capability(info, 'indirect_reseller');
    assert.equal(active?.status, 'active');
    const activatedAt = Date.parse(active?.activatedAt ?? '');
    assert.ok(Date.parse(accepted.acceptedAt) <= activatedAt && activatedAt <= acceptedBy, 'active from the acceptance');
    assert.ok(!info.agreementsToAccept.some((a) => a.type === 'indirect-reseller-agreement'));
    assert.equal(info.canTransact, true);
    const activated = await events(reseller.api, 'partner.capability_activated', `${reseller.tenant.id}:indirect_reseller`);
    assert.equal(activated.length, 1);
    assert.equal(activated[0]!.actor.userId, reseller.admin.id);

    // Accepting again changes nothing.
    await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    assert.equal(capability(await programInfo(reseller.api), 'indirect_reseller')?.activatedAt, active?.activatedAt);
    assert.equal(
      (await events(reseller.api, 'partner.capability_activated', `${reseller.tenant.id}:indirect_reseller`)).length,
      1,
    );
  });

  it('R-TRN-3: only a global admin turns it on: an admin_agent gets 403 and the capability stays pending', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    const agent = await memberOf(reseller, ['admin_agent']);
    const { agreement } = await current(reseller.api, 'indirect-reseller-agreement');
    assertProblem(
      await agent.api.post('/v1/agreements/indirect-reseller-agreement/acceptances', { version: agreement.version }),
      403,
      'forbidden',
    );
    assert.equal(capability(await programInfo(reseller.api), 'indirect_reseller')?.status, 'pending');
  });
});

describe('R-TRN-6: the Indirect providers area', () => {
  it('R-TRN-6: areas.indirectProviders is false while the reseller capability is pending, true once it is active', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    assert.deepEqual((await programInfo(reseller.api)).areas, { indirectProviders: false, indirectResellers: false });
    await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    assert.deepEqual((await programInfo(reseller.api)).areas, { indirectProviders: true, indirectResellers: false });
  });

  it('R-TRN-6: a direct-bill partner or a provider has no Indirect providers area', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const provider = await flow.partnerIn('indirect_provider');
    assert.equal((await programInfo(direct.api)).areas.indirectProviders, false);
    assert.deepEqual((await programInfo(provider.api)).areas, { indirectProviders: false, indirectResellers: true });
  });
});

describe('R-TRN-5: no new direct customers once an indirect reseller', () => {
  it('R-TRN-5: a direct-bill partner may add direct customers until its move to indirect reseller is active', async () => {
    const partner = await flow.partnerIn('direct_bill');
    assert.equal((await programInfo(partner.api)).mayAddDirectCustomers, true);

    const flagged = await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    assert.equal(flagged.status, 204, flagged.raw);
    const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assert.equal(submitted.status, 201, submitted.raw);
    assert.equal(submitted.body.transition, true);
    assert.equal((await programInfo(partner.api)).mayAddDirectCustomers, true, 'in review');

    await flow.approve(submitted.body as Enrollment);
    let info = await programInfo(partner.api);
    assert.equal(capability(info, 'indirect_reseller')?.status, 'pending');
    assert.equal(info.mayAddDirectCustomers, true, 'approved, but the agreement is not accepted yet');

    await acceptCurrent(partner.api, 'indirect-reseller-agreement');
    info = await programInfo(partner.api);
    assert.deepEqual(info.capabilities.map((c) => `${c.capability}:${c.status}`).sort(), [
      'direct_bill:active',
      'indirect_reseller:active',
    ]);
    assert.equal(info.mayAddDirectCustomers, false);
  });

  it('R-TRN-5: a provider, a plain reseller and a partner with no program may not add direct customers', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const reseller = await flow.partnerIn('indirect_reseller');
    await acceptCurrent(reseller.api, 'indirect-reseller-agreement');
    const none = await flow.partner();
    for (const partner of [provider, reseller, none]) {
      assert.equal((await programInfo(partner.api)).mayAddDirectCustomers, false);
    }
  });
});

describe('with no agreement published (a Trellis of its own)', () => {
  let bare: TestTrellis;
  let bareFlow: ProgramFlow;
  let bareOperator: Api;
  before(async () => {
    bare = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
    bareOperator = (await bare.operator()).api;
    bareFlow = new ProgramFlow(bare, bareOperator);
  });
  after(() => bare.close());

  it('GET of each type is 404 while none is published; accepting is 404 too', async () => {
    const partner = await bare.tenantWithAdmin('partner');
    const customer = await bare.tenantWithAdmin('customer');
    for (const slug of ['partner-agreement', 'indirect-reseller-agreement'] as const) {
      assertProblem(await partner.api.get(`/v1/agreements/${slug}`), 404, 'not_found');
      assertProblem(await partner.api.post(`/v1/agreements/${slug}/acceptances`, { version: '1' }), 404, 'not_found');
    }
    assertProblem(await customer.api.get('/v1/agreements/customer-agreement'), 404, 'not_found');
    assertProblem(await customer.api.post('/v1/agreements/customer-agreement/acceptances', { version: '1' }), 404, 'not_found');
  });

  it('a version dated in the future is still 404 until it takes effect', async () => {
    const customer = await bare.tenantWithAdmin('customer');
    const published = await bareOperator.post('/v1/operator/agreements', {
      type: 'customer_agreement',
      version: 'future-1',
      title: 'Customer Agreement',
      url: 'https://legal.example/ca',
      effectiveAt: new Date(clock.now().getTime() + DAY_MS).toISOString(),
    });
    assert.equal(published.status, 201, published.raw);
    assertProblem(await customer.api.get('/v1/agreements/customer-agreement'), 404, 'not_found');
    clock.advance(DAY_MS + HOUR);
    const res = await customer.api.get('/v1/agreements/customer-agreement');
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.agreement.version, 'future-1');
  });

  it('R-TRN-3: with no indirect reseller agreement published, approval activates the reseller capability at once', async () => {
    const reseller = await bareFlow.partnerIn('indirect_reseller');
    const res = await reseller.api.get('/v1/partner/program-info');
    assert.equal(res.status, 200, res.raw);
    const info = res.body as ProgramInfo;
    const granted = capability(info, 'indirect_reseller');
    assert.equal(granted?.status, 'active');
    assert.ok(granted?.activatedAt);
    assert.deepEqual(info.agreementsToAccept, []);
    assert.equal(info.areas.indirectProviders, true);
    assert.equal(info.canTransact, true);
    // Nothing to sign: ready (R-AGR-2).
    assert.equal(info.resellerReadiness.ready, true);
  });

  it('R-TRN-3: once a version is published, the next reseller waits for it; the one active before stays active', async () => {
    const earlier = await bareFlow.partnerIn('indirect_reseller');
    const published = await bareOperator.post('/v1/operator/agreements', {
      type: 'indirect_reseller_agreement',
      version: 'ira-1',
      title: 'Indirect Reseller Agreement',
      body: 'Resellers agree.',
      effectiveAt: new Date(clock.now().getTime() - 1).toISOString(),
    });
    assert.equal(published.status, 201, published.raw);
    const later = await bareFlow.partnerIn('indirect_reseller');
    const laterInfo = (await later.api.get('/v1/partner/program-info')).body as ProgramInfo;
    assert.equal(capability(laterInfo, 'indirect_reseller')?.status, 'pending');
    assert.deepEqual(laterInfo.agreementsToAccept, [{ type: 'indirect-reseller-agreement', version: 'ira-1' }]);

    const earlierInfo = (await earlier.api.get('/v1/partner/program-info')).body as ProgramInfo;
    assert.equal(capability(earlierInfo, 'indirect_reseller')?.status, 'active');
    // The reseller active before may still accept the new version; it stays active.
    const accepted = await earlier.api.post('/v1/agreements/indirect-reseller-agreement/acceptances', { version: 'ira-1' });
    assert.equal(accepted.status, 201, accepted.raw);
    assert.equal(capability((await earlier.api.get('/v1/partner/program-info')).body, 'indirect_reseller')?.status, 'active');
  });
});
