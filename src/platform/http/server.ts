import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Platform } from '../context.ts';
import { DbScope, isUniqueViolation } from '../db/connect.ts';
import { installAuthorization, SESSION_COOKIE, type Authenticator, type RouteEntry } from './auth.ts';
import { problemLanguage } from './error-codes.i18n.ts';
import { AppError, problemBody, problems, type FieldError } from './errors.ts';
import { installConsole } from './console.ts';
import { installRequestGuards } from './guards.ts';
import { installMetrics } from './metrics.ts';
import { boundRequestSchema, openApiOptions } from './openapi.ts';
import type { Registry } from 'prom-client';
import { Paginator } from './pagination.ts';
import './types.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    paginator: Paginator;
    /** Prometheus registry of this server, served by serveMetrics on its own port. */
    metrics: Registry;
    /** Every route with the permission it declared, for the authorization matrix test. */
    routeTable: RouteEntry[];
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every field error at once (allErrors), defaults applied, unknown fields refused by the schemas that say so. */
function validator(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  });
  ajvFormats.default(ajv);
  return ajv;
}

function fieldErrors(err: FastifyError): FieldError[] {
  // Fastify names the query part 'querystring'; problem bodies say 'query', as the cursor errors do.
  const where = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body');
  return (err.validation ?? []).map((v) => {
    const missing = v.keyword === 'required' ? `/${String((v.params as { missingProperty?: string }).missingProperty)}` : '';
    const extra =
      v.keyword === 'additionalProperties' ? `/${String((v.params as { additionalProperty?: string }).additionalProperty)}` : '';
    const limit = (v.params as { limit?: unknown }).limit;
    return {
      in: where,
      path: `${v.instancePath}${missing}${extra}` || '/',
      message: v.message ?? v.keyword,
      code: v.keyword,
      ...(typeof limit === 'number' ? { limit } : {}),
    };
  });
}

/** Maps anything thrown to problem+json: known errors as they are, the rest as a logged 500. */
function toAppError(err: FastifyError): AppError {
  if (err instanceof AppError) return err;
  if (err.validation) {
    const errors = fieldErrors(err);
    return problems.invalid(`${errors.length} field error(s): ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'payload_too_large', 'Request body too large', err.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported_media_type', 'Unsupported media type', 'Send JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problems.invalid('The body is not valid JSON.');
  }
  if (err.statusCode === 400 && err.name === 'SyntaxError') return problems.invalid('The body is not valid JSON.');
  if (err.statusCode === 429) return problems.rateLimited(60);
  // A concurrent request made the same thing first: the services word the races they expect;
  // any other one is still the caller's conflict to retry, never our 500.
  if (isUniqueViolation(err)) {
    return problems.conflict(
      'concurrent_change',
      'Changed at the same time',
      'Another request changed the same thing at the same moment; read it again, then retry if it is still needed.',
    );
  }
  return new AppError(
    500,
    'internal_error',
    'Internal error',
    'Something went wrong on our side; the request id helps us find it.',
  );
}

export interface ServerOptions {
  platform: Platform;
  authenticator: Authenticator;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

/** Query parameters whose values are credentials, wherever they appear. */
const SECRET_PARAMS = /^(token|code|secret|password|key)$/i;
/** Our tokens (tra_ links, trs_ sessions, trt_ API tokens), in a path or anywhere else. */
const TOKEN = /tr[a-z]_[A-Za-z0-9_-]{20,}/g;

/**
 * A URL fit for the request log: mailed links carry single-use tokens (`/v1/links/tra_…`,
 * `/password-setup?token=…`), and whoever reads the logs must not be able to use them.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at)).replace(TOKEN, (t) => `${t.slice(0, 4)}[redacted]`);
  if (at < 0) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (eq >= 0 && SECRET_PARAMS.test(decodeURIComponentSafe(name))) return `${name}=[redacted]`;
      return pair.replace(TOKEN, (t) => `${t.slice(0, 4)}[redacted]`);
    })
    .join('&');
  return `${path}?${query}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The HTTP server: conventions of API.md wired once, before any module's routes. */
export async function buildServer(options: ServerOptions): Promise<App> {
  const { platform } = options;
  const config = platform.config;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            serializers: {
              req: (request) => ({
                method: request.method,
                url: redactUrl(request.url),
                host: request.host,
                remoteAddress: request.ip,
                remotePort: request.socket?.remotePort,
              }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    // Off by default: a client could otherwise pick its own address and dodge rate limits.
    trustProxy: config.trustProxy,
    // The router's own refusals (a malformed %-escape, an overlong path segment) answer as every other error.
    frameworkErrors: (err, request, reply) => {
      const problem =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new AppError(414, 'uri_too_long', 'URI too long', 'A part of the path is longer than any identifier of ours.')
          : problems.invalid('The URL is not valid: a %-escape in its path does not decode.');
      const language = problemLanguage(request);
      void (reply as unknown as FastifyReply)
        .code(problem.status)
        .header('x-request-id', request.id)
        .header('content-language', language)
        .header('vary', 'accept-language')
        .type('application/problem+json; charset=utf-8')
        .serializer(JSON.stringify)
        .send(problemBody(problem, request.id, config.publicUrl, language));
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Query strings and paths are text, so their values are coerced to the schema's types; JSON
  // bodies are typed already and are never coerced: `null` must not become 0, nor "10" 10.
  const [coercing, exact] = [validator(true), validator(false)];
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));

  app.decorate('platform', platform);
  app.decorate('paginator', new Paginator(config.secret));
  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Sees no tenant row until the authorization hook has scoped it to the caller.
    const scope = DbScope.tenants([]);
    request.ctx = { requestId: request.id, actor: null, db: platform.database.scoped(scope), scope, platform };
  });

  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) request.log.error({ err }, 'request failed');
    const retryAfter = appError.extra.retryAfterSeconds;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    const language = problemLanguage(request);
    const vary = reply.getHeader('vary');
    return reply
      .code(appError.status)
      .header('content-language', language)
      .header('vary', vary ? `${String(vary)}, accept-language` : 'accept-language')
      .type('application/problem+json; charset=utf-8')
      .serializer(JSON.stringify)
      .send(problemBody(appError, request.id, config.publicUrl, language));
  });
  // A person opening a console path (a mailed link, a reload) gets the console; the rest a 404 problem.
  let servePage: Awaited<ReturnType<typeof installConsole>> | undefined;
  app.setNotFoundHandler(async (request, reply) => {
    if (servePage && (await servePage(request, reply))) return reply;
    throw new AppError(404, 'not_found', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}.`);
  });

  // Swagger UI and the document it reads are public by nature; everything else names its permission.
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = { ...route.config, permission: 'public' };
      route.schema = { ...route.schema, hide: true };
    }
    for (const part of ['body', 'querystring', 'params'] as const) boundRequestSchema(route.schema?.[part]);
  });
  installRequestGuards(app, { publicUrl: config.publicUrl });
  // Cookies are parsed before the authorization hook reads the session cookie.
  await app.register(fastifyCookie, { secret: config.secret });
  app.decorate('routeTable', installAuthorization(app, options.authenticator));

  await app.register(fastifyHelmet, { contentSecurityPolicy: false, global: true });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => problems.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
  await app.register(
    fastifySwagger,
    openApiOptions({
      publicUrl: config.publicUrl,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        apiToken: { type: 'http', scheme: 'bearer' },
      },
    }),
  );
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.decorate('metrics', installMetrics(app));
  servePage = await installConsole(app, { webDir: config.webDir });
  app.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
