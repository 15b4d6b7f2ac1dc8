import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { acrossTenants, type Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { partnerCapabilities, partnerIdProofs, partnerIdRegistry, partnerProfiles, tenants } from '../../platform/db/schema.ts';
import { containsPattern } from '../../platform/db/search.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { marketOfCountry } from '../markets/service.ts';
import { isValue } from '../../platform/db/literal.ts';

export type ProfileRow = typeof partnerProfiles.$inferSelect;
export type CapabilityRow = typeof partnerCapabilities.$inferSelect;
export type RegistryRow = typeof partnerIdRegistry.$inferSelect;
export type ProofRow = typeof partnerIdProofs.$inferSelect;

export async function profileOf(ctx: Ctx, tenantId: string, lock = false): Promise<ProfileRow | undefined> {
  const q = ctx.db.select().from(partnerProfiles).where(eq(partnerProfiles.tenantId, tenantId));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function profilesOf(ctx: Ctx, tenantIds: string[]): Promise<ProfileRow[]> {
  if (tenantIds.length === 0) return [];
  return ctx.db.select().from(partnerProfiles).where(inArray(partnerProfiles.tenantId, tenantIds));
}

/** The capabilities of many tenants, in one query. */
export async function capabilitiesOfMany(ctx: Ctx, tenantIds: string[]): Promise<CapabilityRow[]> {
  if (tenantIds.length === 0) return [];
  return ctx.db.select().from(partnerCapabilities).where(inArray(partnerCapabilities.tenantId, tenantIds));
}

export interface PartnerFilter {
  /** One partner, for its page in the back office. */
  id?: string | undefined;
  search?: string | undefined;
  country?: string | undefined;
  capability?: CapabilityRow['capability'] | undefined;
  status?: CapabilityRow['status'] | undefined;
}

/**
 * The operator's list of partners, newest first (tenants_partners_created_idx), one query a page;
 * a name search may start from the trigram index of tenant names instead.
 */
export async function pagePartners(ctx: Ctx, f: PartnerFilter, after: Key | undefined, take: number) {
  const pattern = containsPattern(f.search);
  const holds =
    f.capability || f.status
      ? sql`EXISTS (SELECT 1 FROM ${partnerCapabilities} c WHERE c.tenant_id = ${tenants.id}
          ${f.capability ? sql`AND c.capability = ${f.capability}` : sql``} ${f.status ? sql`AND c.status = ${f.status}` : sql``})`
      : undefined;
  return ctx.db
    .select({
      id: tenants.id,
      name: tenants.name,
      countryCode: tenants.countryCode,
      market: marketOfCountry(sql`${tenants}.country_code`),
      createdAt: tenants.createdAt,
    })
    .from(tenants)
    .where(
      and(
        isValue(tenants.kind, 'partner'),
        f.id ? eq(tenants.id, f.id) : undefined,
        f.country ? eq(tenants.countryCode, f.country) : undefined,
        pattern ? sql`${tenants.name} ILIKE ${pattern}` : undefined,
        holds,
        afterCreatedAndId(tenants.createdAt, tenants.id, after, 'desc'),
      ),
    )
    .orderBy(desc(tenants.createdAt), desc(tenants.id))
    .limit(take);
}

export async function updateProfileRow(ctx: Ctx, tenantId: string, values: Partial<typeof partnerProfiles.$inferInsert>) {
  const [row] = await ctx.db.update(partnerProfiles).set(values).where(eq(partnerProfiles.tenantId, tenantId)).returning();
  return row!;
}

export async function capabilitiesOf(ctx: Ctx, tenantId: string): Promise<CapabilityRow[]> {
  return ctx.db
    .select()
    .from(partnerCapabilities)
    .where(eq(partnerCapabilities.tenantId, tenantId))
    .orderBy(partnerCapabilities.capability);
}

export async function upsertCapability(ctx: Ctx, values: typeof partnerCapabilities.$inferInsert): Promise<CapabilityRow> {
  const [row] = await ctx.db
    .insert(partnerCapabilities)
    .values(values)
    .onConflictDoUpdate({
      target: [partnerCapabilities.tenantId, partnerCapabilities.capability],
      set: { status: values.status, activatedAt: values.activatedAt ?? null, updatedAt: values.updatedAt },
    })
    .returning();
  return row!;
}

export async function registryEntry(ctx: Ctx, partnerId: string): Promise<RegistryRow | undefined> {
  const [row] = await ctx.db.select().from(partnerIdRegistry).where(eq(partnerIdRegistry.partnerId, partnerId));
  return row;
}

export async function upsertRegistryEntry(ctx: Ctx, values: typeof partnerIdRegistry.$inferInsert): Promise<RegistryRow> {
  const [row] = await ctx.db
    .insert(partnerIdRegistry)
    .values(values)
    .onConflictDoUpdate({
      target: partnerIdRegistry.partnerId,
      set: {
        organizationName: values.organizationName,
        countryCode: values.countryCode,
        accountEmail: values.accountEmail,
        active: values.active,
        updatedAt: values.updatedAt,
      },
    })
    .returning();
  return row!;
}

export async function insertProof(ctx: Ctx, values: typeof partnerIdProofs.$inferInsert): Promise<ProofRow> {
  const [row] = await ctx.db.insert(partnerIdProofs).values(values).returning();
  return row!;
}

export async function proofOf(ctx: Ctx, tenantId: string, id: string): Promise<ProofRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(partnerIdProofs)
    .where(and(eq(partnerIdProofs.tenantId, tenantId), eq(partnerIdProofs.id, id)))
    .for('update');
  return row;
}

export async function updateProof(ctx: Ctx, id: string, values: Partial<typeof partnerIdProofs.$inferInsert>): Promise<void> {
  await ctx.db.update(partnerIdProofs).set(values).where(eq(partnerIdProofs.id, id));
}

/**
 * Serializes, until commit, the starts of proofs that count against the same tenant or partner
 * ID, so two at once cannot both slip under a cap. Always the tenant first, then the ID.
 */
export async function lockProofCounts(ctx: Ctx, tenantId: string, partnerId: string): Promise<void> {
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`partner_id_proofs:tenant:${tenantId}`}))`);
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`partner_id_proofs:id:${partnerId}`}))`);
}

/** How many proofs a tenant, or a partner ID, started since a moment, and when the oldest of them was. */
export async function proofsSince(
  ctx: Ctx,
  of: { tenantId: string } | { partnerId: string },
  since: Date,
): Promise<{ n: number; oldest: Date | null }> {
  // Codes for one partner ID count whichever partner asked: that count spans tenants.
  const [row] = await acrossTenants(ctx, (db) =>
    db
      .select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${partnerIdProofs.createdAt})` })
      .from(partnerIdProofs)
      .where(
        and(
          'tenantId' in of ? eq(partnerIdProofs.tenantId, of.tenantId) : eq(partnerIdProofs.partnerId, of.partnerId),
          gt(partnerIdProofs.createdAt, since),
        ),
      ),
  );
  return { n: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

/** Kills the tenant's codes for a partner ID still waiting to be used. */
export async function revokeOpenProofs(ctx: Ctx, tenantId: string, partnerId: string, now: Date): Promise<void> {
  await ctx.db
    .update(partnerIdProofs)
    .set({ revokedAt: now })
    .where(
      and(
        eq(partnerIdProofs.tenantId, tenantId),
        eq(partnerIdProofs.partnerId, partnerId),
        isNull(partnerIdProofs.verifiedAt),
        isNull(partnerIdProofs.revokedAt),
        gt(partnerIdProofs.expiresAt, now),
      ),
    );
}

export async function deleteCapability(
  ctx: Ctx,
  tenantId: string,
  capability: CapabilityRow['capability'],
): Promise<CapabilityRow | undefined> {
  const [row] = await ctx.db
    .delete(partnerCapabilities)
    .where(and(eq(partnerCapabilities.tenantId, tenantId), eq(partnerCapabilities.capability, capability)))
    .returning();
  return row;
}

/**
 * Partners that moved from direct bill to indirect reseller, active as resellers since before
 * `cutoff`: direct bill came first (a reseller that later added direct bill did not move).
 */
export async function transitionedBefore(ctx: Ctx, cutoff: Date): Promise<{ tenantId: string; activatedAt: Date }[]> {
  const direct = alias(partnerCapabilities, 'direct');
  const rows = await ctx.db
    .select({ tenantId: partnerCapabilities.tenantId, activatedAt: partnerCapabilities.activatedAt })
    .from(partnerCapabilities)
    .innerJoin(
      direct,
      and(
        eq(direct.tenantId, partnerCapabilities.tenantId),
        eq(direct.capability, 'direct_bill'),
        lt(direct.activatedAt, partnerCapabilities.activatedAt),
      ),
    )
    .where(
      and(
        eq(partnerCapabilities.capability, 'indirect_reseller'),
        eq(partnerCapabilities.status, 'active'),
        lte(partnerCapabilities.activatedAt, cutoff),
      ),
    );
  return rows.map((r) => ({ tenantId: r.tenantId, activatedAt: r.activatedAt! }));
}

/** The tenant that has proven a partner ID its own, if any. */
export async function holderOfPartnerId(ctx: Ctx, partnerId: string): Promise<string | undefined> {
  // A partner ID is one partner's across the installation: whose it is spans tenants.
  const [row] = await acrossTenants(ctx, (db) =>
    db
      .select({ tenantId: partnerProfiles.tenantId })
      .from(partnerProfiles)
      .where(and(eq(partnerProfiles.partnerId, partnerId), isNotNull(partnerProfiles.partnerIdVerifiedAt))),
  );
  return row?.tenantId;
}
