import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyRequest } from 'fastify';
import { assertProblem } from '../../../test/support/assert.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { member, type Api } from '../../../test/support/program.ts';
import { loadConfig } from '../../config.ts';
import { authenticator } from '../../modules/auth/service.ts';
import { DbScope } from '../db/scope.ts';
import { credentialRateLimit, installAuthorization, perTenantRateLimit, perUserRateLimit } from './auth.ts';

/** The one authorization hook (auth.ts): who the caller is, and whether its roles give the route's permission. */

let t: TestTrellis;
let partner: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
let customer: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
let token: string;
before(async () => {
  t = await TestTrellis.start();
  partner = await t.tenantWithAdmin('partner');
  customer = await t.tenantWithAdmin('customer');
  const made = await partner.api.post('/v1/api-tokens', { name: 'program' });
  assert.equal(made.status, 201, made.raw);
  token = made.body.token;
});
after(() => t.close());

/** The installation's one operator tenant, made on first use. */
let operatorMade: ReturnType<TestTrellis['operator']> | undefined;
const theOperator = () => (operatorMade ??= t.operator());

const tail43 = 'A'.repeat(43);
const withAuthorization = (authorization: string) => t.request('GET', '/v1/me', { headers: { authorization } });
const withCookie = (cookie: string) => t.request('GET', '/v1/me', { cookie });

describe('who calls', () => {
  it('a session cookie signs the caller in; an API token does as well, whatever the case of "Bearer"', async () => {
    assert.equal((await partner.api.get('/v1/me')).body.user.email, partner.admin.email);
    assert.equal((await withAuthorization(`Bearer ${token}`)).body.user.email, partner.admin.email);
    assert.equal((await withAuthorization(`bearer ${token}`)).status, 200);
  });

  it('a malformed Authorization header is a 400 that says the form, not a guess', async () => {
    for (const header of [
      `Basic ${token}`,
      'Bearer',
      `Bearer ${token} extra`,
      `Bearer trt_${'A'.repeat(42)}`,
      `Bearer trt_${'A'.repeat(44)}`,
      `Bearer xtrt_${tail43}`,
      `Bearer trt_${'A'.repeat(42)}!`,
      `Bearer trs_${tail43}`,
    ]) {
      const res = await withAuthorization(header);
      assertProblem(res, 400, 'invalid_request');
      assert.match(
        res.body.detail,
        /^The Authorization header must be "Bearer <API token>" with a token made at \/v1\/api-tokens\.$/,
      );
    }
  });

  it('an unknown token is a 401 that says so; the header wins over a valid session cookie', async () => {
    const res = await withAuthorization(`Bearer trt_${tail43}`);
    assertProblem(res, 401, 'unauthenticated');
    assert.equal(res.body.detail, 'The API token is unknown, expired or revoked.');
    const both = await t.request('GET', '/v1/me', { cookie: partner.cookie, headers: { authorization: `Bearer trt_${tail43}` } });
    assertProblem(both, 401, 'unauthenticated');
  });

  it('a cookie of the wrong shape, or an unknown one, is no session', async () => {
    const value = partner.cookie.split('=')[1]!;
    for (const cookie of [
      `trellis_session=${value}x`,
      `trellis_session=x${value}`,
      `trellis_session=${tail43}`,
      `other=${value}`,
    ]) {
      const res = await withCookie(cookie);
      assertProblem(res, 401, 'unauthenticated');
      assert.equal(res.body.detail, 'Sign in, or send a valid API token.');
    }
    assertProblem(await withCookie(`trellis_session=trs_${tail43}`), 401, 'unauthenticated');
  });

  it('a public route answers the anonymous and a route that does not exist is a 404, not a 401', async () => {
    assert.equal((await t.request('GET', '/v1/markets')).status, 200);
    assertProblem(await t.request('GET', '/v1/no-such-route'), 404, 'not_found');
  });

  it('an unknown session on a public route is an anonymous caller, not a 401', async () => {
    const res = await t.request('GET', '/v1/markets', { cookie: `trellis_session=trs_${tail43}` });
    assert.equal(res.status, 200, res.raw);
  });

  it('a public route still knows a signed-in caller', async () => {
    const anonymous = await t.request('POST', '/v1/sessions', { body: { email: 'nobody@example.com', password: 'x' } });
    assert.equal(anonymous.status, 401);
    assert.equal((await partner.api.get('/v1/markets')).status, 200);
  });
});

describe('what the caller may do', () => {
  it('R-ENR-4: a partner global admin adding a user is told to grant itself admin_agent', async () => {
    const res = await partner.api.post('/v1/users', { email: 'new@example.com', name: 'New', roles: ['sales_agent'] });
    assertProblem(res, 403, 'forbidden', 'R-ENR-4');
    assert.equal(res.body.permission, 'users.manage');
    assert.equal(
      res.body.detail,
      'Adding and managing users needs the admin_agent role. A global admin can grant it, to itself or another user, ' +
        'with PUT /v1/users/{id}/roles.',
    );
  });

  it("a customer's plain user is refused with the permission it lacks, and no partner's hint", async () => {
    const plain: { api: Api } = await member(t, customer.api, ['user']);
    const res = await plain.api.post('/v1/users', { email: 'new@example.com', name: 'New', roles: ['user'] });
    assertProblem(res, 403, 'forbidden');
    assert.equal(res.body.rule, undefined);
    assert.equal(res.body.permission, 'users.manage');
    assert.equal(res.body.detail, 'This needs the permission users.manage, which none of your roles gives.');
    assert.equal((await plain.api.get('/v1/me')).status, 200, 'signed_in needs no role');
    assertProblem(await plain.api.get('/v1/users'), 403, 'forbidden');
  });

  it('a role that gives the permission passes', async () => {
    assert.equal((await customer.api.get('/v1/users')).status, 200);
    assert.equal((await customer.api.post('/v1/users', { email: 'c@example.com', name: 'C', roles: ['user'] })).status, 201);
  });

  it('anonymous callers of a protected route are asked to sign in', async () => {
    assertProblem(await t.request('GET', '/v1/users'), 401, 'unauthenticated');
    assertProblem(await t.request('POST', '/v1/users', { body: {} }), 401, 'unauthenticated');
  });

  it('when the operator requires MFA, a partner user without it reaches only the routes that enrol it', async () => {
    const operator = await theOperator();
    const setting = async (on: boolean) =>
      assert.equal((await operator.api.patch('/v1/operator/settings', { requireMfaForPartnerUsers: on })).status, 200);
    await setting(true);
    try {
      const cookie = await t.signIn(partner.admin.email);
      const api = t.as({ cookie });
      const refused = await api.get('/v1/users');
      assertProblem(refused, 403, 'mfa_enrollment_required');
      assert.match(refused.body.detail, /enrol an authenticator app at POST \/v1\/me\/totp first/);
      assert.equal((await api.get('/v1/me')).status, 200, 'its own profile stays reachable');
      // A customer is not concerned.
      assert.equal((await customer.api.get('/v1/users')).status, 200);
    } finally {
      await setting(false);
    }
  });
});

describe('the route table', () => {
  const nobody = { fromSession: async () => null, fromApiToken: async () => null };

  it('a route that names no permission, or one that does not exist, does not start', async () => {
    for (const config of [{}, { permission: 'users.everything' }, undefined]) {
      const app = Fastify({ logger: false });
      installAuthorization(app, nobody);
      assert.throws(
        () => app.get('/x', config ? { config: config as never } : {}, async () => 'x'),
        /^Error: Route GET \/x declares no known permission \(config\.permission\)$/,
      );
      await app.close();
    }
  });

  it('lists each method of each route with its permission, HEAD left out', async () => {
    const app = Fastify({ logger: false });
    const table = installAuthorization(app, nobody);
    app.get('/a', { config: { permission: 'public' } }, async () => 'a');
    app.route({ method: ['PUT', 'DELETE'], url: '/b', config: { permission: 'users.manage' }, handler: async () => 'b' });
    await app.ready();
    assert.deepEqual(table, [
      { method: 'GET', url: '/a', permission: 'public' },
      { method: 'PUT', url: '/b', permission: 'users.manage' },
      { method: 'DELETE', url: '/b', permission: 'users.manage' },
    ]);
    await app.close();
  });
});

describe('rate limit keys', () => {
  const request = (actor: object | null) => ({ ctx: { actor }, ip: '203.0.113.9' }) as unknown as FastifyRequest;

  it('per tenant: the calling tenant, or the address when anonymous; an hour unless told', () => {
    const limit = perTenantRateLimit(7);
    assert.equal(limit.max, 7);
    assert.equal(limit.timeWindow, 3_600_000);
    assert.equal(perTenantRateLimit(7, 1000).timeWindow, 1000);
    assert.equal(limit.keyGenerator(request({ tenantId: 't1', userId: 'u1' })), 't1');
    assert.equal(limit.keyGenerator(request(null)), '203.0.113.9');
  });

  it('per user: the user wherever it calls from, or the address when anonymous', () => {
    const limit = perUserRateLimit(10, 900_000);
    assert.deepEqual([limit.max, limit.timeWindow], [10, 900_000]);
    assert.equal(limit.keyGenerator(request({ tenantId: 't1', userId: 'u1' })), 'user:u1');
    assert.equal(limit.keyGenerator(request(null)), '203.0.113.9');
  });

  it("credential routes: the operator's configured sign-in limit", () => {
    const config = loadConfig({ SIGN_IN_RATE_LIMIT: '4', SIGN_IN_RATE_WINDOW_SECONDS: '30' });
    assert.deepEqual(credentialRateLimit(config), { max: 4, timeWindow: 30_000 });
  });
});

/**
 * What each request's database handle may see (row-level security on PostgreSQL): the
 * caller's own tenant, nothing for the anonymous, everything for the operator and for routes
 * declared system. The hook runs here on a bare server with Trellis's own database and
 * credentials, and a route that answers with the scope it was given.
 */
describe('the database scope of a request', () => {
  const scopeOf = async (permission: string, credentials: { cookie?: string; authorization?: string }, system = false) => {
    const app = Fastify({ logger: false });
    await app.register(fastifyCookie);
    app.decorateRequest('ctx', null as never);
    app.addHook('onRequest', async (request) => {
      const scope = DbScope.tenants([]);
      request.ctx = { requestId: request.id, actor: null, db: t.platform.database.scoped(scope), scope, platform: t.platform };
    });
    installAuthorization(app, authenticator(t.platform));
    app.get(
      '/scope',
      { config: { permission: permission as never, ...(system ? { databaseScope: 'system' as const } : {}) } },
      async (request) => ({
        system: request.ctx.scope!.system,
        tenantIds: request.ctx.scope!.tenantIds,
      }),
    );
    const res = await app.inject({
      method: 'GET',
      url: '/scope',
      headers: {
        ...(credentials.cookie ? { cookie: credentials.cookie } : {}),
        ...(credentials.authorization ? { authorization: credentials.authorization } : {}),
      },
    });
    await app.close();
    assert.equal(res.statusCode, 200, res.body);
    return JSON.parse(res.body) as { system: boolean; tenantIds: string };
  };

  it("a partner's session or API token sees its own tenant only", async () => {
    assert.deepEqual(await scopeOf('signed_in', { cookie: partner.cookie }), { system: false, tenantIds: partner.tenant.id });
    assert.deepEqual(await scopeOf('signed_in', { authorization: `Bearer ${token}` }), {
      system: false,
      tenantIds: partner.tenant.id,
    });
  });

  it('the anonymous see no tenant; a route declared system sees every row, whoever calls', async () => {
    assert.deepEqual(await scopeOf('public', {}), { system: false, tenantIds: '' });
    assert.deepEqual(await scopeOf('public', {}, true), { system: true, tenantIds: '' });
    assert.equal((await scopeOf('signed_in', { cookie: partner.cookie }, true)).system, true);
  });

  it("the operator's staff see every tenant's rows", async () => {
    const operator = await theOperator();
    assert.equal((await scopeOf('signed_in', { cookie: operator.cookie })).system, true);
  });
});
