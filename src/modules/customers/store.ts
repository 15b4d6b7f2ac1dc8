import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { alias } from 'drizzle-orm/pg-core';
import { affiliations, customerAccounts, customerDomains, customerRelationships, tenants } from '../../platform/db/schema.ts';
import { containsPattern } from '../../platform/db/search.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { isValue } from '../../platform/db/literal.ts';

export type AccountRow = typeof customerAccounts.$inferSelect;
export type RelationshipRow = typeof customerRelationships.$inferSelect;
export type Role = RelationshipRow['role'];

/** Claims a primary domain for a tenant; false when another customer has it. */
export async function claimDomain(ctx: Ctx, domain: string, tenantId: string): Promise<boolean> {
  const rows = await ctx.db.insert(customerDomains).values({ domain, tenantId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

export async function insertAccount(ctx: Ctx, values: typeof customerAccounts.$inferInsert): Promise<AccountRow> {
  const [row] = await ctx.db.insert(customerAccounts).values(values).returning();
  return row!;
}

/** Inserts the account unless one exists (made by a concurrent transaction); the account either way. */
export async function insertAccountOnce(ctx: Ctx, values: typeof customerAccounts.$inferInsert): Promise<AccountRow> {
  const [row] = await ctx.db.insert(customerAccounts).values(values).onConflictDoNothing().returning();
  return row ?? (await accountOf(ctx, values.tenantId))!;
}

export async function accountOf(ctx: Ctx, tenantId: string): Promise<AccountRow | undefined> {
  const [row] = await ctx.db.select().from(customerAccounts).where(eq(customerAccounts.tenantId, tenantId));
  return row;
}

export async function insertRelationship(ctx: Ctx, values: typeof customerRelationships.$inferInsert): Promise<RelationshipRow> {
  const [row] = await ctx.db.insert(customerRelationships).values(values).returning();
  return row!;
}

/** A partner's active relationships with one customer (R-CUS-9: its own part only). */
export async function relationshipsOf(ctx: Ctx, partnerId: string, customerId: string): Promise<RelationshipRow[]> {
  return ctx.db
    .select()
    .from(customerRelationships)
    .where(
      and(
        eq(customerRelationships.partnerId, partnerId),
        eq(customerRelationships.customerId, customerId),
        isValue(customerRelationships.status, 'active'),
      ),
    );
}

export interface CustomerFilter {
  acquired?: 'direct' | 'indirect' | undefined;
  resellerId?: string | undefined;
  /** Customers shared with this provider (R-CUS-6): the caller is its reseller. */
  providerId?: string | undefined;
  search?: string | undefined;
}

const resellers = alias(tenants, 'reseller');

/**
 * The caller's customers, newest relationship first, with their account and the name of the
 * reseller a provider serves each through: one query a page, however long the page. It starts
 * from the caller's own relationships (customer_relationships_partner_idx, in key order); a
 * search may start instead from the trigram indexes of names and domains when they find few.
 */
export async function pageCustomers(ctx: Ctx, partnerId: string, f: CustomerFilter, after: Key | undefined, take: number) {
  const pattern = containsPattern(f.search);
  const conditions: (SQL | undefined)[] = [
    eq(customerRelationships.partnerId, partnerId),
    isValue(customerRelationships.status, 'active'),
    f.acquired === 'direct' ? eq(customerRelationships.role, 'direct_partner') : undefined,
    f.acquired === 'indirect' ? sql`${customerRelationships.role} <> 'direct_partner'` : undefined,
    f.resellerId ? eq(customerRelationships.resellerId, f.resellerId) : undefined,
    f.providerId
      ? sql`EXISTS (SELECT 1 FROM customer_relationships p WHERE p.customer_id = ${customerRelationships.customerId}
          AND p.partner_id = ${f.providerId} AND p.role = 'indirect_provider' AND p.reseller_id = ${partnerId} AND p.status = 'active')`
      : undefined,
    pattern
      ? or(sql`${customerAccounts.name} ILIKE ${pattern}`, sql`${customerAccounts.primaryDomain} ILIKE ${pattern}`)
      : undefined,
    afterCreatedAndId(customerRelationships.createdAt, customerRelationships.id, after, 'desc'),
  ];
  return ctx.db
    .select({ relationship: customerRelationships, account: customerAccounts, resellerName: resellers.name })
    .from(customerRelationships)
    .innerJoin(customerAccounts, eq(customerAccounts.tenantId, customerRelationships.customerId))
    .leftJoin(resellers, eq(resellers.id, customerRelationships.resellerId))
    .where(and(...conditions))
    .orderBy(desc(customerRelationships.createdAt), desc(customerRelationships.id))
    .limit(take);
}

export async function putAffiliation(ctx: Ctx, partnerId: string, customerId: string, note: string | null, at: Date) {
  const [row] = await ctx.db
    .insert(affiliations)
    .values({ partnerId, customerId, note, createdAt: at })
    .onConflictDoUpdate({ target: [affiliations.partnerId, affiliations.customerId], set: { note } })
    .returning();
  return row!;
}

export async function deleteAffiliation(ctx: Ctx, partnerId: string, customerId: string): Promise<boolean> {
  const rows = await ctx.db
    .delete(affiliations)
    .where(and(eq(affiliations.partnerId, partnerId), eq(affiliations.customerId, customerId)))
    .returning();
  return rows.length > 0;
}

export async function affiliated(ctx: Ctx, partnerIds: string[], customerId: string): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ partnerId: affiliations.partnerId })
    .from(affiliations)
    .where(and(eq(affiliations.customerId, customerId), inArray(affiliations.partnerId, partnerIds)));
  return row?.partnerId;
}

/** Every active relationship of a customer (what its own admin sees). */
export async function relationshipsOfCustomer(ctx: Ctx, customerId: string): Promise<RelationshipRow[]> {
  return ctx.db
    .select()
    .from(customerRelationships)
    .where(and(eq(customerRelationships.customerId, customerId), isValue(customerRelationships.status, 'active')))
    .orderBy(customerRelationships.createdAt);
}

export async function relationshipById(ctx: Ctx, customerId: string, id: string): Promise<RelationshipRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(customerRelationships)
    .where(and(eq(customerRelationships.customerId, customerId), eq(customerRelationships.id, id)))
    .for('update');
  return row;
}

export async function removeRelationshipRow(ctx: Ctx, id: string, at: Date): Promise<RelationshipRow> {
  const [row] = await ctx.db
    .update(customerRelationships)
    .set({ status: 'removed', removedAt: at })
    .where(eq(customerRelationships.id, id))
    .returning();
  return row!;
}

export async function setStoreChannelRow(ctx: Ctx, tenantId: string, storeChannel: boolean): Promise<AccountRow | undefined> {
  const [row] = await ctx.db
    .update(customerAccounts)
    .set({ storeChannel })
    .where(eq(customerAccounts.tenantId, tenantId))
    .returning();
  return row;
}

/** Of these customers, those a partner holds an active relationship with in this role. */
export async function customersInRole(ctx: Ctx, partnerId: string, role: Role, customerIds: string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const rows = await ctx.db
    .select({ id: customerRelationships.customerId })
    .from(customerRelationships)
    .where(
      and(
        eq(customerRelationships.partnerId, partnerId),
        eq(customerRelationships.role, role),
        isValue(customerRelationships.status, 'active'),
        inArray(customerRelationships.customerId, customerIds),
      ),
    );
  return rows.map((r) => r.id);
}

export async function accountsOf(ctx: Ctx, tenantIds: string[]): Promise<AccountRow[]> {
  if (tenantIds.length === 0) return [];
  return ctx.db.select().from(customerAccounts).where(inArray(customerAccounts.tenantId, tenantIds));
}
