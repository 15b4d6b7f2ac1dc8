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

/** What the lifecycle reads of a subscription. */
export interface LifecycleState {
  status: LifecycleStatus;
  autoRenew: boolean;
  /** The end of the current term. */
  renewsAt: Date;
  /** A cancellation disabled it then (R-SUB-1): deletion follows 90 days later. */
  cancelledAt: Date | null;
}

/** Whether the term renews at its end: auto-renewing and active (a suspended one does not renew, R-SUB-4). */
export function renews(s: Pick<LifecycleState, 'status' | 'autoRenew'>): boolean {
  return s.status === 'active' && s.autoRenew;
}

/**
 * The steps of the lifecycle a subscription has reached by `now`, in order, each with the
 * instant it was due (R-SUB-4): one that does not renew is expired at its term's end,
 * disabled 30 days later and deleted 90 days after that; a cancelled one (disabled at once,
 * R-SUB-1) is deleted 90 days after its cancellation. A renewing one has none: the renewal
 * moves its term on. A late run gets every step it missed, the last being where it stands.
 */
export function lifecycleSteps(s: LifecycleState, now: Date): { status: LifecycleStatus; at: Date }[] {
  if (s.status === 'deleted' || renews(s)) return [];
  const steps: { status: LifecycleStatus; at: Date }[] = [];
  const expires = s.renewsAt;
  const disables = new Date(expires.getTime() + EXPIRED_DAYS * DAY);
  const deletes = new Date(
    (s.status === 'disabled' && s.cancelledAt ? s.cancelledAt.getTime() : disables.getTime()) + DISABLED_DAYS * DAY,
  );
  if ((s.status === 'active' || s.status === 'suspended') && now >= expires) steps.push({ status: 'expired', at: expires });
  if (s.status !== 'disabled' && now >= disables) steps.push({ status: 'disabled', at: disables });
  if (now >= deletes) steps.push({ status: 'deleted', at: deletes });
  return steps;
}

/**
 * The status a subscription has at `now`, and when it next changes by itself: a renewing one
 * stays as it is until its renewal (the timer moves its term on); one that does not renew goes
 * through the steps of `lifecycleSteps`. A suspension holds until the term ends.
 */
export function lifecycleAt(s: LifecycleState, now: Date): { status: LifecycleStatus; next: Date | null } {
  const status = lifecycleSteps(s, now).at(-1)?.status ?? s.status;
  if (status === 'deleted') return { status, next: null };
  if (status === 'active' || status === 'suspended') return { status, next: s.renewsAt };
  return { status, next: nextLifecycleCheck({ ...s, status, lastNoticeDays: null, termStart: s.renewsAt }) };
}

/** Days before a renewal on which its partner of record and the customer's admins are told: 30, 7 and 1. */
export const RENEWAL_NOTICE_DAYS = [30, 7, 1] as const;

/**
 * The notices owed for a term renewing at `renewsAt`: those whose day falls after the term's
 * start (a one-month term hears 7 and 1 days ahead, not 30 on the day it starts).
 */
function noticesOwed(termStart: Date, renewsAt: Date, lastNoticeDays: number | null): number[] {
  return RENEWAL_NOTICE_DAYS.filter(
    (days) => (lastNoticeDays === null || days < lastNoticeDays) && renewsAt.getTime() - days * DAY > termStart.getTime(),
  );
}

/**
 * When the lifecycle timer next looks at a subscription: its next renewal notice not yet sent
 * (30, 7, 1 days ahead, those the term is long enough for), else its renewal date; once
 * expired or disabled, the next step of the lifecycle; never once deleted. `lastNoticeDays`
 * is the last notice sent for the current term.
 */
export function nextLifecycleCheck(
  s: Omit<LifecycleState, 'autoRenew'> & {
    lastNoticeDays: number | null;
    /** The start of the current term: notices due on or before it are not owed. */
    termStart: Date;
  },
): Date | null {
  switch (s.status) {
    case 'active':
    case 'suspended': {
      const first = noticesOwed(s.termStart, s.renewsAt, s.lastNoticeDays)[0];
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

/**
 * The notice due at `now` for a term that started at `termStart` and renews at `renewsAt`:
 * the latest one whose day has come and that is not sent yet. A timer that was down for days
 * sends that one only, never the ones it missed.
 */
export function renewalNoticeDue(termStart: Date, renewsAt: Date, lastNoticeDays: number | null, now: Date): number | null {
  if (now >= renewsAt) return null;
  const due = noticesOwed(termStart, renewsAt, lastNoticeDays).filter((days) => now.getTime() >= renewsAt.getTime() - days * DAY);
  return due.length > 0 ? Math.min(...due) : null;
}
