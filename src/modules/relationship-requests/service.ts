import { withExpiry } from '../../domain/expiry.ts';
import { hasPermission } from '../../domain/roles.ts';
import { consumeActionToken, issueActionToken, revokeActionToken, type ActionToken } from '../../platform/action-tokens.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Actor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems, type ErrorCode } from '../../platform/http/errors.ts';
import { enqueueMail, enqueueMailTo } from '../../platform/mail/outbox.ts';
import { renderMail } from '../../platform/mail/render.ts';
import {
  assertNotAffiliated,
  ensureAccount,
  establishRelationships,
  hasRelationship,
  isProviderOf,
  isStoreChannelDirectCustomer,
  type NewRelationship,
} from '../customers/service.ts';
import { assertCanTransact, mayAddDirectCustomers, programInfo } from '../enrollments/service.ts';
import { getProfile, holdsActive, requirePartner } from '../partners/service.ts';
import { arePartners } from '../partnerships/service.ts';
import { createDefaultGrant, defaultGrantShape, granteesWithLiveGrants, liveGrantsHeld } from '../grants/service.ts';
import { getSetting } from '../settings/service.ts';
import { getTenant, tenantNames, type TenantView } from '../tenants/service.ts';
import { activeUserEmails, usersWithRoles } from '../users/service.ts';
import {
  acceptedOfMoves,
  insertRequest,
  pendingRequestsFor,
  receivedRequests,
  requestById,
  requestsByIds,
  requestsMailedTo,
  updateRequest,
  type Addressee,
  type ReceivedRow,
  type RequestRow,
} from './store.ts';

export const RELATIONSHIP_REQUEST = 'relationship_request' as const;
/** At most this many requests are mailed by Trellis to one address in a day, whoever sends them. */
const PER_RECIPIENT_PER_DAY = 10;

async function checkRecipientLimit(ctx: Ctx, email: string): Promise<void> {
  if ((await requestsMailedTo(ctx, email, new Date(clock.now().getTime() - DAY_MS))) >= PER_RECIPIENT_PER_DAY) {
    throw problems.rateLimited(3600);
  }
}

export function requestStatus(r: RequestRow): RequestRow['status'] {
  return withExpiry(r.status, 'pending', r.expiresAt, clock.now());
}

const notPending = (r: RequestRow) =>
  new AppError(409, 'request_not_pending', 'Not pending', `This request is ${requestStatus(r)}.`);

export function publicRequest(r: RequestRow) {
  return {
    id: r.id,
    providerId: r.providerId,
    customerId: r.customerId,
    email: r.email,
    status: requestStatus(r),
    expiresAt: r.expiresAt.toISOString(),
    sendCount: r.sendCount,
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    acceptedCustomerId: r.acceptedCustomerId,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A page of requests with the names of the provider and customer they name, in one more query. */
export async function withNames(ctx: Ctx, page: { items: ReturnType<typeof publicRequest>[]; nextCursor: string | null }) {
  const names = await tenantNames(
    ctx,
    page.items.flatMap((r) => [r.providerId, r.customerId].filter((id): id is string => id !== null)),
  );
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    items: page.items.map((r) => ({ ...r, providerName: nameOf(r.providerId), customerName: nameOf(r.customerId) })),
    nextCursor: page.nextCursor,
  };
}

export interface NewRequest {
  providerId?: string | undefined;
  customerId?: string | undefined;
  email?: string | undefined;
  /** Trellis mails the link to `email`; otherwise the partner sends the draft from its own mail. */
  send?: boolean | undefined;
}

function refuse(rule: `R-${string}`, code: ErrorCode, title: string, detail: string) {
  return problems.rule(rule, code, title, detail);
}

/** What the request mail says: who asks, with which provider, the link and for how long. */
async function mailData(ctx: Ctx, request: RequestRow, partner: TenantView, token: string) {
  const url = `${ctx.platform.config.publicUrl}/links/${token}`;
  const provider = request.providerId ? await getTenant(ctx, request.providerId) : undefined;
  const days = Math.max(1, Math.round((request.expiresAt.getTime() - clock.now().getTime()) / DAY_MS));
  return { partnerName: partner.name, providerName: provider?.name, url, days };
}

/** The link and an editable draft mail (R-CUS-1): subject, body and a mailto: form. */
async function linkAndDraft(ctx: Ctx, request: RequestRow, partner: TenantView, token: string) {
  const data = await mailData(ctx, request, partner, token);
  const mail = renderMail('relationshipRequest', partner.language, data);
  const mailto = `mailto:${request.email ? encodeURIComponent(request.email) : ''}?subject=${encodeURIComponent(mail.subject)}&body=${encodeURIComponent(mail.text)}`;
  if (request.email && request.sendCount > 0) {
    await enqueueMail(ctx, {
      to: { address: request.email, language: partner.language },
      template: 'relationshipRequest',
      tenantId: partner.id,
      data,
    });
  }
  return { link: data.url, draft: { subject: mail.subject, body: mail.text, mailto } };
}

/**
 * Who may ask: a joint request (R-CUS-2) comes from an active indirect reseller that is ready to
 * transact (R-PRT-7) and works with the provider; a direct one from a direct-bill partner that
 * has not moved to indirect (R-TRN-5).
 */
export async function assertMayRequest(ctx: Ctx, partnerId: string, providerId: string | undefined): Promise<void> {
  if (providerId) {
    if (!(await holdsActive(ctx, partnerId, 'indirect_reseller'))) {
      throw refuse(
        'R-CUS-2',
        'not_an_indirect_reseller',
        'Joint requests are made by indirect resellers',
        'Only an active indirect reseller invites customers with one of its providers.',
      );
    }
    if (!(await arePartners(ctx, providerId, partnerId))) {
      throw refuse(
        'R-CUS-2',
        'not_your_provider',
        'Not one of your providers',
        'A joint request names a provider the reseller works with.',
      );
    }
    if (!(await programInfo(ctx, partnerId)).resellerReadiness.ready) {
      throw refuse(
        'R-PRT-7',
        'reseller_not_ready',
        'Not ready to transact',
        'An indirect reseller must be ready to transact (R-AGR-2) before new business.',
      );
    }
    return;
  }
  if (!(await holdsActive(ctx, partnerId, 'direct_bill'))) {
    throw refuse(
      'R-CUS-2',
      'provider_required',
      'Name a provider',
      'An indirect reseller invites customers jointly with one of its providers (providerId).',
    );
  }
  if (!(await mayAddDirectCustomers(ctx, partnerId))) {
    throw refuse(
      'R-TRN-5',
      'no_new_direct_customers',
      'No new direct customers',
      'Since the move to indirect reseller, requests are made jointly with a provider.',
    );
  }
}

/** R-TRN-9: the refusal for a store-channel customer of a direct-bill partner, at creation and at acceptance. */
function storeChannelRefusal(customer: TenantView, partner: TenantView) {
  return refuse(
    'R-TRN-9',
    'store_channel_customer',
    'This customer cannot accept an indirect reseller invitation',
    `${customer.name} buys through the store channel, which does not let a customer accept an indirect reseller ` +
      `invitation from its existing direct-bill partner. It stays on direct bill: ${partner.name} keeps ordering for it ` +
      'with its direct-bill capability.',
  );
}

/** A request naming a customer: one of the partner's own (R-CUS-9), in its market (R-REG-1), able to move (R-TRN-9). */
async function assertNamedCustomer(ctx: Ctx, partner: TenantView, customerId: string, providerId: string | undefined) {
  if (!(await hasRelationship(ctx, partner.id, customerId))) throw problems.notFound('customer');
  const customer = await getTenant(ctx, customerId);
  if (customer.market !== partner.market) {
    throw refuse(
      'R-REG-1',
      'region_mismatch',
      'Customer in another market',
      `${customer.name} is in ${customer.market}; ${partner.name} in ${partner.market}.`,
    );
  }
  if (providerId && (await isStoreChannelDirectCustomer(ctx, partner.id, customerId))) {
    throw storeChannelRefusal(customer, partner);
  }
  return customer;
}

/** Writes a pending request and its link (R-CUS-1) in the caller's transaction, with its event. */
async function issueRequest(
  tx: Ctx,
  values: Pick<RequestRow, 'partnerId' | 'providerId' | 'customerId' | 'email' | 'bulkMoveId' | 'createdBy'> & {
    sent: boolean;
  },
) {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + (await getSetting(tx, 'linkExpiryDays')) * DAY_MS);
  const { sent, ...rest } = values;
  const inserted = await insertRequest(tx, {
    ...rest,
    status: 'pending',
    expiresAt,
    sendCount: sent ? 1 : 0,
    lastSentAt: sent ? now : null,
    createdAt: now,
  });
  const { token, row } = await issueActionToken(tx, {
    purpose: RELATIONSHIP_REQUEST,
    tenantId: values.partnerId,
    subjectId: inserted.id,
    ttlMs: expiresAt.getTime() - now.getTime(),
  });
  const request = await updateRequest(tx, inserted.id, { tokenId: row.id });
  await recordEvent(tx, {
    type: 'relationship_request.created',
    tenantId: values.partnerId,
    subjectType: 'relationship_request',
    subjectId: request.id,
    after: request,
  });
  return { request, token };
}

/**
 * R-CUS-1, R-CUS-2: a partner asks a customer to make it its reseller, alone (direct bill)
 * or jointly with one of its providers; the answer holds the link and a draft mail.
 */
export async function createRequest(ctx: Ctx, input: NewRequest) {
  const actor = requirePartner(ctx);
  await assertCanTransact(ctx, actor.tenantId); // R-AGR-1
  if (input.send && !input.email) {
    throw problems.invalid('Trellis sends the request to an e-mail address: give email, or leave send out.', [
      { in: 'body', path: '/email', message: 'required when send is true' },
    ]);
  }
  await assertMayRequest(ctx, actor.tenantId, input.providerId);
  const partner = await getTenant(ctx, actor.tenantId);
  if (input.customerId) await assertNamedCustomer(ctx, partner, input.customerId, input.providerId);
  return inTransaction(ctx, async (tx) => {
    if (input.send) await checkRecipientLimit(tx, input.email!.toLowerCase());
    const { request, token } = await issueRequest(tx, {
      partnerId: actor.tenantId,
      providerId: input.providerId ?? null,
      customerId: input.customerId ?? null,
      email: input.email?.toLowerCase() ?? null,
      bulkMoveId: null,
      createdBy: actor.userId,
      sent: Boolean(input.send),
    });
    return { request, ...(await linkAndDraft(tx, request, partner, token)) };
  });
}

/**
 * R-TRN-9: one customer of a bulk move to a provider. The caller is the user who started the
 * move; the request is joint (R-CUS-2), names the customer, and Trellis mails its link to the
 * customer's global admins. The customer is refused as createRequest refuses it, and also when
 * the provider already serves it (`already_with_provider`), a pending joint request for it and
 * the provider exists (`request_pending`), or it has no active global admin. The requester's
 * own checks (R-AGR-1, assertMayRequest) are the caller's, once per batch in the same
 * transaction: they do not depend on the customer.
 */
export async function sendMoveRequest(ctx: Ctx, input: { providerId: string; customerId: string; bulkMoveId: string }) {
  const actor = requirePartner(ctx);
  const partner = await getTenant(ctx, actor.tenantId);
  const customer = await assertNamedCustomer(ctx, partner, input.customerId, input.providerId);
  if (await isProviderOf(ctx, input.providerId, customer.id)) {
    throw problems.conflict(
      'already_with_provider',
      'Already with this provider',
      `${customer.name} already works with this provider: there is nothing to move.`,
      { rule: 'R-TRN-9' },
    );
  }
  if ((await pendingRequestsFor(ctx, actor.tenantId, input.providerId, customer.id, clock.now())) > 0) {
    throw problems.conflict(
      'request_pending',
      'A request is pending',
      `A joint request to ${customer.name} with this provider is pending already: the customer has its link.`,
    );
  }
  const admins = await usersWithRoles(ctx, customer.id, ['global_admin']);
  if (admins.length === 0) {
    throw refuse(
      'R-CUS-1',
      'no_customer_admin',
      'No one to accept',
      `${customer.name} has no active global admin to accept the request.`,
    );
  }
  return inTransaction(ctx, async (tx) => {
    const email = admins[0]!.email;
    await checkRecipientLimit(tx, email);
    const { request, token } = await issueRequest(tx, {
      partnerId: actor.tenantId,
      providerId: input.providerId,
      customerId: customer.id,
      email,
      bulkMoveId: input.bulkMoveId,
      createdBy: actor.userId,
      sent: true,
    });
    const data = await mailData(tx, request, partner, token);
    for (const admin of admins) {
      await enqueueMailTo(tx, { ...admin, tenantId: partner.id }, 'relationshipRequest', data);
    }
    return request;
  });
}

/** How many requests a bulk move sent were accepted so far (R-TRN-9: its progress). */
/** The requests of each of these bulk moves that their customers accepted so far. */
export async function acceptedOfBulkMoves(ctx: Ctx, bulkMoveIds: string[]): Promise<Map<string, number>> {
  return acceptedOfMoves(ctx, bulkMoveIds);
}

/** The status of each of these requests of a partner, by id. */
export async function requestStatuses(ctx: Ctx, partnerId: string, ids: string[]): Promise<Map<string, RequestRow['status']>> {
  return new Map((await requestsByIds(ctx, partnerId, ids)).map((r) => [r.id, requestStatus(r)]));
}

export async function getRequest(ctx: Ctx, id: string): Promise<RequestRow> {
  const actor = requirePartner(ctx);
  const row = await requestById(ctx, actor.tenantId, id);
  if (!row) throw problems.notFound('relationship request');
  return row;
}

export async function revokeRequest(ctx: Ctx, id: string): Promise<RequestRow> {
  const actor = requirePartner(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await requestById(tx, actor.tenantId, id, true);
    if (!before) throw problems.notFound('relationship request');
    if (before.status !== 'pending') throw notPending(before);
    if (before.tokenId) await revokeActionToken(tx, before.tokenId);
    const after = await updateRequest(tx, id, { status: 'revoked', revokedAt: clock.now() });
    await recordEvent(tx, {
      type: 'relationship_request.revoked',
      tenantId: actor.tenantId,
      subjectType: 'relationship_request',
      subjectId: id,
      before,
      after,
    });
    return after;
  });
}

/** A new link for a pending or expired request (the old one stops), mailed again when Trellis sent it. */
export async function resendRequest(ctx: Ctx, id: string) {
  const actor = requirePartner(ctx);
  await assertCanTransact(ctx, actor.tenantId);
  return inTransaction(ctx, async (tx) => {
    const before = await requestById(tx, actor.tenantId, id, true);
    if (!before) throw problems.notFound('relationship request');
    if (before.status !== 'pending' && before.status !== 'expired') throw notPending(before);
    if (before.tokenId) await revokeActionToken(tx, before.tokenId);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + (await getSetting(tx, 'linkExpiryDays')) * DAY_MS);
    const { token, row } = await issueActionToken(tx, {
      purpose: RELATIONSHIP_REQUEST,
      tenantId: actor.tenantId,
      subjectId: id,
      ttlMs: expiresAt.getTime() - now.getTime(),
    });
    const sent = before.sendCount > 0 && before.email;
    if (sent) await checkRecipientLimit(tx, before.email!);
    const after = await updateRequest(tx, id, {
      status: 'pending',
      expiresAt,
      tokenId: row.id,
      sendCount: sent ? before.sendCount + 1 : before.sendCount,
      lastSentAt: sent ? now : before.lastSentAt,
    });
    await recordEvent(tx, {
      type: 'relationship_request.resent',
      tenantId: actor.tenantId,
      subjectType: 'relationship_request',
      subjectId: id,
      before,
      after,
    });
    return { request: after, ...(await linkAndDraft(tx, after, await getTenant(tx, actor.tenantId), token)) };
  });
}

/** What a relationship request's link tells the customer before it signs in. */
export async function describeRequest(ctx: Ctx, token: ActionToken) {
  const request = (await requestById(ctx, null, token.subjectId!))!;
  const partner = await getTenant(ctx, request.partnerId);
  const provider = request.providerId ? await getTenant(ctx, request.providerId) : undefined;
  const { profile } = await getProfile(ctx, partner.id);
  // A named customer moving from direct to indirect keeps the grant it gave (R-TRN-9): say so.
  const keepsGrant = request.customerId !== null && (await hasLiveGrantTo(ctx, request.customerId, partner.id));
  return {
    kind: RELATIONSHIP_REQUEST,
    expiresAt: token.expiresAt.toISOString(),
    from: { name: partner.name, market: partner.market, partnerId: profile.partnerId },
    provider: provider ? { name: provider.name, market: provider.market } : null,
    forNamedCustomer: request.customerId !== null,
    keepsGrant,
    acceptedBy: 'a global admin of the customer (sign up a customer tenant first if you have none)',
    authorizes: [
      keepsGrant
        ? `${partner.name} stays your reseller of record and keeps the admin grant you gave it (R-CUS-1).`
        : `${partner.name} becomes your reseller of record, with administrator permissions (R-CUS-1).`,
      ...(provider ? [`${provider.name} may submit orders for you (R-CUS-2).`] : []),
    ],
  };
}

/**
 * A partner tenant is never a customer (R-SELF-2: buying for own use goes through an
 * internal_use customer tenant). A reseller asked to become its own provider's customer is
 * told the three ways out (R-SELF-3).
 */
async function refusePartnerAsCustomer(ctx: Ctx, partnerTenantId: string, token: ActionToken): Promise<never> {
  const request = (await requestById(ctx, null, token.subjectId!))!;
  const providers = [request.partnerId, ...(request.providerId ? [request.providerId] : [])];
  for (const p of providers) {
    if (await arePartners(ctx, p, partnerTenantId)) {
      const provider = await getTenant(ctx, p);
      throw refuse(
        'R-SELF-3',
        'reseller_as_provider_customer',
        'A reseller cannot be its provider’s customer with the same tenant',
        `You are a reseller of ${provider.name}. To buy from it: use another tenant (an internal_use customer tenant), ` +
          'ask the operator to end the partnership, or buy through another provider.',
      );
    }
  }
  throw refuse(
    'R-SELF-2',
    'partner_tenant_as_customer',
    'A partner tenant is not a customer',
    'Buy for your own use through a separate customer tenant of type internal_use (POST /v1/customers with internalUse: true).',
  );
}

/** Only a customer's global admin accepts a relationship request (R-CUS-1); a partner tenant is never a customer. */
async function requireAcceptor(ctx: Ctx, token?: ActionToken): Promise<Actor> {
  const actor = requireActor(ctx);
  if (actor.tenantKind === 'partner' && token) await refusePartnerAsCustomer(ctx, actor.tenantId, token);
  if (actor.tenantKind !== 'customer' || !hasPermission(actor.tenantKind, actor.roles, 'relationships.accept')) {
    throw problems.forbidden("Only a customer's global admin accepts a relationship request (R-CUS-1).", { rule: 'R-CUS-1' });
  }
  return actor;
}

/**
 * A customer's global admin accepts by the mailed link: the relationships are created all at
 * once or not at all (R-CUS-2), and the link is used up in the same transaction.
 */
export async function acceptRequest(ctx: Ctx, rawToken: string, token: ActionToken) {
  const actor = await requireAcceptor(ctx, token);
  return inTransaction(ctx, async (tx) => {
    const request = (await requestById(tx, null, token.subjectId!, true))!;
    if (request.status !== 'pending') throw problems.gone();
    if (request.customerId && request.customerId !== actor.tenantId) {
      throw problems.forbidden('This request is for another customer.');
    }
    return completeAcceptance(tx, actor, request, async () => {
      const used = await consumeActionToken(tx, rawToken, RELATIONSHIP_REQUEST);
      if (used.status !== 'ok') throw problems.gone();
    });
  });
}

/**
 * A customer's global admin accepts a pending request that names its tenant from its list of
 * requests received, as the link would (R-CUS-1, R-CUS-2); the mailed link stops working (410),
 * as a used one does. A request sent by e-mail names no customer: the link in that mail is what
 * shows it reached this one, so it is accepted there (`link_required`).
 */
export async function acceptReceivedRequest(ctx: Ctx, id: string) {
  const actor = await requireAcceptor(ctx);
  const to = await addresseeOf(ctx, actor);
  return inTransaction(ctx, async (tx) => {
    const [found] = await receivedRequests(tx, to, { id });
    if (!found) throw problems.notFound('relationship request');
    if (requestStatus(found.request) !== 'pending') throw notPending(found.request);
    if (found.request.customerId !== actor.tenantId) {
      throw refuse(
        'R-CUS-1',
        'link_required',
        'Accept it from its link',
        `${found.partnerName} sent this request by e-mail without naming your tenant: accept it from the link in that e-mail.`,
      );
    }
    // Locked, it is read again: an acceptance at the same moment may have come first.
    const request = (await requestById(tx, null, id, true))!;
    if (requestStatus(request) !== 'pending') throw notPending(request);
    await completeAcceptance(tx, actor, request, async () => {
      if (request.tokenId) await revokeActionToken(tx, request.tokenId);
    });
    const [accepted] = await receivedRequests(tx, to, { id });
    return (await receivedItems(tx, actor.tenantId, [accepted!]))[0]!;
  });
}

/**
 * The acceptance itself, in the caller's transaction, once the request (locked, pending, not
 * another customer's) is known: the markets (R-REG-1), the partnership a joint request rests on
 * (R-CUS-2), the store channel (R-TRN-9) and affiliates (R-SELF-1) are checked, `useLink` stops
 * the link, and the relationships, the reseller of record's grant and the event are written.
 */
async function completeAcceptance(tx: Ctx, actor: Actor, request: RequestRow, useLink: () => Promise<void>) {
  const customer = await getTenant(tx, actor.tenantId);
  const partner = await getTenant(tx, request.partnerId);
  for (const p of [partner, ...(request.providerId ? [await getTenant(tx, request.providerId)] : [])]) {
    if (p.market !== customer.market) {
      throw refuse(
        'R-REG-1',
        'region_mismatch',
        'Partner in another market',
        `${p.name} sells in ${p.market}; ${customer.name} is in ${customer.market}.`,
      );
    }
  }
  if (request.providerId && !(await arePartners(tx, request.providerId, request.partnerId))) {
    throw refuse(
      'R-CUS-2',
      'partnership_ended',
      'The partnership has ended',
      'The provider and the reseller no longer work together.',
    );
  }
  // R-TRN-9: the store channel may have been flagged after the request was sent.
  if (request.providerId && (await isStoreChannelDirectCustomer(tx, request.partnerId, customer.id))) {
    throw storeChannelRefusal(customer, partner);
  }
  await assertNotAffiliated(tx, [request.partnerId, ...(request.providerId ? [request.providerId] : [])], customer.id);
  await useLink();
  await ensureAccount(tx, customer.id, actor.email.split('@')[1]);
  const wanted: NewRelationship[] = request.providerId
    ? [
        { partnerId: request.partnerId, role: 'indirect_reseller', resellerId: null },
        { partnerId: request.providerId, role: 'indirect_provider', resellerId: request.partnerId },
      ]
    : [{ partnerId: request.partnerId, role: 'direct_partner', resellerId: null }];
  const relationships = await establishRelationships(tx, customer.id, wanted);
  // R-CUS-1: the reseller of record gets administrator permissions, as a time-bound grant. A
  // direct customer moving to indirect (R-TRN-9) already holds one to the reseller: it is kept.
  const kept = await hasLiveGrantTo(tx, customer.id, request.partnerId);
  if (!kept) {
    await createDefaultGrant(tx, request.providerId ? 'indirect_reseller' : 'direct_partner', customer.id, request.partnerId);
  }
  const after = await updateRequest(tx, request.id, {
    status: 'accepted',
    acceptedAt: clock.now(),
    acceptedBy: actor.userId,
    acceptedCustomerId: customer.id,
  });
  await recordEvent(tx, {
    type: 'relationship_request.accepted',
    tenantId: request.partnerId,
    subjectType: 'relationship_request',
    subjectId: request.id,
    before: request,
    after,
  });
  return {
    kind: RELATIONSHIP_REQUEST,
    customerId: customer.id,
    relationships: relationships.map((r) => ({ id: r.id, partnerId: r.partnerId, role: r.role })),
    adminGrant: kept ? ('kept' as const) : ('created' as const),
  };
}

/** The customer tenant of a customer's admin as the addressee of requests: its id and its users' addresses. */
async function addresseeOf(ctx: Ctx, actor: Actor): Promise<Addressee> {
  return { customerId: actor.tenantId, emails: await activeUserEmails(ctx, actor.tenantId) };
}

/** The caller's tenant as the addressee of requests, for its list of requests received. */
export async function receivingCustomer(ctx: Ctx): Promise<Addressee> {
  return addresseeOf(ctx, await requireAcceptor(ctx));
}

/** One request the caller's customer tenant received; another's, or none: 404. */
export async function getReceivedRequest(ctx: Ctx, id: string) {
  const to = await receivingCustomer(ctx);
  const [found] = await receivedRequests(ctx, to, { id });
  if (!found) throw problems.notFound('relationship request');
  return (await receivedItems(ctx, to.customerId, [found]))[0]!;
}

/**
 * Requests as the customer that received them sees them: who asks (the partner, and the
 * provider of a joint request), their status and, while pending, what accepting authorizes
 * (R-CUS-1: the default grant the reseller of record would get now, or the one it keeps,
 * R-TRN-9; R-CUS-2: the provider's orders) and where it is accepted.
 */
export async function receivedItems(ctx: Ctx, customerId: string, rows: ReceivedRow[]) {
  const pending = rows.filter((r) => requestStatus(r.request) === 'pending');
  const kept = await granteesWithLiveGrants(
    ctx,
    customerId,
    pending.map((r) => r.request.partnerId),
  );
  const grants =
    pending.length > 0
      ? { direct: await defaultGrantShape(ctx, 'direct_partner'), joint: await defaultGrantShape(ctx, 'indirect_reseller') }
      : undefined;
  return rows.map(({ request: r, partnerName, providerName }) => {
    const status = requestStatus(r);
    const keepsGrant = status === 'pending' && kept.has(r.partnerId);
    const shape = r.providerId ? grants?.joint : grants?.direct;
    return {
      id: r.id,
      partner: { id: r.partnerId, name: partnerName },
      provider: r.providerId ? { id: r.providerId, name: providerName ?? '' } : null,
      namesYou: r.customerId === customerId,
      email: r.email,
      status,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      acceptedAt: r.acceptedAt?.toISOString() ?? null,
      acceptance: status !== 'pending' ? null : r.customerId === customerId ? ('here' as const) : ('link' as const),
      authorizes:
        status !== 'pending' || !shape
          ? null
          : {
              providerOrders: r.providerId !== null,
              keepsGrant,
              adminGrant: keepsGrant ? null : { roles: shape.roles, days: shape.days, autoExtend: shape.autoExtend },
            },
    };
  });
}

/** Whether a customer has a live grant, of any roles, to a partner. */
async function hasLiveGrantTo(ctx: Ctx, customerId: string, partnerId: string): Promise<boolean> {
  return (await liveGrantsHeld(ctx, partnerId, customerId)).length > 0;
}
