import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import type { App } from './server.ts';

/** Paths that belong to the API and its documents: never answered with the console's page. */
const NOT_PAGES = /^\/(v1|docs|openapi\.json|health|assets|errors|rules)(\/|$|\?)/;

/**
 * The console's own policy: its scripts and styles come from this server alone (Fluent
 * writes its styles at run time, hence inline styles); it talks only to this API.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The console's files, asked of a server that has no built console. */
const notBuilt = () => new AppError(404, 'not_found', 'Not found', 'No console is built here (npm run build:web).');

export interface ConsoleOptions {
  webDir: string;
}

/** Whether a request is a person opening a console page (a deep link, a reload), not an API call. */
export function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (NOT_PAGES.test(request.url)) return false;
  return String(request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built console: hashed assets cached for a year, and the one page (index.html)
 * for every console path, so that `/links/{token}` or `/customers/{id}` reload to their page.
 * Without a build, page requests get a short page that says how to build it.
 */
export async function installConsole(
  app: App,
  options: ConsoleOptions,
): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<boolean>> {
  const built = existsSync(join(options.webDir, 'index.html'));
  // The build leaves brotli and gzip copies beside each file: a browser gets the smallest it accepts.
  if (built) await app.register(fastifyStatic, { root: options.webDir, serve: false, preCompressed: true });
  const hidden = { permission: 'public' as const };
  app.get(
    '/assets/*',
    { config: hidden, schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
      if (!built) throw notBuilt();
      return reply.sendFile(join('assets', request.params['*']), { immutable: true, maxAge: '365d' });
    },
  );
  app.get('/favicon.svg', { config: hidden, schema: { hide: true } }, async (_request, reply) => {
    if (!built) throw notBuilt();
    return reply.sendFile('favicon.svg', { maxAge: '1d' });
  });

  /** Answers a page request with the console; false when the request is not one. */
  return async (request, reply) => {
    if (!isPageRequest(request)) return false;
    reply.header('content-security-policy', CONSOLE_CSP).header('cache-control', 'no-cache');
    reply.header('referrer-policy', 'no-referrer');
    if (!built) {
      await reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Trellis</title><p>The console is not built. Run <code>npm run build:web</code>, ' +
            'or start Trellis with <code>npm start</code>, which builds it. The API is at <a href="/docs">/docs</a>.</p>',
        );
      return true;
    }
    await reply.sendFile('index.html', { maxAge: 0 });
    return true;
  };
}
