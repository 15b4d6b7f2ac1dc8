import { and, desc, eq, gt, gte, sql } from 'drizzle-orm';
import { acrossTenants, type Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { customerRelationships, partnershipInvitations, partnerships, tenants } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { isValue } from '../../platform/db/literal.ts';

export type InvitationRow = typeof partnershipInvitations.$inferSelect;
export type PartnershipRow = typeof partnerships.$inferSelect;

export async function insertInvitation(ctx: Ctx, values: typeof partnershipInvitations.$inferInsert): Promise<InvitationRow> {
  const [row] = await ctx.db.insert(partnershipInvitations).values(values).returning();
  return row!;
}

export async function updateInvitation(ctx: Ctx, id: string, values: Partial<typeof partnershipInvitations.$inferInsert>) {
  const [row] = await ctx.db.update(partnershipInvitations).set(values).where(eq(partnershipInvitations.id, id)).returning();
  return row!;
}

/** One invitation; `providerId` null when the caller is not scoped to a provider (links). */
export async function invitationById(ctx: Ctx, providerId: string | null, id: string, lock = false) {
  const q = ctx.db
    .select()
    .from(partnershipInvitations)
    .where(and(eq(partnershipInvitations.id, id), providerId ? eq(partnershipInvitations.providerId, providerId) : undefined));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function pendingInvitationTo(ctx: Ctx, providerId: string, sentTo: string) {
  const [row] = await ctx.db
    .select()
    .from(partnershipInvitations)
    .where(
      and(
        eq(partnershipInvitations.providerId, providerId),
        eq(partnershipInvitations.sentTo, sentTo),
        isValue(partnershipInvitations.status, 'pending'),
      ),
    )
    .for('update');
  return row;
}

/** Invitations mailed to one address since `since`, by every provider: the per-recipient limit. */
export async function invitationsSentTo(ctx: Ctx, sentTo: string, since: Date): Promise<number> {
  // Every provider's invitations count: the limit spans tenants.
  const [row] = await acrossTenants(ctx, (db) =>
    db
      .select({ n: sql<number>`coalesce(sum(${partnershipInvitations.sendCount}), 0)::int` })
      .from(partnershipInvitations)
      .where(and(eq(partnershipInvitations.sentTo, sentTo), gt(partnershipInvitations.lastSentAt, since))),
  );
  return row?.n ?? 0;
}

export async function pageInvitations(ctx: Ctx, providerId: string, after: Key | undefined, take: number) {
  return ctx.db
    .select()
    .from(partnershipInvitations)
    .where(
      and(
        eq(partnershipInvitations.providerId, providerId),
        afterCreatedAndId(partnershipInvitations.createdAt, partnershipInvitations.id, after, 'desc'),
      ),
    )
    .orderBy(desc(partnershipInvitations.createdAt), desc(partnershipInvitations.id))
    .limit(take);
}

export async function insertPartnership(ctx: Ctx, values: typeof partnerships.$inferInsert): Promise<PartnershipRow> {
  const [row] = await ctx.db.insert(partnerships).values(values).returning();
  return row!;
}

export async function activePartnership(ctx: Ctx, providerId: string, resellerId: string) {
  const [row] = await ctx.db
    .select()
    .from(partnerships)
    .where(
      and(eq(partnerships.providerId, providerId), eq(partnerships.resellerId, resellerId), eq(partnerships.status, 'active')),
    );
  return row;
}

/** Whether the two ever worked together (a partnership active or ended). */
export async function anyPartnership(ctx: Ctx, providerId: string, resellerId: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: partnerships.id })
    .from(partnerships)
    .where(and(eq(partnerships.providerId, providerId), eq(partnerships.resellerId, resellerId)))
    .limit(1);
  return Boolean(row);
}

export async function partnershipById(ctx: Ctx, id: string, lock = false) {
  const q = ctx.db.select().from(partnerships).where(eq(partnerships.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updatePartnership(ctx: Ctx, id: string, values: Partial<typeof partnerships.$inferInsert>) {
  const [row] = await ctx.db.update(partnerships).set(values).where(eq(partnerships.id, id)).returning();
  return row!;
}

/** A side's partnerships, newest first: `side` says which column holds the caller. */
export async function pagePartnerships(
  ctx: Ctx,
  side: 'providerId' | 'resellerId',
  tenantId: string,
  status: PartnershipRow['status'] | undefined,
  after: Key | undefined,
  take: number,
) {
  return ctx.db
    .select()
    .from(partnerships)
    .where(
      and(
        eq(partnerships[side], tenantId),
        status ? eq(partnerships.status, status) : undefined,
        afterCreatedAndId(partnerships.createdAt, partnerships.id, after, 'desc'),
      ),
    )
    .orderBy(desc(partnerships.createdAt), desc(partnerships.id))
    .limit(take);
}

/**
 * A partner's partnerships on either side, newest first: one keyset query per side (each on its
 * own index, partnerships_provider_idx and partnerships_reseller_idx), merged. A tenant is never
 * both sides of one partnership, so no row comes twice.
 */
export async function pagePartnershipsOf(
  ctx: Ctx,
  partnerId: string,
  status: PartnershipRow['status'] | undefined,
  after: Key | undefined,
  take: number,
): Promise<PartnershipRow[]> {
  const [asProvider, asReseller] = [
    await pagePartnerships(ctx, 'providerId', partnerId, status, after, take),
    await pagePartnerships(ctx, 'resellerId', partnerId, status, after, take),
  ];
  const newestFirst = (a: PartnershipRow, b: PartnershipRow) =>
    b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  return [...asProvider, ...asReseller].sort(newestFirst).slice(0, take);
}

/** The ids of a provider's active resellers (partnerships_provider_idx). */
export async function activeResellerIds(ctx: Ctx, providerId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: partnerships.resellerId })
    .from(partnerships)
    .where(and(eq(partnerships.providerId, providerId), eq(partnerships.status, 'active')));
  return rows.map((r) => r.id);
}

/**
 * A provider's active customers counted by the reseller it serves each through, most first: one
 * row per reseller, read from the provider's own relationships (customer_relationships_partner_idx).
 */
export async function customerCountsByReseller(ctx: Ctx, providerId: string) {
  return ctx.db
    .select({
      id: customerRelationships.resellerId,
      name: tenants.name,
      customers: sql<number>`count(*)::int`,
    })
    .from(customerRelationships)
    .innerJoin(tenants, eq(tenants.id, customerRelationships.resellerId))
    .where(
      and(
        eq(customerRelationships.partnerId, providerId),
        isValue(customerRelationships.status, 'active'),
        eq(customerRelationships.role, 'indirect_provider'),
      ),
    )
    .groupBy(customerRelationships.resellerId, tenants.name)
    .orderBy(sql`count(*) desc`, tenants.name, customerRelationships.resellerId);
}

/** A partner's customers by the UTC month their active relationship began, from `since` on (partner_idx range). */
export async function newCustomerCountsByMonth(ctx: Ctx, partnerId: string, since: Date) {
  const month = sql<string>`to_char(${customerRelationships.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM')`;
  return ctx.db
    .select({ month, customers: sql<number>`count(DISTINCT ${customerRelationships.customerId})::int` })
    .from(customerRelationships)
    .where(
      and(
        eq(customerRelationships.partnerId, partnerId),
        isValue(customerRelationships.status, 'active'),
        gte(customerRelationships.createdAt, since),
      ),
    )
    .groupBy(month);
}
