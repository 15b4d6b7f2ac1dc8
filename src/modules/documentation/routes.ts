import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { acceptedLanguage, problemLanguages, type ProblemLanguage } from '../../platform/http/error-codes.i18n.ts';
import { isErrorCode } from '../../platform/http/error-codes.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  allErrorCodes,
  errorCodeDocument,
  errorCodePage,
  errorListPage,
  PAGE_CSP,
  rulesPage,
  type ErrorCodeDocument,
} from './pages.ts';

const ErrorCodeDoc = Type.Object({
  code: Type.String(),
  language: Type.Enum([...problemLanguages], { description: 'The language of `title` and `description`.' }),
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

const LanguageQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Enum([...problemLanguages], { description: 'The language of titles and meanings; else Accept-Language, else en.' }),
    ),
  },
  { additionalProperties: false },
);

/** ?lang= when given, else the request's Accept-Language. */
function pageLanguage(request: FastifyRequest): ProblemLanguage {
  return (request.query as { lang?: ProblemLanguage }).lang ?? acceptedLanguage(request.headers['accept-language']);
}

function sendPage(reply: FastifyReply, html: string, language: ProblemLanguage) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'public, max-age=300')
    .header('content-language', language)
    .header('vary', 'accept, accept-language')
    .send(html);
}

function sendJson(reply: FastifyReply, body: unknown, language: ProblemLanguage) {
  return reply.header('content-language', language).header('vary', 'accept, accept-language').send(body);
}

/**
 * What a refusal means, served by the server that refused: the rules (docs/rules.md) and one
 * page per error code, which is where each problem's `type` points.
 */
export const documentationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicUrl } = app.platform.config;
  const rulesHtml = rulesPage();
  const docsIn = Object.fromEntries(
    problemLanguages.map((language) => [language, allErrorCodes().map((code) => errorCodeDocument(publicUrl, code, language))]),
  ) as Record<ProblemLanguage, ErrorCodeDocument[]>;
  const listHtmlIn = Object.fromEntries(
    problemLanguages.map((language) => [language, errorListPage(docsIn[language], language)]),
  ) as Record<ProblemLanguage, string>;

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
    async (_request, reply) => sendPage(reply, rulesHtml, 'en'),
  );
  app.get(
    '/errors',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['documentation'],
        summary: 'Every error code: status, title, meaning and the rules it enforces',
        description: 'HTML for a browser (Accept: text/html), JSON otherwise; in ?lang=, else Accept-Language (en, ko, fr).',
        querystring: LanguageQuery,
        response: { 200: Type.Object({ items: Type.Array(ErrorCodeDoc), nextCursor: Type.Null() }) },
      },
    },
    async (request, reply) => {
      const language = pageLanguage(request);
      return wantsHtml(request)
        ? sendPage(reply, listHtmlIn[language], language)
        : sendJson(reply, { items: docsIn[language], nextCursor: null }, language);
    },
  );
  app.get(
    '/errors/:code',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['documentation'],
        summary: "One error code's page: the `type` of every problem with that code",
        description: 'HTML for a browser (Accept: text/html), JSON otherwise; in ?lang=, else Accept-Language (en, ko, fr).',
        querystring: LanguageQuery,
        params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'An error code.' }) }),
        response: { 200: ErrorCodeDoc },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (!isErrorCode(code))
        throw new AppError(404, 'not_found', 'Not found', `No error code ${code}; GET /errors lists them all.`);
      const language = pageLanguage(request);
      const doc = docsIn[language].find((d) => d.code === code)!;
      return wantsHtml(request) ? sendPage(reply, errorCodePage(doc), language) : sendJson(reply, doc, language);
    },
  );
};
