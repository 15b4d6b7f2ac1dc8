import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { clock } from '../clock.ts';
import { acrossTenants, onCommit, type Ctx } from '../context.ts';
import { mailMessages } from '../db/schema.ts';
import { renderMail } from './render.ts';
import type { TemplateData, TemplateName } from './templates/index.ts';

export interface MailInput<N extends TemplateName> {
  to: { address: string; name?: string; language: string };
  template: N;
  data: TemplateData<N>;
  tenantId?: string | null;
  eventId?: string | null;
}

/**
 * The one way to send mail: a row in the caller's transaction, delivered by the worker
 * after commit. Without SMTP_URL the message is held in the outbox (the dev mailbox).
 */
export async function enqueueMail<N extends TemplateName>(ctx: Ctx, input: MailInput<N>): Promise<string> {
  const mail = renderMail(input.template, input.to.language, input.data);
  const [row] = await ctx.db
    .insert(mailMessages)
    .values({
      tenantId: input.tenantId ?? null,
      eventId: input.eventId ?? null,
      toAddress: input.to.address,
      toName: input.to.name ?? null,
      language: mail.language,
      template: input.template,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      status: ctx.platform.config.smtpUrl ? 'queued' : 'held',
      createdAt: clock.now(),
    })
    .returning({ id: mailMessages.id });
  if (ctx.platform.config.smtpUrl) onCommit(ctx, ctx.platform.wakeMail);
  return row!.id;
}

/** Whoever a mail is for: a user, addressed in its own language. */
export interface Recipient {
  email: string;
  name: string;
  language: string;
  tenantId: string;
}

/** Mail to one user, in its language. */
export async function enqueueMailTo<N extends TemplateName>(
  ctx: Ctx,
  user: Recipient,
  template: N,
  data: TemplateData<N>,
  eventId?: string,
): Promise<string> {
  return enqueueMail(ctx, {
    to: { address: user.email, name: user.name, language: user.language },
    template,
    data,
    tenantId: user.tenantId,
    eventId: eventId ?? null,
  });
}

/**
 * How many mails of a template went to an address since a moment: the caps on mail that
 * anyone may trigger (password resets, sign-ups) count here, in the database, so they hold
 * across server processes.
 */
export async function countMailSince(
  ctx: Ctx,
  address: string,
  templates: readonly TemplateName[],
  since: Date,
): Promise<number> {
  // Mail to an address counts whichever tenant's event sent it: the cap spans tenants.
  const [row] = await acrossTenants(ctx, (db) =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(mailMessages)
      .where(
        and(
          eq(mailMessages.toAddress, address.toLowerCase()),
          inArray(mailMessages.template, [...templates]),
          gt(mailMessages.createdAt, since),
        ),
      ),
  );
  return row?.n ?? 0;
}
