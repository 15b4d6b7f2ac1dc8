import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import { enrollments } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { isValue } from '../../platform/db/literal.ts';

export type EnrollmentRow = typeof enrollments.$inferSelect;
export type EnrollmentStatus = EnrollmentRow['status'];

export async function insertEnrollment(ctx: Ctx, values: typeof enrollments.$inferInsert): Promise<EnrollmentRow> {
  const [row] = await ctx.db.insert(enrollments).values(values).returning();
  return row!;
}

/** One enrollment; `tenantId` null for operator staff, who see every tenant's. */
export async function enrollmentById(
  ctx: Ctx,
  tenantId: string | null,
  id: string,
  lock = false,
): Promise<EnrollmentRow | undefined> {
  const q = ctx.db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.id, id), tenantId ? eq(enrollments.tenantId, tenantId) : undefined));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateEnrollmentRow(
  ctx: Ctx,
  id: string,
  values: Partial<typeof enrollments.$inferInsert>,
): Promise<EnrollmentRow> {
  const [row] = await ctx.db.update(enrollments).set(values).where(eq(enrollments.id, id)).returning();
  return row!;
}

export async function enrollmentsOfTenant(ctx: Ctx, tenantId: string): Promise<EnrollmentRow[]> {
  return ctx.db
    .select()
    .from(enrollments)
    .where(eq(enrollments.tenantId, tenantId))
    .orderBy(desc(enrollments.createdAt), desc(enrollments.id));
}

/** Of these tenants, those with an approved enrollment (onboarded). */
export async function approvedAmong(ctx: Ctx, tenantIds: string[]): Promise<string[]> {
  if (tenantIds.length === 0) return [];
  const rows = await ctx.db
    .selectDistinct({ tenantId: enrollments.tenantId })
    .from(enrollments)
    .where(and(inArray(enrollments.tenantId, tenantIds), eq(enrollments.status, 'approved')));
  return rows.map((r) => r.tenantId);
}

/** The review queue, oldest first. */
export async function pageQueue(
  ctx: Ctx,
  filter: { status?: EnrollmentStatus | undefined; program?: EnrollmentRow['program'] | undefined },
  after: Key | undefined,
  take: number,
): Promise<EnrollmentRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.status ? isValue(enrollments.status, filter.status) : undefined,
    filter.program ? eq(enrollments.program, filter.program) : undefined,
    afterCreatedAndId(enrollments.createdAt, enrollments.id, after, 'asc'),
  ];
  return ctx.db
    .select()
    .from(enrollments)
    .where(and(...conditions))
    .orderBy(asc(enrollments.createdAt), asc(enrollments.id))
    .limit(take);
}

/** Transition enrollments in review with a deadline still to remind of or to record as missed. */
export async function transitionsAwaitingTimers(ctx: Ctx): Promise<EnrollmentRow[]> {
  return ctx.db
    .select()
    .from(enrollments)
    .where(
      and(
        isValue(enrollments.status, 'pending_review'),
        isNotNull(enrollments.reviewDueAt),
        or(isNull(enrollments.reminderSentAt), isNull(enrollments.overdueRecordedAt)),
      ),
    )
    .orderBy(asc(enrollments.reviewDueAt));
}

/** How many enrollments each program has in each status: the operator's enrollment funnel, one query. */
export async function countsByProgramAndStatus(ctx: Ctx) {
  return ctx.db
    .select({ program: enrollments.program, status: enrollments.status, n: sql<number>`count(*)::int` })
    .from(enrollments)
    .groupBy(enrollments.program, enrollments.status);
}

/** Enrollments in review by how far their deadline is from `now` (R-TRN-2), one query. */
export async function reviewDeadlineCounts(ctx: Ctx, now: Date, soon: Date) {
  const [row] = await ctx.db
    .select({
      overdue: sql<number>`count(*) FILTER (WHERE ${enrollments.reviewDueAt} <= ${now})::int`,
      soon: sql<number>`count(*) FILTER (WHERE ${enrollments.reviewDueAt} > ${now} AND ${enrollments.reviewDueAt} <= ${soon})::int`,
      later: sql<number>`count(*) FILTER (WHERE ${enrollments.reviewDueAt} > ${soon})::int`,
      none: sql<number>`count(*) FILTER (WHERE ${enrollments.reviewDueAt} IS NULL)::int`,
    })
    .from(enrollments)
    .where(isValue(enrollments.status, 'pending_review'));
  return row ?? { overdue: 0, soon: 0, later: 0, none: 0 };
}
