import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { mailMessages } from '../../platform/db/schema.ts';
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
        after
          ? or(
              lt(mailMessages.createdAt, new Date(String(after[0]))),
              and(eq(mailMessages.createdAt, new Date(String(after[0]))), lt(mailMessages.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(take);
}
