import { sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { clock } from '../clock.ts';
import type { Platform } from '../context.ts';
import { mailMessages } from '../db/schema.ts';

const MAX_ATTEMPTS = 5;
/** A message claimed this long ago and never settled belongs to a process that died. */
const STALE_MS = 10 * 60_000;

export function smtpTransport(url: string): Transporter {
  return nodemailer.createTransport(url);
}

/**
 * Sends queued mail. Rows are claimed in a short transaction and sent outside it, so a
 * slow SMTP server never holds the database (PGlite has a single connection).
 * Returns how many were sent.
 */
export async function deliverQueuedMail(platform: Platform, transport: Transporter, batch = 20): Promise<number> {
  const { db } = platform.database;
  const now = clock.now();
  await db
    .update(mailMessages)
    .set({ status: 'queued' })
    .where(
      sql`${mailMessages.status} = 'sending' AND ${mailMessages.sentAt} IS NULL AND ${mailMessages.createdAt} < ${new Date(now.getTime() - STALE_MS)}`,
    );
  const claimed = await db.transaction(async (tx) =>
    tx
      .update(mailMessages)
      .set({ status: 'sending', attempts: sql`${mailMessages.attempts} + 1` })
      .where(
        sql`${mailMessages.id} IN (SELECT id FROM mail_messages WHERE status = 'queued' ORDER BY created_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`,
      )
      .returning(),
  );
  let sent = 0;
  for (const m of claimed) {
    try {
      await transport.sendMail({
        from: platform.config.mailFrom,
        to: m.toName ? { name: m.toName, address: m.toAddress } : m.toAddress,
        subject: m.subject,
        text: m.textBody,
        html: m.htmlBody,
        headers: { 'X-Trellis-Message-Id': m.id, 'Content-Language': m.language },
      });
      await db
        .update(mailMessages)
        .set({ status: 'sent', sentAt: clock.now(), lastError: null })
        .where(sql`${mailMessages.id} = ${m.id}`);
      sent++;
    } catch (err) {
      const status = m.attempts >= MAX_ATTEMPTS ? 'failed' : 'queued';
      await db
        .update(mailMessages)
        .set({ status, lastError: String((err as Error).message).slice(0, 1000) })
        .where(sql`${mailMessages.id} = ${m.id}`);
    }
  }
  return sent;
}
