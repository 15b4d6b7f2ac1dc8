import { lifecycleSteps, nextLifecycleCheck, renewalNoticeDue, renews, termEnd } from '../../domain/subscriptions.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { eachDue } from '../../platform/jobs/due.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { enqueueMailTo, type Recipient } from '../../platform/mail/outbox.ts';
import { currentListPrice } from '../catalog/service.ts';
import { tierPrices, type TierPrices } from '../pricebooks/service.ts';
import { getTenant } from '../tenants/service.ts';
import { usersWithRoles } from '../users/service.ts';
import {
  dueSubscriptions,
  insertQuantityChange,
  insertTerms,
  lastTerm,
  lockDueSubscription,
  updateSubscription,
  type DueKey,
  type SubscriptionRow,
} from './store.ts';

/** Who hears of a renewal or an expiry ahead: the partner of record's admins (R-SUB-4). */
export const NOTICE_READERS = ['global_admin', 'admin_agent'];

/**
 * Who changed a quantity that the timer applied at a renewal (a quantity kept for the next
 * term): no user, so the nil UUID, as `changed_by` holds one for every change.
 */
export const LIFECYCLE_TIMER = '00000000-0000-0000-0000-000000000000';

/** More renewals than a run could owe (a monthly term with the timer down for years): a stale row, not a loop. */
const MAX_STEPS = 100;

const mailTime = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

type Due = NonNullable<Awaited<ReturnType<typeof lockDueSubscription>>>;

/** Customer names and partners' readers, looked up once per run: a partner of record holds many subscriptions. */
function directory() {
  const names = new Map<string, Promise<string>>();
  const readers = new Map<string, Promise<Recipient[]>>();
  const once = <T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> => {
    const known = map.get(id);
    if (known) return known;
    const loading = load().catch((err: unknown) => {
      map.delete(id); // a failed look-up is retried by the next subscription
      throw err;
    });
    map.set(id, loading);
    return loading;
  };
  return {
    name: (ctx: Ctx, id: string) => once(names, id, async () => (await getTenant(ctx, id)).name),
    readers: (ctx: Ctx, id: string) => once(readers, id, () => usersWithRoles(ctx, id, NOTICE_READERS)),
  };
}
type Directory = ReturnType<typeof directory>;

/** The tenants whose trails a subscription's events go on: its customer, the partner that ordered, the reseller of record. */
const partiesOf = (s: SubscriptionRow) => new Set([s.customerId, s.partnerId, ...(s.resellerId ? [s.resellerId] : [])]);

/** Records the change on every party's trail; the partner of record's event id, to tie its mail to it. */
async function record(tx: Ctx, type: string, before: SubscriptionRow, after: SubscriptionRow): Promise<string> {
  let ofRecord = '';
  for (const tenantId of partiesOf(after)) {
    const id = await recordEvent(tx, { type, tenantId, subjectType: 'subscription', subjectId: after.id, before, after });
    if (tenantId === (after.resellerId ?? after.partnerId)) ofRecord = id;
  }
  return ofRecord;
}

/**
 * R-SUB-4: the prices of the term starting now, at every tier: from the offer's list price in the
 * market and currency it was ordered in; a retired offer, or one no longer priced there, renews
 * at the last term's prices.
 */
async function renewalPrices(tx: Ctx, d: Due): Promise<{ currency: string; prices: TierPrices }> {
  const s = d.subscription;
  const listPrice = await currentListPrice(tx, s.offerId, d.market, d.currency);
  if (listPrice !== null) {
    const sale = { offerId: s.offerId, listPrice, currency: d.currency, partnerId: s.partnerId, resellerId: s.resellerId };
    return { currency: d.currency, prices: await tierPrices(tx, { ...sale, customerId: s.customerId }) };
  }
  const last = await lastTerm(tx, s.id);
  if (!last) throw new Error(`subscription ${s.id} has no price to renew at: no list price and no term recorded`);
  return {
    currency: last.currency,
    prices: {
      partner: last.partnerUnitPriceMinor,
      reseller: last.resellerUnitPriceMinor,
      customer: last.customerUnitPriceMinor,
    },
  };
}

/** R-SUB-4: a new term from the old one's end, with the quantity kept for it, at today's prices. */
async function renew(tx: Ctx, d: Due, s: SubscriptionRow): Promise<SubscriptionRow> {
  const termStart = s.renewsAt;
  const quantity = s.nextTermQuantity ?? s.quantity;
  const after: SubscriptionRow = {
    ...s,
    termStart,
    renewsAt: termEnd(termStart, s.term),
    quantity,
    nextTermQuantity: null,
    lastNoticeDays: null,
  };
  if (quantity !== s.quantity) {
    await insertQuantityChange(tx, {
      subscriptionId: s.id,
      customerId: s.customerId,
      partnerId: s.partnerId,
      resellerId: s.resellerId,
      fromQuantity: s.quantity,
      toQuantity: quantity,
      changedBy: LIFECYCLE_TIMER,
      at: termStart,
    });
  }
  const { currency, prices } = await renewalPrices(tx, d);
  await insertTerms(tx, [
    {
      subscriptionId: s.id,
      start: termStart,
      customerId: s.customerId,
      partnerId: s.partnerId,
      resellerId: s.resellerId,
      currency,
      partnerUnitPriceMinor: prices.partner,
      resellerUnitPriceMinor: prices.reseller,
      customerUnitPriceMinor: prices.customer,
    },
  ]);
  await record(tx, 'subscription.renewed', s, after);
  return after;
}

/** R-SUB-4: the notice due now (30, 7 or 1 days ahead; only the nearest when the timer ran late), to the partner of record's admins. */
async function notify(tx: Ctx, d: Due, s: SubscriptionRow, now: Date, dir: Directory): Promise<SubscriptionRow> {
  const days = renewalNoticeDue(s.termStart, s.renewsAt, s.lastNoticeDays, now);
  if (days === null) return s;
  const after = { ...s, lastNoticeDays: days };
  const eventId = await record(tx, 'subscription.renewal_notice', s, after);
  const renewing = renews(s);
  const customerName = await dir.name(tx, s.customerId);
  for (const user of await dir.readers(tx, s.resellerId ?? s.partnerId)) {
    await enqueueMailTo(
      tx,
      user,
      'subscriptionRenewalNotice',
      {
        name: user.name,
        customerName,
        offerName: d.offer.name,
        subscriptionId: s.id,
        renews: renewing,
        date: mailTime(s.renewsAt),
        // The days actually left: fewer than the notice's own when the timer ran late.
        days: Math.max(1, Math.ceil((s.renewsAt.getTime() - now.getTime()) / DAY_MS)),
        quantity: renewing ? (s.nextTermQuantity ?? s.quantity) : s.quantity,
        url: `${tx.platform.config.publicUrl}/customers/${s.customerId}`,
      },
      eventId,
    );
  }
  return after;
}

/**
 * Moves one locked subscription on to `now`: the renewals it is owed (more than one only when the
 * timer was down longer than a term), else the steps of its lifecycle (expired, disabled,
 * deleted, each with its event), then the renewal notice due, if any; and when to look next.
 */
async function advance(tx: Ctx, d: Due, now: Date, dir: Directory): Promise<void> {
  let s = d.subscription;
  if (d.offer.kind === 'perpetual_software') {
    await updateSubscription(tx, s.id, { nextCheckAt: null }); // bought once: nothing renews or expires
    return;
  }
  for (let i = 0; renews(s) && s.renewsAt <= now; i++) {
    if (i === MAX_STEPS) throw new Error(`subscription ${s.id} owes more than ${MAX_STEPS} renewals`);
    s = await renew(tx, d, s);
  }
  for (const step of lifecycleSteps(s, now)) {
    const next = { ...s, status: step.status };
    await record(tx, `subscription.${step.status}`, s, next);
    s = next;
  }
  if (s.status === 'active' || s.status === 'suspended') s = await notify(tx, d, s, now, dir);
  await updateSubscription(tx, s.id, {
    status: s.status,
    quantity: s.quantity,
    termStart: s.termStart,
    renewsAt: s.renewsAt,
    nextTermQuantity: s.nextTermQuantity,
    lastNoticeDays: s.lastNoticeDays,
    nextCheckAt: nextLifecycleCheck(s),
  });
}

/**
 * The subscription lifecycle on the clock module (R-SUB-4), run by the worker with the other
 * timers and by tests after moving the clock: renewals, the steps from expired to deleted, and
 * the notices ahead. Due subscriptions are read in batches along the partial index on
 * next_check_at, each moved on in its own transaction under a row lock (SKIP LOCKED: two
 * workers never both renew or send; a crash loses one subscription's step, which stays due).
 * A handled subscription's next check is after `now`, so one pass is enough; one that fails
 * stays due for the next run and does not hold the others back.
 */
export async function subscriptionTimers(ctx: Ctx): Promise<number> {
  const now = clock.now();
  const dir = directory();
  return eachDue(
    ctx,
    'The subscription lifecycle',
    (after: DueKey | undefined, take) => dueSubscriptions(ctx, now, after, take),
    async (tx, id) => {
      const d = await lockDueSubscription(tx, id, now);
      if (!d) return false; // another worker has it, or it has just been handled
      await advance(tx, d, now, dir);
      return true;
    },
  );
}
