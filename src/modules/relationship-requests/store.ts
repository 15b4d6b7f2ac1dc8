import { and, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { clock } from '../../platform/clock.ts';
import { acrossTenants, type Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { relationshipRequests, tenants } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type RequestRow = typeof relationshipRequests.$inferSelect;

export async function insertRequest(ctx: Ctx, values: typeof relationshipRequests.$inferInsert): Promise<RequestRow> {
  const [row] = await ctx.db.insert(relationshipRequests).values(values).returning();
  return row!;
}

export async function updateRequest(
  ctx: Ctx,
  id: string,
  values: Partial<typeof relationshipRequests.$inferInsert>,
): Promise<RequestRow> {
  const [row] = await ctx.db.update(relationshipRequests).set(values).where(eq(relationshipRequests.id, id)).returning();
  return row!;
}

/** One request; `partnerId` null for link handling, which is not scoped to the requester. */
export async function requestById(ctx: Ctx, partnerId: string | null, id: string, lock = false): Promise<RequestRow | undefined> {
  const q = ctx.db
    .select()
    .from(relationshipRequests)
    .where(and(eq(relationshipRequests.id, id), partnerId ? eq(relationshipRequests.partnerId, partnerId) : undefined));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function pageRequests(ctx: Ctx, partnerId: string, after: Key | undefined, take: number): Promise<RequestRow[]> {
  return ctx.db
    .select()
    .from(relationshipRequests)
    .where(
      and(
        eq(relationshipRequests.partnerId, partnerId),
        afterCreatedAndId(relationshipRequests.createdAt, relationshipRequests.id, after, 'desc'),
      ),
    )
    .orderBy(desc(relationshipRequests.createdAt), desc(relationshipRequests.id))
    .limit(take);
}

/**
 * A customer tenant as the addressee of requests: the requests naming it, those it accepted,
 * and those sent by e-mail to one of its active users that name no customer and no other
 * tenant accepted.
 */
export interface Addressee {
  customerId: string;
  emails: string[];
}

function addressedTo(to: Addressee): SQL {
  const r = relationshipRequests;
  return or(
    eq(r.customerId, to.customerId),
    eq(r.acceptedCustomerId, to.customerId),
    to.emails.length > 0 ? and(isNull(r.customerId), isNull(r.acceptedCustomerId), inArray(r.email, to.emails)) : undefined,
  )!;
}

const providers = alias(tenants, 'provider');

/** A received request with the names of the partner that asks and of the provider it asks with. */
export interface ReceivedRow {
  request: RequestRow;
  partnerName: string;
  providerName: string | null;
}

/**
 * Requests addressed to a customer, newest first (or the one with `id`). A request sent by
 * e-mail to a customer not yet known links no tenant to the partner, so under row-level
 * security the customer would not see it: the lookup spans tenants, and `addressedTo` is
 * what keeps it to the caller's own (an address has one account in the whole installation).
 */
export type RequestStatus = RequestRow['status'];

/**
 * Requests whose status, as a reader sees it, is `status`: a pending request past its expiry
 * reads expired (withExpiry), so pending means unexpired and expired takes in the lapsed ones.
 */
function statusIs(status: RequestStatus, now: Date): SQL {
  const r = relationshipRequests;
  if (status === 'pending') return and(eq(r.status, 'pending'), gt(r.expiresAt, now))!;
  if (status === 'expired') return or(eq(r.status, 'expired'), and(eq(r.status, 'pending'), lte(r.expiresAt, now)))!;
  return eq(r.status, status);
}

export async function receivedRequests(
  ctx: Ctx,
  to: Addressee,
  page: { after: Key | undefined; take: number; status?: RequestStatus | undefined } | { id: string },
): Promise<ReceivedRow[]> {
  const r = relationshipRequests;
  return acrossTenants(ctx, (db) => {
    const q = db
      .select({ request: r, partnerName: tenants.name, providerName: providers.name })
      .from(r)
      .innerJoin(tenants, eq(tenants.id, r.partnerId))
      .leftJoin(providers, eq(providers.id, r.providerId));
    if ('id' in page) return q.where(and(eq(r.id, page.id), addressedTo(to)));
    return q
      .where(
        and(
          addressedTo(to),
          page.status ? statusIs(page.status, clock.now()) : undefined,
          afterCreatedAndId(r.createdAt, r.id, page.after, 'desc'),
        ),
      )
      .orderBy(desc(r.createdAt), desc(r.id))
      .limit(page.take);
  });
}

/** Requests Trellis mailed to one address since `since`, by every partner: the per-recipient limit. */
export async function requestsMailedTo(ctx: Ctx, email: string, since: Date): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`coalesce(sum(${relationshipRequests.sendCount}), 0)::int` })
    .from(relationshipRequests)
    .where(and(eq(relationshipRequests.email, email), gt(relationshipRequests.lastSentAt, since)));
  return row?.n ?? 0;
}

/** Pending, unexpired requests of a partner to a named customer jointly with a provider. */
export async function pendingRequestsFor(
  ctx: Ctx,
  partnerId: string,
  providerId: string,
  customerId: string,
  now: Date,
): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(relationshipRequests)
    .where(
      and(
        eq(relationshipRequests.customerId, customerId),
        eq(relationshipRequests.partnerId, partnerId),
        eq(relationshipRequests.providerId, providerId),
        eq(relationshipRequests.status, 'pending'),
        gt(relationshipRequests.expiresAt, now),
      ),
    );
  return row?.n ?? 0;
}

/** Requests of a bulk move accepted so far. */
/** The accepted requests of each of these bulk moves, in one query (a move with none is absent). */
export async function acceptedOfMoves(ctx: Ctx, bulkMoveIds: string[]): Promise<Map<string, number>> {
  if (bulkMoveIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ moveId: sql<string>`${relationshipRequests.bulkMoveId}`, n: sql<number>`count(*)::int` })
    .from(relationshipRequests)
    .where(and(inArray(relationshipRequests.bulkMoveId, bulkMoveIds), eq(relationshipRequests.status, 'accepted')))
    .groupBy(relationshipRequests.bulkMoveId);
  return new Map(rows.map((r) => [r.moveId, r.n]));
}

export async function requestsByIds(ctx: Ctx, partnerId: string, ids: string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  return ctx.db
    .select()
    .from(relationshipRequests)
    .where(and(eq(relationshipRequests.partnerId, partnerId), inArray(relationshipRequests.id, ids)));
}
