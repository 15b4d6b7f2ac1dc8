import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addMonths,
  billingPeriods,
  changeWindowCloses,
  lifecycleAt,
  lifecycleSteps,
  nextLifecycleCheck,
  renewalNoticeDue,
  prorate,
  termEnd,
  withinChangeWindow,
} from './subscriptions.ts';

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe('terms and renewal dates', () => {
  it('a month after the 31st is the last day of a shorter month, leap years included', () => {
    assert.equal(addMonths(at('2026-01-31T10:00:00Z'), 1).toISOString(), '2026-02-28T10:00:00.000Z');
    assert.equal(addMonths(at('2028-01-31T10:00:00Z'), 1).toISOString(), '2028-02-29T10:00:00.000Z');
    assert.equal(addMonths(at('2026-12-15T00:00:00Z'), 1).toISOString(), '2027-01-15T00:00:00.000Z');
    assert.equal(termEnd(at('2028-02-29T00:00:00Z'), 'P1Y').toISOString(), '2029-02-28T00:00:00.000Z');
    assert.equal(termEnd(at('2026-03-01T00:00:00Z'), 'P3Y').toISOString(), '2029-03-01T00:00:00.000Z');
  });

  it('a term ends later than it starts, by 28 to 31 days a month', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2000-01-01'), max: at('2100-01-01'), noInvalidDate: true }), (start) => {
        const end = termEnd(start, 'P1M');
        const days = (end.getTime() - start.getTime()) / DAY;
        return days >= 28 && days <= 31;
      }),
    );
  });

  it('monthly billing of a three-year term is 36 periods end to end; annual is three', () => {
    const start = at('2026-01-31T00:00:00Z');
    const monthly = billingPeriods(start, 'P3Y', 'monthly');
    assert.equal(monthly.length, 36);
    for (let i = 1; i < monthly.length; i++) assert.equal(monthly[i]!.start.getTime(), monthly[i - 1]!.end.getTime());
    assert.equal(monthly.at(-1)!.end.getTime(), termEnd(start, 'P3Y').getTime());
    assert.equal(billingPeriods(start, 'P3Y', 'annual').length, 3);
    assert.equal(billingPeriods(start, 'P1M', 'annual').length, 1);
  });
});

describe('the change window and proration', () => {
  it('a decrease or a cancellation is open for 7 days after the purchase or renewal, not one millisecond more', () => {
    const start = at('2026-12-01T09:00:00Z');
    assert.equal(changeWindowCloses(start).toISOString(), '2026-12-08T09:00:00.000Z');
    assert.equal(withinChangeWindow(start, at('2026-12-08T08:59:59.999Z')), true);
    assert.equal(withinChangeWindow(start, at('2026-12-08T09:00:00Z')), false);
  });

  it('half a period left is half the amount, rounded half away from zero to a whole minor unit', () => {
    const start = at('2026-01-01T00:00:00Z');
    const end = at('2026-01-03T00:00:00Z');
    assert.equal(prorate(1001, start, end, at('2026-01-02T00:00:00Z')), 501);
    assert.equal(prorate(-1001, start, end, at('2026-01-02T00:00:00Z')), -501);
    assert.equal(prorate(1000, start, end, start), 1000);
    assert.equal(prorate(1000, start, end, at('2025-12-01T00:00:00Z')), 1000);
    assert.equal(prorate(1000, start, end, end), 0);
    assert.throws(() => prorate(10.5, start, end, start), RangeError);
  });

  it('a prorated amount stays within 0 and the whole, and shrinks as the period runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 1096 * DAY }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (amount, length, a, b) => {
          const start = at('2026-01-01T00:00:00Z');
          const end = new Date(start.getTime() + length);
          const [early, late] = [Math.min(a, b), Math.max(a, b)].map((k) => new Date(start.getTime() + (length * k) / 1000));
          const p = prorate(amount, start, end, early!);
          const q = prorate(amount, start, end, late!);
          return Number.isInteger(p) && p >= 0 && p <= amount && q <= p;
        },
      ),
    );
  });
});

describe('the lifecycle after a term ends', () => {
  const ends = at('2026-06-01T00:00:00Z');
  const after = (days: number) => new Date(ends.getTime() + days * DAY);
  const unrenewed = { status: 'active' as const, autoRenew: false, renewsAt: ends, cancelledAt: null };

  it('R-SUB-4: unrenewed, it is expired at the end, disabled 30 days later, deleted 90 days after that', () => {
    assert.deepEqual(lifecycleAt(unrenewed, after(-1)), { status: 'active', next: ends });
    assert.deepEqual(lifecycleAt(unrenewed, after(0)), { status: 'expired', next: after(30) });
    assert.deepEqual(lifecycleAt(unrenewed, after(29)), { status: 'expired', next: after(30) });
    assert.deepEqual(lifecycleAt({ ...unrenewed, status: 'expired' }, after(30)), { status: 'disabled', next: after(120) });
    assert.deepEqual(lifecycleAt({ ...unrenewed, status: 'disabled' }, after(120)), { status: 'deleted', next: null });
    assert.deepEqual(lifecycleAt({ ...unrenewed, status: 'deleted' }, after(500)), { status: 'deleted', next: null });
  });

  it('R-SUB-4: a run that comes late takes every step it missed, in order, each at its own date', () => {
    assert.deepEqual(lifecycleSteps(unrenewed, after(-1)), []);
    assert.deepEqual(lifecycleSteps(unrenewed, after(200)), [
      { status: 'expired', at: ends },
      { status: 'disabled', at: after(30) },
      { status: 'deleted', at: after(120) },
    ]);
    assert.deepEqual(lifecycleSteps({ ...unrenewed, status: 'expired' }, after(31)), [{ status: 'disabled', at: after(30) }]);
  });

  it('R-SUB-4: a suspended subscription does not renew, even with auto-renewal on: it expires at its end like any other', () => {
    assert.equal(lifecycleAt({ ...unrenewed, status: 'suspended', autoRenew: true }, after(1)).status, 'expired');
  });

  it('R-SUB-4: a cancelled subscription (disabled at once) is deleted 90 days after its cancellation, whatever its term', () => {
    const cancelledAt = at('2026-03-03T00:00:00Z');
    const cancelled = { ...unrenewed, status: 'disabled' as const, cancelledAt };
    const day = (n: number) => new Date(cancelledAt.getTime() + n * DAY);
    assert.deepEqual(lifecycleAt(cancelled, day(89)), { status: 'disabled', next: day(90) });
    assert.deepEqual(lifecycleSteps(cancelled, after(1)), [{ status: 'deleted', at: day(90) }]);
    assert.deepEqual(lifecycleAt(cancelled, day(90)), { status: 'deleted', next: null });
  });

  it('renewing: its status stands and the renewal is next', () => {
    assert.deepEqual(lifecycleAt({ ...unrenewed, autoRenew: true }, after(3)), { status: 'active', next: ends });
    assert.deepEqual(lifecycleSteps({ ...unrenewed, autoRenew: true }, after(3)), []);
  });
});

describe("the lifecycle timer's schedule", () => {
  const renewsAt = at('2027-03-01T00:00:00Z');
  const termStart = at('2026-03-01T00:00:00Z');
  const base = { status: 'active' as const, renewsAt, termStart, lastNoticeDays: null, cancelledAt: null };

  it('looks again at each renewal notice in turn (30, 7 and 1 days ahead), then at the renewal', () => {
    assert.equal(nextLifecycleCheck(base)?.toISOString(), '2027-01-30T00:00:00.000Z');
    assert.equal(nextLifecycleCheck({ ...base, lastNoticeDays: 30 })?.toISOString(), '2027-02-22T00:00:00.000Z');
    assert.equal(nextLifecycleCheck({ ...base, lastNoticeDays: 7 })?.toISOString(), '2027-02-28T00:00:00.000Z');
    assert.equal(nextLifecycleCheck({ ...base, lastNoticeDays: 1 })?.toISOString(), renewsAt.toISOString());
  });

  it('after the end: 30 days expired, then 90 disabled (from a cancellation, 90 days from it), then nothing', () => {
    assert.equal(nextLifecycleCheck({ ...base, status: 'expired' })?.toISOString(), '2027-03-31T00:00:00.000Z');
    assert.equal(nextLifecycleCheck({ ...base, status: 'disabled' })?.toISOString(), '2027-06-29T00:00:00.000Z');
    const cancelledAt = at('2026-03-03T00:00:00Z');
    assert.equal(nextLifecycleCheck({ ...base, status: 'disabled', cancelledAt })?.toISOString(), '2026-06-01T00:00:00.000Z');
    assert.equal(nextLifecycleCheck({ ...base, status: 'deleted' }), null);
  });

  it('a late run sends only the latest notice due, and none twice', () => {
    assert.equal(renewalNoticeDue(termStart, renewsAt, null, at('2027-01-29T00:00:00Z')), null);
    assert.equal(renewalNoticeDue(termStart, renewsAt, null, at('2027-01-30T00:00:00Z')), 30);
    assert.equal(renewalNoticeDue(termStart, renewsAt, null, at('2027-02-27T00:00:00Z')), 7);
    assert.equal(renewalNoticeDue(termStart, renewsAt, 7, at('2027-02-27T00:00:00Z')), null);
    assert.equal(renewalNoticeDue(termStart, renewsAt, 7, at('2027-02-28T00:00:00Z')), 1);
    assert.equal(renewalNoticeDue(termStart, renewsAt, 1, at('2027-02-28T12:00:00Z')), null);
    assert.equal(renewalNoticeDue(termStart, renewsAt, null, renewsAt), null, 'at the renewal, no notice is left');
  });

  it('daily runs send 30, 7 and 1 days ahead, each once', () => {
    const sent: number[] = [];
    let last: number | null = null;
    for (let d = 40; d >= 0; d--) {
      const now = new Date(renewsAt.getTime() - d * DAY + 3_600_000);
      const due = renewalNoticeDue(termStart, renewsAt, last, now);
      if (due !== null) sent.push((last = due));
    }
    assert.deepEqual(sent, [30, 7, 1]);
  });

  it('a term too short for a notice skips it: a one-month term hears 7 and 1 days ahead, not 30 on the day it starts', () => {
    const start = at('2027-02-01T00:00:00Z');
    const end = termEnd(start, 'P1M'); // 28 days
    const monthly = { ...base, termStart: start, renewsAt: end };
    assert.equal(renewalNoticeDue(start, end, null, start), null);
    assert.equal(nextLifecycleCheck(monthly)?.toISOString(), '2027-02-22T00:00:00.000Z');
    assert.equal(renewalNoticeDue(start, end, null, at('2027-02-22T00:00:00Z')), 7);
  });
});
