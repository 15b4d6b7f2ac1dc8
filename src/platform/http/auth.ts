import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission, markerPermissions, permissions, type Permission } from '../../domain/roles.ts';
import type { Config } from '../../config.ts';
import type { Actor, Ctx } from '../context.ts';
import { DbScope, type Db } from '../db/connect.ts';
import { sha256 } from '../secrets.ts';
import { AppError, problems } from './errors.ts';

export const SESSION_COOKIE = 'trellis_session';
export const API_TOKEN_PATTERN = /^trt_[A-Za-z0-9_-]{43}$/;
export const SESSION_TOKEN_PATTERN = /^trs_[A-Za-z0-9_-]{43}$/;

/** The limit on routes that take or make credentials (sign-in, sign-up, password and token routes), per client address. */
export function credentialRateLimit(config: Config) {
  return { max: config.signInRateLimit.max, timeWindow: config.signInRateLimit.windowMs };
}

/** A limit per calling tenant (sending invitations and requests, accepting links), per address when anonymous. */
export function perTenantRateLimit(max: number, windowMs = 3_600_000) {
  return {
    max,
    timeWindow: windowMs,
    keyGenerator: (request: FastifyRequest) => request.ctx.actor?.tenantId ?? request.ip,
  };
}

/**
 * A limit per signed-in user, whichever address it calls from (checking authenticator codes):
 * a stolen session must not buy unlimited guesses, and colleagues behind one address do not
 * share a budget.
 */
export function perUserRateLimit(max: number, windowMs: number) {
  return {
    max,
    timeWindow: windowMs,
    keyGenerator: (request: FastifyRequest) => {
      const userId = request.ctx.actor?.userId;
      return userId ? `user:${userId}` : request.ip;
    },
  };
}

/** Looks a credential up by the hash of its token; the identity module provides it. */
export interface Authenticator {
  fromSession: (tokenHash: string, db: Db) => Promise<Actor | null>;
  fromApiToken: (tokenHash: string, db: Db) => Promise<Actor | null>;
}

/** Refusals that a role table alone cannot word: they tell the caller the way out. */
const permissionHints: Partial<Record<Permission, { rule?: `R-${string}`; detail: string; onlyFor?: Actor['tenantKind'] }>> = {
  'users.manage': {
    rule: 'R-ENR-4',
    onlyFor: 'partner',
    detail:
      'Adding and managing users needs the admin_agent role. A global admin can grant it, to itself or another user, ' +
      'with PUT /v1/users/{id}/roles.',
  },
};

interface Credential {
  kind: 'session' | 'api_token';
  hash: string;
}

/** The request's credential: an API token in the Authorization header, or the session cookie. */
function credentialOf(request: FastifyRequest): Credential | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const [scheme, token, ...rest] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0 || !API_TOKEN_PATTERN.test(token)) {
      throw problems.invalid('The Authorization header must be "Bearer <API token>" with a token made at /v1/api-tokens.');
    }
    return { kind: 'api_token', hash: sha256(token) };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie && SESSION_TOKEN_PATTERN.test(cookie)) return { kind: 'session', hash: sha256(cookie) };
  return null;
}

/**
 * The one authorization mechanism: each route names a permission in its config, a
 * route without one does not start, and this hook checks it before anything else runs.
 */
export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission;
}

/**
 * The one place a request's caller is found and its database handle gets its row-level
 * security scope (PostgreSQL): the operator and the routes that declare `databaseScope:
 * 'system'` see everything; a user of a partner or customer sees its tenant's rows and those
 * of the tenants linked to it (tenant_links); an anonymous caller sees no tenant row. The
 * caller is looked up on the request's own connection, which the lookup leaves scoped.
 */
async function identify(
  ctx: Ctx,
  credential: Credential | null,
  authenticator: Authenticator,
  declared: 'system' | undefined,
): Promise<{ actor: Actor | null; end: () => void }> {
  const database = ctx.platform.database;
  let scope = DbScope.tenants([]);
  let handle = database.forRequest(scope, { lookupFirst: credential !== null });
  let actor: Actor | null = null;
  if (credential) {
    try {
      actor = await (credential.kind === 'session' ? authenticator.fromSession : authenticator.fromApiToken)(
        credential.hash,
        handle.db,
      );
    } catch (err) {
      handle.end();
      throw err;
    }
    if (actor) scope.add([actor.tenantId]);
    await handle.settled(scope.tenantIds);
    if (credential.kind === 'api_token' && !actor) {
      handle.end();
      throw problems.unauthenticated('The API token is unknown, expired or revoked.');
    }
  }
  if (declared === 'system' || actor?.tenantKind === 'operator') {
    handle.end();
    scope = DbScope.system();
    handle = database.forRequest(scope);
  }
  ctx.scope = scope;
  ctx.db = handle.db;
  return { actor, end: handle.end };
}

const endDatabase = Symbol('trellis.endDatabase');
declare module 'fastify' {
  interface FastifyRequest {
    [endDatabase]?: () => void;
  }
}

export function installAuthorization(app: FastifyInstance, authenticator: Authenticator): RouteEntry[] {
  const table: RouteEntry[] = [];
  app.addHook('onResponse', async (request) => request[endDatabase]?.());
  app.addHook('onRequestAbort', async (request) => request[endDatabase]?.());
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission || !(permissions as readonly string[]).includes(permission)) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no known permission (config.permission)`);
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, permission });
  });

  app.addHook('onRequest', async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return; // the 404 handler: nothing to protect
    const { actor, end } = await identify(
      request.ctx,
      credentialOf(request),
      authenticator,
      request.routeOptions.config.databaseScope,
    );
    request.ctx.actor = actor;
    // The response finished, or its client went away: the request's connection goes back
    // (already gone: it goes back at once, and any later query takes one of its own).
    reply.raw.once('close', end);
    request[endDatabase] = end;
    if (reply.raw.closed || request.raw.socket?.destroyed) end();
    if (permission === 'public') return;
    if (!actor) throw problems.unauthenticated();
    if (actor.mfaEnrollmentRequired && !request.routeOptions.config.allowDuringMfaEnrollment) {
      throw new AppError(
        403,
        'mfa_enrollment_required',
        'Multi-factor authentication required',
        'The operator requires multi-factor authentication: enrol an authenticator app at POST /v1/me/totp first.',
      );
    }
    if (markerPermissions.includes(permission)) return;
    if (!hasPermission(actor.tenantKind, actor.roles, permission)) {
      const hint = permissionHints[permission];
      if (hint && (!hint.onlyFor || hint.onlyFor === actor.tenantKind)) {
        throw problems.forbidden(hint.detail, hint.rule ? { rule: hint.rule, permission } : { permission });
      }
      throw problems.forbidden(`This needs the permission ${permission}, which none of your roles gives.`, { permission });
    }
  });
  return table;
}
