import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId, afterKey } from '../../platform/db/keyset.ts';
import { adminGrants, tenants } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type GrantRow = typeof adminGrants.$inferSelect;

export async function insertGrant(ctx: Ctx, values: typeof adminGrants.$inferInsert): Promise<GrantRow> {
  const [row] = await ctx.db.insert(adminGrants).values(values).returning();
  return row!;
}

export async function grantById(ctx: Ctx, id: string, lock = false): Promise<GrantRow | undefined> {
  const q = ctx.db.select().from(adminGrants).where(eq(adminGrants.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateGrant(ctx: Ctx, id: string, values: Partial<typeof adminGrants.$inferInsert>): Promise<GrantRow> {
  const [row] = await ctx.db.update(adminGrants).set(values).where(eq(adminGrants.id, id)).returning();
  return row!;
}

/** Grants a tenant gave (`grantorId`) or holds (`granteeId`), optionally with one counterpart, newest first. */
export async function pageGrants(
  ctx: Ctx,
  side: 'grantorId' | 'granteeId',
  tenantId: string,
  counterpart: string | undefined,
  after: Key | undefined,
  take: number,
): Promise<GrantRow[]> {
  const other = side === 'grantorId' ? adminGrants.granteeId : adminGrants.grantorId;
  return ctx.db
    .select()
    .from(adminGrants)
    .where(
      and(
        eq(adminGrants[side], tenantId),
        counterpart ? eq(other, counterpart) : undefined,
        afterCreatedAndId(adminGrants.createdAt, adminGrants.id, after, 'desc'),
      ),
    )
    .orderBy(desc(adminGrants.createdAt), desc(adminGrants.id))
    .limit(take);
}

/** The grants in force now with the grantor's kind, in one query: the live-grant check runs on every access. */
export async function liveGrantsOn(ctx: Ctx, granteeId: string, grantorId: string, now: Date) {
  return ctx.db
    .select({ grant: adminGrants, grantorKind: tenants.kind })
    .from(adminGrants)
    .innerJoin(tenants, eq(tenants.id, adminGrants.grantorId))
    .where(
      and(
        eq(adminGrants.granteeId, granteeId),
        eq(adminGrants.grantorId, grantorId),
        eq(adminGrants.status, 'active'),
        gt(adminGrants.endsAt, now),
      ),
    );
}

/** The grants a partner holds on a tenant that are in force now. */
export async function liveGrantsOf(ctx: Ctx, granteeId: string, grantorId: string, now: Date): Promise<GrantRow[]> {
  return ctx.db
    .select()
    .from(adminGrants)
    .where(
      and(
        eq(adminGrants.granteeId, granteeId),
        eq(adminGrants.grantorId, grantorId),
        eq(adminGrants.status, 'active'),
        gt(adminGrants.endsAt, now),
      ),
    );
}

/** The partners among `granteeIds` that hold a grant of the grantor in force now. */
export async function liveGranteesOf(ctx: Ctx, grantorId: string, granteeIds: string[], now: Date): Promise<string[]> {
  if (granteeIds.length === 0) return [];
  const rows = await ctx.db
    .selectDistinct({ id: adminGrants.granteeId })
    .from(adminGrants)
    .where(
      and(
        eq(adminGrants.grantorId, grantorId),
        inArray(adminGrants.granteeId, granteeIds),
        eq(adminGrants.status, 'active'),
        gt(adminGrants.endsAt, now),
      ),
    );
  return rows.map((r) => r.id);
}

/** Where a run of the expiry timer has got to in the due grants: (next_notice_at, id). */
export interface DueKey {
  id: string;
  nextNoticeAt: Date;
}

/**
 * Active grants whose expiry check is due, soonest first, after `after`: a range scan of
 * admin_grants_next_notice_idx. The status test is written out, not bound, so the planner
 * can match the partial index's predicate however the statement is prepared. The builder is
 * exported for the benchmark's EXPLAIN.
 */
export function dueGrantsQuery(ctx: Ctx, now: Date, after: DueKey | undefined, take: number) {
  return ctx.db
    .select({ id: adminGrants.id, nextNoticeAt: adminGrants.nextNoticeAt })
    .from(adminGrants)
    .where(
      and(
        sql`${adminGrants.status} = 'active'`,
        lte(adminGrants.nextNoticeAt, now),
        afterKey([adminGrants.nextNoticeAt, adminGrants.id], after && [after.nextNoticeAt, after.id], 'asc'),
      ),
    )
    .orderBy(asc(adminGrants.nextNoticeAt), asc(adminGrants.id))
    .limit(take);
}

export async function dueGrants(ctx: Ctx, now: Date, after: DueKey | undefined, take: number): Promise<DueKey[]> {
  const rows = await dueGrantsQuery(ctx, now, after, take);
  return rows.map((r) => ({ id: r.id, nextNoticeAt: r.nextNoticeAt! })); // not null: it is <= now
}

/**
 * The grant, locked, when it is still due: a grant another worker holds is skipped, and one
 * it has just handled no longer matches, so no notice is sent twice.
 */
export async function lockDueGrant(ctx: Ctx, id: string, now: Date): Promise<GrantRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(adminGrants)
    .where(and(eq(adminGrants.id, id), eq(adminGrants.status, 'active'), lte(adminGrants.nextNoticeAt, now)))
    .for('update', { skipLocked: true });
  return row;
}
