import { and, desc, eq, lt } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { events } from '../../platform/db/schema.ts';

export interface AuditFilter {
  /** Null: every tenant's events (operator staff). */
  tenantId: string | null;
  type?: string | undefined;
  subjectId?: string | undefined;
}

/** Newest first, by the event sequence. */
export async function pageEvents(ctx: Ctx, filter: AuditFilter, afterSeq: number | undefined, take: number) {
  return ctx.db
    .select()
    .from(events)
    .where(
      and(
        filter.tenantId ? eq(events.tenantId, filter.tenantId) : undefined,
        filter.type ? eq(events.type, filter.type) : undefined,
        filter.subjectId ? eq(events.subjectId, filter.subjectId) : undefined,
        afterSeq !== undefined ? lt(events.seq, afterSeq) : undefined,
      ),
    )
    .orderBy(desc(events.seq))
    .limit(take);
}
