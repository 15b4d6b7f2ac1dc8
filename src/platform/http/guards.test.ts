import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';
import { installRequestGuards } from './guards.ts';

/**
 * The request guards on a bare server: the hooks as Trellis installs them, in front of a
 * route that echoes, and AppError answered with its status, code, detail and field errors.
 */
async function guarded(publicUrl: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installRequestGuards(app, { publicUrl });
  app.setErrorHandler(async (err, _request, reply) => {
    if (!(err instanceof AppError)) throw err;
    return reply.code(err.status).send({ code: err.code, title: err.title, detail: err.detail, errors: err.extra.errors });
  });
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    app.route({ method, url: '/things/:id', handler: async () => ({ ok: true }) });
  }
  await app.ready();
  return app;
}

let app: FastifyInstance;
before(async () => {
  app = await guarded('https://partners.example.com/console');
});
after(() => app.close());

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const send = (method: Method, headers: Record<string, string>, url = '/things/1', body?: unknown) =>
  app.inject({
    method,
    url,
    headers: { host: 'api.internal:8080', ...headers },
    ...(body !== undefined
      ? { payload: JSON.stringify(body), headers: { host: 'api.internal:8080', 'content-type': 'application/json', ...headers } }
      : {}),
  });

describe('cross-site writes', () => {
  it('a write from another origin is refused before any handler, whatever the unsafe method', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await send(method, { origin: 'https://evil.example' });
      assert.equal(res.statusCode, 403, method);
      assert.equal(res.json().code, 'cross_site_request');
      assert.equal(res.json().title, 'Cross-site request refused');
      assert.match(res.json().detail, /^The request comes from https:\/\/evil\.example, which is not this server's origin\./);
    }
  });

  it('reads are not checked: a cross-site GET answers', async () => {
    assert.equal((await send('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).statusCode, 200);
  });

  it("the public URL's origin and the server's own host (http or https) may write", async () => {
    assert.equal((await send('POST', { origin: 'https://partners.example.com' })).statusCode, 200);
    assert.equal((await send('POST', { origin: 'http://api.internal:8080' })).statusCode, 200);
    assert.equal((await send('POST', { origin: 'https://api.internal:8080' })).statusCode, 200);
    // Same host, another port or scheme than the public URL's: another origin.
    assert.equal((await send('POST', { origin: 'http://partners.example.com' })).statusCode, 403);
    assert.equal((await send('POST', { origin: 'https://partners.example.com:8443' })).statusCode, 403);
  });

  it('an opaque origin ("null", a sandboxed frame or a file) is refused', async () => {
    const res = await send('POST', { origin: 'null' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'cross_site_request');
  });

  it('without Origin, Sec-Fetch-Site decides: cross-site and same-site are refused, same-origin and none pass', async () => {
    const cross = await send('POST', { 'sec-fetch-site': 'cross-site' });
    assert.equal(cross.statusCode, 403);
    assert.match(cross.json().detail, /^The browser says the request comes from another site\./);
    const sibling = await send('PATCH', { 'sec-fetch-site': 'same-site' });
    assert.equal(sibling.statusCode, 403);
    assert.match(sibling.json().detail, /^The browser says the request comes from another origin of this site\./);
    assert.equal((await send('POST', { 'sec-fetch-site': 'same-origin' })).statusCode, 200);
    assert.equal((await send('POST', { 'sec-fetch-site': 'none' })).statusCode, 200);
  });

  it('clients that send neither (curl, servers) write', async () => {
    assert.equal((await send('DELETE', {})).statusCode, 200);
  });

  it('a request with an Authorization header is not checked: no page can make a browser send a token', async () => {
    assert.equal((await send('POST', { origin: 'https://evil.example', authorization: 'Bearer x' })).statusCode, 200);
    assert.equal((await send('PUT', { 'sec-fetch-site': 'cross-site', authorization: '' })).statusCode, 200);
  });

  it('the refusal says how to call instead', async () => {
    assert.match(
      (await send('POST', { origin: 'https://evil.example' })).json().detail,
      / Call the API from the console's own origin, or send an API token\.$/,
    );
  });

  it('a public URL that is not a URL trusts no origin but the host itself', async () => {
    const odd = await guarded('not a url');
    try {
      const res = await odd.inject({ method: 'POST', url: '/things/1', headers: { host: 'h:1', origin: 'not a url' } });
      assert.equal(res.statusCode, 403);
      const own = await odd.inject({ method: 'POST', url: '/things/1', headers: { host: 'h:1', origin: 'http://h:1' } });
      assert.equal(own.statusCode, 200);
    } finally {
      await odd.close();
    }
  });
});

describe('NUL characters', () => {
  const errorsOf = (res: Awaited<ReturnType<typeof send>>) => {
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'invalid_request');
    return res.json().errors as { in: string; path: string; message: string }[];
  };

  it('a NUL anywhere in the body is a 400 naming each place by JSON pointer', async () => {
    const res = await send('POST', {}, '/things/1', {
      name: 'a\u0000b',
      fine: 'no nul here',
      nested: { list: ['ok', 'x\u0000'], 'a/b~c\u0000': 1 },
      nothing: null,
    });
    assert.deepEqual(errorsOf(res), [
      { in: 'body', path: '/name', message: 'must not contain the NUL character (U+0000)' },
      { in: 'body', path: '/nested/list/1', message: 'must not contain the NUL character (U+0000)' },
      { in: 'body', path: '/nested/a~1b~0c\u0000', message: 'must not contain the NUL character (U+0000)' },
    ]);
    assert.match(res.json().detail, /^3 field\(s\) contain the NUL character \(U\+0000\), which no field accepts\.$/);
  });

  it('a body that is one string is pointed at as the root', async () => {
    assert.deepEqual(
      errorsOf(await send('POST', {}, '/things/1', 'x\u0000')).map((e) => [e.in, e.path]),
      [['body', '/']],
    );
  });

  it('in the query and in the path too, on reads as on writes', async () => {
    assert.deepEqual(
      errorsOf(await send('GET', {}, '/things/a%00b?q=%00&ok=1')).map((e) => [e.in, e.path]),
      [
        ['params', '/id'],
        ['query', '/q'],
      ],
    );
  });

  it('at most twenty places are named per part', async () => {
    const many = Array.from({ length: 30 }, () => '\u0000');
    assert.equal(errorsOf(await send('POST', {}, '/things/1', many)).length, 20);
  });

  it('strings without NUL, numbers, booleans and nulls pass', async () => {
    const res = await send('POST', {}, '/things/1', { a: 'text', b: 1, c: true, d: null, e: [null, 'x'], f: {} });
    assert.equal(res.statusCode, 200, res.body);
  });
});
