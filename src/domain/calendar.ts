/**
 * Business days (R-TRN-2): Monday to Friday, less the operator's holidays, counted in UTC
 * calendar days. Pure functions: deadlines are computed here and tested without a clock.
 */
export type Holidays = ReadonlySet<string>;

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function isBusinessDay(d: Date, holidays: Holidays): boolean {
  const weekday = d.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(isoDay(d));
}

/** The instant `n` business days after `from`: the same time of day, on the n-th business day after. */
export function addBusinessDays(from: Date, n: number, holidays: Holidays): Date {
  let d = new Date(from.getTime());
  for (let left = n; left > 0;) {
    d = new Date(d.getTime() + DAY);
    if (isBusinessDay(d, holidays)) left--;
  }
  return d;
}

/** Whole business days from `from` until `until` (0 when `until` is today or past). */
export function businessDaysBetween(from: Date, until: Date, holidays: Holidays): number {
  let count = 0;
  for (let d = new Date(from.getTime() + DAY); d.getTime() <= until.getTime(); d = new Date(d.getTime() + DAY)) {
    if (isBusinessDay(d, holidays)) count++;
  }
  return count;
}
