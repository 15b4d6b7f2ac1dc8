import { withExpiry } from '../../domain/expiry.ts';
import { hasPermission } from '../../domain/roles.ts';
import { consumeActionToken, issueActionToken, revokeActionToken, type ActionToken } from '../../platform/action-tokens.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, widenScope, type Ctx } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { assertCanTransact, resellerReadinessOf } from '../enrollments/service.ts';
import {
  getProfile,
  getRegistryEntry,
  holdsActive,
  profiles as partnerProfiles,
  tenantOfPartnerId,
} from '../partners/service.ts';
import { createDefaultGrant, endGrantsLeftWithoutBasis } from '../grants/service.ts';
import { getSetting } from '../settings/service.ts';
import { getTenant, getTenants, type TenantView } from '../tenants/service.ts';
import {
  activePartnership,
  activeResellerIds,
  anyPartnership,
  customerCountsByReseller,
  insertInvitation,
  insertPartnership,
  invitationById,
  invitationsSentTo,
  newCustomerCountsByMonth,
  partnershipById,
  pendingInvitationTo,
  updateInvitation,
  updatePartnership,
  type InvitationRow,
  type PartnershipRow,
} from './store.ts';

export const PARTNERSHIP_INVITATION = 'partnership_invitation';
/** At most this many invitations reach one address in a day, whoever sends them. */
const PER_RECIPIENT_PER_DAY = 10;

export function invitationStatus(i: InvitationRow): InvitationRow['status'] {
  return withExpiry(i.status, 'pending', i.expiresAt, clock.now());
}

export function publicInvitation(i: InvitationRow) {
  return {
    id: i.id,
    email: i.email,
    partnerId: i.partnerId,
    sentTo: i.sentTo,
    status: invitationStatus(i),
    expiresAt: i.expiresAt.toISOString(),
    sendCount: i.sendCount,
    lastSentAt: i.lastSentAt.toISOString(),
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
    resellerId: i.resellerId,
    createdAt: i.createdAt.toISOString(),
  };
}

function regionMismatch(provider: TenantView, reseller: TenantView) {
  return problems.rule(
    'R-PRT-4',
    'region_mismatch',
    'Partners are in different markets',
    `${provider.name} (${provider.market}) and ${reseller.name} (${reseller.market}) are not in the same market (R-REG-2).`,
  );
}

/** The caller's tenant, which must be an active indirect provider. */
async function requireProvider(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (actor.tenantKind !== 'partner' || !(await holdsActive(ctx, actor.tenantId, 'indirect_provider'))) {
    throw problems.forbidden('Only indirect providers invite resellers and list them.');
  }
  return actor;
}

/** Mails an invitation's link, with a new token: the previous one, if any, stops working. */
async function sendInvitation(ctx: Ctx, invitation: InvitationRow, provider: TenantView, language: string): Promise<ActionToken> {
  if (invitation.tokenId) await revokeActionToken(ctx, invitation.tokenId);
  const ttlMs = invitation.expiresAt.getTime() - clock.now().getTime();
  const { token, row } = await issueActionToken(ctx, {
    purpose: PARTNERSHIP_INVITATION,
    tenantId: provider.id,
    subjectId: invitation.id,
    ttlMs,
  });
  await enqueueMail(ctx, {
    to: { address: invitation.sentTo, language },
    template: 'partnershipInvitation',
    tenantId: provider.id,
    data: {
      providerName: provider.name,
      market: provider.market ?? provider.countryCode,
      url: `${ctx.platform.config.publicUrl}/links/${token}`,
      days: Math.max(1, Math.round(ttlMs / DAY_MS)),
    },
  });
  return row;
}

async function checkRecipientLimit(ctx: Ctx, sentTo: string): Promise<void> {
  const sent = await invitationsSentTo(ctx, sentTo, new Date(clock.now().getTime() - DAY_MS));
  if (sent >= PER_RECIPIENT_PER_DAY) throw problems.rateLimited(3600);
}

/** R-PRT-1: a provider invites a reseller, named by e-mail or partner ID; Trellis mails the link. */
export async function inviteReseller(
  ctx: Ctx,
  input: { email?: string | undefined; partnerId?: string | undefined },
): Promise<InvitationRow> {
  const actor = await requireProvider(ctx);
  if (Boolean(input.email) === Boolean(input.partnerId)) {
    throw problems.invalid('Name the reseller by e-mail or by partner ID: one of the two.', [
      { in: 'body', path: '/email', message: 'give email or partnerId, not both' },
    ]);
  }
  await assertCanTransact(ctx, actor.tenantId); // R-AGR-1: inviting is transacting
  return inTransaction(ctx, async (tx) => {
    const provider = await getTenant(tx, actor.tenantId);
    let sentTo = input.email?.toLowerCase() ?? '';
    let language = provider.language;
    if (input.partnerId) {
      const entry = await getRegistryEntry(tx, input.partnerId).catch(() => undefined);
      if (!entry || !entry.active) {
        throw problems.rule(
          'R-ENR-1',
          'partner_id_unknown',
          'Unknown partner ID',
          `${input.partnerId} is not an active partner ID.`,
        );
      }
      sentTo = entry.accountEmail;
      const holder = await tenantOfPartnerId(tx, input.partnerId);
      if (holder) {
        // The partner ID names the tenant the provider invites: the invitation links the two.
        await widenScope(tx, [holder]);
        const reseller = await getTenant(tx, holder);
        if (reseller.id === provider.id)
          throw problems.unprocessable('self_partnership', 'Not with itself', 'A provider cannot invite itself.');
        if (reseller.market !== provider.market) throw regionMismatch(provider, reseller);
        if (await activePartnership(tx, provider.id, reseller.id)) {
          throw problems.conflict('already_partners', 'Already partners', `${reseller.name} is already one of your resellers.`);
        }
        language = reseller.language;
      }
    }
    const stale = await pendingInvitationTo(tx, provider.id, sentTo);
    if (stale && invitationStatus(stale) === 'pending') throw invitationPending(sentTo);
    if (stale) await updateInvitation(tx, stale.id, { status: 'expired' });
    await checkRecipientLimit(tx, sentTo);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + (await getSetting(tx, 'linkExpiryDays')) * DAY_MS);
    let invitation: InvitationRow;
    try {
      invitation = await insertInvitation(tx, {
        providerId: provider.id,
        invitedBy: actor.userId,
        email: input.email?.toLowerCase() ?? null,
        partnerId: input.partnerId ?? null,
        sentTo,
        status: 'pending',
        expiresAt,
        lastSentAt: now,
        createdAt: now,
      });
    } catch (err) {
      // Two invitations to one recipient sent at the same moment: the first one stands.
      if (isUniqueViolation(err, 'partnership_invitations_one_pending')) throw invitationPending(sentTo);
      throw err;
    }
    const token = await sendInvitation(tx, invitation, provider, language);
    invitation = await updateInvitation(tx, invitation.id, { tokenId: token.id });
    await recordEvent(tx, {
      type: 'partnership_invitation.created',
      tenantId: provider.id,
      subjectType: 'partnership_invitation',
      subjectId: invitation.id,
      after: invitation,
    });
    return invitation;
  });
}

export async function getInvitation(ctx: Ctx, id: string): Promise<InvitationRow> {
  const actor = await requireProvider(ctx);
  const row = await invitationById(ctx, actor.tenantId, id);
  if (!row) throw problems.notFound('invitation');
  return row;
}

function notPending(i: InvitationRow) {
  return new AppError(409, 'invitation_not_pending', 'Not pending', `This invitation is ${invitationStatus(i)}.`);
}

export async function revokeInvitation(ctx: Ctx, id: string): Promise<InvitationRow> {
  const actor = await requireProvider(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await invitationById(tx, actor.tenantId, id, true);
    if (!before) throw problems.notFound('invitation');
    if (before.status !== 'pending') throw notPending(before);
    if (before.tokenId) await revokeActionToken(tx, before.tokenId);
    const after = await updateInvitation(tx, id, { status: 'revoked', revokedAt: clock.now() });
    await recordEvent(tx, {
      type: 'partnership_invitation.revoked',
      tenantId: actor.tenantId,
      subjectType: 'partnership_invitation',
      subjectId: id,
      before,
      after,
    });
    return after;
  });
}

function invitationPending(sentTo: string) {
  return problems.conflict(
    'invitation_pending',
    'Invitation pending',
    `An invitation to ${sentTo} is pending; re-send it instead.`,
  );
}

/** Mails a pending (or expired) invitation again with a new link, valid for a new period. */
export async function resendInvitation(ctx: Ctx, id: string): Promise<InvitationRow> {
  const actor = await requireProvider(ctx);
  await assertCanTransact(ctx, actor.tenantId);
  return inTransaction(ctx, async (tx) => {
    const before = await invitationById(tx, actor.tenantId, id, true);
    if (!before) throw problems.notFound('invitation');
    if (before.status !== 'pending' && before.status !== 'expired') throw notPending(before);
    await checkRecipientLimit(tx, before.sentTo);
    const provider = await getTenant(tx, actor.tenantId);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + (await getSetting(tx, 'linkExpiryDays')) * DAY_MS);
    let renewed: InvitationRow;
    try {
      renewed = await updateInvitation(tx, id, {
        status: 'pending',
        expiresAt,
        sendCount: before.sendCount + 1,
        lastSentAt: now,
      });
    } catch (err) {
      // An expired invitation whose recipient has a newer one pending: re-send that one.
      if (isUniqueViolation(err, 'partnership_invitations_one_pending')) {
        throw problems.conflict(
          'invitation_pending',
          'Invitation pending',
          `A newer invitation to ${before.sentTo} is pending; re-send it instead.`,
        );
      }
      throw err;
    }
    const token = await sendInvitation(tx, renewed, provider, provider.language);
    const after = await updateInvitation(tx, id, { tokenId: token.id });
    await recordEvent(tx, {
      type: 'partnership_invitation.resent',
      tenantId: actor.tenantId,
      subjectType: 'partnership_invitation',
      subjectId: id,
      before,
      after,
    });
    return after;
  });
}

/** What a partnership invitation's link says to whoever opens it, signed in or not. */
export async function describeInvitation(ctx: Ctx, token: ActionToken) {
  const invitation = (await invitationById(ctx, null, token.subjectId!))!;
  const provider = await getTenant(ctx, invitation.providerId);
  const { profile } = await getProfile(ctx, provider.id);
  return {
    kind: 'partnership_invitation' as const,
    expiresAt: token.expiresAt.toISOString(),
    from: { name: provider.name, market: provider.market, partnerId: profile.partnerId },
    acceptedBy: 'a global admin of an indirect reseller in the same market',
    authorizes: [
      'The provider places orders and adds subscriptions for your customers (R-PRT-3).',
      'The provider gets administrator access to your tenant (R-PRT-3; granted as delegated admin roles).',
    ],
  };
}

/**
 * R-PRT-1, R-PRT-2, R-PRT-4, R-PRT-5: the reseller's global admin accepts, ticking the
 * authorization; the partnership appears on both sides. The link is used up in the same
 * transaction, so of concurrent acceptances one wins.
 */
export async function acceptInvitation(
  ctx: Ctx,
  rawToken: string,
  token: ActionToken,
  body: { authorize?: unknown },
): Promise<PartnershipRow> {
  const actor = requireActor(ctx);
  if (actor.tenantKind !== 'partner' || !hasPermission(actor.tenantKind, actor.roles, 'partnerships.accept')) {
    throw problems.forbidden("Only the reseller's global admin accepts a partnership invitation (R-PRT-1).", { rule: 'R-PRT-1' });
  }
  if (body.authorize !== true) {
    throw problems.rule(
      'R-PRT-1',
      'authorization_required',
      'Authorize the provider',
      'Accepting needs { "authorize": true }: tick the authorization to choose Authorize indirect provider.',
    );
  }
  return inTransaction(ctx, async (tx) => {
    const invitation = (await invitationById(tx, null, token.subjectId!, true))!;
    if (invitation.status !== 'pending') throw problems.gone();
    const provider = await getTenant(tx, invitation.providerId);
    const reseller = await getTenant(tx, actor.tenantId);
    if (reseller.id === provider.id)
      throw problems.unprocessable('self_partnership', 'Not with itself', 'A provider cannot be its own reseller.');
    if (!(await holdsActive(tx, reseller.id, 'indirect_reseller'))) {
      throw problems.rule(
        'R-PRT-7',
        'not_an_indirect_reseller',
        'Not an indirect reseller',
        `${reseller.name} holds no active indirect reseller capability.`,
      );
    }
    if (invitation.partnerId) {
      const { profile } = await getProfile(tx, reseller.id);
      if (profile.partnerId !== invitation.partnerId) {
        throw problems.forbidden(`This invitation is for the partner with partner ID ${invitation.partnerId}.`);
      }
    }
    if (reseller.market !== provider.market) throw regionMismatch(provider, reseller);
    if (await activePartnership(tx, provider.id, reseller.id)) {
      throw problems.conflict('already_partners', 'Already partners', `${provider.name} is already one of your providers.`);
    }
    const used = await consumeActionToken(tx, rawToken, PARTNERSHIP_INVITATION);
    if (used.status !== 'ok') throw problems.gone();
    const partnership = await establishPartnership(tx, provider, reseller, invitation.id);
    const accepted = await updateInvitation(tx, invitation.id, {
      status: 'accepted',
      acceptedAt: clock.now(),
      acceptedBy: actor.userId,
      resellerId: reseller.id,
    });
    await recordEvent(tx, {
      type: 'partnership_invitation.accepted',
      tenantId: provider.id,
      subjectType: 'partnership_invitation',
      subjectId: invitation.id,
      before: invitation,
      after: accepted,
    });
    return partnership;
  });
}

/**
 * Records an active partnership and announces it to both sides. Accepting an invitation comes
 * here; so does the operator's own data (the demo seed, an import from another partner center).
 */
export async function establishPartnership(ctx: Ctx, provider: TenantView, reseller: TenantView, invitationId: string | null) {
  return inTransaction(ctx, async (tx) => {
    let partnership: PartnershipRow;
    try {
      partnership = await insertPartnership(tx, {
        providerId: provider.id,
        resellerId: reseller.id,
        status: 'active',
        invitationId,
        createdAt: clock.now(),
      });
    } catch (err) {
      if (isUniqueViolation(err, 'partnerships_one_active')) {
        throw problems.conflict(
          'already_partners',
          'Already partners',
          `${provider.name} and ${reseller.name} are partners already.`,
        );
      }
      throw err;
    }
    for (const tenantId of [provider.id, reseller.id]) {
      await recordEvent(tx, {
        type: 'partnership.created',
        tenantId,
        subjectType: 'partnership',
        subjectId: partnership.id,
        after: partnership,
      });
    }
    // R-PRT-3: the provider gets administrator access to the reseller's tenant, as a grant.
    await createDefaultGrant(tx, 'providerOnReseller', reseller.id, provider.id);
    return partnership;
  });
}

/**
 * R-PRT-6: only operator staff end a partnership, on a support request. The provider's
 * grants from the reseller end with it (R-PRT-3 gave the admin access through it); a
 * reseller's tenant is no customer (R-SELF-2), so no relationship can still justify them.
 */
export async function endPartnership(ctx: Ctx, id: string, supportRequest: string): Promise<PartnershipRow> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await partnershipById(tx, id, true);
    if (!before) throw problems.notFound('partnership');
    if (before.status === 'ended')
      throw problems.conflict('partnership_ended', 'Already ended', `Ended on ${before.endedAt?.toISOString()}.`);
    const after = await updatePartnership(tx, id, {
      status: 'ended',
      endedAt: clock.now(),
      endedBy: actor.userId,
      supportRequest,
    });
    for (const tenantId of [after.providerId, after.resellerId]) {
      await recordEvent(tx, { type: 'partnership.ended', tenantId, subjectType: 'partnership', subjectId: id, before, after });
    }
    const basis = { relationshipRoles: [], partnership: false };
    await endGrantsLeftWithoutBasis(tx, after.providerId, after.resellerId, basis, 'partnership_ended');
    return after;
  });
}

export { requireProvider };

/** The other sides of a page of partnerships, as the lists show them: two queries for the page. */
async function counterparts(ctx: Ctx, tenantIds: string[]) {
  const tenants = await getTenants(ctx, tenantIds);
  const profiles = await partnerProfiles(ctx, tenantIds);
  return (tenantId: string) => {
    const tenant = tenants.get(tenantId)!;
    return {
      id: tenant.id,
      name: tenant.name,
      countryCode: tenant.countryCode,
      market: tenant.market,
      partnerId: profiles.get(tenantId)?.partnerId ?? null,
    };
  };
}

function partnershipView(p: PartnershipRow) {
  return { partnershipId: p.id, status: p.status, since: p.createdAt.toISOString(), endedAt: p.endedAt?.toISOString() ?? null };
}

/** R-PRT-2: the provider's Indirect resellers page, with each reseller's readiness (R-AGR-2). */
export async function resellerItems(ctx: Ctx, page: PartnershipRow[]) {
  const ids = page.map((p) => p.resellerId);
  const counterpart = await counterparts(ctx, ids);
  const readiness = await resellerReadinessOf(ctx, ids);
  return page.map((p) => ({
    ...partnershipView(p),
    reseller: counterpart(p.resellerId),
    readiness: readiness.get(p.resellerId)!,
  }));
}

/** R-PRT-2: the reseller's Indirect providers page. */
export async function providerItems(ctx: Ctx, page: PartnershipRow[]) {
  const counterpart = await counterparts(
    ctx,
    page.map((p) => p.providerId),
  );
  return page.map((p) => ({ ...partnershipView(p), provider: counterpart(p.providerId) }));
}

/** A partner of the program, for the operator's pages: another kind of tenant, or none, is 404. */
export async function requireProgramPartner(ctx: Ctx, id: string): Promise<TenantView> {
  const [tenant] = (await getTenants(ctx, [id])).values();
  if (!tenant || tenant.kind !== 'partner') throw problems.notFound('partner');
  return tenant;
}

/**
 * R-PRT-6: a partner's partnerships as operator staff see them on its page, where support ends
 * one on a support request: the partner's side, the other side, since when, and how it ended.
 */
export async function operatorPartnershipItems(ctx: Ctx, partnerId: string, page: PartnershipRow[]) {
  const other = (p: PartnershipRow) => (p.providerId === partnerId ? p.resellerId : p.providerId);
  const counterpart = await counterparts(ctx, page.map(other));
  return page.map((p) => ({
    ...partnershipView(p),
    role: p.providerId === partnerId ? ('provider' as const) : ('reseller' as const),
    counterpart: counterpart(other(p)),
    supportRequest: p.supportRequest,
  }));
}

/** R-TRN-6: the Indirect providers area exists for active indirect resellers only. */
export async function requireReseller(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (actor.tenantKind !== 'partner' || !(await holdsActive(ctx, actor.tenantId, 'indirect_reseller'))) {
    throw problems.forbidden('The Indirect providers area opens once the indirect reseller capability is active.', {
      rule: 'R-TRN-6',
    });
  }
  return actor;
}

/**
 * The reseller's own view of one of its providers, present or past: any other provider id is
 * another tenant's business and answers 404, as every object of another tenant does.
 */
export async function requireOwnProvider(ctx: Ctx, providerId: string): Promise<void> {
  const reseller = await requireReseller(ctx);
  if (!(await anyPartnership(ctx, providerId, reseller.tenantId))) throw problems.notFound('indirect provider');
}

/** Whether a provider and a reseller work together now (R-CUS-3, R-CUS-4). */
export async function arePartners(ctx: Ctx, providerId: string, resellerId: string): Promise<boolean> {
  return Boolean(await activePartnership(ctx, providerId, resellerId));
}

/** The last `count` UTC months as YYYY-MM, oldest first, ending with the month of `now`. */
export function lastMonths(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/**
 * The provider's dashboard: counts made by the database in a fixed number of queries (the
 * reseller ids, three for their readiness, two GROUP BYs), so it stays quick however many
 * customers the provider has. Readiness reuses the rule's own check rather than a second copy in SQL.
 */
export async function providerDashboard(ctx: Ctx, top: number) {
  const { tenantId } = await requireProvider(ctx);
  const months = lastMonths(clock.now(), 12);
  const since = new Date(`${months[0]}-01T00:00:00Z`);
  const resellerIds = await activeResellerIds(ctx, tenantId);
  const readiness = await resellerReadinessOf(ctx, resellerIds);
  const ready = [...readiness.values()].filter((r) => r.ready).length;
  const byReseller = await customerCountsByReseller(ctx, tenantId);
  const byMonth = new Map((await newCustomerCountsByMonth(ctx, tenantId, since)).map((r) => [r.month, r.customers]));
  const rest = byReseller.slice(top);
  return {
    resellers: { ready, blocked: resellerIds.length - ready },
    customersByReseller: {
      items: byReseller.slice(0, top).map((r) => ({ reseller: { id: r.id!, name: r.name }, customers: r.customers })),
      others: { resellers: rest.length, customers: rest.reduce((sum, r) => sum + r.customers, 0) },
    },
    newCustomersByMonth: months.map((month) => ({ month, customers: byMonth.get(month) ?? 0 })),
  };
}
