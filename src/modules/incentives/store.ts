import { and, asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { incentiveEnrollments, incentiveInvitations, incentivePrograms } from '../../platform/db/schema.ts';

export type IncentiveProgramRow = typeof incentivePrograms.$inferSelect;
export type InvitationRow = typeof incentiveInvitations.$inferSelect;
export type IncentiveEnrollmentRow = typeof incentiveEnrollments.$inferSelect;

export async function insertProgram(ctx: Ctx, values: typeof incentivePrograms.$inferInsert): Promise<IncentiveProgramRow> {
  const [row] = await ctx.db.insert(incentivePrograms).values(values).returning();
  return row!;
}

export async function programs(ctx: Ctx, onlyActive: boolean): Promise<IncentiveProgramRow[]> {
  return ctx.db
    .select()
    .from(incentivePrograms)
    .where(onlyActive ? eq(incentivePrograms.active, true) : undefined)
    .orderBy(asc(incentivePrograms.createdAt));
}

export async function programById(ctx: Ctx, id: string): Promise<IncentiveProgramRow | undefined> {
  const [row] = await ctx.db.select().from(incentivePrograms).where(eq(incentivePrograms.id, id));
  return row;
}

export async function invitationsOf(ctx: Ctx, tenantId: string): Promise<InvitationRow[]> {
  return ctx.db
    .select()
    .from(incentiveInvitations)
    .where(eq(incentiveInvitations.tenantId, tenantId))
    .orderBy(asc(incentiveInvitations.sentAt));
}

/** Records an invitation once; null when it was already sent. */
export async function insertInvitation(
  ctx: Ctx,
  values: typeof incentiveInvitations.$inferInsert,
): Promise<InvitationRow | undefined> {
  const [row] = await ctx.db.insert(incentiveInvitations).values(values).onConflictDoNothing().returning();
  return row;
}

export async function enrollmentsOf(ctx: Ctx, tenantId: string): Promise<IncentiveEnrollmentRow[]> {
  return ctx.db.select().from(incentiveEnrollments).where(eq(incentiveEnrollments.tenantId, tenantId));
}

export async function insertIncentiveEnrollment(
  ctx: Ctx,
  values: typeof incentiveEnrollments.$inferInsert,
): Promise<IncentiveEnrollmentRow | undefined> {
  const [row] = await ctx.db.insert(incentiveEnrollments).values(values).onConflictDoNothing().returning();
  return row;
}

export async function incentiveEnrollment(ctx: Ctx, tenantId: string, programId: string) {
  const [row] = await ctx.db
    .select()
    .from(incentiveEnrollments)
    .where(and(eq(incentiveEnrollments.tenantId, tenantId), eq(incentiveEnrollments.programId, programId)));
  return row;
}
