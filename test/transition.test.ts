import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { clock, DAY_MS } from '../src/platform/clock.ts';
import { onPostgres, TestTrellis } from './support/harness.ts';
import { member, ProgramFlow, type Api } from './support/program.ts';
import { assertProblem } from './support/assert.ts';

/**
 * The move from direct bill to indirect reseller of seeds 000 to 002, end to end through the
 * API: flag, enroll, approve within the deadline, accept the agreement, both capabilities,
 * no rollback, and the incentive invitation once the clock has moved.
 */
const MONDAY_10 = new Date('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;

describe('the direct bill to indirect reseller transition (seeds 000-002)', () => {
  let t: TestTrellis;
  let operator: Api;
  let flow: ProgramFlow;
  let resellerProgramId: string;
  let directProgramId: string;

  before(async () => {
    // The script spans weeks of the clock: sessions must outlive it.
    t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
    clock.freeze(MONDAY_10);
    const op = await t.operator();
    operator = op.api;
    flow = new ProgramFlow(t, operator);
    const settings = await operator.patch('/v1/operator/settings', {
      transitionReviewBusinessDays: 3,
      incentiveInvitationAfterDays: 14,
    });
    assert.equal(settings.status, 200, settings.raw);
    for (const [type, title] of [
      ['partner_agreement', 'Partner Agreement'],
      ['indirect_reseller_agreement', 'Indirect Reseller Agreement'],
    ]) {
      const published = await operator.post('/v1/operator/agreements', {
        type,
        version: '2026-11',
        title,
        body: `${title} text`,
        effectiveAt: '2026-11-01T00:00:00Z',
      });
      assert.equal(published.status, 201, published.raw);
    }
    const reseller = await operator.post('/v1/operator/incentive-programs', {
      name: 'Reseller Growth',
      kind: 'indirect_reseller',
    });
    const direct = await operator.post('/v1/operator/incentive-programs', { name: 'Direct Bill Rewards', kind: 'direct_bill' });
    resellerProgramId = reseller.body.id;
    directProgramId = direct.body.id;
  });
  after(async () => {
    clock.reset();
    await t.close();
  });

  it('R-TRN-1..4, R-TRN-6, R-TRN-7, R-INC-1: the whole move, as one script', async () => {
    // A direct-bill partner, approved, with the partner agreement accepted.
    const partner = await flow.partnerIn('direct_bill');
    assert.equal((await partner.api.post('/v1/agreements/partner-agreement/acceptances', { version: '2026-11' })).status, 201);
    let info = (await partner.api.get('/v1/partner/program-info')).body;
    assert.equal(info.mayAddDirectCustomers, true);
    assert.equal(info.areas.indirectProviders, false);

    // R-TRN-1: not identified yet.
    assertProblem(
      await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true }),
      422,
      'not_identified_for_offboarding',
      'R-TRN-1',
    );
    const flagged = await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    assert.equal(flagged.status, 204, flagged.raw);

    // R-TRN-1: only its global admin enrolls.
    await partner.api.put(`/v1/users/${partner.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    const agent = await member(t, partner.api, ['admin_agent']);
    assert.equal(
      (await agent.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true })).status,
      403,
    );

    // R-TRN-4: the request warns and needs an explicit confirmation.
    const unconfirmed = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller' });
    assertProblem(unconfirmed, 422, 'no_rollback_acknowledgement_required', 'R-TRN-4');
    assert.match(unconfirmed.body.warning, /cannot be rolled back/);
    const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assert.equal(submitted.status, 201, submitted.raw);
    assert.equal(submitted.body.transition, true);
    assert.equal(submitted.body.status, 'pending_review', 'already in the program: no new e-mail confirmation');
    // R-TRN-2: three business days from Monday 10:00 is Thursday 10:00.
    assert.equal(submitted.body.reviewDueAt, '2026-11-26T10:00:00.000Z');
    // R-TRN-4: once submitted it cannot be withdrawn: there is no route that does it.
    assert.equal((await partner.api.delete(`/v1/enrollments/${submitted.body.id}`)).status, 404);

    // R-TRN-2: Wednesday, one business day left: reviewers are mailed, once.
    clock.freeze(new Date(MONDAY_10.getTime() + 2 * DAY_MS + HOUR));
    await t.trellis.worker.runOnce();
    await t.trellis.worker.runOnce();
    const operatorEmail = (await operator.get('/v1/me')).body.user.email as string;
    const reminders = (await t.mailTo(operatorEmail)).filter((m) => m.template === 'reviewDeadlineReminder');
    assert.equal(reminders.length, 1);
    assert.match(reminders[0]!.subject, /One business day left/);
    assert.equal((await operator.get(`/v1/operator/enrollments/${submitted.body.id}`)).body.overdue, false);

    // Approved within the deadline; the primary contact is mailed (R-TRN-2).
    const approved = await operator.post(`/v1/operator/enrollments/${submitted.body.id}/approval`);
    assert.equal(approved.status, 200, approved.raw);
    const approvalMail = (await t.mailTo(partner.primaryContactEmail!)).find((m) => m.template === 'enrollmentApproved');
    assert.match(approvalMail!.subject, /indirect reseller/);

    // R-TRN-3: the capability waits for the indirect reseller agreement.
    info = (await partner.api.get('/v1/partner/program-info')).body;
    assert.deepEqual(info.capabilities.map((c: { capability: string; status: string }) => `${c.capability}:${c.status}`).sort(), [
      'direct_bill:active',
      'indirect_reseller:pending',
    ]);
    assert.deepEqual(info.agreementsToAccept, [{ type: 'indirect-reseller-agreement', version: '2026-11' }]);
    assert.equal(info.areas.indirectProviders, false);
    // Only a global admin accepts.
    assert.equal(
      (await agent.api.post('/v1/agreements/indirect-reseller-agreement/acceptances', { version: '2026-11' })).status,
      403,
    );
    const accepted = await partner.api.post('/v1/agreements/indirect-reseller-agreement/acceptances', { version: '2026-11' });
    assert.equal(accepted.status, 201, accepted.raw);
    assert.equal(accepted.body.userId, partner.admin.id);

    // R-TRN-3, R-TRN-6: both capabilities; the Indirect providers area is open; R-TRN-5: no new direct customers.
    info = (await partner.api.get('/v1/partner/program-info')).body;
    assert.deepEqual(info.capabilities.map((c: { capability: string; status: string }) => `${c.capability}:${c.status}`).sort(), [
      'direct_bill:active',
      'indirect_reseller:active',
    ]);
    assert.equal(info.areas.indirectProviders, true);
    assert.equal(info.mayAddDirectCustomers, false);
    assert.equal(info.resellerReadiness.ready, true);

    // R-TRN-4: no rollback, for the partner and for the operator.
    assertProblem(await partner.api.delete('/v1/partner/capabilities/indirect_reseller'), 409, 'no_rollback', 'R-TRN-4');
    assertProblem(
      await operator.delete(`/v1/operator/partners/${partner.tenant.id}/capabilities/indirect_reseller`),
      409,
      'no_rollback',
      'R-TRN-4',
    );

    // R-TRN-7: no invitation yet; fourteen days later it goes to the partner ID's account e-mail.
    await t.trellis.worker.runOnce();
    assert.equal((await partner.api.get('/v1/incentives/invitations')).body.items.length, 0);
    clock.freeze(new Date(clock.now().getTime() + 14 * DAY_MS + HOUR));
    await t.trellis.worker.runOnce();
    const invitations = (await partner.api.get('/v1/incentives/invitations')).body.items;
    assert.equal(invitations.length, 1);
    assert.equal(invitations[0].programId, resellerProgramId);
    const accountEmail = (await operator.get(`/v1/operator/partner-ids/${partner.partnerId}`)).body.accountEmail;
    assert.equal(invitations[0].sentTo, accountEmail);
    const invitationMail = (await t.mailTo(accountEmail)).find((m) => m.template === 'incentiveInvitation');
    assert.match(invitationMail!.subject, /Reseller Growth/);
    await t.trellis.worker.runOnce();
    assert.equal((await partner.api.get('/v1/incentives/invitations')).body.items.length, 1, 'sent once');

    // R-INC-1: each program separately; the direct-bill programs stay open (R-TRN-7).
    assert.equal((await partner.api.post(`/v1/incentives/programs/${resellerProgramId}/enrollments`)).status, 201);
    assert.equal((await partner.api.post(`/v1/incentives/programs/${directProgramId}/enrollments`)).status, 201);
    assertProblem(await partner.api.post(`/v1/incentives/programs/${resellerProgramId}/enrollments`), 409, 'already_enrolled');
    const programs = (await partner.api.get('/v1/incentives/programs')).body.items;
    assert.ok(programs.every((p: { enrolledAt: string | null; eligible: boolean }) => p.enrolledAt && p.eligible));
  });

  it('R-TRN-2: a missed deadline is recorded as an event and shows as overdue in the queue', async () => {
    clock.freeze(MONDAY_10);
    const partner = await flow.partnerIn('direct_bill');
    await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assert.equal(submitted.status, 201, submitted.raw);
    clock.freeze(new Date(MONDAY_10.getTime() + 4 * DAY_MS)); // Friday: past Thursday's deadline
    await t.trellis.worker.runOnce();
    const queue = (await operator.get('/v1/operator/enrollments?status=pending_review&program=indirect_reseller')).body.items;
    const mine = queue.find((e: { id: string }) => e.id === submitted.body.id);
    assert.equal(mine.overdue, true);
    const stats = (await operator.get('/v1/operator/enrollment-stats')).body;
    assert.ok(stats.deadlines.overdue >= 1, 'the deadlines chart counts it overdue');
    const events = (await operator.get(`/v1/audit-events?type=enrollment.review_overdue&subjectId=${submitted.body.id}`)).body
      .items;
    assert.equal(events.length, 1);
    await t.trellis.worker.runOnce();
    assert.equal(
      (await operator.get(`/v1/audit-events?type=enrollment.review_overdue&subjectId=${submitted.body.id}`)).body.items.length,
      1,
    );
  });

  it('R-TRN-2: with auto-approval the transition is approved at once', async () => {
    clock.freeze(MONDAY_10);
    const partner = await flow.partnerIn('direct_bill');
    await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    await operator.patch('/v1/operator/settings', {
      autoApprove: { direct_bill: false, indirect_provider: false, indirect_reseller: true },
    });
    try {
      const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
      assert.equal(submitted.status, 201, submitted.raw);
      assert.equal(submitted.body.status, 'approved');
    } finally {
      await operator.patch('/v1/operator/settings', {
        autoApprove: { direct_bill: false, indirect_provider: false, indirect_reseller: false },
      });
    }
  });

  it(`R-TRN-4: two ${onPostgres ? 'concurrent' : 'successive (PGlite)'} transition requests of one tenant make one enrollment`, async () => {
    clock.freeze(MONDAY_10);
    const partner = await flow.partnerIn('direct_bill');
    await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    const send = () => partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    const results = onPostgres
      ? await Promise.all([send(), send(), send(), send()])
      : [await send(), await send(), await send(), await send()];
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409]);
    const mine = (await partner.api.get('/v1/enrollments')).body.items.filter(
      (e: { program: string }) => e.program === 'indirect_reseller',
    );
    assert.equal(mine.length, 1);
  });

  afterEach(() => clock.freeze(MONDAY_10));
});
