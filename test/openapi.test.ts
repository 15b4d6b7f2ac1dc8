import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lintApi, summary } from '../scripts/lint-api.ts';
import { markerPermissions } from '../src/domain/roles.ts';
import { TestTrellis } from './support/harness.ts';

/**
 * The OpenAPI document the console's client is generated from says what the server does:
 * who may call each route, what it refuses and how, and what it accepts. Spectral (the OAS
 * and OWASP rulesets, as .spectral.yaml tunes them) finds nothing; the checks below hold the
 * parts Spectral cannot see, against the server's own route table.
 */
type Operation = Record<string, any>;

let t: TestTrellis;
let doc: { paths: Record<string, Record<string, Operation>>; tags: { name: string; description: string }[]; components: any };
const operations: { method: string; path: string; op: Operation }[] = [];

before(async () => {
  t = await TestTrellis.start({ config: { demo: true } });
  doc = (await t.request('GET', '/openapi.json')).body;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) operations.push({ method: method.toUpperCase(), path, op });
  }
});
after(() => t.close());

/** `/v1/links/{token}` as the route table spells it: `/v1/links/:token`. */
const routeUrl = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

describe('the OpenAPI document', () => {
  it('Spectral finds no error and no warning (spectral:oas and the OWASP API ruleset)', async () => {
    const findings = await lintApi();
    const serious = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.deepEqual(
      serious.map((f) => `${f.severity} ${f.code} ${f.path.join('.')}: ${f.message}`),
      [],
      summary(findings),
    );
  });

  it('documents every route of the route table but the hidden ones', () => {
    assert.ok(operations.length > 90, `only ${operations.length} operations`);
    const documented = new Set(operations.map((o) => `${o.method} ${routeUrl(o.path)}`));
    const hidden = /^\/(docs|openapi\.json|assets|favicon\.svg)/;
    const missing = t.trellis.server.routeTable
      .filter((r) => !hidden.test(r.url))
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !documented.has(r));
    assert.deepEqual(missing, []);
  });

  it('every operation has a unique camelCase operationId, a declared tag and a description', () => {
    const declared = new Set(doc.tags.map((tag) => tag.name));
    for (const tag of doc.tags) assert.ok(tag.description, `tag ${tag.name} has no description`);
    const ids = new Map<string, string>();
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      assert.match(String(op.operationId), /^[a-z][a-zA-Z0-9]+$/, where);
      assert.equal(ids.get(op.operationId), undefined, `${where} reuses ${op.operationId} of ${ids.get(op.operationId)}`);
      ids.set(op.operationId, where);
      assert.ok(op.tags?.length === 1 && declared.has(op.tags[0]), `${where} has tags ${op.tags}`);
      assert.ok(String(op.description ?? '').length > 10, `${where} has no description`);
    }
  });

  it('public routes declare no security; every other route the session or an API token', () => {
    const permissionOf = new Map(t.trellis.server.routeTable.map((r) => [`${r.method} ${r.url}`, r.permission]));
    for (const { method, path, op } of operations) {
      const permission = permissionOf.get(`${method} ${routeUrl(path)}`);
      if (permission === 'public') assert.deepEqual(op.security, [], `${method} ${path} is public`);
      else assert.equal(op.security, undefined, `${method} ${path} needs ${permission}: the document-wide security applies`);
    }
    assert.deepEqual(doc.components.securitySchemes && Object.keys(doc.components.securitySchemes).sort(), [
      'apiToken',
      'session',
    ]);
  });

  it('every error response is the shared problem+json; guarded routes document 401 and 403, writes 409 and 422', () => {
    const permissionOf = new Map(t.trellis.server.routeTable.map((r) => [`${r.method} ${r.url}`, r.permission]));
    const problem = doc.components.responses;
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        if (!/^[45]/.test(status)) continue;
        const resolved = response.$ref ? problem[response.$ref.split('/').pop()] : response;
        assert.deepEqual(
          resolved?.content?.['application/problem+json']?.schema,
          { $ref: '#/components/schemas/Problem' },
          `${where} ${status}`,
        );
      }
      const statuses = Object.keys(op.responses);
      for (const status of ['400', '401', '500']) assert.ok(statuses.includes(status), `${where} lacks ${status}`);
      // A permission of the role table can be missing: 403.
      const permission = permissionOf.get(`${method} ${routeUrl(path)}`);
      if (permission && !markerPermissions.includes(permission)) assert.ok(statuses.includes('403'), `${where} lacks 403`);
      if (path.includes('{')) assert.ok(statuses.includes('404'), `${where} lacks 404`);
      if (method !== 'GET')
        for (const status of ['403', '409', '422']) assert.ok(statuses.includes(status), `${where} lacks ${status}`);
    }
  });

  it('rate-limited routes document 429 with Retry-After and their X-RateLimit-* headers', async () => {
    // Sign-in is limited per client address: its answers carry the headers the document promises.
    const signIn = doc.paths['/v1/sessions']!.post!;
    assert.ok(signIn.responses['429'], 'POST /v1/sessions lacks 429');
    assert.ok(signIn.responses['201'].headers['X-RateLimit-Limit']);
    assert.ok(doc.components.responses.TooManyRequests.headers['Retry-After']);
    const res = await t.request('POST', '/v1/sessions', { body: { email: 'nobody@example.com', password: 'not the password' } });
    assert.ok(res.headers['x-ratelimit-limit'], 'the server sends X-RateLimit-Limit');
  });

  it('every request string and array carries its limit, and the validator enforces it', async () => {
    const unbounded: string[] = [];
    const walk = (s: any, where: string): void => {
      if (!s || typeof s !== 'object') return;
      if (s.$ref) return walk(doc.components.schemas[s.$ref.split('/').pop()], where);
      const types = [s.type].flat();
      if (types.includes('string') && s.maxLength === undefined && s.enum === undefined && s.const === undefined)
        unbounded.push(where);
      if (types.includes('array') && s.maxItems === undefined) unbounded.push(where);
      for (const [k, v] of Object.entries(s)) if (v && typeof v === 'object') walk(v, `${where}/${k}`);
    };
    for (const { method, path, op } of operations) {
      for (const p of op.parameters ?? []) walk(p.schema, `${method} ${path} ${p.in} ${p.name}`);
      walk(op.requestBody, `${method} ${path} body`);
    }
    assert.deepEqual(unbounded, []);
    // The limit a pattern implies is stated, and checked: an error code is at most 64 characters.
    const res = await t.request('GET', `/errors/${'a'.repeat(65)}`);
    assert.equal(res.status, 400);
    assert.match(res.body.errors[0].message, /more than 64 characters/);
  });
});
