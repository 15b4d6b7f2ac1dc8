import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isErrorCode } from '../../platform/http/error-codes.ts';
import { AppError } from '../../platform/http/errors.ts';
import { allErrorCodes, errorCodeDocument, errorCodePage, errorListPage, PAGE_CSP, rulesPage } from './pages.ts';

const ErrorCodeDoc = Type.Object({
  code: Type.String(),
  type: Type.String({ format: 'uri', description: 'The address of this page, as problems carry it.' }),
  status: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  rules: Type.Array(Type.Object({ id: Type.String(), url: Type.String({ format: 'uri' }) }), {
    description: 'The rules the code enforces, each with its anchor on /rules.',
  }),
});

/** A person's browser asks for HTML first; a program for JSON (or anything). */
function wantsHtml(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}

function sendPage(reply: FastifyReply, html: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'public, max-age=300')
    .header('vary', 'accept')
    .send(html);
}

/**
 * What a refusal means, served by the server that refused: the rules (docs/rules.md) and one
 * page per error code, which is where each problem's `type` points.
 */
export const documentationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicUrl } = app.platform.config;
  const rulesHtml = rulesPage();
  const docs = allErrorCodes().map((code) => errorCodeDocument(publicUrl, code));
  const listHtml = errorListPage(docs);

  app.get(
    '/rules',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['documentation'],
        summary: 'The rules Trellis enforces, each with its anchor (/rules#r-enr-1)',
        description: "An HTML page made from the repository's docs/rules.md.",
        produces: ['text/html'],
        response: { 200: Type.String({ description: 'The rules, as HTML.' }) },
      },
    },
    async (_request, reply) => sendPage(reply, rulesHtml),
  );
  app.get(
    '/errors',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['documentation'],
        summary: 'Every error code: status, title, meaning and the rules it enforces',
        description: 'HTML for a browser (Accept: text/html), JSON otherwise.',
        response: { 200: Type.Object({ items: Type.Array(ErrorCodeDoc), nextCursor: Type.Null() }) },
      },
    },
    async (request, reply) =>
      wantsHtml(request) ? sendPage(reply, listHtml) : reply.header('vary', 'accept').send({ items: docs, nextCursor: null }),
  );
  app.get(
    '/errors/:code',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['documentation'],
        summary: "One error code's page: the `type` of every problem with that code",
        description: 'HTML for a browser (Accept: text/html), JSON otherwise.',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'An error code.' }) }),
        response: { 200: ErrorCodeDoc },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (!isErrorCode(code))
        throw new AppError(404, 'not_found', 'Not found', `No error code ${code}; GET /errors lists them all.`);
      const doc = docs.find((d) => d.code === code)!;
      return wantsHtml(request) ? sendPage(reply, errorCodePage(doc)) : reply.header('vary', 'accept').send(doc);
    },
  );
};
