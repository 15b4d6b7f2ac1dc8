import { clock } from '../clock.ts';
import { onCommit, type Ctx } from '../context.ts';
import { events } from '../db/schema.ts';

export interface EventInput {
  /** Dotted, past tense: `tenant.created`, `user.roles_changed`. */
  type: string;
  /** The tenant the changed thing belongs to. */
  tenantId: string | null;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Records a state change in the caller's transaction: the audit trail and the outbox
 * in one row, so nothing is announced for a change that rolled back.
 */
export async function recordEvent(ctx: Ctx, input: EventInput): Promise<string> {
  if (!ctx.afterCommit) throw new Error(`Event ${input.type} recorded outside a transaction`);
  const [row] = await ctx.db
    .insert(events)
    .values({
      tenantId: input.tenantId,
      actorUserId: ctx.actor?.userId ?? null,
      actorTenantId: ctx.actor?.tenantId ?? null,
      actorKind: ctx.actor ? (ctx.actor.apiTokenId ? 'api_token' : 'user') : 'system',
      apiTokenId: ctx.actor?.apiTokenId ?? null,
      type: input.type,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      before: input.before ?? null,
      after: input.after ?? null,
      requestId: ctx.requestId,
      grantId: ctx.grant?.id ?? null,
      createdAt: clock.now(),
    })
    .returning({ id: events.id });
  onCommit(ctx, ctx.platform.wakeOutbox);
  return row!.id;
}
