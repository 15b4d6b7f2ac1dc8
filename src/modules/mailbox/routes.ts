import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { pageMail, type MailRow } from './store.ts';

export const MailSchema = Type.Object({
  id: Type.String(),
  to: Type.String(),
  toName: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  template: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const publicMail = (m: MailRow) => ({
  id: m.id,
  to: m.toAddress,
  toName: m.toName,
  language: m.language,
  template: m.template,
  subject: m.subject,
  text: m.textBody,
  html: m.htmlBody,
  status: m.status,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

/** Demo mode only (TRELLIS_DEMO): every message Trellis wrote, links included, readable without sign-in. */
export const mailboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/dev/mailbox',
    {
      config: {
        permission: 'public',
        // The demo mailbox reads mail by address, across tenants (demo mode only).
        databaseScope: 'system',
      },
      schema: {
        tags: ['demo'],
        summary: 'Demo mailbox: the mail Trellis wrote, newest first (demo mode only)',
        querystring: Type.Intersect([PageQuery, Type.Object({ to: Type.Optional(Type.String({ maxLength: 254 })) })]),
        response: { 200: Page(MailSchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `mailbox:${request.query.to ?? ''}`,
        request.query,
        (after, take) => pageMail(request.ctx, request.query.to, after, take),
        (m) => [m.createdAt.toISOString(), m.id],
        publicMail,
      ),
  );
};
