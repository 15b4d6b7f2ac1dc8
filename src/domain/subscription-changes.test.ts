import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planChange, type SubscriptionState } from './subscription-changes.ts';

const bought = new Date('2026-03-01T09:00:00Z');
const inWindow = new Date('2026-03-05T09:00:00Z');
const afterWindow = new Date('2026-03-08T09:00:01Z');
const state: SubscriptionState = {
  status: 'active',
  quantity: 10,
  termStart: bought,
  autoRenew: true,
  minQuantity: 1,
  maxQuantity: 300,
  nextTermQuantity: null,
};

describe('changes to a subscription', () => {
  it('R-SUB-1: quantity goes up at any time, and down only within 7 days of the purchase or renewal', () => {
    const up = planChange(state, { quantity: 15 }, afterWindow);
    assert.ok(up.ok);
    assert.deepEqual(
      [up.change.state.quantity, up.change.events, up.change.quantityChangedAt],
      [15, ['subscription.quantity_increased'], afterWindow],
    );
    const down = planChange(state, { quantity: 4 }, inWindow);
    assert.ok(down.ok);
    assert.deepEqual([down.change.state.quantity, down.change.events], [4, ['subscription.quantity_decreased']]);
    const late = planChange(state, { quantity: 4 }, afterWindow);
    assert.deepEqual(late, {
      ok: false,
      refusal: {
        rule: 'R-SUB-1',
        code: 'change_window_closed',
        windowClosed: new Date('2026-03-08T09:00:00Z'),
        what: 'decrease',
      },
    });
  });

  it('R-SUB-1: a cancellation within the window ends the subscription at once; after it, it is refused with the date the window closed', () => {
    const cancelled = planChange(state, { status: 'cancelled' }, inWindow);
    assert.ok(cancelled.ok);
    assert.deepEqual(
      [cancelled.change.state.status, cancelled.change.state.autoRenew, cancelled.change.cancelledAt, cancelled.change.events],
      ['disabled', false, inWindow, ['subscription.cancelled']],
    );
    const late = planChange(state, { status: 'cancelled' }, afterWindow);
    assert.equal(!late.ok && late.refusal.code, 'change_window_closed');
    // A renewal opens the window again.
    assert.ok(
      planChange(
        { ...state, termStart: new Date('2027-03-01T09:00:00Z') },
        { status: 'cancelled' },
        new Date('2027-03-02T00:00:00Z'),
      ).ok,
    );
  });

  it("R-SUB-2: quantities stay within the offer's range, for now and for the next term", () => {
    for (const quantity of [0, 301, 2.5]) {
      const r = planChange(state, { quantity }, inWindow);
      assert.deepEqual(
        !r.ok && [r.refusal.code, 'field' in r.refusal && r.refusal.field],
        ['quantity_out_of_range', 'quantity'],
        String(quantity),
      );
    }
    const next = planChange(state, { nextTermQuantity: 500 }, inWindow);
    assert.deepEqual(!next.ok && 'field' in next.refusal && next.refusal.field, 'nextTermQuantity');
  });

  it('R-SUB-3: suspension and reactivation; a suspended subscription changes quantity only as it is reactivated', () => {
    const suspended = planChange(state, { status: 'suspended' }, afterWindow);
    assert.ok(suspended.ok);
    assert.deepEqual([suspended.change.state.status, suspended.change.events], ['suspended', ['subscription.suspended']]);
    const held = { ...state, status: 'suspended' as const };
    const refused = planChange(held, { quantity: 12 }, afterWindow);
    assert.equal(!refused.ok && refused.refusal.code, 'subscription_not_changeable');
    const back = planChange(held, { status: 'active', quantity: 12 }, afterWindow);
    assert.ok(back.ok);
    assert.deepEqual(back.change.events, ['subscription.quantity_increased', 'subscription.reactivated']);
  });

  it('R-SUB-3: expired, disabled and deleted subscriptions are read-only', () => {
    for (const status of ['expired', 'disabled', 'deleted'] as const) {
      const r = planChange({ ...state, status }, { autoRenew: false }, inWindow);
      assert.deepEqual(!r.ok && r.refusal, { rule: 'R-SUB-3', code: 'subscription_not_changeable', status });
    }
  });

  it('R-SUB-3: a change for the next term needs auto-renewal, and turning renewal off drops the change kept', () => {
    const kept = planChange(state, { nextTermQuantity: 20 }, afterWindow);
    assert.ok(kept.ok);
    assert.equal(kept.change.state.nextTermQuantity, 20);
    const off = planChange({ ...state, nextTermQuantity: 20 }, { autoRenew: false }, afterWindow);
    assert.ok(off.ok);
    assert.deepEqual([off.change.state.autoRenew, off.change.state.nextTermQuantity], [false, null]);
    const refused = planChange({ ...state, autoRenew: false }, { nextTermQuantity: 20 }, afterWindow);
    assert.deepEqual(!refused.ok && refused.refusal, { rule: 'R-SUB-3', code: 'next_term_needs_renewal' });
  });

  it('fields left out stay as they are, and a change to the same value is no change', () => {
    const same = planChange(state, { quantity: 10, autoRenew: true }, afterWindow);
    assert.ok(same.ok);
    assert.deepEqual([same.change.state, same.change.events, same.change.quantityChangedAt], [state, [], null]);
  });
});
