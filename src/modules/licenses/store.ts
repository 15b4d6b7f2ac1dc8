import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { licenseAssignments, offers, subscriptions, users } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type AssignmentRow = typeof licenseAssignments.$inferSelect;

export async function assignmentOf(ctx: Ctx, subscriptionId: string, userId: string): Promise<AssignmentRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(licenseAssignments)
    .where(and(eq(licenseAssignments.subscriptionId, subscriptionId), eq(licenseAssignments.userId, userId)));
  return row;
}

/** How many of a subscription's licenses are assigned. */
export async function assignedCount(ctx: Ctx, subscriptionId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(licenseAssignments)
    .where(eq(licenseAssignments.subscriptionId, subscriptionId));
  return row?.n ?? 0;
}

/** How many licenses are assigned of each of these subscriptions, in one query (none: absent). */
export async function assignedCounts(ctx: Ctx, subscriptionIds: string[]): Promise<Map<string, number>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: licenseAssignments.subscriptionId, n: sql<number>`count(*)::int` })
    .from(licenseAssignments)
    .where(inArray(licenseAssignments.subscriptionId, subscriptionIds))
    .groupBy(licenseAssignments.subscriptionId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function insertAssignment(ctx: Ctx, values: typeof licenseAssignments.$inferInsert): Promise<AssignmentRow> {
  const [row] = await ctx.db.insert(licenseAssignments).values(values).returning();
  return row!;
}

export async function deleteAssignment(ctx: Ctx, subscriptionId: string, userId: string): Promise<AssignmentRow | undefined> {
  const [row] = await ctx.db
    .delete(licenseAssignments)
    .where(and(eq(licenseAssignments.subscriptionId, subscriptionId), eq(licenseAssignments.userId, userId)))
    .returning();
  return row;
}

export interface AssignmentFilter {
  customerId: string;
  subscriptionId?: string | undefined;
  userId?: string | undefined;
  /** A partner sees the licenses of the subscriptions it ordered or is reseller of record of (R-CUS-9). */
  partnerId?: string | undefined;
  id?: string | undefined;
}

/** Assignments with their user and offer, newest first: one query, whatever the page's size. */
export async function pageAssignments(ctx: Ctx, filter: AssignmentFilter, after: Key | undefined, take: number) {
  return ctx.db
    .select({
      assignment: licenseAssignments,
      user: { id: users.id, name: users.name, email: users.email, status: users.status },
      offer: { id: offers.id, sku: offers.sku, name: offers.name },
    })
    .from(licenseAssignments)
    .innerJoin(subscriptions, eq(subscriptions.id, licenseAssignments.subscriptionId))
    .innerJoin(offers, eq(offers.id, subscriptions.offerId))
    .innerJoin(users, eq(users.id, licenseAssignments.userId))
    .where(
      and(
        eq(licenseAssignments.customerId, filter.customerId),
        filter.id ? eq(licenseAssignments.id, filter.id) : undefined,
        filter.subscriptionId ? eq(licenseAssignments.subscriptionId, filter.subscriptionId) : undefined,
        filter.userId ? eq(licenseAssignments.userId, filter.userId) : undefined,
        filter.partnerId
          ? or(eq(subscriptions.partnerId, filter.partnerId), eq(subscriptions.resellerId, filter.partnerId))
          : undefined,
        afterCreatedAndId(licenseAssignments.createdAt, licenseAssignments.id, after, 'desc'),
      ),
    )
    .orderBy(desc(licenseAssignments.createdAt), desc(licenseAssignments.id))
    .limit(take);
}
