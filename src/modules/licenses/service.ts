import type { DelegatedPermission } from '../../domain/delegated.ts';
import { hasPermission } from '../../domain/roles.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { actOn } from '../delegated-admin/service.ts';
import { grantFor } from '../grants/access.ts';
import {
  addQuantityGuard,
  customerSubscriptionsPage,
  findSubscription,
  lockSubscription,
  subscriptionItem,
} from '../orders/service.ts';
import type { SubscriptionRow } from '../orders/store.ts';
import { findUser } from '../users/service.ts';
import {
  assignedCount,
  assignedCounts,
  assignmentOf,
  deleteAssignment,
  insertAssignment,
  pageAssignments,
  type AssignmentFilter,
} from './store.ts';

/**
 * R-LIC-1: a quantity does not go below the licenses assigned. The subscription is locked by
 * the change, and assignments take the same lock, so none slips in between the count and the
 * change. The refusal says how many to remove.
 */
addQuantityGuard(async (ctx, subscription, quantity) => {
  const assigned = await assignedCount(ctx, subscription.id);
  if (assigned <= quantity) return;
  const toUnassign = assigned - quantity;
  throw new AppError(
    409,
    'licenses_assigned',
    'More licenses are assigned than the new quantity',
    `${assigned} licenses of this subscription are assigned: remove ${toUnassign} (DELETE /v1/subscriptions/${subscription.id}/license-assignments/{userId}) before reducing it to ${quantity}.`,
    { rule: 'R-LIC-1', assigned, toUnassign },
  );
});

/** The partner whose licenses a subscription's are to manage (R-CUS-7): the reseller of record, else the direct-bill partner. */
const licensePartnerOf = (s: SubscriptionRow) => s.resellerId ?? s.partnerId;

/**
 * The caller at work on a subscription's licenses: the customer's own admin, or a partner that
 * sees the subscription (R-CUS-9; 404 otherwise) under a live grant of the customer giving
 * `permission` (R-GRT-3). Managing them is the reseller's for an indirect subscription, not the
 * provider's (R-CUS-7).
 */
async function onSubscription(ctx: Ctx, s: SubscriptionRow, permission: DelegatedPermission): Promise<Ctx> {
  const actor = requireActor(ctx);
  if (actor.tenantKind === 'customer') {
    if (actor.tenantId !== s.customerId) throw problems.notFound('subscription');
    return ctx;
  }
  if (actor.tenantKind !== 'partner' || (s.partnerId !== actor.tenantId && s.resellerId !== actor.tenantId)) {
    throw problems.notFound('subscription');
  }
  if (permission === 'licenses.manage' && licensePartnerOf(s) !== actor.tenantId) {
    throw problems.rule(
      'R-CUS-7',
      'licenses_managed_by_reseller',
      'The reseller of record manages these licenses',
      "This customer came through the indirect channel: its reseller of record assigns and removes its licenses (and so does the customer's own global admin); as its provider, you order.",
    );
  }
  return actOn(ctx, { customerId: s.customerId }, permission);
}

/** A customer's licenses as the caller may read them: its own admin all, a partner those of its subscriptions under a grant (R-GRT-3). */
async function onCustomer(ctx: Ctx, customerId: string): Promise<{ acting: Ctx; partnerId: string | undefined }> {
  const actor = requireActor(ctx);
  if (actor.tenantKind === 'customer' && actor.tenantId === customerId) return { acting: ctx, partnerId: undefined };
  if (actor.tenantKind !== 'partner') throw problems.notFound('customer');
  return { acting: await actOn(ctx, { customerId }, 'licenses.read'), partnerId: actor.tenantId };
}

type AssignmentPageRow = Awaited<ReturnType<typeof pageAssignments>>[number];

export function assignmentItem(r: AssignmentPageRow) {
  const a = r.assignment;
  return {
    id: a.id,
    subscriptionId: a.subscriptionId,
    customerId: a.customerId,
    offer: r.offer,
    user: r.user,
    assignedBy: a.assignedBy,
    assignedAt: a.createdAt.toISOString(),
  };
}

async function assignmentView(ctx: Ctx, customerId: string, id: string) {
  const [row] = await pageAssignments(ctx, { customerId, id }, undefined, 1);
  if (!row) throw problems.notFound('license assignment');
  return assignmentItem(row);
}

async function recordLicenseEvent(
  ctx: Ctx,
  type: 'license.assigned' | 'license.removed',
  a: { id: string; customerId: string; subscriptionId: string; userId: string },
) {
  const actor = requireActor(ctx);
  const what = { subscriptionId: a.subscriptionId, userId: a.userId };
  for (const tenantId of new Set([a.customerId, actor.tenantId])) {
    await recordEvent(ctx, {
      type,
      tenantId,
      subjectType: 'license_assignment',
      subjectId: a.id,
      ...(type === 'license.assigned' ? { after: what } : { before: what }),
    });
  }
}

/**
 * Assigns one of a subscription's licenses to a user of its customer (POST
 * /v1/subscriptions/{id}/license-assignments). The subscription's row is locked first, so
 * concurrent assignments take turns and the last license goes to one user (R-LIC-1). Assigning
 * a license the user holds already changes nothing and answers it again (`created: false`).
 */
export async function assignLicense(ctx: Ctx, subscriptionId: string, userId: string) {
  return inTransaction(ctx, async (tx) => {
    const s = await lockSubscription(tx, subscriptionId);
    if (!s) throw problems.notFound('subscription');
    const acting = await onSubscription(tx, s, 'licenses.manage');
    const held = await assignmentOf(acting, s.id, userId);
    if (held) return { created: false, assignment: await assignmentView(acting, s.customerId, held.id) };
    if (s.status !== 'active') {
      throw problems.conflict(
        'subscription_not_active',
        'The subscription is not active',
        `The subscription is ${s.status}: only an active subscription's licenses are assigned (its licenses can still be removed).`,
        { rule: 'R-LIC-2' },
      );
    }
    const user = await findUser(acting, s.customerId, userId);
    if (!user) throw new AppError(404, 'not_found', 'Not found', "No such user among this customer's users.");
    if (user.status === 'disabled') {
      throw problems.rule(
        'R-LIC-2',
        'user_disabled',
        'The user is disabled',
        `${user.name} is disabled: re-enable the user before assigning a license.`,
      );
    }
    const assigned = await assignedCount(acting, s.id);
    if (assigned >= s.quantity) {
      throw new AppError(
        409,
        'license_quantity_exceeded',
        'Every license is assigned',
        `All ${s.quantity} licenses of this subscription are assigned: remove one from another user, or raise the quantity (PATCH /v1/subscriptions/${s.id}), first.`,
        { rule: 'R-LIC-1', quantity: s.quantity, assigned },
      );
    }
    const row = await insertAssignment(acting, {
      subscriptionId: s.id,
      customerId: s.customerId,
      userId,
      assignedBy: requireActor(acting).userId,
      createdAt: clock.now(),
    });
    await recordLicenseEvent(acting, 'license.assigned', row);
    return { created: true, assignment: await assignmentView(acting, s.customerId, row.id) };
  });
}

/** Removes a user's license of a subscription (DELETE /v1/subscriptions/{id}/license-assignments/{userId}), whatever the subscription's state (R-LIC-2). */
export async function removeLicense(ctx: Ctx, subscriptionId: string, userId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const s = await lockSubscription(tx, subscriptionId);
    if (!s) throw problems.notFound('subscription');
    const acting = await onSubscription(tx, s, 'licenses.manage');
    const removed = await deleteAssignment(acting, s.id, userId);
    if (!removed) throw new AppError(404, 'not_found', 'Not found', 'This user holds no license of this subscription.');
    await recordLicenseEvent(acting, 'license.removed', removed);
  });
}

/** A page of one subscription's assignments (GET /v1/subscriptions/{id}/license-assignments). */
export async function subscriptionAssignmentsPage(ctx: Ctx, subscriptionId: string) {
  const found = await findSubscription(ctx, subscriptionId);
  if (!found) throw problems.notFound('subscription');
  const s = found.subscription;
  const acting = await onSubscription(ctx, s, 'licenses.read');
  return (after: Key | undefined, take: number) =>
    pageAssignments(acting, { customerId: s.customerId, subscriptionId: s.id }, after, take);
}

/** A page of a customer's assignments, of one user or one subscription when asked (GET /v1/customers/{id}/license-assignments). */
export async function customerAssignmentsPage(
  ctx: Ctx,
  customerId: string,
  filter: Pick<AssignmentFilter, 'userId' | 'subscriptionId'>,
) {
  const { acting, partnerId } = await onCustomer(ctx, customerId);
  return (after: Key | undefined, take: number) => pageAssignments(acting, { customerId, partnerId, ...filter }, after, take);
}

type SubscriptionPageRow = Parameters<typeof subscriptionItem>[0];

/**
 * A customer's subscriptions as license pools (GET /v1/customers/{id}/licenses, R-CUS-8): the
 * subscriptions the caller sees (R-CUS-9), under a grant that reads licenses for a partner.
 * Returns the page's fetch and what makes its items: one more query for all the page's counts.
 */
export async function customerLicensesPage(ctx: Ctx, customerId: string) {
  const fetch = await customerSubscriptionsPage(ctx, customerId);
  const { acting, partnerId } = await onCustomer(ctx, customerId);
  const actor = requireActor(ctx);
  const mayManage =
    hasPermission(actor.tenantKind, actor.roles, 'licenses.manage') &&
    (partnerId === undefined || (await grantFor(ctx, customerId, 'licenses.manage')) !== undefined);
  const items = async (rows: SubscriptionPageRow[]) => {
    const counts = await assignedCounts(
      acting,
      rows.map((r) => r.subscription.id),
    );
    return rows.map((r) => {
      const assigned = counts.get(r.subscription.id) ?? 0;
      return {
        subscription: subscriptionItem(r),
        assigned,
        // A quantity kept for the next term may leave more assigned than bought after a renewal: none available then.
        available: Math.max(0, r.subscription.quantity - assigned),
        // R-CUS-7: the reseller of record of an indirect subscription, the direct-bill partner of a direct one.
        mayManage: mayManage && (partnerId === undefined || licensePartnerOf(r.subscription) === partnerId),
      };
    });
  };
  return { fetch, items };
}
