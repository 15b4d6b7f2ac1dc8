import { Validator } from '@seriousme/openapi-schema-validator';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { serveMetrics } from '../src/platform/http/metrics.ts';
import { PASSWORD, TestTrellis, type Response } from './support/harness.ts';

/** The conventions of API.md that every route shares: errors, request ids, limits, documents, operations. */

const BODY_LIMIT = 1000;
const PROBLEM_KEYS = new Set(['type', 'title', 'status', 'code', 'detail', 'rule', 'errors', 'requestId', 'permission']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start({ config: { bodyLimitBytes: BODY_LIMIT } });
});
after(() => t.close());

/** A problem+json body as API.md describes it, and nothing else: no stack, no SQL, no file names. */
function assertProblem(res: Response, status: number, code: string) {
  assert.equal(res.status, status, res.raw);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.body;
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.equal(body.type, `${t.trellis.config.publicUrl}/errors/${code}`);
  assert.equal(typeof body.title, 'string');
  assert.equal(body.requestId, res.headers['x-request-id']);
  for (const key of Object.keys(body)) assert.ok(PROBLEM_KEYS.has(key), `unexpected key ${key} in ${res.raw}`);
  assert.doesNotMatch(res.raw, /\bat .+\.(ts|js):\d+/, 'a stack frame');
  assert.doesNotMatch(res.raw, /node_modules|\/src\/|\bstack\b/i);
  assert.doesNotMatch(res.raw, /\b(SELECT|INSERT|UPDATE)\b.+\b(FROM|INTO|SET)\b/, 'SQL');
}

const signUpBody = () => {
  const id = randomBytes(4).toString('hex');
  return {
    kind: 'customer',
    name: `Conv ${id}`,
    countryCode: 'US',
    admin: { email: `conv-${id}@example.com`, name: 'Conv', password: PASSWORD },
  };
};

describe('errors', () => {
  it('an unknown route is 404 problem+json with code not_found', async () => {
    const res = await t.request('GET', '/v1/no-such-thing?x=1');
    assertProblem(res, 404, 'not_found');
    assert.equal(res.body.detail, 'No route GET /v1/no-such-thing.');
    assertProblem(await t.request('POST', '/v1/nothing-here', { body: { a: 1 } }), 404, 'not_found');
    assertProblem(await t.request('DELETE', '/v1/markets'), 404, 'not_found');
  });

  it('malformed JSON is 400 invalid_request', async () => {
    for (const payload of ['{"kind":', '{kind: partner}', 'null,']) {
      const res = await t.request('POST', '/v1/tenants', { body: payload, headers: { 'content-type': 'application/json' } });
      assertProblem(res, 400, 'invalid_request');
      assert.equal(res.body.detail, 'The body is not valid JSON.');
    }
    const empty = await t.request('POST', '/v1/tenants', { body: '', headers: { 'content-type': 'application/json' } });
    assertProblem(empty, 400, 'invalid_request');
  });

  it('a body of a media type Trellis does not read is 415 unsupported_media_type', async () => {
    const res = await t.request('POST', '/v1/tenants', {
      body: '<kind>partner</kind>',
      headers: { 'content-type': 'application/xml' },
    });
    assertProblem(res, 415, 'unsupported_media_type');
    // Plain text is read as a string, which no JSON object schema accepts.
    const text = await t.request('POST', '/v1/tenants', { body: 'kind=partner', headers: { 'content-type': 'text/plain' } });
    assertProblem(text, 400, 'invalid_request');
  });

  it(`a body over the limit (${BODY_LIMIT} bytes here) is 413 payload_too_large, before anything runs`, async () => {
    const body = { ...signUpBody(), name: 'x'.repeat(BODY_LIMIT) };
    const res = await t.request('POST', '/v1/tenants', { body });
    assertProblem(res, 413, 'payload_too_large');
    // Nothing was made: the same admin signs up fine with a small body.
    const ok = await t.request('POST', '/v1/tenants', { body: { ...body, name: 'Small' } });
    assert.equal(ok.status, 202, ok.raw);
    // Just under the limit passes the size check (and then the schema decides).
    const justUnder = await t.request('POST', '/v1/sessions', {
      body: { email: 'a@example.com', password: 'p'.repeat(BODY_LIMIT - 60) },
    });
    assert.notEqual(justUnder.status, 413);
  });

  it('known errors have the RFC 9457 shape and nothing more: 400, 401, 403, 404, 409, 413', async () => {
    const admin = await t.tenantWithAdmin('customer');
    const plainEmail = `plain-${randomBytes(4).toString('hex')}@example.com`;
    assert.equal((await admin.api.post('/v1/users', { email: plainEmail, name: 'Plain', roles: ['user'] })).status, 201);
    const [mail] = await t.mailTo(plainEmail);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail!.textBody)![1];
    assert.equal((await t.request('POST', '/v1/password-setups', { body: { token, password: PASSWORD } })).status, 200);
    const plain = t.as({ cookie: await t.signIn(plainEmail) });

    const invalid = await t.request('POST', '/v1/tenants', { body: { kind: 'nope' } });
    assertProblem(invalid, 400, 'invalid_request');
    assert.ok(Array.isArray(invalid.body.errors) && invalid.body.errors.length > 1);
    for (const e of invalid.body.errors) {
      assert.deepEqual(
        Object.keys(e)
          .filter((k) => k !== 'limit')
          .sort(),
        ['code', 'in', 'message', 'path'],
      );
    }

    assertProblem(await t.request('GET', '/v1/me'), 401, 'unauthenticated');
    assertProblem(await t.request('GET', '/v1/me', { headers: { authorization: 'Basic abc' } }), 400, 'invalid_request');
    assertProblem(await t.request('GET', '/v1/me', { token: `trt_${'A'.repeat(43)}` }), 401, 'unauthenticated');
    assertProblem(await plain.get('/v1/audit-events'), 403, 'forbidden');
    assertProblem(await admin.api.get('/v1/users/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    assertProblem(
      await admin.api.post('/v1/users', { email: admin.admin.email, name: 'Dup', roles: ['user'] }),
      409,
      'email_taken',
    );
    assertProblem(await admin.api.put(`/v1/users/${admin.admin.id}/roles`, { roles: ['user'] }), 409, 'last_admin');
    assertProblem(
      await t.request('POST', '/v1/tenants', { body: { ...signUpBody(), name: 'y'.repeat(BODY_LIMIT) } }),
      413,
      'payload_too_large',
    );
  });

  it('an unexpected failure is a generic 500: no stack trace, no SQL, no message of the cause', async () => {
    // No new route: the database handle of the next requests fails as a broken query would.
    const database = t.platform.database;
    const [real, realScoped, realForRequest] = [database.db, database.scoped, database.forRequest];
    const failure = () => {
      throw new Error('relation "users" does not exist: SELECT password_hash FROM users WHERE email = $1');
    };
    const failing = (db: typeof real) =>
      new Proxy(db, { get: (target, prop, receiver) => (prop === 'select' ? failure : Reflect.get(target, prop, receiver)) });
    // Both the system handle and the scoped ones requests get (row-level security).
    database.db = failing(real);
    database.scoped = (scope) => failing(realScoped(scope));
    database.forRequest = (scope, options) => {
      const handle = realForRequest(scope, options);
      return { ...handle, db: failing(handle.db) };
    };
    let res: Response;
    try {
      res = await t.request('GET', '/v1/markets', { headers: { 'x-request-id': 'boom-1' } });
    } finally {
      database.db = real;
      database.scoped = realScoped;
      database.forRequest = realForRequest;
    }
    assertProblem(res, 500, 'internal_error');
    assert.deepEqual(Object.keys(res.body).sort(), ['code', 'detail', 'requestId', 'status', 'title', 'type']);
    assert.equal(res.body.requestId, 'boom-1');
    assert.doesNotMatch(res.raw, /password_hash|relation|does not exist/);
    // And the server is fine afterwards.
    assert.equal((await t.request('GET', '/v1/markets?limit=1')).status, 200);
  });

  it('a database that does not answer makes /health a 503 problem', async () => {
    const database = t.platform.database;
    const real = database.raw;
    database.raw = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    };
    let res: Response;
    try {
      res = await t.request('GET', '/health');
    } finally {
      database.raw = real;
    }
    assertProblem(res, 503, 'database_unavailable');
    assert.doesNotMatch(res.raw, /ECONNREFUSED|5432/);
  });
});

describe('types', () => {
  it('JSON bodies are not coerced: null, "10" and true are refused where a whole number is due', async () => {
    const op = await t.operator();
    for (const value of [null, '10', true]) {
      const res = await op.api.patch('/v1/operator/settings', { incentiveInvitationAfterDays: value });
      assert.equal(res.status, 400, `${JSON.stringify(value)}: ${res.raw}`);
      assert.equal(res.body.errors[0].path, '/incentiveInvitationAfterDays');
    }
    assert.equal((await op.api.get('/v1/operator/settings')).body.incentiveInvitationAfterDays, 14);
  });

  it('query strings are text, coerced to the types their schemas name', async () => {
    const res = await t.request('GET', '/v1/markets?limit=3');
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.items.length, 3);
  });
});

describe('X-Request-Id', () => {
  it('is on every response: success, problem, document', async () => {
    const responses = [
      await t.request('GET', '/health'),
      await t.request('GET', '/v1/markets?limit=1'),
      await t.request('POST', '/v1/tenants', { body: signUpBody() }),
      await t.request('GET', '/v1/nowhere'),
      await t.request('GET', '/v1/me'),
      await t.request('GET', '/v1/markets?limit=0'),
      await t.request('GET', '/openapi.json'),
      await t.request('GET', '/docs'),
    ];
    const ids = new Set<string>();
    for (const res of responses) {
      const id = res.headers['x-request-id'];
      assert.equal(typeof id, 'string', `no X-Request-Id on a ${res.status}`);
      assert.match(id as string, UUID);
      ids.add(id as string);
    }
    assert.equal(ids.size, responses.length, 'each request gets its own id');
  });

  it('echoes the id the client sent, in the header and in problem bodies', async () => {
    const ok = await t.request('GET', '/health', { headers: { 'x-request-id': 'client-req.42:a_b' } });
    assert.equal(ok.headers['x-request-id'], 'client-req.42:a_b');
    const problem = await t.request('GET', '/v1/nowhere', { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(problem.headers['x-request-id'], 'trace-123');
    assert.equal(problem.body.requestId, 'trace-123');
  });

  it('replaces an id that is not safe to log or echo', async () => {
    for (const bad of ['has space', 'x'.repeat(129), 'semi;colon', '<script>']) {
      const res = await t.request('GET', '/health', { headers: { 'x-request-id': bad } });
      assert.match(String(res.headers['x-request-id']), UUID, `"${bad}" was echoed`);
    }
  });
});

describe('operations', () => {
  it('/health is 200 {status: ok}', async () => {
    const res = await t.request('GET', '/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', database: t.platform.database.kind });
  });

  it('/metrics is not public: the API port does not serve it', async () => {
    const res = await t.request('GET', '/metrics');
    assertProblem(res, 404, 'not_found');
    assert.doesNotMatch(res.raw, /trellis_http_requests_total/);
  });

  it('/metrics on its own listener (METRICS_PORT) is Prometheus text with trellis_http_requests_total, labelled by route pattern', async () => {
    await t.request('GET', '/health');
    await t.request('GET', '/v1/users/00000000-0000-4000-8000-00000000abcd');
    const listener = await serveMetrics(t.trellis.server.metrics, '127.0.0.1', 0);
    let res: globalThis.Response;
    let text: string;
    try {
      res = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
      text = await res.text();
      assert.equal((await fetch(`http://127.0.0.1:${listener.port}/v1/markets`)).status, 404, 'only /metrics');
    } finally {
      await listener.close();
    }
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/plain/);
    assert.match(text, /^# HELP trellis_http_requests_total /m);
    assert.match(text, /^# TYPE trellis_http_requests_total counter$/m);
    assert.match(text, /^trellis_http_requests_total\{method="GET",route="\/health",status="200"\} [1-9]\d*$/m);
    assert.match(text, /^trellis_http_requests_total\{method="GET",route="\/v1\/users\/:id",status="401"\} [1-9]\d*$/m);
    assert.doesNotMatch(text, /00000000abcd/, 'ids never become labels');
    assert.match(text, /^# TYPE trellis_http_request_duration_seconds histogram$/m);
    assert.match(text, /^trellis_process_cpu_user_seconds_total /m);
  });
});

describe('documents', () => {
  let doc: any;
  before(async () => {
    const res = await t.request('GET', '/openapi.json');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    doc = res.body;
  });

  it('/openapi.json is an OpenAPI 3.1 document', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Trellis API');
    assert.ok(doc.info.version);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['apiToken', 'session']);
    assert.ok(Object.keys(doc.paths).length >= 15);
  });

  it('/openapi.json validates against the OpenAPI 3.1 schema', async () => {
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
  });

  it('every route of the route table is in it, except /docs and the hidden ones, and nothing else is', () => {
    // The console's files are no part of the API (console.ts hides them).
    const hidden = new Set(['/openapi.json', '/assets/*', '/favicon.svg']);
    const table = t.trellis.server.routeTable.filter(
      (r) => !(r.url === '/docs' || r.url.startsWith('/docs/')) && !hidden.has(r.url),
    );
    assert.ok(table.some((r) => r.url === '/v1/users/:id/roles' && r.method === 'PUT'));
    const expected = new Set(table.map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`));
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(item)) {
        if (['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'].includes(method))
          documented.add(`${method} ${path}`);
      }
    }
    assert.deepEqual([...expected].filter((r) => !documented.has(r)).sort(), [], 'routes missing from the document');
    assert.deepEqual([...documented].filter((r) => !expected.has(r)).sort(), [], 'documented routes that do not exist');
    for (const path of Object.keys(doc.paths)) assert.ok(!path.startsWith('/docs') && !hidden.has(path), `${path} is documented`);
    // The /v1 paths are there with their contract.
    for (const route of [
      'post /v1/users',
      'get /v1/users',
      'put /v1/users/{id}/roles',
      'post /v1/tenants',
      'get /v1/audit-events',
      'get /v1/markets',
    ]) {
      assert.ok(documented.has(route), `${route} is not documented`);
    }
    const addUser = doc.paths['/v1/users'].post;
    assert.ok(addUser.requestBody, 'POST /v1/users documents its body');
    assert.ok(addUser.responses['201'], 'POST /v1/users documents its 201');
    const params = doc.paths['/v1/users/{id}'].get.parameters;
    assert.ok(params.some((p: { name: string; in: string }) => p.name === 'id' && p.in === 'path'));
  });

  it('/docs serves the HTML of the browsable document', async () => {
    let res = await t.request('GET', '/docs');
    if (res.status >= 300 && res.status < 400) res = await t.request('GET', String(res.headers.location));
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.raw, /<html/i);
    assert.match(res.raw, /swagger/i);
  });
});

describe('GET /v1/markets', () => {
  type Market = { market: string; countryCode: string; countryName: string; currency: string };
  async function everyMarket(query = '', limit?: number): Promise<{ rows: Market[]; pages: number }> {
    const rows: Market[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const params: string = [query, limit ? `limit=${limit}` : '', cursor ? `cursor=${encodeURIComponent(cursor)}` : '']
        .filter(Boolean)
        .join('&');
      const res: Response = await t.request('GET', `/v1/markets${params ? `?${params}` : ''}`);
      assert.equal(res.status, 200, res.raw);
      rows.push(...res.body.items);
      cursor = res.body.nextCursor;
      assert.ok(++pages < 100, 'paging does not end');
    } while (cursor);
    return { rows, pages };
  }

  it('lists all 238 market rows across pages, each once, in country and currency order', async () => {
    const { rows, pages } = await everyMarket();
    assert.equal(rows.length, 238);
    assert.equal(pages, 5, 'the default page holds 50');
    const keys = rows.map((m) => `${m.countryCode}/${m.currency}`);
    assert.equal(new Set(keys).size, rows.length, 'a row appears twice');
    assert.deepEqual(keys, [...keys].sort());
    for (const m of rows) {
      assert.match(m.countryCode, /^[A-Z]{2}$/);
      assert.match(m.currency, /^[A-Z]{3}$/);
      assert.ok(m.market && m.countryName);
    }
    assert.equal(new Set(rows.map((m) => m.market)).size, 15, 'the 15 published markets');

    const brazil = rows.filter((m) => m.countryCode === 'BR');
    assert.deepEqual(brazil.map((m) => m.currency).sort(), ['BRL', 'USD']);
    assert.ok(brazil.every((m) => m.market === 'Brazil'));
    assert.equal(rows.filter((m) => m.countryCode === 'BQ').length, 1);
    assert.deepEqual(
      rows.find((m) => m.countryCode === 'FR'),
      { market: 'Europe', countryCode: 'FR', countryName: 'France', currency: 'EUR' },
    );

    const small = await everyMarket('', 7);
    assert.deepEqual(small.rows, rows, 'another page size gives the same rows');
    const one = await t.request('GET', '/v1/markets?limit=500');
    assert.equal(one.body.items.length, 238);
    assert.equal(one.body.nextCursor, null);
  });

  it('filters by market, and a cursor of one filter does not work on another', async () => {
    const { rows } = await everyMarket('market=Europe', 10);
    assert.ok(rows.length > 30);
    assert.ok(rows.every((m) => m.market === 'Europe'));
    assert.ok(rows.some((m) => m.countryCode === 'FR'));
    const first = await t.request('GET', '/v1/markets?market=Europe&limit=10');
    assertProblem(
      await t.request('GET', `/v1/markets?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`),
      400,
      'invalid_request',
    );
    assert.deepEqual((await t.request('GET', '/v1/markets?market=Atlantis')).body, { items: [], nextCursor: null });
  });

  it('limit must be 1 to 500', async () => {
    for (const limit of [0, 501]) {
      const res = await t.request('GET', `/v1/markets?limit=${limit}`);
      assertProblem(res, 400, 'invalid_request');
      assert.deepEqual(
        res.body.errors.map((e: { in: string; path: string }) => [e.in, e.path]),
        [['query', '/limit']],
      );
    }
  });
});
