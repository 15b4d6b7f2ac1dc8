import { Value } from 'typebox/value';
import { withExpiry } from '../../domain/expiry.ts';
import { describeAdminRole as describeRole } from '../../domain/delegated.ts';
import type { GrantShape } from '../../domain/grants.ts';
import { hasPermission } from '../../domain/roles.ts';
import { consumeActionToken, issueActionToken, revokeActionToken, type ActionToken } from '../../platform/action-tokens.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Actor, type Ctx } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { hasRelationship } from '../customers/service.ts';
import { assertGrantShape, createGrant, findGrant, grantStatus, widenGrant, type GrantRow } from '../grants/service.ts';
import { getProfile, requirePartner } from '../partners/service.ts';
import { arePartners } from '../partnerships/service.ts';
import { getTenant, tenantNames } from '../tenants/service.ts';
import { usersWithRoles } from '../users/service.ts';
import { LinkDecision, type NewGrantRequest } from './schemas.ts';
import { grantRequestById, insertGrantRequest, pendingGrantRequest, updateGrantRequest, type GrantRequestRow } from './store.ts';

export const ADMIN_GRANT_REQUEST = 'admin_grant_request' as const;
/** API.md: a grant request's link stays valid 90 days (longer than invitations: grantors decide slowly). */
export const GRANT_REQUEST_DAYS = 90;

export function grantRequestStatus(r: GrantRequestRow): GrantRequestRow['status'] {
  return withExpiry(r.status, 'pending', r.expiresAt, clock.now());
}

/** A page of requests with both sides' names, in one more query. */
export async function withNames(ctx: Ctx, page: { items: ReturnType<typeof publicGrantRequest>[]; nextCursor: string | null }) {
  const names = await tenantNames(
    ctx,
    page.items.flatMap((r) => [r.grantorId, r.granteeId]),
  );
  return {
    items: page.items.map((r) => ({
      ...r,
      grantorName: names.get(r.grantorId) ?? '',
      granteeName: names.get(r.granteeId) ?? '',
    })),
    nextCursor: page.nextCursor,
  };
}

export function publicGrantRequest(r: GrantRequestRow) {
  return {
    id: r.id,
    grantorId: r.grantorId,
    granteeId: r.granteeId,
    grantId: r.grantId,
    roles: r.roles,
    days: r.days,
    autoExtend: r.autoExtend,
    message: r.message,
    status: grantRequestStatus(r),
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    approvedRoles: r.approvedRoles,
    approvedDays: r.approvedDays,
    resultingGrantId: r.resultingGrantId,
    rejectionReason: r.rejectionReason,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

const notPending = (r: GrantRequestRow) =>
  new AppError(409, 'grant_request_not_pending', 'Not pending', `This request is ${grantRequestStatus(r)}.`);

/** Records a request's change on both sides: the partner's and the grantor's audit trail. */
async function recordBoth(ctx: Ctx, type: string, before: GrantRequestRow | undefined, after: GrantRequestRow) {
  for (const tenantId of [after.granteeId, after.grantorId]) {
    await recordEvent(ctx, { type, tenantId, subjectType: 'admin_grant_request', subjectId: after.id, before, after });
  }
}

/** A grant is asked of one's customer (R-CUS-1) or, by a provider, of one's reseller (R-PRT-3). */
async function mayAsk(ctx: Ctx, partnerId: string, grantorId: string): Promise<boolean> {
  return (await hasRelationship(ctx, partnerId, grantorId)) || (await arePartners(ctx, partnerId, grantorId));
}

/** A widening request names a live grant the partner holds from that grantor, and asks for all of it and more. */
async function assertWidens(ctx: Ctx, partnerId: string, grantorId: string, grantId: string, roles: string[]) {
  const held = await findGrant(ctx, grantId);
  if (!held || held.granteeId !== partnerId || held.grantorId !== grantorId) throw problems.notFound('grant');
  if (grantStatus(held) !== 'active')
    throw new AppError(409, 'grant_not_active', 'Not active', `This grant is ${grantStatus(held)}.`);
  const kept = held.roles.every((r) => roles.includes(r));
  if (!kept || roles.length <= held.roles.length) {
    throw problems.rule(
      'R-GRT-1',
      'grant_request_not_wider',
      'Not a wider grant',
      `Ask for all of the grant's roles (${held.roles.join(', ')}) and at least one more.`,
    );
  }
}

/** A pending request past its expiry no longer blocks a new one: it is marked expired first. */
async function clearPending(ctx: Ctx, grantorId: string, partnerId: string) {
  const pending = await pendingGrantRequest(ctx, grantorId, partnerId);
  if (!pending) return;
  if (grantRequestStatus(pending) === 'pending') {
    throw problems.conflict('grant_request_pending', 'A request is pending', 'Wait for the pending request, or revoke it.');
  }
  await recordBoth(ctx, 'admin_grant_request.expired', pending, await updateGrantRequest(ctx, pending.id, { status: 'expired' }));
}

/**
 * A partner asks a customer (or a provider its reseller) for a new or wider grant (R-GRT-1,
 * R-GRT-2); the grantor's global admins get the link, each in their language.
 */
export async function createGrantRequest(ctx: Ctx, input: NewGrantRequest) {
  const actor = requirePartner(ctx);
  // Never reveal other tenants: a grantor the partner does not work with is not found.
  if (!(await mayAsk(ctx, actor.tenantId, input.grantorId))) throw problems.notFound('customer or reseller');
  const shape: GrantShape = { roles: input.roles, days: input.days, autoExtend: input.autoExtend ?? false };
  await assertGrantShape(ctx, shape);
  if (input.grantId) await assertWidens(ctx, actor.tenantId, input.grantorId, input.grantId, input.roles);
  return inTransaction(ctx, async (tx) => {
    await clearPending(tx, input.grantorId, actor.tenantId);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + GRANT_REQUEST_DAYS * DAY_MS);
    let request: GrantRequestRow;
    try {
      request = await insertGrantRequest(tx, {
        grantorId: input.grantorId,
        granteeId: actor.tenantId,
        grantId: input.grantId ?? null,
        ...shape,
        message: input.message ?? null,
        status: 'pending',
        expiresAt,
        createdBy: actor.userId,
        createdAt: now,
      });
    } catch (err) {
      // A concurrent request won the one pending slot.
      if (isUniqueViolation(err, 'admin_grant_requests_one_pending')) {
        throw problems.conflict('grant_request_pending', 'A request is pending', 'Wait for the pending request, or revoke it.');
      }
      throw err;
    }
    const { token, row } = await issueActionToken(tx, {
      purpose: ADMIN_GRANT_REQUEST,
      tenantId: actor.tenantId,
      subjectId: request.id,
      ttlMs: expiresAt.getTime() - now.getTime(),
    });
    request = await updateGrantRequest(tx, request.id, { tokenId: row.id });
    await recordBoth(tx, 'admin_grant_request.created', undefined, request);
    const link = `${tx.platform.config.publicUrl}/links/${token}`;
    const [partner, grantor] = [await getTenant(tx, actor.tenantId), await getTenant(tx, input.grantorId)];
    for (const admin of await usersWithRoles(tx, grantor.id, ['global_admin'])) {
      await enqueueMailTo(tx, admin, 'adminGrantRequest', {
        partnerName: partner.name,
        grantorName: grantor.name,
        ...shape,
        widens: request.grantId !== null,
        message: request.message,
        url: link,
        expiresInDays: GRANT_REQUEST_DAYS,
      });
    }
    return { request, link };
  });
}

export async function getGrantRequest(ctx: Ctx, id: string): Promise<GrantRequestRow> {
  const row = await grantRequestById(ctx, requireActor(ctx).tenantId, id);
  if (!row) throw problems.notFound('grant request');
  return row;
}

/** The partner that asked takes its request back; the link stops working. */
export async function revokeGrantRequest(ctx: Ctx, id: string): Promise<GrantRequestRow> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await grantRequestById(tx, actor.tenantId, id, true);
    if (!before) throw problems.notFound('grant request');
    if (before.granteeId !== actor.tenantId)
      throw problems.forbidden('Only the partner that asked revokes a request; reject it instead.');
    if (grantRequestStatus(before) !== 'pending') throw notPending(before);
    if (before.tokenId) await revokeActionToken(tx, before.tokenId);
    const after = await updateGrantRequest(tx, id, { status: 'revoked', revokedAt: clock.now() });
    await recordBoth(tx, 'admin_grant_request.revoked', before, after);
    return after;
  });
}

export type Decision = LinkDecision;

/** Only a global admin of the grantor decides (a customer's, or the reseller partner's). */
function assertGrantorAdmin(actor: Actor, request: GrantRequestRow, grantorName: string) {
  if (actor.tenantId !== request.grantorId || !hasPermission(actor.tenantKind, actor.roles, 'grants.decide')) {
    throw problems.forbidden(`Only a global admin of ${grantorName} decides this request.`);
  }
}

/** R-GRT-1: an approval gives some of the roles asked for (at least one), for at most the days asked. */
function approvedShape(request: GrantRequestRow, d: Decision): GrantShape {
  const roles = d.roles ?? request.roles;
  const days = d.days ?? request.days;
  if (roles.length === 0 || roles.some((r) => !request.roles.includes(r)) || days > request.days) {
    throw problems.rule(
      'R-GRT-1',
      'approval_not_within_request',
      'More than was asked',
      `Approve some of ${request.roles.join(', ')} (at least one) for at most ${request.days} days.`,
    );
  }
  return { roles, days, autoExtend: request.autoExtend };
}

/**
 * The grantor's global admin approves (possibly narrowed) or rejects, by the mailed link
 * (`rawToken`) or from its list of received requests; either way the link is used up in the
 * same transaction, so of two concurrent decisions one wins.
 */
export async function decideGrantRequest(ctx: Ctx, id: string, d: Decision, rawToken?: string) {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await grantRequestById(tx, rawToken ? null : actor.tenantId, id, true);
    if (!before) throw problems.notFound('grant request');
    const grantor = await getTenant(tx, before.grantorId);
    assertGrantorAdmin(actor, before, grantor.name);
    if (grantRequestStatus(before) !== 'pending') throw rawToken ? problems.gone() : notPending(before);
    const shape = d.decision === 'approve' ? approvedShape(before, d) : undefined;
    // The relationship (or partnership) the request rests on may have ended while it waited.
    if (shape && !(await mayAsk(tx, before.granteeId, before.grantorId))) {
      throw problems.conflict(
        'grant_request_basis_ended',
        'The partner no longer works with you',
        'The relationship or partnership this request rests on has ended: there is nothing to grant it on.',
        { rule: 'R-GRT-1' },
      );
    }
    if (rawToken) {
      if ((await consumeActionToken(tx, rawToken, ADMIN_GRANT_REQUEST)).status !== 'ok') throw problems.gone();
    } else if (before.tokenId) {
      // Decided from the list: the mailed link stops (410), as a used one would.
      await revokeActionToken(tx, before.tokenId);
    }
    let grant: GrantRow | undefined;
    if (shape) {
      grant = before.grantId
        ? await widenGrant(tx, before.grantId, shape)
        : await createGrant(tx, { grantorId: before.grantorId, granteeId: before.granteeId, source: 'request', ...shape });
    }
    const after = await updateGrantRequest(tx, id, {
      status: shape ? 'approved' : 'rejected',
      decidedAt: clock.now(),
      decidedBy: actor.userId,
      ...(shape
        ? { approvedRoles: shape.roles, approvedDays: shape.days, resultingGrantId: grant!.id }
        : { rejectionReason: d.reason ?? null }),
    });
    await recordBoth(tx, `admin_grant_request.${after.status}`, before, after);
    for (const user of await usersWithRoles(tx, before.granteeId, ['global_admin', 'admin_agent'])) {
      await enqueueMailTo(tx, user, 'adminGrantRequestDecided', {
        grantorName: grantor.name,
        approved: Boolean(shape),
        roles: shape?.roles ?? before.roles,
        days: shape?.days ?? before.days,
        narrowed: Boolean(shape && (shape.roles.length < before.roles.length || shape.days < before.days)),
        reason: after.rejectionReason,
        url: `${tx.platform.config.publicUrl}/admin-grant-requests/${id}`,
      });
    }
    return { request: after, grant };
  });
}

/** What a grant request's link tells whoever opens it, before sign-in. */
export async function describeGrantRequest(ctx: Ctx, token: ActionToken) {
  const request = (await grantRequestById(ctx, null, token.subjectId!))!;
  const partner = await getTenant(ctx, request.granteeId);
  const grantor = await getTenant(ctx, request.grantorId);
  const { profile } = await getProfile(ctx, partner.id);
  const held = request.grantId ? await findGrant(ctx, request.grantId) : undefined;
  return {
    kind: ADMIN_GRANT_REQUEST,
    // The request's own end (its token is issued a moment later and ends a moment later).
    expiresAt: request.expiresAt.toISOString(),
    from: { name: partner.name, market: partner.market, partnerId: profile.partnerId },
    roles: request.roles.map((role) => ({ role, description: describeRole(role) })),
    days: request.days,
    autoExtend: request.autoExtend,
    widens: held ? { grantId: held.id, currentRoles: held.roles } : null,
    message: request.message,
    acceptedBy: `a global admin of ${grantor.name}`,
    decisions: 'approve (with all or fewer of the roles, for at most the days asked) or reject (with a reason)',
  };
}

/** A decision through the mailed link: `POST /v1/links/{token}/acceptance` with a body of its own kind. */
export async function acceptGrantRequestLink(ctx: Ctx, rawToken: string, token: ActionToken, body: Record<string, unknown>) {
  if (!Value.Check(LinkDecision, body)) {
    const errors = [...Value.Errors(LinkDecision, body)].map((e) => ({
      in: 'body' as const,
      path: e.instancePath,
      message: e.message,
    }));
    throw problems.invalid('A grant request is decided with { "decision": "approve" | "reject", ... }.', errors);
  }
  const { request, grant } = await decideGrantRequest(ctx, token.subjectId!, body, rawToken);
  return { kind: ADMIN_GRANT_REQUEST, status: request.status, ...(grant ? { grantId: grant.id } : {}) };
}
