import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { PASSWORD, TestTrellis, type Response } from '../../../test/support/harness.ts';
import { events } from '../../platform/db/schema.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/** Black-box tests of the audit trail: GET /v1/audit-events and what state changes write to it. */

type Api = ReturnType<TestTrellis['as']>;
interface AuditEvent {
  id: string;
  type: string;
  tenantId: string | null;
  actor: { kind: string; userId: string | null; tenantId: string | null; apiTokenId: string | null };
  subject: { type: string; id: string };
  before: any;
  after: any;
  requestId: string | null;
  createdAt: string;
}

const unique = () => randomBytes(4).toString('hex');

let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start();
});
after(() => t.close());

/** Every event a caller may read under a query, newest first, following the cursors. */
async function allEvents(api: Api, query = '', limit = 500): Promise<AuditEvent[]> {
  const items: AuditEvent[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const sep = query ? '&' : '';
    const url: string = `/v1/audit-events?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api.get(url);
    assert.equal(res.status, 200, res.raw);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('paging does not end');
}

async function invitationToken(address: string): Promise<string> {
  const [mail] = await t.mailTo(address);
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail?.textBody ?? '');
  assert.ok(match, `no link mailed to ${address}`);
  return match[1]!;
}

/** Adds a user through the API, activates it through its mailed link and signs it in. */
async function member(admin: Api, roles: string[]) {
  const email = `member-${unique()}@example.com`;
  const res = await admin.post('/v1/users', { email, name: `Member ${email}`, roles });
  assert.equal(res.status, 201, res.raw);
  const setup = await t.request('POST', '/v1/password-setups', {
    body: { token: await invitationToken(email), password: PASSWORD },
  });
  assert.equal(setup.status, 200, setup.raw);
  const cookie = await t.signIn(email);
  return { user: res.body as { id: string; email: string }, cookie, api: t.as({ cookie }) };
}

describe('audit events', () => {
  let a: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
  let b: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
  let op: Awaited<ReturnType<TestTrellis['operator']>>;
  let sales: Awaited<ReturnType<typeof member>>;
  let rolesChange: { response: Response; subjectId: string; startedAt: number };

  before(async () => {
    a = await t.tenantWithAdmin('partner');
    b = await t.tenantWithAdmin('partner');
    op = await t.operator();
    assert.equal((await a.api.put(`/v1/users/${a.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] })).status, 200);
    assert.equal((await b.api.put(`/v1/users/${b.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] })).status, 200);
    sales = await member(a.api, ['sales_agent']);
    const startedAt = Date.now();
    const response = await a.api.put(
      `/v1/users/${sales.user.id}/roles`,
      { roles: ['sales_agent', 'helpdesk_agent'] },
      { 'x-request-id': `roles-${unique()}` },
    );
    assert.equal(response.status, 200, response.raw);
    rolesChange = { response, subjectId: sales.user.id, startedAt };
    // Some activity in B too.
    await member(b.api, ['sales_agent']);
  });

  it('PUT roles writes user.roles_changed with actor, tenant, subject, before and after roles, and the request id', async () => {
    const res = await a.api.get(`/v1/audit-events?type=user.roles_changed&subjectId=${rolesChange.subjectId}`);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.items.length, 1);
    const e: AuditEvent = res.body.items[0];
    assert.equal(e.type, 'user.roles_changed');
    assert.equal(e.tenantId, a.tenant.id);
    assert.deepEqual(e.actor, { kind: 'user', userId: a.admin.id, tenantId: a.tenant.id, apiTokenId: null });
    assert.deepEqual(e.subject, { type: 'user', id: sales.user.id });
    assert.deepEqual(e.before, { roles: ['sales_agent'] });
    assert.deepEqual(e.after, { roles: ['sales_agent', 'helpdesk_agent'] });
    assert.equal(e.requestId, rolesChange.response.headers['x-request-id']);
    assert.match(e.requestId, /^roles-/);
    assert.match(e.id, /^[0-9a-f-]{36}$/);
    const at = Date.parse(e.createdAt);
    assert.ok(at >= rolesChange.startedAt && at <= Date.now(), `createdAt ${e.createdAt} is not the time of the change`);
  });

  it('adding, renaming and disabling a user write user.created and user.updated with before and after', async () => {
    const email = `audited-${unique()}@example.com`;
    const created = await a.api.post('/v1/users', { email, name: 'Before', roles: ['billing_admin'] });
    assert.equal(created.status, 201, created.raw);
    const id = created.body.id;
    assert.equal((await a.api.patch(`/v1/users/${id}`, { name: 'After' })).status, 200);

    const trail = await allEvents(a.api, `subjectId=${id}`);
    assert.deepEqual(
      trail.map((e) => e.type),
      ['user.updated', 'user.created'],
    );
    const [updated, made] = trail as [AuditEvent, AuditEvent];
    assert.equal(made.before, null);
    assert.equal(made.after.email, email);
    assert.equal(made.after.status, 'invited');
    assert.deepEqual(made.after.roles, ['billing_admin']);
    assert.equal(made.actor.userId, a.admin.id);
    assert.equal(updated.before.name, 'Before');
    assert.equal(updated.after.name, 'After');
    assert.equal(updated.subject.id, id);
  });

  it("a partner sees only its own tenant's events, never another tenant's, whatever it asks", async () => {
    const mine = await allEvents(a.api);
    assert.ok(mine.length >= 5);
    assert.ok(mine.every((e) => e.tenantId === a.tenant.id));
    const theirs = await allEvents(b.api);
    assert.ok(theirs.length >= 5);
    assert.ok(theirs.every((e) => e.tenantId === b.tenant.id));
    const mineIds = new Set(mine.map((e) => e.id));
    assert.ok(theirs.every((e) => !mineIds.has(e.id)));

    // tenantId is for operator staff: a partner naming another tenant still sees its own.
    const asked = await allEvents(a.api, `tenantId=${b.tenant.id}`);
    assert.ok(asked.length > 0);
    assert.ok(asked.every((e) => e.tenantId === a.tenant.id));
    // Filtering on another tenant's subject finds nothing.
    assert.deepEqual(await allEvents(a.api, `subjectId=${b.admin.id}`), []);
    // And the operator's own events are not a partner's either.
    assert.ok(mine.every((e) => e.tenantId !== op.tenant.id));
  });

  it('operator staff see every tenant, and can filter by tenantId', async () => {
    const everything = await allEvents(op.api);
    const tenantsSeen = new Set(everything.map((e) => e.tenantId));
    for (const id of [a.tenant.id, b.tenant.id, op.tenant.id]) assert.ok(tenantsSeen.has(id), `operator misses tenant ${id}`);
    assert.ok(everything.some((e) => e.type === 'user.roles_changed' && e.subject.id === rolesChange.subjectId));

    const onlyA = await allEvents(op.api, `tenantId=${a.tenant.id}`);
    assert.ok(onlyA.length > 0);
    assert.ok(onlyA.every((e) => e.tenantId === a.tenant.id));
    assert.deepEqual(
      onlyA.map((e) => e.id),
      (await allEvents(a.api)).map((e) => e.id),
      "the operator's view of a tenant is the tenant's own view",
    );
    const onlyB = await allEvents(op.api, `tenantId=${b.tenant.id}&type=user.created`);
    assert.ok(onlyB.length >= 2);
    assert.ok(onlyB.every((e) => e.tenantId === b.tenant.id && e.type === 'user.created'));

    // An unknown tenant has no events; an id that is not a UUID is 400, never a database error.
    assert.deepEqual(await allEvents(op.api, 'tenantId=00000000-0000-4000-8000-000000000000'), []);
    for (const bad of ['nope', 'urn:uuid:00000000-0000-4000-8000-000000000000']) {
      const res = await op.api.get(`/v1/audit-events?tenantId=${encodeURIComponent(bad)}`);
      assertProblem(res, 400, 'invalid_request');
      assert.ok(
        res.body.errors.every((e: { in: string; path: string }) => e.in === 'query' && e.path === '/tenantId'),
        res.raw,
      );
    }
  });

  it('pages newest first, following cursors, each event once', async () => {
    const c = await t.tenantWithAdmin('customer');
    for (let i = 0; i < 4; i++) {
      assert.equal((await c.api.patch(`/v1/users/${c.admin.id}`, { name: `Name ${i}` })).status, 200);
    }
    const whole = await allEvents(c.api);
    assert.ok(whole.length >= 7, `only ${whole.length} events`);
    // Newest first: the last rename is on top, and times never go up.
    assert.equal(whole[0]!.type, 'user.updated');
    assert.equal(whole[0]!.after.name, 'Name 3');
    for (let i = 1; i < whole.length; i++) {
      assert.ok(Date.parse(whole[i - 1]!.createdAt) >= Date.parse(whole[i]!.createdAt), `event ${i} is newer than ${i - 1}`);
    }
    // The oldest is the sign-up request; its confirmation wrote the first admin before its tenant, in one transaction.
    assert.equal(whole.at(-1)!.type, 'tenant.sign_up_requested');
    assert.equal(whole.at(-2)!.type, 'user.created');
    assert.equal(whole.at(-2)!.subject.id, c.admin.id);

    const paged = await allEvents(c.api, '', 2);
    assert.deepEqual(
      paged.map((e) => e.id),
      whole.map((e) => e.id),
    );
    assert.equal(new Set(paged.map((e) => e.id)).size, paged.length);

    const first = await c.api.get('/v1/audit-events?limit=2');
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    // A new event after the first page does not shift the pages that follow.
    assert.equal((await c.api.patch(`/v1/users/${c.admin.id}`, { name: 'Later' })).status, 200);
    const second = await c.api.get(`/v1/audit-events?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assert.deepEqual(
      second.body.items.map((e: AuditEvent) => e.id),
      whole.slice(2, 4).map((e) => e.id),
    );

    // A cursor belongs to its list: another filter or another tenant refuses it.
    assertProblem(
      await c.api.get(`/v1/audit-events?type=user.updated&cursor=${encodeURIComponent(first.body.nextCursor)}`),
      400,
      'invalid_request',
    );
    assertProblem(
      await a.api.get(`/v1/audit-events?cursor=${encodeURIComponent(first.body.nextCursor)}`),
      400,
      'invalid_request',
    );
    assertProblem(await c.api.get('/v1/audit-events?limit=0'), 400, 'invalid_request');
    assertProblem(await c.api.get('/v1/audit-events?limit=501'), 400, 'invalid_request');
  });

  it("an event written by an API token's call has actor.kind api_token and names the token", async () => {
    const created = await a.api.post('/v1/api-tokens', { name: `audit-${unique()}` });
    assert.equal(created.status, 201, created.raw);
    const viaToken = t.as({ token: created.body.token });
    const res = await viaToken.patch(`/v1/users/${sales.user.id}`, { name: 'Renamed by a program' });
    assert.equal(res.status, 200, res.raw);

    const [e] = await allEvents(a.api, `type=user.updated&subjectId=${sales.user.id}`);
    assert.ok(e);
    assert.equal(e.after.name, 'Renamed by a program');
    assert.deepEqual(e.actor, { kind: 'api_token', userId: a.admin.id, tenantId: a.tenant.id, apiTokenId: created.body.id });
    assert.equal(e.requestId, res.headers['x-request-id']);

    // The token itself was made by the signed-in user.
    const [made] = await allEvents(a.api, `type=api_token.created&subjectId=${created.body.id}`);
    assert.equal(made?.actor.kind, 'user');
    // The token reads the trail too (global admins hold audit.read).
    assert.equal((await viaToken.get('/v1/audit-events?limit=1')).status, 200);
  });

  it('events of sign-up have no user as actor: they are system events of the new tenant', async () => {
    const [made] = await allEvents(b.api, 'type=tenant.created');
    assert.ok(made);
    assert.equal(made.tenantId, b.tenant.id);
    assert.deepEqual(made.subject, { type: 'tenant', id: b.tenant.id });
    assert.equal(made.actor.kind, 'system');
    assert.equal(made.after.firstAdminId, b.admin.id);
  });

  it('users without audit.read get 403; admin agents may read', async () => {
    const res = await sales.api.get('/v1/audit-events');
    assertProblem(res, 403, 'forbidden');
    assert.equal(res.body.permission, 'audit.read');

    const c = await t.tenantWithAdmin('customer');
    const plain = await member(c.api, ['user']);
    assertProblem(await plain.api.get('/v1/audit-events'), 403, 'forbidden');

    const agent = await member(a.api, ['admin_agent']);
    const read = await agent.api.get('/v1/audit-events');
    assert.equal(read.status, 200, read.raw);
    assert.ok(read.body.items.every((e: AuditEvent) => e.tenantId === a.tenant.id));

    assertProblem(await t.request('GET', '/v1/audit-events'), 401, 'unauthenticated');
  });

  it('event rows never hold password hashes, TOTP secrets or tokens', async () => {
    // A user enrols an authenticator app: its secret lives on the user row only.
    const enrolled = await member(a.api, ['helpdesk_agent']);
    const started = await enrolled.api.post('/v1/me/totp');
    assert.equal(started.status, 201, started.raw);
    const secret: string = started.body.secret;
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
    const activated = await enrolled.api.post('/v1/me/totp/activation', { code });
    assert.equal(activated.status, 204, activated.raw);
    // Changes of a user that has a TOTP secret and a password.
    assert.equal((await a.api.patch(`/v1/users/${enrolled.user.id}`, { name: 'Enrolled' })).status, 200);
    assert.equal(
      (await a.api.put(`/v1/users/${enrolled.user.id}/roles`, { roles: ['helpdesk_agent', 'sales_agent'] })).status,
      200,
    );
    assert.equal((await a.api.patch(`/v1/users/${enrolled.user.id}`, { status: 'disabled' })).status, 200);
    const token = await a.api.post('/v1/api-tokens', { name: 'secret-check' });
    assert.equal(token.status, 201);

    const forbidden = [
      /passwordHash/i,
      /password_hash/i,
      /totpSecret/i,
      /totp_secret/i,
      /totpPendingSecret/i,
      /tokenHash/i,
      /\$argon2/,
      new RegExp(secret),
      new RegExp(PASSWORD),
      new RegExp(token.body.token),
      /trs_[A-Za-z0-9_-]{43}/,
      /tra_[A-Za-z0-9_-]{43}/,
    ];
    const rows = await t.db.select().from(events);
    assert.ok(rows.length > 20);
    const stored = JSON.stringify(rows);
    const served = JSON.stringify(await allEvents(op.api));
    for (const pattern of forbidden) {
      assert.doesNotMatch(stored, pattern, `an event row holds ${pattern}`);
      assert.doesNotMatch(served, pattern, `the audit API serves ${pattern}`);
    }
    // The changes themselves are there.
    const trail = await allEvents(a.api, `subjectId=${enrolled.user.id}`);
    for (const type of [
      'user.created',
      'user.password_set',
      'user.mfa_enrollment_started',
      'user.mfa_enabled',
      'user.updated',
      'user.roles_changed',
    ]) {
      assert.ok(
        trail.some((e) => e.type === type),
        `no ${type} event`,
      );
    }
  });
});
