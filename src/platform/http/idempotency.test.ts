import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { member, type Api } from '../../../test/support/program.ts';
import { clock } from '../clock.ts';
import { systemCtx } from '../context.ts';
import { pruneIdempotencyKeys } from './idempotency.ts';

/**
 * The one Idempotency-Key mechanism (API.md), through a route that uses it: POST /v1/users
 * by a customer's global admin.
 */

let t: TestTrellis;
let admin: Api;
let colleague: Api;
let adminCookie: string;
before(async () => {
  // Sessions outlive the clock moved forward by the pruning test.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
  const customer = await t.tenantWithAdmin('customer');
  admin = customer.api;
  adminCookie = customer.cookie;
  colleague = (await member(t, admin, ['global_admin'])).api;
});
after(() => t.close());

const fresh = () => randomBytes(4).toString('hex');
const newUser = (id = fresh()) => ({ email: `u-${id}@example.com`, name: `User ${id}`, roles: ['user'] });
const keyed = (api: Api, key: string, body: unknown) => api.post('/v1/users', body, { 'idempotency-key': key });
const usersNamed = async (email: string) =>
  (await admin.get(`/v1/users?search=${encodeURIComponent(email)}`)).body.items.filter(
    (u: { email: string }) => u.email === email,
  ).length;

describe('Idempotency-Key', () => {
  it('without a key, each request is its own', async () => {
    const res = await admin.post('/v1/users', newUser());
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.headers['idempotent-replayed'], undefined);
  });

  it('the same key and request again: the first answer, byte for byte, marked as replayed, and one effect', async () => {
    const key = `k-${fresh()}`;
    const body = newUser();
    const first = await keyed(admin, key, body);
    assert.equal(first.status, 201, first.raw);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await keyed(admin, key, body);
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.match(String(again.headers['content-type']), /^application\/json; charset=utf-8$/);
    assert.equal(again.raw, first.raw);
    assert.equal(await usersNamed(body.email), 1);
  });

  it('concurrent duplicates wait for the first and replay it', async () => {
    const key = `k-${fresh()}`;
    const body = newUser();
    const answers = await Promise.all([keyed(admin, key, body), keyed(admin, key, body), keyed(admin, key, body)]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [201, 201, 201],
    );
    assert.equal(new Set(answers.map((a) => a.raw)).size, 1);
    assert.equal(answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length, 2);
    assert.equal(await usersNamed(body.email), 1);
  });

  it('the same key with another request is 422 idempotency_key_reused, and changes nothing', async () => {
    const key = `k-${fresh()}`;
    assert.equal((await keyed(admin, key, newUser())).status, 201);
    const other = newUser();
    const res = await keyed(admin, key, other);
    assertProblem(res, 422, 'idempotency_key_reused');
    assert.equal(res.body.title, 'Idempotency key already used');
    assert.match(res.body.detail, /use a new key for a new request/);
    assert.equal(await usersNamed(other.email), 0);
  });

  it("another user's request under the same key is its own request, never a replay of the first one's answer", async () => {
    const key = `k-${fresh()}`;
    const body = newUser();
    assert.equal((await keyed(admin, key, body)).status, 201);
    // The same request: it runs, and finds the address taken, instead of replaying the answer.
    const same = await keyed(colleague, key, body);
    assert.equal(same.status, 409, same.raw);
    assert.equal(same.headers['idempotent-replayed'], undefined);
    // Its failure stored nothing under its key: another request of its own under it runs.
    const theirs = await keyed(colleague, key, newUser());
    assert.equal(theirs.status, 201, theirs.raw);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
  });

  it('a request that fails keeps no key: the same key and request run again, not replayed', async () => {
    const key = `k-${fresh()}`;
    const body = newUser();
    // The address is taken by someone else first: the keyed request fails and is not stored.
    const taken = await admin.post('/v1/users', body);
    assert.equal(taken.status, 201);
    assert.equal((await keyed(admin, key, body)).status, 409);
    const again = await keyed(admin, key, body);
    assert.equal(again.status, 409, 'ran again, not a replay');
    assert.equal(again.headers['idempotent-replayed'], undefined);
  });

  it('a key is 1 to 255 printable ASCII characters', async () => {
    for (const key of ['!', '~', 'a'.repeat(255), 'Abc-123_./:~!']) {
      assert.equal((await keyed(admin, key, newUser())).status, 201, JSON.stringify(key));
    }
    for (const key of ['a'.repeat(256), 'has space', ' lead', 'trail ', 'tab\there']) {
      const res = await keyed(admin, key, newUser());
      assertProblem(res, 400, 'invalid_request');
      assert.deepEqual(res.body.errors, [
        { in: 'headers', path: '/idempotency-key', message: 'must be 1 to 255 printable ASCII characters', code: 'invalid' },
      ]);
      assert.equal(res.body.detail, 'Idempotency-Key must be 1 to 255 printable ASCII characters.');
    }
  });

  it('a key is stored with the route it was used on, and the answer only sealed', async () => {
    const key = `k-${fresh()}`;
    const body = newUser();
    assert.equal((await keyed(admin, key, body)).status, 201);
    const { rows } = await t.trellis.platform.database.raw(
      'SELECT method, path, status_code, response_body FROM idempotency_keys WHERE key = $1',
      [key],
    );
    const [row] = rows as { method: string; path: string; status_code: number; response_body: unknown }[];
    assert.equal(rows.length, 1);
    assert.deepEqual([row!.method, row!.path, row!.status_code], ['POST', '/v1/users', 201]);
    assert.ok(!String(row!.response_body).includes(body.email), 'the stored answer does not read in clear');
  });

  it('a request that sends the header twice is refused (the two values, joined, are no key)', async () => {
    const res = await t.trellis.server.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { cookie: adminCookie, 'idempotency-key': ['a', 'b'] },
      payload: newUser(),
    });
    assert.equal(res.statusCode, 400, res.body);
  });

  it('an answer sealed under another server secret cannot be replayed: 409 idempotency_key_unreadable', async () => {
    const key = `k-${fresh()}`;
    const body = newUser();
    assert.equal((await keyed(admin, key, body)).status, 201);
    const config = t.trellis.platform.config;
    const secret = config.secret;
    config.secret = randomBytes(32).toString('hex');
    try {
      const res = await keyed(admin, key, body);
      assertProblem(res, 409, 'idempotency_key_unreadable');
      assert.match(res.body.detail, /the server secret changed/);
    } finally {
      config.secret = secret;
    }
    assert.equal((await keyed(admin, key, body)).headers['idempotent-replayed'], 'true');
  });

  it('keys older than 48 hours are pruned, younger ones kept', async () => {
    const ctx = systemCtx(t.trellis.platform);
    const old = `k-${fresh()}`;
    assert.equal((await keyed(admin, old, newUser())).status, 201);
    clock.advance(47 * 3_600_000);
    try {
      const young = `k-${fresh()}`;
      const youngBody = newUser();
      assert.equal((await keyed(admin, young, youngBody)).status, 201);
      assert.equal(await pruneIdempotencyKeys(ctx), 0, 'at 47 hours nothing is old enough');
      clock.advance(2 * 3_600_000);
      const pruned = await pruneIdempotencyKeys(ctx);
      assert.ok(pruned >= 1, `pruned ${pruned}`);
      assert.equal((await keyed(admin, young, youngBody)).headers['idempotent-replayed'], 'true', 'the younger key is kept');
      assert.equal(await pruneIdempotencyKeys(ctx, 1), 1, 'the younger one goes with a cut-off of one hour');
    } finally {
      clock.reset();
    }
  });
});
