import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { markerPermissions, permissions } from '../src/domain/roles.ts';
import { authenticator } from '../src/modules/auth/service.ts';
import { buildServer } from '../src/platform/http/server.ts';
import { TestTrellis } from './support/harness.ts';

/**
 * Routes about the caller itself: its session, profile, password, MFA, API tokens and tenant.
 * Only these may be merely `signed_in`; a route that reads or changes anything else names the
 * permission it needs, so roles and token scopes decide. Add here only a route of that kind.
 */
const aboutTheCaller = [
  'DELETE /v1/sessions/current',
  'GET /v1/me',
  'PATCH /v1/me',
  'PUT /v1/me/password',
  'POST /v1/me/totp',
  'POST /v1/me/totp/activation',
  'POST /v1/me/totp/deactivation',
  'GET /v1/api-tokens',
  'POST /v1/api-tokens',
  'DELETE /v1/api-tokens/:id',
  'GET /v1/tenants/current',
];

/**
 * Routes anyone may call, signed in or not: each is public by design (.spectral.yaml turns the
 * OWASP rules on unsecured operations off because this list reviews them). Add here only a
 * route a stranger must reach: signing up or in, a mailed link's page, a public document.
 */
const publicRoutes = [
  // Swagger UI and the OpenAPI document.
  'GET /docs',
  'GET /docs/static/index.html',
  'GET /docs/static/swagger-initializer.js',
  'GET /docs/json',
  'GET /docs/yaml',
  'GET /docs/static/*',
  'GET /openapi.json',
  // The console's files.
  'GET /assets/*',
  'GET /favicon.svg',
  // What a refusal means: the rules, and the page each problem's type names.
  'GET /rules',
  'GET /errors',
  'GET /errors/:code',
  'GET /health',
  'GET /v1/markets',
  // Signing up and in, and the mailed links that lead there.
  'POST /v1/tenants',
  'POST /v1/sign-up-confirmations',
  'POST /v1/sessions',
  'POST /v1/password-resets',
  'POST /v1/password-setups',
  'POST /v1/email-verifications',
  'GET /v1/links/:token',
  // Demo mode only.
  'GET /v1/dev/mailbox',
];

/** The authorization matrix: every route names its permission, and nothing private answers a stranger. */
describe('route permissions', () => {
  let t: TestTrellis;
  const routes: { method: string; url: string; permission: string | undefined }[] = [];
  before(async () => {
    t = await TestTrellis.start({ config: { demo: true } });
    routes.push(...t.trellis.server.routeTable);
  });
  after(() => t.close());

  it('finds the routes it checks', () => {
    assert.ok(routes.length >= 20, `only ${routes.length} routes found`);
    assert.ok(routes.some((r) => r.url === '/v1/users' && r.method === 'POST'));
  });

  it('every route declares a known permission', () => {
    const missing = routes.filter((r) => !r.permission || !(permissions as readonly string[]).includes(r.permission));
    assert.deepEqual(missing, []);
  });

  it('a route is merely signed_in only when it is about the caller itself; every other names a permission of the role table', () => {
    const signedIn = routes.filter((r) => r.permission === 'signed_in').map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(
      signedIn.filter((r) => !aboutTheCaller.includes(r)),
      [],
      'name the permission these routes need in src/domain/roles.ts',
    );
    assert.deepEqual(
      aboutTheCaller.filter((r) => !signedIn.includes(r)),
      [],
      'the allow-list names routes that no longer are signed_in',
    );
  });

  it('a route is public only when it is listed as one', () => {
    const open = routes.filter((r) => r.permission === 'public').map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(
      open.filter((r) => !publicRoutes.includes(r)),
      [],
      'a stranger can call these: name a permission, or list the route here with why it is public',
    );
    assert.deepEqual(
      publicRoutes.filter((r) => !open.includes(r)),
      [],
      'the list names routes that are no longer public',
    );
  });

  it('a route without a permission does not start', async () => {
    const server = await buildServer({ platform: t.platform, authenticator: authenticator(t.platform), logger: false });
    await assert.rejects(async () => {
      await server.register(async (app) => {
        app.get('/v1/unprotected-probe', async () => 'x');
      });
      await server.ready();
    }, /declares no known permission/);
    await server.close().catch(() => {});
  });

  it('every non-public route answers 401 problem+json to a caller without credentials', async () => {
    const guarded = routes.filter((r) => r.permission !== 'public');
    assert.ok(guarded.length > 10);
    for (const r of guarded) {
      const url = r.url.replace(/:id/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.request(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} });
      assert.equal(res.status, 401, `${r.method} ${r.url} answered ${res.status}`);
      assert.equal(res.body.code, 'unauthenticated');
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
  });

  it('marker permissions are not grantable by any role', () => {
    assert.deepEqual([...markerPermissions].sort(), ['public', 'signed_in']);
  });
});
