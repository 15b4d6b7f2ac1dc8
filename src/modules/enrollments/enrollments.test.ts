import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { onPostgres, TestTrellis, type Response } from '../../../test/support/harness.ts';
import {
  fullProfile,
  member,
  ProgramFlow,
  unique,
  type Api,
  type Enrollment,
  type ProgramName,
} from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { enrollments, partnerCapabilities } from '../../platform/db/schema.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/**
 * Black-box tests of enrollment: what it needs (R-ENR-1, R-ENR-4, R-ENR-6), the primary
 * contact's confirmation (R-ENR-2), review and auto-approval (R-ENR-3), direct-bill
 * requirements (R-ENR-5) and the move from direct bill to indirect reseller (R-TRN-1, R-TRN-4).
 */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
});
after(() => t.close());

/** Mail of one template to an address, newest first. */
async function mails(address: string, template: string) {
  return (await t.mailTo(address)).filter((m) => m.template === template);
}

async function enrollmentRows(tenantId: string) {
  return t.db.select().from(enrollments).where(eq(enrollments.tenantId, tenantId));
}

async function capabilityRows(tenantId: string, capability: ProgramName) {
  return t.db
    .select()
    .from(partnerCapabilities)
    .where(and(eq(partnerCapabilities.tenantId, tenantId), eq(partnerCapabilities.capability, capability)));
}

async function programInfo(api: Api) {
  const res = await api.get('/v1/partner/program-info');
  assert.equal(res.status, 200, res.raw);
  return res.body as {
    onboarded: boolean;
    partnerId: string | null;
    profile: { complete: boolean; missing: string[] };
    capabilities: { capability: string; status: string; activatedAt: string | null }[];
    enrollments: Enrollment[];
    canTransact: boolean;
    blockers: { code: string; rule: string; detail: string }[];
    areas: { indirectProviders: boolean; indirectResellers: boolean };
  };
}

/** Sets auto-approval for the duration of `fn`, then restores what was there. */
async function withAutoApprove(autoApprove: Record<ProgramName, boolean>, fn: () => Promise<void>) {
  const before = await operator.get('/v1/operator/settings');
  assert.equal(before.status, 200, before.raw);
  const set = await operator.patch('/v1/operator/settings', { autoApprove });
  assert.equal(set.status, 200, set.raw);
  assert.deepEqual(set.body.autoApprove, autoApprove);
  try {
    await fn();
  } finally {
    const restored = await operator.patch('/v1/operator/settings', { autoApprove: before.body.autoApprove });
    assert.equal(restored.status, 200, restored.raw);
  }
}

const confirmation = { apiIntegration: true, billing: true, support: true };

describe('what an enrollment needs (R-ENR-1, R-ENR-4, R-ENR-6)', () => {
  it('R-ENR-1: without a profile or a partner ID the enrollment is 422 profile_incomplete, listing everything missing', async () => {
    const p = await flow.partner({ profile: false, partnerId: false });
    const res = await p.api.post('/v1/enrollments', { program: 'indirect_reseller' });
    assertProblem(res, 422, 'profile_incomplete');
    assert.equal(res.body.rule, 'R-ENR-1');
    assert.deepEqual(res.body.missing, ['legalName', 'address', 'primaryContact', 'supportContact', 'partnerId']);
    assert.equal((await enrollmentRows(p.tenant.id)).length, 0);
    assert.deepEqual((await p.api.get('/v1/enrollments')).body, { items: [], nextCursor: null });
  });

  it('R-ENR-1: a complete profile without a proven partner ID is refused, missing only partnerId', async () => {
    const p = await flow.partner({ partnerId: false });
    const res = await p.api.post('/v1/enrollments', { program: 'indirect_provider' });
    assertProblem(res, 422, 'profile_incomplete');
    assert.equal(res.body.rule, 'R-ENR-1');
    assert.deepEqual(res.body.missing, ['partnerId']);
    // A link started but not proven does not count.
    const { partnerId } = await flow.registerPartnerId();
    assert.equal((await p.api.post('/v1/partner/partner-id-links', { partnerId })).status, 201);
    assert.deepEqual((await p.api.post('/v1/enrollments', { program: 'indirect_provider' })).body.missing, ['partnerId']);
    assert.equal((await enrollmentRows(p.tenant.id)).length, 0);
  });

  it('R-ENR-1: a proven partner ID without the profile is refused, listing the profile sections', async () => {
    const p = await flow.partner({ profile: false });
    const res = await p.api.post('/v1/enrollments', { program: 'direct_bill' });
    assertProblem(res, 422, 'profile_incomplete');
    assert.deepEqual(res.body.missing, ['legalName', 'address', 'primaryContact', 'supportContact']);
    const info = await programInfo(p.api);
    assert.equal(info.profile.complete, false);
    assert.deepEqual(info.profile.missing, ['legalName', 'address', 'primaryContact', 'supportContact']);
    assert.equal(info.partnerId, p.partnerId);
  });

  it('a complete partner enrolls: 201, pending_verification, the primary contact taken from the profile', async () => {
    const p = await flow.partner();
    const res = await p.api.post('/v1/enrollments', { program: 'indirect_provider' });
    assert.equal(res.status, 201, res.raw);
    const e = res.body as Enrollment;
    assert.equal(e.tenantId, p.tenant.id);
    assert.equal(e.program, 'indirect_provider');
    assert.equal(e.status, 'pending_verification');
    assert.equal(e.transition, false);
    assert.equal(e.primaryContact.email, p.primaryContactEmail);
    assert.match(e.primaryContact.name, /^Primary /);
    assert.equal(e.emailVerifiedAt, null);
    assert.equal(e.decidedAt, null);
    assert.equal(e.rejectionReason, null);

    assert.deepEqual((await p.api.get(`/v1/enrollments/${e.id}`)).body, e);
    assert.deepEqual((await p.api.get('/v1/enrollments')).body.items, [e]);
    assert.deepEqual((await operator.get(`/v1/operator/enrollments/${e.id}`)).body, { ...e, partnerName: p.tenant.name });
    // Another tenant does not see it.
    const other = await t.tenantWithAdmin('partner');
    assertProblem(await other.api.get(`/v1/enrollments/${e.id}`), 404, 'not_found');
  });

  it('R-ENR-4: only a global admin enrolls: admin_agent, sales_agent and a customer get 403', async () => {
    const p = await flow.partner();
    assert.equal((await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] })).status, 200);
    for (const roles of [['admin_agent'], ['sales_agent'], ['admin_agent', 'sales_agent', 'billing_admin']]) {
      const user = await member(t, p.api, roles);
      assertProblem(await user.api.post('/v1/enrollments', { program: 'indirect_provider' }), 403, 'forbidden');
    }
    const c = await t.tenantWithAdmin('customer');
    assertProblem(await c.api.post('/v1/enrollments', { program: 'indirect_provider' }), 403, 'forbidden');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 0);
    // The global admin may.
    await flow.enroll(p, 'indirect_provider');
  });

  it('R-ENR-6: a partner approved as indirect provider enrolls in direct bill sending only { program }', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const profileBefore = (await provider.api.get('/v1/partner/profile')).body;
    const res = await provider.api.post('/v1/enrollments', { program: 'direct_bill' });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.program, 'direct_bill');
    assert.equal(res.body.primaryContact.email, profileBefore.primaryContact.email);
    assert.deepEqual((await provider.api.get('/v1/partner/profile')).body, profileBefore, 'nothing re-entered, nothing changed');
    // And it goes through to approval like any other.
    const approved = await flow.approve(await flow.verify(res.body));
    assert.equal(approved.status, 'approved');
    const info = await programInfo(provider.api);
    assert.deepEqual(info.capabilities.map((c) => [c.capability, c.status]).sort(), [
      ['direct_bill', 'active'],
      ['indirect_provider', 'active'],
    ]);
  });

  it('R-ENR-6: a partner whose profile lacks only the support contact gives just profile: { supportContact }', async () => {
    const p = await flow.partner({ profile: false });
    const { supportContact, ...rest } = fullProfile('US');
    assert.equal((await p.api.put('/v1/partner/profile', rest)).status, 200);
    assert.deepEqual((await p.api.post('/v1/enrollments', { program: 'indirect_reseller' })).body.missing, ['supportContact']);

    const res = await p.api.post('/v1/enrollments', { program: 'indirect_reseller', profile: { supportContact } });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.primaryContact.email, rest.primaryContact.email);
    const profile = (await p.api.get('/v1/partner/profile')).body;
    assert.deepEqual(profile.supportContact, supportContact);
    assert.equal(profile.legalName, rest.legalName, 'the rest is taken from the profile');
  });

  it('R-ENR-6: a profile given with the enrollment is checked like PUT /v1/partner/profile; refused, nothing is kept', async () => {
    const p = await flow.partner({ profile: false });
    const { primaryContact, address, ...rest } = fullProfile('US');
    const res = await p.api.post('/v1/enrollments', {
      program: 'indirect_provider',
      profile: {
        ...rest,
        address: { ...address, postalCode: 'ABCDE' },
        primaryContact: { ...primaryContact, email: `pat-${unique()}@gmail.com` },
      },
    });
    assertProblem(res, 400, 'invalid_request');
    // The field errors point into this request's body, where the profile is under /profile.
    assert.deepEqual(res.body.errors.map((e: { in: string; path: string }) => [e.in, e.path]).sort(), [
      ['body', '/profile/address/postalCode'],
      ['body', '/profile/primaryContact/email'],
    ]);
    // As schema errors do.
    const malformed = await p.api.post('/v1/enrollments', {
      program: 'indirect_provider',
      profile: { primaryContact: { ...primaryContact, phone: 'call me' } },
    });
    assertProblem(malformed, 400, 'invalid_request');
    assert.deepEqual(
      malformed.body.errors.map((e: { path: string }) => e.path),
      ['/profile/primaryContact/phone'],
    );
    assert.equal((await p.api.get('/v1/partner/profile')).body.legalName, null, 'the valid sections were not kept either');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 0);
  });

  it('R-ENR-1: a partner ID deactivated, or moved to another country, after linking no longer enrolls', async () => {
    const p = await flow.partner();
    const entry = (await operator.get(`/v1/operator/partner-ids/${p.partnerId}`)).body;
    const { partnerId: _id, updatedAt: _at, ...body } = entry;
    assert.equal((await operator.put(`/v1/operator/partner-ids/${p.partnerId}`, { ...body, active: false })).status, 200);
    const res = await p.api.post('/v1/enrollments', { program: 'indirect_provider' });
    assertProblem(res, 422, 'partner_id_inactive');
    assert.equal(res.body.rule, 'R-ENR-1');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 0);
    // Active again, but moved to another country: still not.
    assert.equal((await operator.put(`/v1/operator/partner-ids/${p.partnerId}`, { ...body, countryCode: 'FR' })).status, 200);
    const moved = await p.api.post('/v1/enrollments', { program: 'indirect_provider' });
    assertProblem(moved, 422, 'partner_id_country_mismatch');
    assert.equal(moved.body.rule, 'R-ENR-1');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 0);
    // As registered when linked, it enrolls.
    assert.equal((await operator.put(`/v1/operator/partner-ids/${p.partnerId}`, body)).status, 200);
    await flow.enroll(p, 'indirect_provider');
  });

  it('one open enrollment per program: a second POST while one is open is 409 enrollment_open', async () => {
    const p = await flow.partner();
    const first = await flow.enroll(p, 'indirect_provider');
    assertProblem(await p.api.post('/v1/enrollments', { program: 'indirect_provider' }), 409, 'enrollment_open');
    await flow.verify(first); // still open while in review
    assertProblem(await p.api.post('/v1/enrollments', { program: 'indirect_provider' }), 409, 'enrollment_open');
    // Another program is another enrollment.
    const other = await flow.enroll(p, 'direct_bill');
    assert.notEqual(other.id, first.id);
    assert.equal((await enrollmentRows(p.tenant.id)).length, 2);
  });

  it('a program already held is 409 already_enrolled', async () => {
    const p = await flow.partnerIn('indirect_provider');
    assertProblem(await p.api.post('/v1/enrollments', { program: 'indirect_provider' }), 409, 'already_enrolled');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 1);
  });

  it('after a rejection the partner may enroll in the program again', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'indirect_provider'));
    assert.equal((await operator.post(`/v1/operator/enrollments/${e.id}/rejection`, { reason: 'Incomplete' })).status, 200);
    const again = await flow.enroll(p, 'indirect_provider');
    assert.notEqual(again.id, e.id);
  });

  it('an unknown program or field is 400', async () => {
    const p = await flow.partner();
    assertProblem(await p.api.post('/v1/enrollments', { program: 'platinum' }), 400, 'invalid_request');
    assertProblem(await p.api.post('/v1/enrollments', { program: 'direct_bill', status: 'approved' }), 400, 'invalid_request');
    assertProblem(await p.api.post('/v1/enrollments', {}), 400, 'invalid_request');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 0);
  });

  it('Idempotency-Key: the same key and body replay the first answer byte for byte; one enrollment, one mail', async () => {
    const p = await flow.partner();
    const key = `enroll-${unique()}`;
    const first = await p.api.post('/v1/enrollments', { program: 'indirect_provider' }, { 'idempotency-key': key });
    assert.equal(first.status, 201, first.raw);
    const second = await p.api.post('/v1/enrollments', { program: 'indirect_provider' }, { 'idempotency-key': key });
    assert.equal(second.status, 201, second.raw);
    assert.equal(second.raw, first.raw);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 1);
    assert.equal((await mails(p.primaryContactEmail!, 'enrollmentVerification')).length, 1);
    // The same key with another body is refused and does nothing.
    const reused = await p.api.post('/v1/enrollments', { program: 'direct_bill' }, { 'idempotency-key': key });
    assertProblem(reused, 422, 'idempotency_key_reused');
    assert.equal((await enrollmentRows(p.tenant.id)).length, 1);
  });

  it(`one tenant, one program: 10 ${onPostgres ? 'concurrent' : 'sequential (PGlite)'} POSTs make exactly one enrollment`, async () => {
    const p = await flow.partner();
    const post = () => p.api.post('/v1/enrollments', { program: 'direct_bill' });
    let results: Response[];
    if (onPostgres) {
      results = await Promise.all(Array.from({ length: 10 }, post));
    } else {
      results = [];
      for (let i = 0; i < 10; i++) results.push(await post());
    }
    const created = results.filter((r) => r.status === 201);
    assert.equal(created.length, 1, results.map((r) => r.status).join(','));
    for (const r of results.filter((x) => x.status !== 201)) assertProblem(r, 409, 'enrollment_open');
    const rows = await enrollmentRows(p.tenant.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.id, created[0]!.body.id);
    assert.equal((await mails(p.primaryContactEmail!, 'enrollmentVerification')).length, 1);
  });
});

describe('the primary contact confirms (R-ENR-2)', () => {
  it("R-ENR-2: the primary contact's mail has a one-time confirmation link on the public URL", async () => {
    const p = await flow.partner();
    const e = await flow.enroll(p, 'indirect_provider');
    const [mail, ...more] = await mails(p.primaryContactEmail!, 'enrollmentVerification');
    assert.ok(mail);
    assert.equal(more.length, 0);
    assert.equal(mail.language, 'en');
    assert.match(mail.subject, /Confirm the indirect provider enrollment/);
    assert.ok(mail.subject.includes(p.tenant.name));
    assert.match(mail.textBody, /http:\/\/trellis\.test\/email-verification\?token=tra_[A-Za-z0-9_-]{43}/);
    assert.match(mail.textBody, /7 days/);
    // Nothing to the admin about it: the contact confirms, not the one who enrolled.
    assert.equal((await mails(p.admin.email, 'enrollmentVerification')).length, 0);
    assert.equal((await p.api.get(`/v1/enrollments/${e.id}`)).body.status, 'pending_verification');
  });

  it('R-ENR-2: POST /v1/email-verifications (no sign-in) moves pending_verification to pending_review; used twice is 410', async () => {
    const p = await flow.partner();
    const e = await flow.enroll(p, 'indirect_provider');
    const token = await flow.verificationToken(p.primaryContactEmail!);
    const res = await t.request('POST', '/v1/email-verifications', { body: { token } });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.id, e.id);
    assert.equal(res.body.status, 'pending_review');
    assert.ok(res.body.emailVerifiedAt);
    assert.equal(res.body.decidedAt, null);
    assert.equal((await p.api.get(`/v1/enrollments/${e.id}`)).body.status, 'pending_review');

    const again = await t.request('POST', '/v1/email-verifications', { body: { token } });
    assertProblem(again, 410, 'link_unavailable');
    assert.equal((await p.api.get(`/v1/enrollments/${e.id}`)).body.emailVerifiedAt, res.body.emailVerifiedAt);
  });

  it('R-ENR-2: an unknown token is 404; an empty one is 400', async () => {
    assertProblem(
      await t.request('POST', '/v1/email-verifications', { body: { token: `tra_${'x'.repeat(43)}` } }),
      404,
      'not_found',
    );
    assertProblem(await t.request('POST', '/v1/email-verifications', { body: { token: '' } }), 400, 'invalid_request');
  });

  it('R-ENR-2: another kind of token (a password set-up link) is not a confirmation: 404', async () => {
    const p = await flow.partner();
    assert.equal((await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] })).status, 200);
    const email = `invitee-${unique()}@example.com`;
    assert.equal((await p.api.post('/v1/users', { email, name: 'Invitee', roles: ['sales_agent'] })).status, 201);
    const [invite] = await mails(email, 'userInvitation');
    const token = /token=([A-Za-z0-9_-]+)/.exec(invite!.textBody)![1]!;
    assertProblem(await t.request('POST', '/v1/email-verifications', { body: { token } }), 404, 'not_found');
  });

  it('R-ENR-2: the link expires after 7 days: 410, and the enrollment stays unconfirmed', async () => {
    const p = await flow.partner();
    const e = await flow.enroll(p, 'indirect_provider');
    const token = await flow.verificationToken(p.primaryContactEmail!);
    clock.advance(7 * DAY_MS + 60_000);
    try {
      assertProblem(await t.request('POST', '/v1/email-verifications', { body: { token } }), 410, 'link_unavailable');
    } finally {
      clock.reset();
    }
    const read = (await p.api.get(`/v1/enrollments/${e.id}`)).body;
    assert.equal(read.status, 'pending_verification');
    assert.equal(read.emailVerifiedAt, null);
  });

  it('R-ENR-2: the operator cannot approve before the confirmation: 409 enrollment_not_in_review', async () => {
    const p = await flow.partner();
    const e = await flow.enroll(p, 'indirect_provider');
    const res = await operator.post(`/v1/operator/enrollments/${e.id}/approval`);
    assertProblem(res, 409, 'enrollment_not_in_review');
    assert.equal((await p.api.get(`/v1/enrollments/${e.id}`)).body.status, 'pending_verification');
    assert.equal((await capabilityRows(p.tenant.id, 'indirect_provider')).length, 0);
    // Once confirmed, it can.
    assert.equal((await flow.approve(await flow.verify(e))).status, 'approved');
  });
});

describe('review by operator staff (R-ENR-3)', () => {
  let reviewer: Awaited<ReturnType<typeof member>>;
  let support: Awaited<ReturnType<typeof member>>;
  before(async () => {
    reviewer = await member(t, operator, ['reviewer'], `reviewer-${unique()}@operator.example`);
    support = await member(t, operator, ['support'], `support-${unique()}@operator.example`);
  });

  describe('the queue GET /v1/operator/enrollments', () => {
    const made: Enrollment[] = [];
    const [inReviewA, unconfirmed, inReviewB, directBill] = [0, 1, 2, 3];
    before(async () => {
      for (const program of ['indirect_provider', 'indirect_provider', 'indirect_provider', 'direct_bill'] as const) {
        made.push(await flow.enroll(await flow.partner(), program));
      }
      for (const i of [inReviewA, inReviewB, directBill]) made[i] = await flow.verify(made[i]!);
    });

    /** Every item of a filtered queue, following the cursors `limit` at a time. */
    async function wholeQueue(api: Api, query: string, limit: number) {
      const items: Enrollment[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/v1/operator/enrollments?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await api.get(url);
        assert.equal(res.status, 200, res.raw);
        assert.ok(res.body.items.length <= limit);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
        assert.ok(++pages <= 200, 'paging does not end');
      } while (cursor);
      return items;
    }

    const ids = (list: Enrollment[]) => list.map((e) => e.id);
    const inOrder = (list: Enrollment[]) =>
      list.every(
        (e, i) =>
          i === 0 || list[i - 1]!.createdAt < e.createdAt || (list[i - 1]!.createdAt === e.createdAt && list[i - 1]!.id < e.id),
      );

    it('R-ENR-3: filters by status and program, oldest first', async () => {
      const queue = await wholeQueue(reviewer.api, 'status=pending_review&program=indirect_provider', 500);
      assert.ok(queue.every((e) => e.status === 'pending_review' && e.program === 'indirect_provider'));
      assert.ok(inOrder(queue), 'oldest first');
      const mine = ids(queue).filter((id) => ids(made).includes(id));
      assert.deepEqual(mine, [made[inReviewA]!.id, made[inReviewB]!.id]);

      const waiting = await wholeQueue(reviewer.api, 'status=pending_verification', 500);
      assert.ok(waiting.every((e) => e.status === 'pending_verification'));
      assert.ok(ids(waiting).includes(made[unconfirmed]!.id));
      assert.ok(!ids(waiting).includes(made[inReviewA]!.id));

      const direct = await wholeQueue(reviewer.api, 'program=direct_bill', 500);
      assert.ok(direct.every((e) => e.program === 'direct_bill'));
      assert.ok(ids(direct).includes(made[directBill]!.id));
      assert.ok(!ids(direct).includes(made[inReviewA]!.id));
    });

    it('R-ENR-3: pages follow the cursors, each enrollment once, in the same order as one big page', async () => {
      const all = await wholeQueue(reviewer.api, 'program=indirect_provider', 500);
      assert.ok(all.length >= 3);
      const paged = await wholeQueue(reviewer.api, 'program=indirect_provider', 2);
      assert.deepEqual(ids(paged), ids(all));
      assert.equal(new Set(ids(paged)).size, paged.length);
      assert.ok(inOrder(paged));
      const mine = ids(paged).filter((id) => ids(made).includes(id));
      assert.deepEqual(mine, [made[inReviewA]!.id, made[unconfirmed]!.id, made[inReviewB]!.id], 'creation order');
    });

    it("R-ENR-3: the reviewer sees whose enrollment it is: the queue and the detail carry the partner's name", async () => {
      const partner = await flow.partner();
      const mine = await flow.verify(await flow.enroll(partner, 'indirect_provider'));
      const queue = await wholeQueue(reviewer.api, 'status=pending_review&program=indirect_provider', 500);
      assert.equal(
        (queue.find((e) => e.id === mine.id) as { partnerName?: string } | undefined)?.partnerName,
        partner.tenant.name,
      );
      const one = await reviewer.api.get(`/v1/operator/enrollments/${mine.id}`);
      assert.equal(one.status, 200, one.raw);
      assert.equal(one.body.partnerName, partner.tenant.name);
      const rejected = await reviewer.api.post(`/v1/operator/enrollments/${mine.id}/rejection`, { reason: 'Profile unclear' });
      assert.equal(rejected.status, 200, rejected.raw);
      assert.equal(rejected.body.partnerName, partner.tenant.name);
      assert.equal(rejected.body.rejectionReason, 'Profile unclear');
      const own = await partner.api.get(`/v1/enrollments/${mine.id}`);
      assert.equal('partnerName' in own.body, false, "the partner's own view is unchanged");
    });

    it('R-ENR-3: the funnel counts each program by status, and the deadlines count what is in review', async () => {
      type Stats = { funnel: { program: string; status: string; count: number }[]; deadlines: Record<string, number> };
      const stats = async (): Promise<Stats> => {
        const res = await reviewer.api.get('/v1/operator/enrollment-stats');
        assert.equal(res.status, 200, res.raw);
        return res.body as Stats;
      };
      const count = (s: Stats, status: string) =>
        s.funnel.find((r) => r.program === 'indirect_provider' && r.status === status)?.count ?? 0;
      const before = await stats();
      const enrollment = await flow.verify(await flow.enroll(await flow.partner(), 'indirect_provider'));
      const inReview = await stats();
      assert.equal(count(inReview, 'pending_review'), count(before, 'pending_review') + 1);
      assert.equal(inReview.deadlines.none, before.deadlines.none! + 1, 'not a transition: no deadline');
      await reviewer.api.post(`/v1/operator/enrollments/${enrollment.id}/rejection`, { reason: 'Counted' });
      const decided = await stats();
      assert.equal(count(decided, 'pending_review'), count(before, 'pending_review'));
      assert.equal(count(decided, 'rejected'), count(before, 'rejected') + 1);
      assertProblem(await support.api.get('/v1/operator/enrollment-stats'), 403, 'forbidden');
    });

    it('a cursor of one filter is refused on another; bad filters are 400', async () => {
      const first = await reviewer.api.get('/v1/operator/enrollments?program=indirect_provider&limit=1');
      assert.ok(first.body.nextCursor);
      const crossed = await reviewer.api.get(
        `/v1/operator/enrollments?program=direct_bill&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      assertProblem(crossed, 400, 'invalid_request');
      assertProblem(await reviewer.api.get('/v1/operator/enrollments?status=done'), 400, 'invalid_request');
      assertProblem(await reviewer.api.get('/v1/operator/enrollments?program=gold'), 400, 'invalid_request');
    });

    it('R-ENR-3: partners and operator support staff cannot read the queue (403)', async () => {
      const p = await flow.partner();
      assertProblem(await p.api.get('/v1/operator/enrollments'), 403, 'forbidden');
      assertProblem(await support.api.get('/v1/operator/enrollments'), 403, 'forbidden');
      assertProblem(await support.api.get(`/v1/operator/enrollments/${made[0]!.id}`), 403, 'forbidden');
    });

    it("R-ENR-3: operator support reads no enrollment by the partner's route either (403); the reviewer reads it on its own", async () => {
      const refused = await support.api.get(`/v1/enrollments/${made[0]!.id}`);
      assertProblem(refused, 403, 'forbidden');
      assert.equal(refused.body.permission, 'program.read');
      assertProblem(await support.api.get('/v1/enrollments'), 403, 'forbidden');
      assertProblem(await reviewer.api.get(`/v1/enrollments/${made[0]!.id}`), 403, 'forbidden');
      assert.equal((await reviewer.api.get(`/v1/operator/enrollments/${made[0]!.id}`)).status, 200);
    });
  });

  it('R-ENR-3: a reviewer approves; the partner is onboarded with an active capability, shown in program info', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'indirect_provider'));

    const pending = await programInfo(p.api);
    assert.equal(pending.onboarded, false);
    assert.equal(pending.canTransact, false);
    assert.ok(pending.blockers.some((b) => b.code === 'not_onboarded'));
    assert.deepEqual(pending.capabilities, []);
    assert.deepEqual(
      pending.enrollments.map((x) => [x.id, x.status]),
      [[e.id, 'pending_review']],
    );

    const res = await reviewer.api.post(`/v1/operator/enrollments/${e.id}/approval`);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.status, 'approved');
    assert.ok(res.body.decidedAt);
    assert.equal(res.body.rejectionReason, null);

    const info = await programInfo(p.api);
    assert.equal(info.onboarded, true);
    assert.equal(info.partnerId, p.partnerId);
    assert.deepEqual(info.profile, { complete: true, missing: [] });
    assert.deepEqual(
      info.capabilities.map((c) => [c.capability, c.status]),
      [['indirect_provider', 'active']],
    );
    assert.ok(info.capabilities[0]!.activatedAt);
    assert.deepEqual(
      info.enrollments.map((x) => [x.id, x.status]),
      [[e.id, 'approved']],
    );
    assert.ok(!info.blockers.some((b) => b.code === 'not_onboarded' || b.code === 'no_active_capability'));
    assert.equal(info.areas.indirectResellers, true);
    assert.equal(info.areas.indirectProviders, false);

    const events = await reviewer.api.get(`/v1/audit-events?type=enrollment.approved&subjectId=${e.id}`);
    assert.equal(events.body.items.length, 1);
    assert.equal(events.body.items[0].actor.userId, reviewer.user.id);
  });

  it('R-ENR-3: a reviewer rejects with a reason; no capability; a reason is required', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'indirect_provider'));
    assertProblem(await reviewer.api.post(`/v1/operator/enrollments/${e.id}/rejection`, {}), 400, 'invalid_request');
    assertProblem(await reviewer.api.post(`/v1/operator/enrollments/${e.id}/rejection`, { reason: '' }), 400, 'invalid_request');
    const reason = 'The organization does not offer support in the region.';
    const res = await reviewer.api.post(`/v1/operator/enrollments/${e.id}/rejection`, { reason });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.status, 'rejected');
    assert.equal(res.body.rejectionReason, reason);
    assert.ok(res.body.decidedAt);

    const info = await programInfo(p.api);
    assert.equal(info.onboarded, false);
    assert.deepEqual(info.capabilities, []);
    assert.deepEqual(
      info.enrollments.map((x) => [x.status, x.rejectionReason]),
      [['rejected', reason]],
    );
    // Decided is decided.
    assertProblem(await reviewer.api.post(`/v1/operator/enrollments/${e.id}/approval`), 409, 'enrollment_decided');
    assertProblem(
      await reviewer.api.post(`/v1/operator/enrollments/${e.id}/rejection`, { reason: 'Again' }),
      409,
      'enrollment_decided',
    );
    assert.equal((await capabilityRows(p.tenant.id, 'indirect_provider')).length, 0);
  });

  it('R-ENR-3: a partner, or operator support staff, cannot approve, reject or confirm requirements (403)', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'direct_bill'));
    for (const api of [p.api, support.api]) {
      assertProblem(await api.post(`/v1/operator/enrollments/${e.id}/approval`), 403, 'forbidden');
      assertProblem(await api.post(`/v1/operator/enrollments/${e.id}/rejection`, { reason: 'No' }), 403, 'forbidden');
      assertProblem(await api.post(`/v1/operator/enrollments/${e.id}/requirements-confirmation`, confirmation), 403, 'forbidden');
    }
    const read = (await p.api.get(`/v1/enrollments/${e.id}`)).body;
    assert.equal(read.status, 'pending_review');
    assert.equal(read.requirementsConfirmedAt, null);
  });

  it('R-ENR-3: an unknown enrollment is 404 to the reviewer', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    assertProblem(await reviewer.api.get(`/v1/operator/enrollments/${id}`), 404, 'not_found');
    assertProblem(await reviewer.api.post(`/v1/operator/enrollments/${id}/approval`), 404, 'not_found');
    assertProblem(await reviewer.api.post(`/v1/operator/enrollments/${id}/rejection`, { reason: 'x' }), 404, 'not_found');
  });

  it('R-ENR-3: every status change is mailed to the primary contact: under review, approved', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'indirect_provider'));
    const [review] = await mails(p.primaryContactEmail!, 'enrollmentUnderReview');
    assert.ok(review, 'no under-review mail');
    assert.equal(review.subject, 'Your indirect provider enrollment is under review');
    assert.ok(review.textBody.includes(p.tenant.name));
    assert.match(review.textBody, /http:\/\/trellis\.test\/settings\/program-info/);
    assert.equal((await mails(p.primaryContactEmail!, 'enrollmentApproved')).length, 0);

    await flow.approve(e, reviewer.api);
    const approved = await mails(p.primaryContactEmail!, 'enrollmentApproved');
    assert.equal(approved.length, 1);
    assert.equal(approved[0]!.subject, `Approved: ${p.tenant.name} in the indirect provider program`);
    // One mail per change: processing the outbox again sends nothing twice.
    assert.equal((await mails(p.primaryContactEmail!, 'enrollmentUnderReview')).length, 1);
    assert.equal((await mails(p.primaryContactEmail!, 'enrollmentApproved')).length, 1);
    assert.equal((await mails(p.admin.email, 'enrollmentApproved')).length, 0, 'the primary contact, not the admin');
  });

  it('R-ENR-3: a rejection is mailed to the primary contact with the reason', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'direct_bill'));
    const reason = `Billing references could not be checked (${unique()}).`;
    assert.equal((await reviewer.api.post(`/v1/operator/enrollments/${e.id}/rejection`, { reason })).status, 200);
    const [mail, ...more] = await mails(p.primaryContactEmail!, 'enrollmentRejected');
    assert.ok(mail);
    assert.equal(more.length, 0);
    assert.equal(mail.subject, `Not approved: ${p.tenant.name} in the direct bill program`);
    assert.ok(mail.textBody.includes(`Reason: ${reason}`));
  });

  it("R-ENR-3: the mail is written in the tenant's language (fr)", async () => {
    const approvedOne = await flow.partner({ countryCode: 'FR', language: 'fr' });
    const e1 = await flow.enroll(approvedOne, 'indirect_provider');
    const [verification] = await mails(approvedOne.primaryContactEmail!, 'enrollmentVerification');
    assert.equal(verification?.language, 'fr');
    assert.match(verification.subject, /^Confirmez l’inscription de .* au programme fournisseur indirect$/);
    await flow.approve(await flow.verify(e1), reviewer.api);
    const [review] = await mails(approvedOne.primaryContactEmail!, 'enrollmentUnderReview');
    assert.equal(review?.language, 'fr');
    assert.equal(review.subject, 'Votre inscription fournisseur indirect est en cours d’examen');
    const [approved] = await mails(approvedOne.primaryContactEmail!, 'enrollmentApproved');
    assert.equal(approved?.language, 'fr');
    assert.equal(approved.subject, `Approuvée : ${approvedOne.tenant.name} au programme fournisseur indirect`);

    const rejectedOne = await flow.partner({ countryCode: 'FR', language: 'fr' });
    const e2 = await flow.verify(await flow.enroll(rejectedOne, 'direct_bill'));
    const reason = 'Intégration API incomplète.';
    assert.equal((await reviewer.api.post(`/v1/operator/enrollments/${e2.id}/rejection`, { reason })).status, 200);
    const [rejected] = await mails(rejectedOne.primaryContactEmail!, 'enrollmentRejected');
    assert.equal(rejected?.language, 'fr');
    assert.equal(rejected.subject, `Non approuvée : ${rejectedOne.tenant.name} au programme facturation directe`);
    assert.ok(rejected.textBody.includes(`Motif : ${reason}`));
  });

  it('R-ENR-3: a second approval is 409 enrollment_decided and there is still exactly one capability row', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'indirect_provider'));
    const first = await reviewer.api.post(`/v1/operator/enrollments/${e.id}/approval`);
    assert.equal(first.status, 200, first.raw);
    const second = await operator.post(`/v1/operator/enrollments/${e.id}/approval`);
    assertProblem(second, 409, 'enrollment_decided');
    const rows = await capabilityRows(p.tenant.id, 'indirect_provider');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 'active');
    const read = (await operator.get(`/v1/operator/enrollments/${e.id}`)).body;
    assert.equal(read.decidedAt, first.body.decidedAt, 'the first decision stands');
    assert.equal((await mails(p.primaryContactEmail!, 'enrollmentApproved')).length, 1);
  });

  it('R-ENR-3: with auto-approval for indirect_provider, the confirmation approves the enrollment', async () => {
    await withAutoApprove({ direct_bill: false, indirect_provider: true, indirect_reseller: false }, async () => {
      const p = await flow.partner();
      const e = await flow.enroll(p, 'indirect_provider');
      const verified = await flow.verify(e);
      assert.equal(verified.status, 'approved');
      assert.ok(verified.emailVerifiedAt);
      assert.ok(verified.decidedAt);
      const info = await programInfo(p.api);
      assert.equal(info.onboarded, true);
      assert.deepEqual(
        info.capabilities.map((c) => [c.capability, c.status]),
        [['indirect_provider', 'active']],
      );
      assert.equal((await mails(p.primaryContactEmail!, 'enrollmentApproved')).length, 1);
      const events = await operator.get(`/v1/audit-events?type=enrollment.approved&subjectId=${e.id}`);
      assert.equal(events.body.items[0].actor.kind, 'system');

      // Programs without auto-approval still wait for a person.
      const other = await flow.partner();
      assert.equal((await flow.verify(await flow.enroll(other, 'indirect_reseller'))).status, 'pending_review');
    });
    const restored = await operator.get('/v1/operator/settings');
    assert.deepEqual(restored.body.autoApprove, { direct_bill: false, indirect_provider: false, indirect_reseller: false });
    // Restored: confirmation leads to review again.
    const p = await flow.partner();
    assert.equal((await flow.verify(await flow.enroll(p, 'indirect_provider'))).status, 'pending_review');
  });
});

describe('direct-bill requirements (R-ENR-5)', () => {
  it('R-ENR-5: a direct_bill enrollment cannot be approved before the requirements are confirmed; then it can', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'direct_bill'));
    const refused = await operator.post(`/v1/operator/enrollments/${e.id}/approval`);
    assertProblem(refused, 422, 'requirements_not_confirmed');
    assert.equal(refused.body.rule, 'R-ENR-5');
    assert.equal((await capabilityRows(p.tenant.id, 'direct_bill')).length, 0);

    const confirmed = await operator.post(`/v1/operator/enrollments/${e.id}/requirements-confirmation`, confirmation);
    assert.equal(confirmed.status, 200, confirmed.raw);
    assert.ok(confirmed.body.requirementsConfirmedAt);
    assert.equal(confirmed.body.status, 'pending_review', 'confirming is not approving');

    const approved = await operator.post(`/v1/operator/enrollments/${e.id}/approval`);
    assert.equal(approved.status, 200, approved.raw);
    assert.equal(approved.body.status, 'approved');
    const info = await programInfo(p.api);
    assert.deepEqual(
      info.capabilities.map((c) => [c.capability, c.status]),
      [['direct_bill', 'active']],
    );
  });

  it('R-ENR-5: each requirement must be confirmed; other programs have none (409); decided ones cannot be confirmed', async () => {
    const p = await flow.partner();
    const e = await flow.verify(await flow.enroll(p, 'direct_bill'));
    for (const partial of [
      { apiIntegration: true, billing: true },
      { apiIntegration: true, billing: false, support: true },
      {},
    ]) {
      assertProblem(
        await operator.post(`/v1/operator/enrollments/${e.id}/requirements-confirmation`, partial),
        400,
        'invalid_request',
      );
    }
    assert.equal((await operator.get(`/v1/operator/enrollments/${e.id}`)).body.requirementsConfirmedAt, null);

    const provider = await flow.verify(await flow.enroll(await flow.partner(), 'indirect_provider'));
    assertProblem(
      await operator.post(`/v1/operator/enrollments/${provider.id}/requirements-confirmation`, confirmation),
      409,
      'not_direct_bill',
    );

    const rejected = await flow.verify(await flow.enroll(await flow.partner(), 'direct_bill'));
    assert.equal((await operator.post(`/v1/operator/enrollments/${rejected.id}/rejection`, { reason: 'No' })).status, 200);
    assertProblem(
      await operator.post(`/v1/operator/enrollments/${rejected.id}/requirements-confirmation`, confirmation),
      409,
      'enrollment_decided',
    );
  });

  it('R-ENR-5: with auto-approval for direct_bill, confirmation by the contact waits for the requirements, whose confirmation approves', async () => {
    await withAutoApprove({ direct_bill: true, indirect_provider: false, indirect_reseller: false }, async () => {
      const p = await flow.partner();
      const verified = await flow.verify(await flow.enroll(p, 'direct_bill'));
      assert.equal(verified.status, 'pending_review', 'requirements still to confirm');
      assert.equal((await capabilityRows(p.tenant.id, 'direct_bill')).length, 0);

      const res = await operator.post(`/v1/operator/enrollments/${verified.id}/requirements-confirmation`, confirmation);
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.status, 'approved');
      assert.ok(res.body.requirementsConfirmedAt);
      const rows = await capabilityRows(p.tenant.id, 'direct_bill');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'active');
      assert.equal((await mails(p.primaryContactEmail!, 'enrollmentApproved')).length, 1);

      // Requirements confirmed before the contact confirms: the contact's confirmation approves.
      const q = await flow.partner();
      const early = await flow.enroll(q, 'direct_bill');
      const pre = await operator.post(`/v1/operator/enrollments/${early.id}/requirements-confirmation`, confirmation);
      assert.equal(pre.status, 200, pre.raw);
      assert.equal(pre.body.status, 'pending_verification');
      assert.equal((await flow.verify(early)).status, 'approved');
    });
  });
});

describe('direct bill to indirect reseller (R-TRN-1, R-TRN-4)', () => {
  it('R-TRN-1: a direct-bill partner not identified for offboarding cannot enroll as indirect reseller', async () => {
    const p = await flow.partnerIn('direct_bill');
    const res = await p.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assertProblem(res, 422, 'not_identified_for_offboarding');
    assert.equal(res.body.rule, 'R-TRN-1');
    assert.match(res.body.detail, /identified for offboarding/);
    assert.equal((await enrollmentRows(p.tenant.id)).length, 1, 'only the direct-bill enrollment');
  });

  it('R-TRN-4: once identified, the request must acknowledge there is no rollback: 422 with the warning', async () => {
    const p = await flow.partnerIn('direct_bill');
    assert.equal((await operator.post(`/v1/operator/partners/${p.tenant.id}/offboarding`)).status, 204);
    for (const body of [{ program: 'indirect_reseller' }, { program: 'indirect_reseller', acknowledgeNoRollback: false }]) {
      const res = await p.api.post('/v1/enrollments', body);
      assertProblem(res, 422, 'no_rollback_acknowledgement_required');
      assert.equal(res.body.rule, 'R-TRN-4');
      assert.match(res.body.warning, /cannot be rolled back/);
      assert.match(res.body.warning, /can never be removed/);
    }
    assert.equal((await enrollmentRows(p.tenant.id)).length, 1);
    assert.equal((await mails(p.primaryContactEmail!, 'enrollmentVerification')).length, 1, 'only the direct-bill one');
  });

  it('R-TRN-4: with acknowledgeNoRollback: true the identified partner enrolls: 201, transition true', async () => {
    const p = await flow.partnerIn('direct_bill');
    assert.equal((await operator.post(`/v1/operator/partners/${p.tenant.id}/offboarding`)).status, 204);
    const res = await p.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.program, 'indirect_reseller');
    assert.equal(res.body.transition, true);
    // It goes on to review and approval like any enrollment; direct bill stays.
    const approved = await flow.approve(await flow.verify(res.body));
    assert.equal(approved.status, 'approved');
    assert.equal(approved.transition, true);
    const info = await programInfo(p.api);
    assert.equal(info.capabilities.find((c) => c.capability === 'direct_bill')?.status, 'active');
    assert.ok(info.capabilities.some((c) => c.capability === 'indirect_reseller'));
  });

  it('a partner without direct bill enrolls as indirect reseller directly (no transition)', async () => {
    const p = await flow.partner();
    const e = await flow.enroll(p, 'indirect_reseller');
    assert.equal(e.transition, false);
  });
});
