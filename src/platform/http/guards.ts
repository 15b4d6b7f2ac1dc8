import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, problems, type FieldError } from './errors.ts';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** JSON pointers to every string (key or value) that holds a NUL character. */
function nulPaths(value: unknown, path: string, found: string[]): void {
  if (found.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path || '/');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulPaths(item, `${path}/${i}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const pointer = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key.includes('\u0000')) found.push(pointer);
      nulPaths(item, pointer, found);
    }
  }
}

/**
 * PostgreSQL cannot store NUL in text, and no name, address or token of ours holds one: a
 * request carrying one is refused as a whole before any handler reads it.
 */
function refuseNulBytes(request: FastifyRequest): void {
  const errors: FieldError[] = [];
  for (const [where, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const found: string[] = [];
    nulPaths(value, '', found);
    for (const path of found) errors.push({ in: where, path, message: 'must not contain the NUL character (U+0000)' });
  }
  if (errors.length > 0) {
    throw problems.invalid(`${errors.length} field(s) contain the NUL character (U+0000), which no field accepts.`, errors);
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Cross-site writes are refused. SameSite=Lax keeps the session cookie off cross-site POSTs
 * in today's browsers, but not in every browser, and not on a sibling subdomain (same site,
 * other origin); a form or a text/plain fetch from another origin must never reach a
 * handler. Browsers say where a request comes from (Sec-Fetch-Site, Origin); clients
 * that send neither (curl, servers) carry no ambient credentials a page could borrow.
 */
function refuseCrossSite(request: FastifyRequest, trusted: Set<string>): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const refuse = (why: string) =>
    new AppError(
      403,
      'cross_site_request',
      'Cross-site request refused',
      `${why} Call the API from the console's own origin, or send an API token.`,
    );
  if (typeof origin === 'string') {
    const host = request.headers.host;
    const own = host ? [`http://${host}`, `https://${host}`] : [];
    if (origin === 'null' || !(trusted.has(origin) || own.includes(origin))) {
      throw refuse(`The request comes from ${origin}, which is not this server's origin.`);
    }
  } else if (site === 'cross-site' || site === 'same-site') {
    throw refuse(`The browser says the request comes from another ${site === 'cross-site' ? 'site' : 'origin of this site'}.`);
  }
}

export interface GuardOptions {
  /** Origins whose pages may write with a session: the public URL's. */
  publicUrl: string;
}

export function installRequestGuards(app: FastifyInstance, options: GuardOptions): void {
  const trusted = new Set([originOf(options.publicUrl)].filter((o): o is string => Boolean(o)));
  app.addHook('onRequest', async (request) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    // A bearer token is never sent by a browser on its own: no page can borrow it.
    if (request.headers.authorization !== undefined) return;
    refuseCrossSite(request, trusted);
  });
  app.addHook('preValidation', async (request) => refuseNulBytes(request));
}
