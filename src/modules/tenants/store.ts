import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { partnerProfiles, tenants } from '../../platform/db/schema.ts';

export type TenantRow = typeof tenants.$inferSelect;

export async function tenantById(ctx: Ctx, id: string): Promise<TenantRow | undefined> {
  const [row] = await ctx.db.select().from(tenants).where(eq(tenants.id, id));
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
