/**
 * What a change to a subscription does, or which rule refuses it (R-SUB-1..3): quantity up at
 * any time while active, down only within the change window after a purchase or renewal,
 * cancellation within the same window, suspension and reactivation, auto-renewal, and a change
 * kept for the next term. A change names only what it changes; what it leaves out stays. Pure:
 * the service loads the subscription, asks here, and stores the answer with its events.
 */
import { changeWindowCloses, withinChangeWindow, type LifecycleStatus } from './subscriptions.ts';

export interface SubscriptionState {
  status: LifecycleStatus;
  quantity: number;
  /** Start of the current term: the purchase or the last renewal, which opens the change window. */
  termStart: Date;
  autoRenew: boolean;
  /** The offer's bounds, inclusive. */
  minQuantity: number;
  maxQuantity: number;
  /** A quantity kept for the next term, or null. */
  nextTermQuantity: number | null;
}

export interface SubscriptionPatch {
  quantity?: number | undefined;
  /** `cancelled` ends it within the change window; `suspended` and `active` suspend and reactivate. */
  status?: 'active' | 'suspended' | 'cancelled' | undefined;
  autoRenew?: boolean | undefined;
  /** A quantity for the next term (applied at renewal), or null to drop one kept. */
  nextTermQuantity?: number | null | undefined;
}

export type SubscriptionEvent =
  | 'subscription.quantity_increased'
  | 'subscription.quantity_decreased'
  | 'subscription.cancelled'
  | 'subscription.suspended'
  | 'subscription.reactivated'
  | 'subscription.auto_renew_changed'
  | 'subscription.next_term_changed';

export type ChangeRefusal =
  | { rule: 'R-SUB-1'; code: 'change_window_closed'; windowClosed: Date; what: 'decrease' | 'cancel' }
  | { rule: 'R-SUB-2'; code: 'quantity_out_of_range'; field: 'quantity' | 'nextTermQuantity'; min: number; max: number }
  | {
      rule: 'R-SUB-3';
      code: 'subscription_not_changeable';
      status: LifecycleStatus | 'suspended_quantity' | 'cancelled_with_more';
    }
  | { rule: 'R-SUB-3'; code: 'next_term_needs_renewal' };

export interface PlannedChange {
  state: SubscriptionState;
  /** When it was cancelled (now), or null. */
  cancelledAt: Date | null;
  /** Quantity changes to charge or refund (prorated by the invoicing). */
  quantityChangedAt: Date | null;
  events: SubscriptionEvent[];
}

function inRange(state: SubscriptionState, quantity: number): boolean {
  return Number.isSafeInteger(quantity) && quantity >= state.minQuantity && quantity <= state.maxQuantity;
}

/** The subscription after `patch` at `now`, with its events, or the rule that refuses it (the first found). */
export function planChange(
  current: SubscriptionState,
  patch: SubscriptionPatch,
  now: Date,
): { ok: true; change: PlannedChange } | { ok: false; refusal: ChangeRefusal } {
  const refuse = (refusal: ChangeRefusal) => ({ ok: false as const, refusal });
  // R-SUB-3: an expired, disabled or deleted subscription is read-only; the lifecycle moves it on.
  if (current.status !== 'active' && current.status !== 'suspended') {
    return refuse({ rule: 'R-SUB-3', code: 'subscription_not_changeable', status: current.status });
  }
  const state = { ...current };
  const events: SubscriptionEvent[] = [];
  let cancelledAt: Date | null = null;
  let quantityChangedAt: Date | null = null;
  const windowOpen = withinChangeWindow(current.termStart, now);
  const closed = (what: 'decrease' | 'cancel') =>
    refuse({ rule: 'R-SUB-1', code: 'change_window_closed', windowClosed: changeWindowCloses(current.termStart), what });

  if (patch.quantity !== undefined && patch.quantity !== current.quantity) {
    if (!inRange(current, patch.quantity)) {
      return refuse({
        rule: 'R-SUB-2',
        code: 'quantity_out_of_range',
        field: 'quantity',
        min: current.minQuantity,
        max: current.maxQuantity,
      });
    }
    if (current.status === 'suspended' && patch.status !== 'active') {
      return refuse({ rule: 'R-SUB-3', code: 'subscription_not_changeable', status: 'suspended_quantity' });
    }
    if (patch.quantity < current.quantity && !windowOpen) return closed('decrease');
    events.push(patch.quantity > current.quantity ? 'subscription.quantity_increased' : 'subscription.quantity_decreased');
    state.quantity = patch.quantity;
    quantityChangedAt = now;
  }

  if (patch.status === 'cancelled') {
    if (!windowOpen) return closed('cancel');
    // A cancellation is the whole change: changing the quantity of what ends makes no sense.
    if (quantityChangedAt) return refuse({ rule: 'R-SUB-3', code: 'subscription_not_changeable', status: 'cancelled_with_more' });
    state.status = 'disabled';
    state.autoRenew = false;
    state.nextTermQuantity = null;
    cancelledAt = now;
    return { ok: true, change: { state, cancelledAt, quantityChangedAt, events: ['subscription.cancelled'] } };
  }
  if (patch.status === 'suspended' && current.status === 'active') {
    state.status = 'suspended';
    events.push('subscription.suspended');
  } else if (patch.status === 'active' && current.status === 'suspended') {
    state.status = 'active';
    events.push('subscription.reactivated');
  }

  if (patch.autoRenew !== undefined && patch.autoRenew !== current.autoRenew) {
    state.autoRenew = patch.autoRenew;
    events.push('subscription.auto_renew_changed');
    // What was kept for a term that will not come goes with it.
    if (!patch.autoRenew) state.nextTermQuantity = null;
  }

  if (patch.nextTermQuantity !== undefined && patch.nextTermQuantity !== current.nextTermQuantity) {
    if (patch.nextTermQuantity !== null) {
      if (!state.autoRenew) return refuse({ rule: 'R-SUB-3', code: 'next_term_needs_renewal' });
      if (!inRange(current, patch.nextTermQuantity)) {
        return refuse({
          rule: 'R-SUB-2',
          code: 'quantity_out_of_range',
          field: 'nextTermQuantity',
          min: current.minQuantity,
          max: current.maxQuantity,
        });
      }
    }
    state.nextTermQuantity = patch.nextTermQuantity;
    events.push('subscription.next_term_changed');
  }
  return { ok: true, change: { state, cancelledAt, quantityChangedAt, events } };
}
