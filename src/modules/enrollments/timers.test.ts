import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { systemCtx } from '../../platform/context.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, type Api } from '../../../test/support/program.ts';
import { enrollmentTimers } from './timers.ts';

/**
 * The worker's queues let a timer run start while another still runs (in another process, or
 * after a killed one): the timers must do each thing once all the same.
 */
const MONDAY_10 = new Date('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
before(async () => {
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 30 } });
  clock.freeze(MONDAY_10);
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  const settings = await operator.patch('/v1/operator/settings', { transitionReviewBusinessDays: 3 });
  assert.equal(settings.status, 200, settings.raw);
});
after(async () => {
  clock.reset();
  await t.close();
});

/** A transition to indirect reseller submitted on Monday 10:00, due Thursday 10:00 (R-TRN-2). */
async function pendingTransition(): Promise<string> {
  clock.freeze(MONDAY_10);
  const partner = await flow.partnerIn('direct_bill');
  assert.equal((await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`)).status, 204);
  const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
  assert.equal(submitted.status, 201, submitted.raw);
  return submitted.body.id as string;
}

async function eventsOf(type: string, subjectId: string): Promise<number> {
  return (await operator.get(`/v1/audit-events?type=${type}&subjectId=${subjectId}`)).body.items.length;
}

/** Two timer runs at once, as two worker processes would run them. */
const twoRunsAtOnce = () =>
  Promise.all([enrollmentTimers(systemCtx(t.platform, 'timers-a')), enrollmentTimers(systemCtx(t.platform, 'timers-b'))]);

describe('enrollment timers run twice at once', () => {
  it('R-TRN-2: the one-business-day reminder is recorded and mailed once', async () => {
    const id = await pendingTransition();
    clock.freeze(new Date(MONDAY_10.getTime() + 2 * DAY_MS + HOUR));
    await twoRunsAtOnce();
    assert.equal(await eventsOf('enrollment.review_reminder_sent', id), 1);
    const operatorEmail = (await operator.get('/v1/me')).body.user.email as string;
    const reminders = (await t.mailTo(operatorEmail)).filter((m) => m.template === 'reviewDeadlineReminder');
    assert.equal(reminders.length, 1);
  });

  it('R-TRN-2: a missed deadline is recorded once', async () => {
    const id = await pendingTransition();
    clock.freeze(new Date(MONDAY_10.getTime() + 4 * DAY_MS));
    await twoRunsAtOnce();
    assert.equal(await eventsOf('enrollment.review_overdue', id), 1);
  });
});
