import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { TestTrellis } from '../../../test/support/harness.ts';
import { member, ProgramFlow, unique, type Api, type Enrollment, type ProgramPartner } from '../../../test/support/program.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/**
 * Black-box tests of incentive programs: the operator creates them, partners see which they
 * may join, each is enrolled in separately by a global or incentive admin (R-INC-1), and the
 * invitation timer mails transitioned partners' partner ID accounts (R-TRN-7).
 *
 * No agreement is published in this file: an approved indirect reseller is active at once.
 */

const HOUR = 3_600_000;

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
/** Programs made once for the file; tests that need their own make more. */
const programs = {} as Record<'reseller' | 'directA' | 'directB' | 'provider', Program>;

before(async () => {
  // The invitation timer is tested by moving the clock by days: sessions must outlive that.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  programs.reseller = await createProgram('Reseller Growth', 'indirect_reseller');
  programs.directA = await createProgram('Direct Bill Rewards', 'direct_bill');
  programs.directB = await createProgram('Direct Bill Co-marketing', 'direct_bill');
  programs.provider = await createProgram('Distributor Accelerator', 'indirect_provider');
});
after(async () => {
  clock.reset();
  await t.close();
});
afterEach(() => clock.reset());

interface Program {
  id: string;
  name: string;
  kind: 'indirect_reseller' | 'direct_bill' | 'indirect_provider';
  description: string | null;
  active: boolean;
  createdAt: string;
}
interface PartnerProgram extends Program {
  eligible: boolean;
  invitedAt: string | null;
  enrolledAt: string | null;
}
interface Invitation {
  id: string;
  programId: string;
  sentTo: string;
  sentAt: string;
}

async function createProgram(name: string, kind: Program['kind'], description?: string): Promise<Program> {
  const res = await operator.post('/v1/operator/incentive-programs', {
    name: `${name} ${unique()}`,
    kind,
    ...(description ? { description } : {}),
  });
  assert.equal(res.status, 201, res.raw);
  return res.body as Program;
}

async function partnerPrograms(api: Api): Promise<PartnerProgram[]> {
  const res = await api.get('/v1/incentives/programs');
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.nextCursor, null);
  return res.body.items as PartnerProgram[];
}

async function programOf(api: Api, id: string): Promise<PartnerProgram> {
  const found = (await partnerPrograms(api)).find((p) => p.id === id);
  assert.ok(found, `program ${id} is listed`);
  return found;
}

async function invitations(api: Api): Promise<Invitation[]> {
  const res = await api.get('/v1/incentives/invitations');
  assert.equal(res.status, 200, res.raw);
  return res.body.items as Invitation[];
}

const enroll = (api: Api, programId: string) => api.post(`/v1/incentives/programs/${programId}/enrollments`);

/** A partner user holding only these roles: the global admin grants itself admin_agent to add it (R-ENR-4). */
async function memberOf(partner: { api: Api; admin: { id: string } }, roles: string[]) {
  const granted = await partner.api.put(`/v1/users/${partner.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
  assert.equal(granted.status, 200, granted.raw);
  return member(t, partner.api, roles);
}

/** A direct-bill partner moved to indirect reseller through the API (R-TRN-1, R-TRN-4): both capabilities active. */
async function transitioned(): Promise<ProgramPartner> {
  const partner = await flow.partnerIn('direct_bill');
  const flagged = await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
  assert.equal(flagged.status, 204, flagged.raw);
  const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
  assert.equal(submitted.status, 201, submitted.raw);
  assert.equal(submitted.body.transition, true);
  await flow.approve(submitted.body as Enrollment);
  const info = (await partner.api.get('/v1/partner/program-info')).body;
  assert.deepEqual(info.capabilities.map((c: { capability: string; status: string }) => `${c.capability}:${c.status}`).sort(), [
    'direct_bill:active',
    'indirect_reseller:active',
  ]);
  return partner;
}

async function accountEmailOf(partnerId: string | null): Promise<string> {
  assert.ok(partnerId);
  const res = await operator.get(`/v1/operator/partner-ids/${partnerId}`);
  assert.equal(res.status, 200, res.raw);
  return res.body.accountEmail as string;
}

async function invitationMails(address: string) {
  return (await t.mailTo(address)).filter((m) => m.template === 'incentiveInvitation');
}

async function activeResellerPrograms(): Promise<Program[]> {
  const res = await operator.get('/v1/operator/incentive-programs');
  assert.equal(res.status, 200, res.raw);
  return (res.body.items as Program[]).filter((p) => p.kind === 'indirect_reseller' && p.active);
}

describe('incentive programs (operator)', () => {
  it('the operator admin creates a program: 201 with its fields, listed, recorded as an event', async () => {
    const res = await operator.post('/v1/operator/incentive-programs', {
      name: 'Cloud Growth 2027',
      kind: 'indirect_reseller',
      description: 'Rebates on new indirect customers.',
    });
    assert.equal(res.status, 201, res.raw);
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.name, 'Cloud Growth 2027');
    assert.equal(res.body.kind, 'indirect_reseller');
    assert.equal(res.body.description, 'Rebates on new indirect customers.');
    assert.equal(res.body.active, true);
    assert.ok(Math.abs(Date.parse(res.body.createdAt) - clock.now().getTime()) < 60_000);

    const noDescription = await createProgram('Plain', 'direct_bill');
    assert.equal(noDescription.description, null);

    const listed = await operator.get('/v1/operator/incentive-programs');
    assert.equal(listed.status, 200, listed.raw);
    const ids = listed.body.items.map((p: Program) => p.id);
    assert.ok(ids.includes(res.body.id) && ids.includes(noDescription.id));
    assert.deepEqual(
      listed.body.items.find((p: Program) => p.id === res.body.id),
      res.body,
    );

    const events = await operator.get(`/v1/audit-events?type=incentive_program.created&subjectId=${res.body.id}`);
    assert.equal(events.status, 200, events.raw);
    assert.equal(events.body.items.length, 1);
  });

  it('partners, customers and operator reviewers get 403; without a session 401; nothing is created', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const customer = await t.tenantWithAdmin('customer');
    const reviewer = await member(t, operator, ['reviewer']);
    const name = `Refused ${unique()}`;
    for (const api of [partner.api, customer.api, reviewer.api]) {
      assertProblem(await api.post('/v1/operator/incentive-programs', { name, kind: 'direct_bill' }), 403, 'forbidden');
      assertProblem(await api.get('/v1/operator/incentive-programs'), 403, 'forbidden');
    }
    assertProblem(
      await t.request('POST', '/v1/operator/incentive-programs', { body: { name, kind: 'direct_bill' } }),
      401,
      'unauthenticated',
    );
    const names = (await operator.get('/v1/operator/incentive-programs')).body.items.map((p: Program) => p.name);
    assert.ok(!names.includes(name));
  });

  it('the kind is one of direct_bill, indirect_provider, indirect_reseller; the name is required (400)', async () => {
    const before = (await operator.get('/v1/operator/incentive-programs')).body.items.length;
    for (const body of [
      { name: 'X', kind: 'customer' },
      { name: 'X', kind: 'reseller' },
      { name: 'X', kind: '' },
      { name: 'X' },
      { kind: 'direct_bill' },
      { name: '', kind: 'direct_bill' },
      { name: 'X', kind: 'direct_bill', active: false },
    ]) {
      assertProblem(await operator.post('/v1/operator/incentive-programs', body), 400, 'invalid_request');
    }
    assert.equal((await operator.get('/v1/operator/incentive-programs')).body.items.length, before);
  });
});

describe('GET /v1/incentives/programs: what the calling partner may join', () => {
  it('every active program, eligible for the capabilities the partner holds actively, not invited, not enrolled', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const direct = await flow.partnerIn('direct_bill');
    const reseller = await flow.partnerIn('indirect_reseller');
    const newcomer = await flow.partner();
    const all = (await operator.get('/v1/operator/incentive-programs')).body.items as Program[];

    for (const [partner, kind] of [
      [provider, 'indirect_provider'],
      [direct, 'direct_bill'],
      [reseller, 'indirect_reseller'],
      [newcomer, null],
    ] as const) {
      const listed = await partnerPrograms(partner.api);
      assert.deepEqual(listed.map((p) => p.id).sort(), all.map((p) => p.id).sort(), 'every active program');
      for (const p of listed) {
        const { eligible, invitedAt, enrolledAt, ...program } = p;
        assert.deepEqual(
          program,
          all.find((a) => a.id === p.id),
        );
        assert.equal(eligible, p.kind === kind, `${p.kind} program for a ${kind ?? 'newcomer'}`);
        assert.equal(invitedAt, null);
        assert.equal(enrolledAt, null);
      }
    }
  });

  it('a partner with a pending enrollment is not yet eligible; once approved it is', async () => {
    const partner = await flow.partner();
    const enrollment = await flow.verify(await flow.enroll(partner, 'indirect_provider'));
    assert.equal((await programOf(partner.api, programs.provider.id)).eligible, false);
    await flow.approve(enrollment);
    assert.equal((await programOf(partner.api, programs.provider.id)).eligible, true);
  });

  it('enrolledAt is per partner: one partner enrolling does not show for another', async () => {
    const a = await flow.partnerIn('direct_bill');
    const b = await flow.partnerIn('direct_bill');
    const enrolled = await enroll(a.api, programs.directA.id);
    assert.equal(enrolled.status, 201, enrolled.raw);
    assert.equal((await programOf(a.api, programs.directA.id)).enrolledAt, enrolled.body.enrolledAt);
    assert.equal((await programOf(b.api, programs.directA.id)).enrolledAt, null);
  });

  it('customers, the operator and partner users without incentive rights get 403', async () => {
    const customer = await t.tenantWithAdmin('customer');
    const partner = await flow.partnerIn('direct_bill');
    const sales = await memberOf(partner, ['sales_agent', 'billing_admin', 'helpdesk_agent']);
    for (const api of [customer.api, operator, sales.api]) {
      assertProblem(await api.get('/v1/incentives/programs'), 403, 'forbidden');
      assertProblem(await api.get('/v1/incentives/invitations'), 403, 'forbidden');
    }
  });
});

describe('R-INC-1: each incentive program is enrolled separately', () => {
  it('R-INC-1: a global admin enrolls its partner: 201 with the time; listed as enrolled; one event', async () => {
    const partner = await flow.partnerIn('indirect_provider');
    const from = clock.now().getTime();
    const res = await enroll(partner.api, programs.provider.id);
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.programId, programs.provider.id);
    const at = Date.parse(res.body.enrolledAt);
    assert.ok(from <= at && at <= clock.now().getTime());
    const listed = await programOf(partner.api, programs.provider.id);
    assert.equal(listed.enrolledAt, res.body.enrolledAt);
    assert.equal(listed.eligible, true);

    const events = await partner.api.get(`/v1/audit-events?type=incentive.enrolled&subjectId=${programs.provider.id}`);
    assert.equal(events.status, 200, events.raw);
    assert.equal(events.body.items.length, 1);
    assert.equal(events.body.items[0].actor.userId, partner.admin.id);
  });

  it('R-INC-1: a user holding only incentive_admin lists programs and invitations and enrolls', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const incentives = await memberOf(partner, ['incentive_admin']);
    const me = await incentives.api.get('/v1/me');
    assert.deepEqual(me.body.user.roles, ['incentive_admin']);
    assert.equal((await programOf(incentives.api, programs.directB.id)).eligible, true);
    assert.deepEqual(await invitations(incentives.api), []);
    const res = await enroll(incentives.api, programs.directB.id);
    assert.equal(res.status, 201, res.raw);
    assert.equal((await programOf(partner.api, programs.directB.id)).enrolledAt, res.body.enrolledAt, 'for the whole tenant');
    const events = await partner.api.get(`/v1/audit-events?type=incentive.enrolled&subjectId=${programs.directB.id}`);
    assert.equal(events.body.items[0].actor.userId, incentives.user.id);
  });

  it('R-INC-1: a sales_agent, an admin_agent, a customer and the operator cannot enroll (403)', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const sales = await memberOf(partner, ['sales_agent']);
    const agent = await memberOf(partner, ['admin_agent']);
    const customer = await t.tenantWithAdmin('customer');
    for (const api of [sales.api, agent.api, customer.api, operator]) {
      assertProblem(await enroll(api, programs.directA.id), 403, 'forbidden');
    }
    assert.equal((await programOf(partner.api, programs.directA.id)).enrolledAt, null);
  });

  it('R-INC-1: a program for a capability the partner does not hold actively is 422 not_eligible', async () => {
    const direct = await flow.partnerIn('direct_bill');
    for (const program of [programs.reseller, programs.provider]) {
      const res = await enroll(direct.api, program.id);
      assertProblem(res, 422, 'not_eligible', 'R-INC-1');
      assert.match(res.body.detail, new RegExp(program.kind));
    }
    // Enrolled, confirmed, not yet approved: not eligible either.
    const waiting = await flow.partner();
    await flow.verify(await flow.enroll(waiting, 'direct_bill'));
    assertProblem(await enroll(waiting.api, programs.directA.id), 422, 'not_eligible', 'R-INC-1');
    // A partner in no program.
    const newcomer = await flow.partner();
    assertProblem(await enroll(newcomer.api, programs.directA.id), 422, 'not_eligible', 'R-INC-1');
    for (const partner of [direct, waiting, newcomer]) {
      assert.ok((await partnerPrograms(partner.api)).every((p) => p.enrolledAt === null));
    }
  });

  it('R-INC-1: enrolling twice is 409 already_enrolled; the first enrollment stands', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const first = await enroll(partner.api, programs.directA.id);
    assert.equal(first.status, 201, first.raw);
    const second = await enroll(partner.api, programs.directA.id);
    assertProblem(second, 409, 'already_enrolled');
    assert.match(second.body.detail, new RegExp(first.body.enrolledAt));
    assert.equal((await programOf(partner.api, programs.directA.id)).enrolledAt, first.body.enrolledAt);
    const events = await partner.api.get(`/v1/audit-events?type=incentive.enrolled&subjectId=${programs.directA.id}`);
    assert.equal(events.body.items.length, 1);
  });

  it('R-INC-1: each program separately: enrolling in one leaves the others of the same kind open', async () => {
    const partner = await flow.partnerIn('direct_bill');
    const third = await createProgram('Direct Bill Training', 'direct_bill');
    const a = await enroll(partner.api, programs.directA.id);
    assert.equal(a.status, 201, a.raw);
    let listed = await partnerPrograms(partner.api);
    const enrolledIn = () => listed.filter((p) => p.enrolledAt !== null).map((p) => p.id);
    assert.deepEqual(enrolledIn(), [programs.directA.id]);

    clock.advance(HOUR);
    const b = await enroll(partner.api, programs.directB.id);
    assert.equal(b.status, 201, b.raw);
    assert.ok(Date.parse(b.body.enrolledAt) > Date.parse(a.body.enrolledAt), 'each has its own time');
    listed = await partnerPrograms(partner.api);
    assert.deepEqual(enrolledIn().sort(), [programs.directA.id, programs.directB.id].sort());
    assert.equal(listed.find((p) => p.id === third.id)?.enrolledAt, null);
    assert.equal(listed.find((p) => p.id === programs.directA.id)?.enrolledAt, a.body.enrolledAt, 'unchanged');
  });

  it('an unknown program is 404; a malformed id is 400', async () => {
    const partner = await flow.partnerIn('direct_bill');
    assertProblem(await enroll(partner.api, randomUUID()), 404, 'not_found');
    assertProblem(await enroll(partner.api, 'not-a-program'), 400, 'invalid_request');
  });
});

describe('R-TRN-7: the invitation to the indirect reseller incentive programs', () => {
  let previousDays: number;
  before(async () => {
    previousDays = (await operator.get('/v1/operator/settings')).body.incentiveInvitationAfterDays;
  });
  afterEach(async () => {
    clock.reset();
    const restored = await operator.patch('/v1/operator/settings', { incentiveInvitationAfterDays: previousDays });
    assert.equal(restored.status, 200, restored.raw);
  });

  it('R-TRN-7: only transitioned partners, after incentiveInvitationAfterDays, to the partner ID account e-mail, once', async () => {
    const set = await operator.patch('/v1/operator/settings', { incentiveInvitationAfterDays: 10 });
    assert.equal(set.status, 200, set.raw);
    assert.equal(set.body.incentiveInvitationAfterDays, 10);

    const moved = await transitioned();
    const plainReseller = await flow.partnerIn('indirect_reseller');
    const directOnly = await flow.partnerIn('direct_bill');
    const provider = await flow.partnerIn('indirect_provider');
    const others = [plainReseller, directOnly, provider];
    const accountEmail = await accountEmailOf(moved.partnerId);
    assert.notEqual(accountEmail, moved.admin.email);
    assert.notEqual(accountEmail, moved.primaryContactEmail);

    await t.trellis.worker.runOnce();
    assert.deepEqual(await invitations(moved.api), [], 'not at once');
    clock.advance(9 * DAY_MS);
    await t.trellis.worker.runOnce();
    assert.deepEqual(await invitations(moved.api), [], 'not after 9 days');
    assert.deepEqual(await invitationMails(accountEmail), []);

    clock.advance(2 * DAY_MS);
    const due = clock.now().getTime();
    await t.trellis.worker.runOnce();
    const sent = await invitations(moved.api);
    const open = await activeResellerPrograms();
    assert.deepEqual(sent.map((i) => i.programId).sort(), open.map((p) => p.id).sort(), 'each open indirect reseller program');
    assert.ok(!sent.some((i) => [programs.directA.id, programs.directB.id, programs.provider.id].includes(i.programId)));
    for (const invitation of sent) {
      assert.equal(invitation.sentTo, accountEmail);
      assert.ok(Date.parse(invitation.sentAt) >= due);
    }
    const mails = await invitationMails(accountEmail);
    assert.equal(mails.length, open.length);
    assert.ok(mails.some((m) => m.subject.includes(programs.reseller.name)));
    for (const address of [moved.admin.email, moved.primaryContactEmail!]) {
      assert.deepEqual(await invitationMails(address), [], `nothing to ${address}`);
    }
    // Seen in the program list; both kinds stay open to the transitioned partner.
    const listed = await programOf(moved.api, programs.reseller.id);
    assert.equal(listed.invitedAt, sent.find((i) => i.programId === programs.reseller.id)?.sentAt);
    assert.equal(listed.eligible, true);
    assert.equal((await programOf(moved.api, programs.directA.id)).eligible, true);
    assert.equal((await programOf(moved.api, programs.directA.id)).invitedAt, null);

    // Nobody else is invited: not a reseller that never was direct bill, nor a direct-bill partner, nor a provider.
    for (const partner of others) {
      assert.deepEqual(await invitations(partner.api), []);
      assert.deepEqual(await invitationMails(await accountEmailOf(partner.partnerId)), []);
    }

    // Once only, however often the timer runs.
    clock.advance(DAY_MS);
    await t.trellis.worker.runOnce();
    await t.trellis.worker.runOnce();
    assert.deepEqual(await invitations(moved.api), sent);
    assert.equal((await invitationMails(accountEmail)).length, open.length);
    const events = await moved.api.get(`/v1/audit-events?type=incentive.invitation_sent&subjectId=${programs.reseller.id}`);
    assert.equal(events.status, 200, events.raw);
    assert.equal(events.body.items.length, 1);

    // The invited partner then enrolls like any other (R-INC-1).
    const enrolled = await enroll(moved.api, programs.reseller.id);
    assert.equal(enrolled.status, 201, enrolled.raw);
  });

  it('R-TRN-7: with a shorter setting the invitation goes sooner; a user holding incentive_admin sees it', async () => {
    const set = await operator.patch('/v1/operator/settings', { incentiveInvitationAfterDays: 1 });
    assert.equal(set.status, 200, set.raw);
    const moved = await transitioned();
    const incentives = await memberOf(moved, ['incentive_admin']);
    clock.advance(DAY_MS - HOUR);
    await t.trellis.worker.runOnce();
    assert.deepEqual(await invitations(incentives.api), []);
    clock.advance(2 * HOUR);
    await t.trellis.worker.runOnce();
    const sent = await invitations(incentives.api);
    assert.ok(sent.some((i) => i.programId === programs.reseller.id));
    const accountEmail = await accountEmailOf(moved.partnerId);
    assert.ok(sent.every((i) => i.sentTo === accountEmail));
  });

  it('R-TRN-7: a program created after the partner was invited is sent to it as well, once', async () => {
    const set = await operator.patch('/v1/operator/settings', { incentiveInvitationAfterDays: 0 });
    assert.equal(set.status, 200, set.raw);
    const moved = await transitioned();
    await t.trellis.worker.runOnce();
    const first = await invitations(moved.api);
    assert.ok(first.length > 0);
    const later = await createProgram('Reseller Launch', 'indirect_reseller');
    await t.trellis.worker.runOnce();
    await t.trellis.worker.runOnce();
    const now = await invitations(moved.api);
    assert.equal(now.length, first.length + 1);
    assert.equal(now.filter((i) => i.programId === later.id).length, 1);
  });

  it('R-TRN-7: incentiveInvitationAfterDays is a whole number of days from 0 to 30; above 30 is 400', async () => {
    for (const value of [31, 365, -1, 1.5, 'ten']) {
      assertProblem(
        await operator.patch('/v1/operator/settings', { incentiveInvitationAfterDays: value }),
        400,
        'invalid_request',
      );
    }
    assert.equal((await operator.get('/v1/operator/settings')).body.incentiveInvitationAfterDays, previousDays);
    for (const value of [0, 30]) {
      const res = await operator.patch('/v1/operator/settings', { incentiveInvitationAfterDays: value });
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.incentiveInvitationAfterDays, value);
    }
  });
});
