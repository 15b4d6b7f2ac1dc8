import { addBusinessDays } from '../../domain/calendar.ts';
import { DAY_MS, clock } from '../../platform/clock.ts';
import { consumeActionToken, issueActionToken } from '../../platform/action-tokens.ts';
import { inTransaction, requireActor, systemCtx, type Ctx } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems, type ErrorCode } from '../../platform/http/errors.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import {
  capabilities,
  capabilitiesByTenant,
  getProfile,
  getRegistryEntry,
  missingProfileParts,
  requirePartner,
  setCapability,
  updateProfile,
  type Capability,
  type ProfilePatch,
} from '../partners/service.ts';
import { acceptedCurrentBy, hasAcceptedCurrent } from '../agreements/service.ts';
import { getSetting } from '../settings/service.ts';
import { getTenant } from '../tenants/service.ts';
import {
  approvedAmong,
  enrollmentById,
  enrollmentsOfTenant,
  insertEnrollment,
  updateEnrollmentRow,
  type EnrollmentRow,
} from './store.ts';

export type { EnrollmentRow };
export const ENROLLMENT_VERIFICATION = 'enrollment_verification';
const VERIFICATION_DAYS = 7;

export function publicEnrollment(e: EnrollmentRow) {
  return {
    id: e.id,
    tenantId: e.tenantId,
    program: e.program,
    status: e.status,
    transition: e.transition,
    primaryContact: { name: e.primaryContactName, email: e.primaryContactEmail },
    emailVerifiedAt: e.emailVerifiedAt?.toISOString() ?? null,
    requirementsConfirmedAt: e.requirementsConfirmedAt?.toISOString() ?? null,
    reviewDueAt: e.reviewDueAt?.toISOString() ?? null,
    overdue: e.status === 'pending_review' && e.reviewDueAt !== null && e.reviewDueAt <= clock.now(),
    decidedAt: e.decidedAt?.toISOString() ?? null,
    rejectionReason: e.rejectionReason,
    createdAt: e.createdAt.toISOString(),
  };
}

export interface EnrollmentRequest {
  program: Capability;
  /** Only what the profile lacks (R-ENR-6); the rest is taken from it. */
  profile?: ProfilePatch | undefined;
  /** The transition cannot be undone (R-TRN-4): the request must say it knows. */
  acknowledgeNoRollback?: boolean | undefined;
}

const noRollbackWarning =
  'Moving from direct bill to indirect reseller cannot be rolled back: once submitted the request cannot be withdrawn, ' +
  'and the indirect reseller capability can never be removed. You keep your direct-bill customers, but cannot add new ones.';

/** A global admin enrolls its partner tenant in a program (R-ENR-1, R-ENR-2, R-ENR-6, R-TRN-1, R-TRN-4). */
export async function submitEnrollment(ctx: Ctx, request: EnrollmentRequest): Promise<EnrollmentRow> {
  const actor = requirePartner(ctx);
  return inTransaction(ctx, async (tx) => {
    const tenant = await getTenant(tx, actor.tenantId);
    const { row: profileRow } = await getProfile(tx, actor.tenantId);
    const held = await capabilities(tx, actor.tenantId);
    if (held.some((c) => c.capability === request.program)) {
      throw problems.conflict(
        'already_enrolled',
        'Already in the program',
        `${tenant.name} already holds the ${request.program} capability.`,
      );
    }
    const directBill = held.some((c) => c.capability === 'direct_bill' && c.status === 'active');
    const transition = request.program === 'indirect_reseller' && directBill;
    if (transition) {
      if (!profileRow.offboardingIdentifiedAt) {
        throw problems.rule(
          'R-TRN-1',
          'not_identified_for_offboarding',
          'Not identified for the move to indirect',
          'Only a direct-bill partner that the operator has identified for offboarding may enroll as an indirect reseller with its existing tenant.',
        );
      }
      if (request.acknowledgeNoRollback !== true) {
        throw problems.rule(
          'R-TRN-4',
          'no_rollback_acknowledgement_required',
          'Confirm there is no rollback',
          noRollbackWarning,
          {
            warning: noRollbackWarning,
          },
        );
      }
    }
    if (request.profile && Object.keys(request.profile).length > 0) {
      await updateProfile(tx, actor.tenantId, request.profile, '/profile');
    }
    const { profile, missing } = await missingProfileParts(tx, actor.tenantId);
    if (missing.length > 0) {
      throw problems.rule(
        'R-ENR-1',
        'profile_incomplete',
        'The enrollment lacks details',
        `Give ${missing.join(', ')} (in this request's profile, or with PUT /v1/partner/profile and POST /v1/partner/partner-id-links).`,
        { missing },
      );
    }
    // R-ENR-1: the linked partner ID must still be of an active organization profile in the tenant's country.
    const registered = await getRegistryEntry(tx, profile.partnerId!);
    if (!registered.active || registered.countryCode !== tenant.countryCode) {
      throw problems.rule(
        'R-ENR-1',
        registered.active ? 'partner_id_country_mismatch' : 'partner_id_inactive',
        registered.active ? 'Partner ID in another country' : 'Partner ID inactive',
        `${profile.partnerId} is no longer of an active organization in ${tenant.countryCode}; link another partner ID.`,
      );
    }
    const now = clock.now();
    // The primary contact confirms once (R-ENR-2): a partner whose contact confirmed an earlier
    // enrollment, and the transition of a partner already in the program, go straight to review.
    const earlier = await enrollmentsOfTenant(tx, actor.tenantId);
    const contact = profile.primaryContact!;
    const confirmed = transition || earlier.some((e) => e.emailVerifiedAt && e.primaryContactEmail === contact.email);
    let enrollment: EnrollmentRow;
    try {
      enrollment = await insertEnrollment(tx, {
        tenantId: actor.tenantId,
        program: request.program,
        status: confirmed ? 'pending_review' : 'pending_verification',
        transition,
        submittedBy: actor.userId,
        primaryContactEmail: contact.email,
        primaryContactName: contact.name,
        reviewDueAt: transition ? await transitionDeadline(tx, now) : null,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      // A concurrent request won the race for the one open enrollment a program may have.
      if (isUniqueViolation(err, 'enrollments_one_open')) {
        throw problems.conflict(
          'enrollment_open',
          'An enrollment is open',
          `${tenant.name} already has an open ${request.program} enrollment.`,
        );
      }
      throw err;
    }
    await recordEvent(tx, {
      type: 'enrollment.submitted',
      tenantId: actor.tenantId,
      subjectType: 'enrollment',
      subjectId: enrollment.id,
      after: enrollment,
    });
    if (confirmed) return (await autoApproveIfDue(tx, enrollment)) ?? enrollment;
    const { token } = await issueActionToken(tx, {
      purpose: ENROLLMENT_VERIFICATION,
      tenantId: actor.tenantId,
      subjectId: enrollment.id,
      ttlMs: VERIFICATION_DAYS * DAY_MS,
    });
    await enqueueMail(tx, {
      to: { address: enrollment.primaryContactEmail, name: enrollment.primaryContactName, language: tenant.language },
      template: 'enrollmentVerification',
      tenantId: actor.tenantId,
      data: {
        name: enrollment.primaryContactName,
        tenantName: tenant.name,
        program: enrollment.program,
        url: `${tx.platform.config.publicUrl}/email-verification?token=${token}`,
        days: VERIFICATION_DAYS,
      },
    });
    return enrollment;
  });
}

/** R-TRN-2: the operator decides a transition within N business days of its submission. */
async function transitionDeadline(ctx: Ctx, from: Date): Promise<Date> {
  const days = await getSetting(ctx, 'transitionReviewBusinessDays');
  return addBusinessDays(from, days, new Set(await getSetting(ctx, 'holidays')));
}

/** R-ENR-2: the primary contact's link moves the enrollment into review (or approves it, R-ENR-3 auto-approval). */
export async function verifyEnrollmentEmail(ctx: Ctx, token: string): Promise<EnrollmentRow> {
  return inTransaction(ctx, async (tx) => {
    const used = await consumeActionToken(tx, token, ENROLLMENT_VERIFICATION);
    if (used.status === 'unknown') throw problems.notFound('link');
    if (used.status === 'unavailable') throw problems.gone();
    return confirmContact(tx, used.row.tenantId, used.row.subjectId!);
  });
}

/** The primary contact's confirmation (R-ENR-2), once the link proved it. */
export async function confirmContact(ctx: Ctx, tenantId: string, enrollmentId: string): Promise<EnrollmentRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await enrollmentById(tx, tenantId, enrollmentId, true);
    if (!before || before.status !== 'pending_verification') throw problems.gone();
    const now = clock.now();
    const after = await updateEnrollmentRow(tx, before.id, { status: 'pending_review', emailVerifiedAt: now, updatedAt: now });
    await recordEvent(tx, {
      type: 'enrollment.email_verified',
      tenantId: after.tenantId,
      subjectType: 'enrollment',
      subjectId: after.id,
      before,
      after,
    });
    return (await autoApproveIfDue(tx, after)) ?? after;
  });
}

/** Approves on the operator's behalf when its settings say so and nothing else is awaited. */
async function autoApproveIfDue(ctx: Ctx, e: EnrollmentRow): Promise<EnrollmentRow | undefined> {
  const auto = await getSetting(ctx, 'autoApprove');
  if (!auto[e.program] || e.status !== 'pending_review') return undefined;
  if (e.program === 'direct_bill' && !e.requirementsConfirmedAt) return undefined; // R-ENR-5 needs a person
  return decide({ ...systemCtx(ctx.platform, ctx.requestId), db: ctx.db, afterCommit: ctx.afterCommit! }, e.id, {
    approve: true,
  });
}

async function endEarlierApproval(ctx: Ctx, enrollment: EnrollmentRow, now: Date): Promise<void> {
  const earlier = (await enrollmentsOfTenant(ctx, enrollment.tenantId)).filter(
    (e) => e.program === enrollment.program && e.status === 'approved',
  );
  for (const before of earlier) {
    const after = await updateEnrollmentRow(ctx, before.id, { status: 'ended', updatedAt: now });
    await recordEvent(ctx, {
      type: 'enrollment.ended',
      tenantId: after.tenantId,
      subjectType: 'enrollment',
      subjectId: after.id,
      before,
      after,
    });
  }
}

async function decide(
  ctx: Ctx,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<EnrollmentRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await enrollmentById(tx, null, id, true);
    if (!before) throw problems.notFound('enrollment');
    if (before.status === 'approved' || before.status === 'rejected' || before.status === 'ended') {
      throw problems.conflict(
        'enrollment_decided',
        'Already decided',
        `This enrollment was ${before.status} on ${before.decidedAt?.toISOString()}.`,
      );
    }
    if (decision.approve && before.status !== 'pending_review') {
      throw problems.conflict(
        'enrollment_not_in_review',
        'Not in review yet',
        'The primary contact has not confirmed the enrollment (R-ENR-2).',
      );
    }
    if (decision.approve && before.program === 'direct_bill' && !before.requirementsConfirmedAt) {
      throw problems.rule(
        'R-ENR-5',
        'requirements_not_confirmed',
        'Programmatic requirements not confirmed',
        'Confirm the direct-bill requirements (API integration, billing, support) first: POST /v1/operator/enrollments/{id}/requirements-confirmation.',
      );
    }
    const now = clock.now();
    // A partner may enroll again once its capability was removed (enrolling refuses while it is
    // held): the earlier approval ends here, so the new one is the program's one approval.
    if (decision.approve) await endEarlierApproval(tx, before, now);
    const after = await updateEnrollmentRow(tx, id, {
      status: decision.approve ? 'approved' : 'rejected',
      decidedAt: now,
      decidedBy: tx.actor?.userId ?? null,
      rejectionReason: decision.approve ? null : decision.reason,
      updatedAt: now,
    });
    await recordEvent(tx, {
      type: decision.approve ? 'enrollment.approved' : 'enrollment.rejected',
      tenantId: after.tenantId,
      subjectType: 'enrollment',
      subjectId: id,
      before,
      after,
    });
    if (decision.approve) {
      // R-TRN-3: an indirect reseller starts once a global admin accepts the indirect reseller agreement.
      const awaitsAgreement =
        after.program === 'indirect_reseller' &&
        !(await hasAcceptedCurrent(tx, after.tenantId, 'indirect_reseller_agreement')).accepted;
      await setCapability(tx, after.tenantId, after.program, awaitsAgreement ? 'pending' : 'active');
    }
    return after;
  });
}

export async function approveEnrollment(ctx: Ctx, id: string): Promise<EnrollmentRow> {
  requireActor(ctx);
  return decide(ctx, id, { approve: true });
}

export async function rejectEnrollment(ctx: Ctx, id: string, reason: string): Promise<EnrollmentRow> {
  requireActor(ctx);
  return decide(ctx, id, { approve: false, reason });
}

/** R-ENR-5: the operator confirms a direct-bill applicant's API integration, billing and support. */
export async function confirmRequirements(ctx: Ctx, id: string): Promise<EnrollmentRow> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await enrollmentById(tx, null, id, true);
    if (!before) throw problems.notFound('enrollment');
    if (before.program !== 'direct_bill') {
      throw new AppError(
        409,
        'not_direct_bill',
        'Not a direct-bill enrollment',
        'Programmatic requirements are confirmed for direct-bill enrollments only.',
      );
    }
    if (before.status === 'approved' || before.status === 'rejected' || before.status === 'ended') {
      throw problems.conflict('enrollment_decided', 'Already decided', `This enrollment was ${before.status}.`);
    }
    if (before.requirementsConfirmedAt) return before;
    const now = clock.now();
    const after = await updateEnrollmentRow(tx, id, {
      requirementsConfirmedAt: now,
      requirementsConfirmedBy: actor.userId,
      updatedAt: now,
    });
    await recordEvent(tx, {
      type: 'enrollment.requirements_confirmed',
      tenantId: after.tenantId,
      subjectType: 'enrollment',
      subjectId: id,
      before,
      after,
    });
    return (await autoApproveIfDue(tx, after)) ?? after;
  });
}

/**
 * One enrollment: of the partner's own tenant (`tenantId`), or of any partner for the
 * operator's review (null). Which one a caller gets is its route's permission: a partner's
 * program.read, the reviewer's operator.review; no other operator role reads enrollments.
 */
export async function getEnrollment(ctx: Ctx, tenantId: string | null, id: string): Promise<EnrollmentRow> {
  const row = await enrollmentById(ctx, tenantId, id);
  if (!row) throw problems.notFound('enrollment');
  return row;
}

export interface Blocker {
  code: ErrorCode;
  rule: `R-${string}`;
  detail: string;
}

/**
 * Settings, Partner profile, Program info: capabilities and their status, enrollments,
 * and whether the partner may transact, with every reason it may not.
 */
export async function programInfo(ctx: Ctx, tenantId: string) {
  const { profile, missing } = await missingProfileParts(ctx, tenantId);
  const held = await capabilities(ctx, tenantId);
  const all = await enrollmentsOfTenant(ctx, tenantId);
  const onboarded = all.some((e) => e.status === 'approved');
  const active = (c: Capability) => held.some((h) => h.capability === c && h.status === 'active');
  const partnerAgreement = await hasAcceptedCurrent(ctx, tenantId, 'partner_agreement');
  const enforcedFrom = await getSetting(ctx, 'partnerAgreementEnforcedFrom');
  const enforced = enforcedFrom !== null && new Date(enforcedFrom) <= clock.now();

  const blockers: Blocker[] = [];
  if (!onboarded) {
    blockers.push({ code: 'not_onboarded', rule: 'R-AGR-2', detail: 'No enrollment of this partner has been approved yet.' });
  }
  if (!held.some((c) => c.status === 'active')) {
    blockers.push({ code: 'no_active_capability', rule: 'R-AGR-2', detail: 'The partner holds no active program capability.' });
  }
  if (enforced && !partnerAgreement.accepted) {
    blockers.push({
      code: 'partner_agreement_not_accepted',
      rule: 'R-AGR-1',
      detail: `A global admin must accept the partner agreement, version ${partnerAgreement.current!.version}.`,
    });
  }
  const agreementsToAccept: { type: string; version: string }[] = [];
  if (!partnerAgreement.accepted)
    agreementsToAccept.push({ type: 'partner-agreement', version: partnerAgreement.current!.version });
  if (held.some((c) => c.capability === 'indirect_reseller' && c.status === 'pending')) {
    const reseller = await hasAcceptedCurrent(ctx, tenantId, 'indirect_reseller_agreement');
    if (reseller.current) agreementsToAccept.push({ type: 'indirect-reseller-agreement', version: reseller.current.version });
  }
  return {
    tenantId,
    partnerId: profile.partnerId,
    onboarded,
    profile: { complete: missing.length === 0, missing },
    capabilities: held.map((c) => ({
      capability: c.capability,
      status: c.status,
      activatedAt: c.activatedAt?.toISOString() ?? null,
    })),
    enrollments: all.map(publicEnrollment),
    canTransact: blockers.length === 0,
    blockers,
    agreementsToAccept,
    // R-AGR-2: what providers see of a reseller before doing business with it.
    resellerReadiness: {
      ready: onboarded && active('indirect_reseller') && partnerAgreement.accepted,
      onboarded,
      indirectResellerActive: active('indirect_reseller'),
      partnerAgreementAccepted: partnerAgreement.accepted,
    },
    // R-TRN-5: a direct-bill partner stops adding direct customers once it is an indirect reseller.
    mayAddDirectCustomers: mayAddDirectCustomersGiven(held),
    // R-TRN-6: the Indirect providers area opens with an active indirect reseller capability.
    areas: { indirectProviders: active('indirect_reseller'), indirectResellers: active('indirect_provider') },
  };
}

/**
 * programInfo's resellerReadiness (R-AGR-2) for many resellers in a fixed number of queries:
 * what a provider's list of resellers shows beside each.
 */
export async function resellerReadinessOf(ctx: Ctx, tenantIds: string[]) {
  const onboarded = new Set(await approvedAmong(ctx, tenantIds));
  const held = await capabilitiesByTenant(ctx, tenantIds);
  const accepted = await acceptedCurrentBy(ctx, tenantIds, 'partner_agreement');
  return new Map(
    tenantIds.map((id) => {
      const indirectResellerActive = (held.get(id) ?? []).some(
        (c) => c.capability === 'indirect_reseller' && c.status === 'active',
      );
      const readiness = {
        ready: onboarded.has(id) && indirectResellerActive && accepted(id),
        onboarded: onboarded.has(id),
        indirectResellerActive,
        partnerAgreementAccepted: accepted(id),
      };
      return [id, readiness];
    }),
  );
}

function mayAddDirectCustomersGiven(held: { capability: Capability; status: string }[]): boolean {
  const active = (c: Capability) => held.some((h) => h.capability === c && h.status === 'active');
  return active('direct_bill') && !active('indirect_reseller');
}

/** R-TRN-5: the check the relationships work calls before a new direct customer or direct request. */
export async function mayAddDirectCustomers(ctx: Ctx, tenantId: string): Promise<boolean> {
  return mayAddDirectCustomersGiven(await capabilities(ctx, tenantId));
}

/** The one check that transacting actions call first (R-AGR-1): refuses with every reason. */
export async function assertCanTransact(ctx: Ctx, tenantId: string): Promise<void> {
  const info = await programInfo(ctx, tenantId);
  if (info.canTransact) return;
  const first = info.blockers[0]!;
  throw problems.rule(
    first.rule,
    'cannot_transact',
    'The partner cannot transact',
    info.blockers.map((b) => b.detail).join(' '),
    {
      blockers: info.blockers,
    },
  );
}
