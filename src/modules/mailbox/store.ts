import { and, desc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { mailMessages } from '../../platform/db/schema.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type MailRow = typeof mailMessages.$inferSelect;

/** The outbox, newest first; `to` narrows to one recipient. */
export async function pageMail(ctx: Ctx, to: string | undefined, after: Key | undefined, take: number): Promise<MailRow[]> {
  return ctx.db
    .select()
    .from(mailMessages)
    .where(
      and(
        to ? eq(mailMessages.toAddress, to.toLowerCase()) : undefined,
        afterCreatedAndId(mailMessages.createdAt, mailMessages.id, after, 'desc'),
      ),
    )
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(take);
}
