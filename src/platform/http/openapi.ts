import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { markerPermissions } from '../../domain/roles.ts';
import { errorCodes } from './error-codes.ts';

/**
 * What the OpenAPI document says beyond each route's own schema, derived in one place from
 * what the route declares (its permission, rate limit, parameters and body), so that a new
 * route is documented as accurately as the old ones without anyone remembering to.
 */

/** The tags every operation is filed under, in the order Swagger UI shows them. */
export const apiTags = [
  { name: 'identity', description: 'Signing up and in, sessions, the caller itself, passwords and authenticator apps.' },
  { name: 'users', description: "A tenant's own users and their roles (R-ENR-4)." },
  { name: 'integration', description: 'API tokens for programs that call Trellis.' },
  { name: 'program', description: "A partner's profile, partner ID, enrollments and program info (R-ENR-*, R-TRN-*)." },
  { name: 'agreements', description: 'Partner agreements and their acceptance (R-AGR-1, R-TRN-3).' },
  { name: 'partnerships', description: 'Provider and reseller partnerships and their invitations (R-PRT-*).' },
  { name: 'links', description: 'The links Trellis mails: what each one asks, and accepting it.' },
  { name: 'customers', description: 'Customers, their users and relationships, relationship requests and bulk moves (R-CUS-*).' },
  {
    name: 'commerce',
    description: 'The catalog by market, the customer agreement, orders and subscriptions (R-CAT-1, R-AGR-3, R-CUS-4).',
  },
  {
    name: 'billing',
    description:
      "Price books and groups, credit limits and terms, held orders (R-CRD-1); monthly invoices at every tier, the running month's preview and reconciliation files.",
  },
  { name: 'grants', description: 'Time-bound delegated admin grants and their requests (R-GRT-*).' },
  { name: 'directory', description: 'The directory of indirect providers (R-DIR-1).' },
  { name: 'incentives', description: 'Incentive programs and invitations (R-INC-1, R-TRN-7).' },
  { name: 'markets', description: "The operator's markets: countries, regions and currencies." },
  { name: 'operator', description: "The operator's back office: review, registry, agreements, settings, support." },
  { name: 'operations', description: 'Health of a running Trellis.' },
  { name: 'documentation', description: 'The rules Trellis enforces and the error codes it answers with.' },
  { name: 'demo', description: 'Demo mode only: the mail Trellis would have sent.' },
] as const;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A named nested resource's singular ("customers" → "customer"); the API's nouns are regular. */
function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const pascal = (segment: string) =>
  segment
    .split(/[-_.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** Action resources (`POST …/{id}/approval`) read as the verb they stand for: approveAdminGrantRequest. */
const actionVerbs: Record<string, string> = {
  approval: 'approve',
  rejection: 'reject',
  revocation: 'revoke',
  ending: 'end',
  cancellation: 'cancel',
  removal: 'remove',
  resends: 'resend',
  verification: 'verify',
  activation: 'activate',
  deactivation: 'deactivate',
  acceptance: 'accept',
  acceptances: 'accept',
  'requirements-confirmation': 'confirmRequirementsOf',
};

/** Where the derived name would read worse than a plain one. */
const namedOperations: Record<string, string> = {
  'POST /v1/sessions': 'signIn',
  'DELETE /v1/sessions/current': 'signOut',
  'POST /v1/tenants': 'signUp',
  'GET /v1/tenants/current': 'getCurrentTenant',
  'POST /v1/me/totp': 'startMyTotpEnrollment',
  'GET /v1/customers/export': 'exportCustomers',
  'GET /v1/operator/settings': 'getOperatorSettings',
  'POST /v1/operator/partners/:id/offboarding': 'flagPartnerForOffboarding',
};

/**
 * The operationId (the generated client's name for a call) derived from method and path:
 * GET /v1/customers/:id/users → listCustomerUsers, POST /v1/bulk-moves/:id/cancellation → cancelBulkMove.
 */
export function operationIdOf(method: string, url: string): string {
  const named = namedOperations[`${method} ${url}`];
  if (named) return named;
  const segments = url.split('/').filter((s) => s && s !== 'v1' && s !== '*');
  const nouns: string[] = [];
  let endsWithParam = false;
  segments.forEach((segment, i) => {
    endsWithParam = segment.startsWith(':');
    if (endsWithParam) return;
    const last = i === segments.length - 1;
    nouns.push(segment === 'me' && !last ? 'my' : segment);
  });
  const action = !endsWithParam && method === 'POST' ? actionVerbs[nouns[nouns.length - 1]!] : undefined;
  if (action) nouns.pop();
  const words = nouns.map((noun, i) => {
    const last = i === nouns.length - 1;
    if (noun === 'my') return 'My';
    if (!last || action || endsWithParam || method === 'POST') return pascal(singular(noun));
    return pascal(noun);
  });
  const lastNoun = nouns[nouns.length - 1] ?? '';
  const verb =
    action ??
    {
      GET: endsWithParam || singular(lastNoun) === lastNoun ? 'get' : 'list',
      POST: 'create',
      PUT: 'set',
      PATCH: 'update',
      DELETE: 'delete',
    }[method] ??
    method.toLowerCase();
  return verb + words.join('');
}

/** The statuses a route may answer with a problem, from what it declares. */
export function problemStatuses(route: Pick<RouteOptions, 'method' | 'url' | 'config' | 'schema'>, method: string): number[] {
  const permission = route.config?.permission;
  const schema = (route.schema ?? {}) as { body?: { properties?: Record<string, unknown> } };
  const hasBody = schema.body !== undefined;
  const unsafe = UNSAFE.has(method);
  const guarded = permission !== undefined && permission !== 'public';
  const statuses = new Set<number>([400, 401, 500]);
  // Cross-site writes are refused on every route; a role table, or the operator's MFA requirement, on guarded ones.
  const mfaExempt = route.config?.allowDuringMfaEnrollment === true && markerPermissions.includes(permission!);
  if (unsafe || (guarded && !mfaExempt)) statuses.add(403);
  if (route.url.includes(':')) statuses.add(404);
  // A mailed link's token, in the path or the body, may have been used, have expired or been revoked.
  if (route.url.includes(':token') || schema.body?.properties?.token) statuses.add(410);
  if (unsafe) {
    statuses.add(409);
    statuses.add(422);
  }
  if (hasBody) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.config?.rateLimit) statuses.add(429);
  if (route.url === '/health') statuses.add(503);
  return [...statuses].sort();
}

/** Why a status is answered, as each error response says it. */
const statusMeaning: Record<number, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description: 'The request is malformed: field errors are listed in `errors` (code invalid_request).',
  },
  401: {
    name: 'Unauthorized',
    description: 'No valid session or API token (unauthenticated), or the credentials given are wrong.',
  },
  403: {
    name: 'Forbidden',
    description: 'The caller may not do this: a missing permission, a cross-site write, or MFA enrolment still due.',
  },
  404: { name: 'NotFound', description: 'No such resource, or none the caller may see.' },
  409: { name: 'Conflict', description: 'The resource is not in a state that allows this, or changed at the same time.' },
  410: { name: 'Gone', description: 'The mailed link was used, has expired or was revoked.' },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than the server accepts.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not JSON.' },
  422: { name: 'UnprocessableContent', description: 'A business rule refuses the change: `rule` names it (see /rules).' },
  429: { name: 'TooManyRequests', description: 'Too many requests: retry after the seconds in Retry-After.' },
  500: { name: 'InternalError', description: 'Something failed on the server; the request id helps find it.' },
  503: { name: 'ServiceUnavailable', description: 'The database did not answer.' },
};

const rateLimitHeaders = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed in the window.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the window.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the window resets.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
};

const problemSchema = {
  type: 'object',
  description:
    "RFC 9457 problem details. `code` is stable; `type` is a page that explains it. Worded in the signed-in user's language, " +
    "else in the Accept-Language asked for (en, ko, fr; Content-Language says which): `title` is the code's title in it; " +
    "outside English `meaning` is the code's meaning in it, and `detail` the specific sentence, in English.",
  required: ['type', 'title', 'status', 'code', 'requestId'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      maxLength: 300,
      description: 'The page that explains the code: {publicUrl}/errors/{code}.',
    },
    title: { type: 'string', maxLength: 200, description: "The code's title, in the problem's language." },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    code: { type: 'string', enum: Object.keys(errorCodes).sort(), description: 'Stable; listed at /errors.' },
    detail: {
      type: 'string',
      maxLength: 2000,
      description: 'What exactly was refused, in English (or, when it only restates the meaning, in the language of `meaning`).',
    },
    meaning: {
      type: 'string',
      maxLength: 2000,
      description: "Outside English: the code's meaning (as on its `type` page) in the problem's language.",
    },
    rule: {
      type: 'string',
      pattern: '^R-[A-Z]+-[0-9]+$',
      maxLength: 12,
      description: 'The rule the request broke, explained at /rules.',
    },
    permission: { type: 'string', maxLength: 64, description: 'The permission a 403 found missing.' },
    errors: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['in', 'path', 'message', 'code'],
        properties: {
          in: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
          path: { type: 'string', maxLength: 1000, description: 'JSON pointer into the request part named by `in`.' },
          message: { type: 'string', maxLength: 500, description: 'In English.' },
          code: {
            type: 'string',
            maxLength: 64,
            description:
              'Stable: the JSON Schema keyword that failed (required, minLength, maxLength, format, pattern, enum, type, ' +
              "additionalProperties, minimum, maximum, minItems, maxItems), or invalid for a service's own check.",
          },
          limit: { type: 'number', description: 'The bound of a minLength, maxLength, minimum, maximum, minItems or maxItems.' },
        },
      },
    },
    requestId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$', maxLength: 128 },
  },
};

const ROUTE_FACTS = 'x-trellis-route';

interface RouteFacts {
  statuses: number[];
  rateLimited: boolean;
}

/** The document's shape, as far as this file touches it. */
interface ResponseObject {
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}
interface Operation {
  responses: Record<string, ResponseObject>;
  [ROUTE_FACTS]?: RouteFacts;
}
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
};
/** A route's schema as given, as far as the document's transform reads it. */
type GivenSchema = { hide?: boolean; description?: string; summary?: string; operationId?: string; [key: string]: unknown };

export function openApiOptions(base: {
  publicUrl: string;
  securitySchemes: Record<string, unknown>;
}): FastifyDynamicSwaggerOptions {
  const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(base.publicUrl);
  return {
    openapi: {
      openapi: '3.1.0',
      servers: [
        {
          url: base.publicUrl,
          description: local ? 'This Trellis, local development' : 'This Trellis, production (its PUBLIC_URL)',
          // The API is the public face of the installation: partners' programs and the console call it.
          'x-internal': false,
        } as never,
      ],
      info: {
        title: 'Trellis API',
        version: '1',
        description:
          'Partner center for two-tier cloud channel programs. Errors are RFC 9457 problem+json; each `code` is explained at ' +
          '/errors/{code} and each rule a refusal names at /rules.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        // Whoever runs this installation answers for it; its own address is the one we know.
        contact: { name: 'The operator of this Trellis', url: base.publicUrl },
      },
      tags: apiTags.map((t) => ({ ...t })),
      components: { securitySchemes: base.securitySchemes as never },
      security: Object.keys(base.securitySchemes).map((name) => ({ [name]: [] })),
    },
    transform: ({ schema, url, route }) => {
      const method = [route.method].flat().find((m) => m !== 'HEAD') ?? 'GET';
      const given = (schema ?? {}) as GivenSchema;
      if (given.hide) return { schema, url };
      const permission = route.config?.permission;
      const lines = [given.description ?? given.summary ?? ''];
      if (permission === 'public') lines.push('Public: no sign-in needed.');
      else if (permission === 'signed_in') lines.push('Needs a signed-in caller (session or API token).');
      else if (permission) lines.push(`Needs the permission \`${permission}\`.`);
      if (route.config?.rateLimit) lines.push('Rate limited: the X-RateLimit-* headers say how much is left.');
      const facts: RouteFacts = { statuses: problemStatuses(route, method), rateLimited: Boolean(route.config?.rateLimit) };
      return {
        url,
        schema: {
          ...given,
          operationId: given.operationId ?? operationIdOf(method, route.url),
          description: lines.filter(Boolean).join('\n\n'),
          ...(permission === 'public' ? { security: [] } : {}),
          [ROUTE_FACTS]: facts,
        } as never,
      };
    },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: Doc }).openapiObject;
      doc.components.schemas = { ...doc.components.schemas, Problem: problemSchema };
      const responses: Record<string, unknown> = {};
      for (const [status, { name, description }] of Object.entries(statusMeaning)) {
        responses[name] = {
          description,
          ...(status === '429'
            ? {
                headers: {
                  'Retry-After': {
                    description: 'Seconds to wait.',
                    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 },
                  },
                },
              }
            : {}),
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        };
      }
      doc.components.responses = responses;
      for (const item of Object.values(doc.paths)) {
        for (const operation of Object.values(item)) {
          const facts = operation[ROUTE_FACTS];
          if (!facts) continue;
          delete operation[ROUTE_FACTS];
          for (const [status, response] of Object.entries(operation.responses)) {
            if (facts.rateLimited && /^[24]/.test(status) && !('$ref' in response)) {
              response.headers = { ...rateLimitHeaders, ...response.headers };
            }
          }
          for (const status of facts.statuses) {
            operation.responses[status] ??= { $ref: `#/components/responses/${statusMeaning[status]!.name}` };
          }
        }
      }
      return doc;
    },
  };
}

/**
 * The longest string an anchored pattern matches, when the pattern says (`^[0-9]{6}$` → 6,
 * `^(?=.{4,253}$)…` → 253); undefined when it is unbounded or too clever to read.
 */
export function patternMaxLength(pattern: string): number | undefined {
  const ahead = /^\^\(\?=\.\{\d+,(\d+)\}\$\)/.exec(pattern);
  if (ahead) return Number(ahead[1]);
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return undefined;
  const body = pattern.slice(1, -1);
  let total = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '[') {
      let end = i + 1;
      while (end < body.length && body[end] !== ']') end += body[end] === '\\' ? 2 : 1;
      if (end >= body.length) return undefined;
      i = end + 1;
    } else if (c === '\\') i += 2;
    else if ('()|*+?{}.'.includes(c)) return undefined;
    else i += 1;
    let max = 1;
    if (body[i] === '?') i += 1;
    else if (body[i] === '{') {
      const m = /^\{(\d+)(,(\d+)?)?\}/.exec(body.slice(i));
      if (!m || (m[2] !== undefined && m[3] === undefined)) return undefined;
      max = Number(m[3] ?? m[1]);
      i += m[0].length;
    } else if (body[i] === '*' || body[i] === '+') return undefined;
    total += max;
  }
  return total;
}

/** Lengths that a string format bounds by itself. */
const formatMaxLength: Record<string, number> = { uuid: 36, date: 10, 'date-time': 64, email: 254 };

/**
 * Makes the limits a request schema implies explicit (a uuid is 36 characters, an integer an
 * int32 within its bounds), so that the validator checks the length before it runs a pattern
 * and the document states every request limit. Schemas are shared between routes: the change
 * is the same wherever it lands.
 */
export function boundRequestSchema(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) return schema.forEach(boundRequestSchema);
  const s = schema as {
    type?: string | string[];
    maxLength?: number;
    enum?: unknown;
    const?: unknown;
    pattern?: string;
    format?: string;
    minimum?: number;
    maximum?: number;
  };
  const types = [s.type].flat();
  if (types.includes('string') && s.maxLength === undefined && s.enum === undefined && s.const === undefined) {
    const bound =
      (s.pattern ? patternMaxLength(s.pattern) : undefined) ?? (s.format === undefined ? undefined : formatMaxLength[s.format]);
    if (bound !== undefined) s.maxLength = bound;
  }
  const { minimum, maximum } = s;
  if (types.includes('integer') && s.format === undefined && minimum !== undefined && maximum !== undefined) {
    if (minimum >= -(2 ** 31) && maximum < 2 ** 31) s.format = 'int32';
  }
  for (const value of Object.values(s)) if (value && typeof value === 'object') boundRequestSchema(value);
}
