import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { partnerProfiles, tenants } from '../../platform/db/schema.ts';
import { marketOfCountry } from '../markets/service.ts';

export type TenantRow = typeof tenants.$inferSelect;
/** A tenant with the market of its country (R-REG-1, R-REG-2 compare these). */
export type TenantView = TenantRow & { market: string | null };

export async function tenantById(ctx: Ctx, id: string): Promise<TenantView | undefined> {
  const [row] = await ctx.db
    .select({ ...getTableColumns(tenants), market: marketOfCountry(sql`${tenants}.country_code`) })
    .from(tenants)
    .where(eq(tenants.id, id));
  return row;
}

export async function operatorTenant(ctx: Ctx): Promise<TenantRow | undefined> {
  const [row] = await ctx.db.select().from(tenants).where(eq(tenants.kind, 'operator'));
  return row;
}

export async function insertTenant(ctx: Ctx, values: typeof tenants.$inferInsert): Promise<TenantRow> {
  const [row] = await ctx.db.insert(tenants).values(values).returning();
  return row!;
}

export async function insertPartnerProfile(ctx: Ctx, tenantId: string, now: Date): Promise<void> {
  await ctx.db.insert(partnerProfiles).values({ tenantId, updatedAt: now });
}

export async function namesOf(ctx: Ctx, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return ctx.db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, ids));
}

/** Serializes, until commit, the sign-ups of one address, so that its mail cap counts them one after the other. */
export async function lockSignUpAddress(ctx: Ctx, email: string): Promise<void> {
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`sign_up:${email}`}))`);
}

/** Tenants by id with their market, in one query (lists of partners). */
export async function tenantsById(ctx: Ctx, ids: string[]): Promise<TenantView[]> {
  if (ids.length === 0) return [];
  return ctx.db
    .select({ ...getTableColumns(tenants), market: marketOfCountry(sql`${tenants}.country_code`) })
    .from(tenants)
    .where(inArray(tenants.id, ids));
}
