import { and, desc, eq, inArray, lte } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { agreementAcceptances, agreements } from '../../platform/db/schema.ts';

export type AgreementRow = typeof agreements.$inferSelect;
export type AgreementType = AgreementRow['type'];
export type AcceptanceRow = typeof agreementAcceptances.$inferSelect;

export async function insertAgreement(ctx: Ctx, values: typeof agreements.$inferInsert): Promise<AgreementRow | undefined> {
  const [row] = await ctx.db.insert(agreements).values(values).onConflictDoNothing().returning();
  return row;
}

/** The newest version in effect at `at`. */
export async function currentAgreement(ctx: Ctx, type: AgreementType, at: Date): Promise<AgreementRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(agreements)
    .where(and(eq(agreements.type, type), lte(agreements.effectiveAt, at)))
    .orderBy(desc(agreements.effectiveAt), desc(agreements.createdAt))
    .limit(1);
  return row;
}

export async function agreementVersions(ctx: Ctx, type: AgreementType): Promise<AgreementRow[]> {
  return ctx.db
    .select()
    .from(agreements)
    .where(eq(agreements.type, type))
    .orderBy(desc(agreements.effectiveAt), desc(agreements.createdAt));
}

export async function acceptanceOf(ctx: Ctx, tenantId: string, agreementId: string): Promise<AcceptanceRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(agreementAcceptances)
    .where(and(eq(agreementAcceptances.tenantId, tenantId), eq(agreementAcceptances.agreementId, agreementId)));
  return row;
}

/** Of these tenants, those that accepted one agreement version. */
export async function acceptedAmong(ctx: Ctx, tenantIds: string[], agreementId: string): Promise<string[]> {
  if (tenantIds.length === 0) return [];
  const rows = await ctx.db
    .select({ tenantId: agreementAcceptances.tenantId })
    .from(agreementAcceptances)
    .where(and(inArray(agreementAcceptances.tenantId, tenantIds), eq(agreementAcceptances.agreementId, agreementId)));
  return rows.map((r) => r.tenantId);
}

export async function insertAcceptance(
  ctx: Ctx,
  values: typeof agreementAcceptances.$inferInsert,
): Promise<AcceptanceRow | undefined> {
  const [row] = await ctx.db.insert(agreementAcceptances).values(values).onConflictDoNothing().returning();
  return row;
}
