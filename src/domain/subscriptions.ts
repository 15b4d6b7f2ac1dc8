/**
 * A subscription's calendar: its terms, the window after a purchase or renewal in which it
 * may be reduced or cancelled, what a change is worth for the part of the term left, and the
 * steps from active to deleted once a term ends unrenewed. Pure: the clock is an argument.
 */
import { divideRounded } from './money.ts';

export const terms = ['P1M', 'P1Y', 'P3Y'] as const;
export type Term = (typeof terms)[number];

const termMonths: Record<Term, number> = { P1M: 1, P1Y: 12, P3Y: 36 };

const DAY = 86_400_000;

/** Days after a purchase or renewal during which quantity may go down and the term be cancelled. */
export const CHANGE_WINDOW_DAYS = 7;

/**
 * The date `months` calendar months after `from`, at the same time of day (UTC); a day the
 * target month lacks becomes its last (31 January + 1 month = 28 or 29 February), as renewal
 * dates do in the vendors' partner centers.
 */
export function addMonths(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(year, month, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()),
  );
}

/** Where a term that starts at `start` ends (the renewal date). */
export function termEnd(start: Date, term: Term): Date {
  return addMonths(start, termMonths[term]);
}

/**
 * Billing periods of a term: one for annual billing or a one-month term, one per month for
 * monthly billing of a longer term. Each period is [start, end).
 */
export function billingPeriods(start: Date, term: Term, cycle: 'monthly' | 'annual'): { start: Date; end: Date }[] {
  const months = termMonths[term];
  const step = cycle === 'monthly' ? 1 : Math.min(12, months);
  const periods: { start: Date; end: Date }[] = [];
  for (let m = 0; m < months; m += step) periods.push({ start: addMonths(start, m), end: addMonths(start, m + step) });
  return periods;
}

/** When the window to reduce or cancel, opened by the purchase or the last renewal at `termStart`, closes. */
export function changeWindowCloses(termStart: Date): Date {
  return new Date(termStart.getTime() + CHANGE_WINDOW_DAYS * DAY);
}

export function withinChangeWindow(termStart: Date, now: Date): boolean {
  return now < changeWindowCloses(termStart);
}

/**
 * The share of `amount` (integer minor units) that belongs to [from, periodEnd) of the period
 * [periodStart, periodEnd), by the millisecond, rounded half away from zero to a whole minor
 * unit: what a refund or a mid-period increase is charged. Outside the period it is 0 or all.
 */
export function prorate(amount: number, periodStart: Date, periodEnd: Date, from: Date): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not a whole number of minor units`);
  const whole = periodEnd.getTime() - periodStart.getTime();
  if (whole <= 0) throw new RangeError('the period ends before it starts');
  const left = Math.min(whole, Math.max(0, periodEnd.getTime() - from.getTime()));
  if (left === whole) return amount;
  if (left === 0) return 0;
  // BigInt keeps amount x milliseconds exact past 2^53 (a large order over a three-year term).
  return divideRounded(BigInt(amount) * BigInt(left), BigInt(whole));
}

/** A subscription's lifecycle once its term ended without renewal: 30 days expired, 90 disabled, then deleted. */
export const EXPIRED_DAYS = 30;
export const DISABLED_DAYS = 90;

export type LifecycleStatus = 'active' | 'suspended' | 'expired' | 'disabled' | 'deleted';

/**
 * The status a subscription has at `now`, from the end of its last term and whether it renews
 * itself: a renewing one stays as it is (the renewal job moves its term on); one that does
 * not is expired from its term's end, disabled 30 days later and deleted 90 days after that.
 * A suspension holds until the term ends.
 */
export function lifecycleAt(
  status: LifecycleStatus,
  renews: boolean,
  ends: Date,
  now: Date,
): { status: LifecycleStatus; next: Date | null } {
  if (status === 'deleted') return { status, next: null };
  if (renews && (status === 'active' || status === 'suspended')) return { status, next: ends };
  const expires = ends;
  const disables = new Date(expires.getTime() + EXPIRED_DAYS * DAY);
  const deletes = new Date(disables.getTime() + DISABLED_DAYS * DAY);
  if (now < expires) return { status, next: expires };
  if (now < disables) return { status: 'expired', next: disables };
  if (now < deletes) return { status: 'disabled', next: deletes };
  return { status: 'deleted', next: null };
}

/** Days before a renewal on which its partner of record and the customer's admins are told: 30, 7 and 1. */
export const RENEWAL_NOTICE_DAYS = [30, 7, 1] as const;

/** The renewal notices due in (after, now]: the ones a daily timer sends on this run. */
export function renewalNoticesDue(renewsAt: Date, after: Date, now: Date): number[] {
  return RENEWAL_NOTICE_DAYS.filter((days) => {
    const at = renewsAt.getTime() - days * DAY;
    return at > after.getTime() && at <= now.getTime();
  });
}

/**
 * When the lifecycle timer next looks at a subscription: its next renewal notice not yet sent
 * (30, 7, 1 days ahead), else its renewal date; once expired, the next step of the lifecycle;
 * never once deleted. `lastNoticeDays` is the last notice sent for the current term.
 */
export function nextLifecycleCheck(s: {
  status: LifecycleStatus;
  renewsAt: Date;
  lastNoticeDays: number | null;
  /** A cancellation disabled it then (R-SUB-1): deletion follows 90 days later. */
  cancelledAt: Date | null;
}): Date | null {
  switch (s.status) {
    case 'active':
    case 'suspended': {
      const first = RENEWAL_NOTICE_DAYS.find((days) => s.lastNoticeDays === null || days < s.lastNoticeDays);
      return first === undefined ? s.renewsAt : new Date(s.renewsAt.getTime() - first * DAY);
    }
    case 'expired':
      return new Date(s.renewsAt.getTime() + EXPIRED_DAYS * DAY);
    case 'disabled':
      return new Date((s.cancelledAt?.getTime() ?? s.renewsAt.getTime() + EXPIRED_DAYS * DAY) + DISABLED_DAYS * DAY);
    case 'deleted':
      return null;
  }
}

/** The notice due at `now` for a term renewing at `renewsAt`: the latest one whose day has come and is not sent yet. */
export function renewalNoticeDue(renewsAt: Date, lastNoticeDays: number | null, now: Date): number | null {
  const due = RENEWAL_NOTICE_DAYS.filter(
    (days) => (lastNoticeDays === null || days < lastNoticeDays) && now.getTime() >= renewsAt.getTime() - days * DAY,
  );
  return due.length > 0 ? Math.min(...due) : null;
}
