import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addBusinessDays, businessDaysBetween, isBusinessDay } from './calendar.ts';

const none = new Set<string>();
const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

describe('business days', () => {
  it('R-TRN-2: five business days from a Monday end on the next Monday', () => {
    assert.equal(addBusinessDays(at('2026-11-23'), 5, none).toISOString(), '2026-11-30T10:00:00.000Z');
  });

  it('R-TRN-2: weekends do not count: three business days from a Thursday end on Tuesday', () => {
    assert.equal(addBusinessDays(at('2026-11-26'), 3, none).toISOString(), '2026-12-01T10:00:00.000Z');
  });

  it("R-TRN-2: the operator's holidays do not count", () => {
    const holidays = new Set(['2026-12-25', '2027-01-01']);
    assert.equal(isBusinessDay(at('2026-12-25'), holidays), false);
    // From Wednesday 23 December: Thu 24, (Fri 25 holiday), Mon 28, Tue 29, Wed 30, Thu 31.
    assert.equal(addBusinessDays(at('2026-12-23'), 5, holidays).toISOString(), '2026-12-31T10:00:00.000Z');
  });

  it('counts the business days left until a deadline', () => {
    assert.equal(businessDaysBetween(at('2026-11-23'), at('2026-11-30'), none), 5);
    assert.equal(businessDaysBetween(at('2026-11-27'), at('2026-11-30'), none), 1, 'Friday to Monday');
    assert.equal(businessDaysBetween(at('2026-11-30'), at('2026-11-30'), none), 0);
    assert.equal(businessDaysBetween(at('2026-12-01'), at('2026-11-30'), none), 0);
  });
});
