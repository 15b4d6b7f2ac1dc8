import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { PASSWORD, TestTrellis } from '../../../test/support/harness.ts';
import { assertProblem } from '../../../test/support/assert.ts';

const TOKEN = /^trt_[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('API tokens', () => {
  let t: TestTrellis;
  /** A partner whose first user holds global_admin and admin_agent. */
  let partner: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
  /** Another tenant, for the 404s across tenants. */
  let other: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;

  before(async () => {
    t = await TestTrellis.start();
    partner = await t.tenantWithAdmin('partner', { language: 'fr' });
    const granted = await partner.api.put(`/v1/users/${partner.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(granted.status, 200, granted.raw);
    other = await t.tenantWithAdmin('customer');
  });
  after(() => t.close());
  afterEach(() => clock.reset());

  async function makeToken(api = partner.api, body: Record<string, unknown> = {}) {
    const res = await api.post('/v1/api-tokens', { name: `token ${Math.random().toString(36).slice(2, 8)}`, ...body });
    assert.equal(res.status, 201, res.raw);
    return res.body as { id: string; token: string; name: string; prefix: string; roles: string[]; expiresAt: string };
  }

  /** A user added to the partner with the given roles, password set through its invitation mail, signed in. */
  async function addUser(roles: string[]) {
    const email = `user-${Math.random().toString(36).slice(2, 10)}@partner.example`;
    const created = await partner.api.post('/v1/users', { email, name: 'Added user', roles });
    assert.equal(created.status, 201, created.raw);
    const [invitation] = (await t.mailTo(email)).filter((m) => m.template === 'userInvitation');
    const token = /token=([A-Za-z0-9_-]+)/.exec(invitation!.textBody)?.[1];
    const setUp = await t.request('POST', '/v1/password-setups', { body: { token, password: PASSWORD } });
    assert.equal(setUp.status, 200, setUp.raw);
    const cookie = await t.signIn(email);
    return { id: created.body.id as string, email, cookie, api: t.as({ cookie }) };
  }

  describe('making and listing', () => {
    it('POST /v1/api-tokens returns the token once; GET /v1/api-tokens never shows it', async () => {
      const before = Date.now();
      const res = await partner.api.post('/v1/api-tokens', { name: 'CI pipeline' });
      assert.equal(res.status, 201, res.raw);
      const made = res.body;
      assert.match(made.token, TOKEN);
      assert.equal(made.name, 'CI pipeline');
      assert.equal(made.prefix, made.token.slice(0, made.prefix.length));
      assert.ok(made.prefix.startsWith('trt_') && made.prefix.length < made.token.length);
      assert.deepEqual(made.roles, ['global_admin', 'admin_agent'], 'all of the user roles by default');
      assert.equal(made.revokedAt, null);
      assert.equal(made.lastUsedAt, null);
      const days = (Date.parse(made.expiresAt) - before) / DAY_MS;
      assert.ok(days > 89.99 && days < 90.01, `default expiry is 90 days, got ${days}`);

      const list = await partner.api.get('/v1/api-tokens');
      assert.equal(list.status, 200, list.raw);
      const listed = list.body.items.find((i: { id: string }) => i.id === made.id);
      assert.ok(listed, 'the new token is listed');
      assert.equal(listed.token, undefined);
      assert.equal(listed.tokenHash, undefined);
      assert.equal(listed.prefix, made.prefix);
      assert.ok(!list.raw.includes(made.token), 'the secret is nowhere in the list');
      assert.ok(!list.raw.includes(sha256(made.token)), 'nor is its hash');
      assert.ok(!list.raw.includes(made.token.slice(4)), 'nor is the secret part of it');
    });

    it('lists only the caller own tokens, newest first, with keyset pagination', async () => {
      const a = await makeToken();
      const b = await makeToken();
      const c = await makeToken();
      const first = await partner.api.get('/v1/api-tokens?limit=2');
      assert.equal(first.status, 200, first.raw);
      assert.deepEqual(
        first.body.items.map((i: { id: string }) => i.id),
        [c.id, b.id],
      );
      assert.equal(typeof first.body.nextCursor, 'string');
      const second = await partner.api.get(`/v1/api-tokens?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      assert.equal(second.body.items[0].id, a.id);
      const others = await other.api.get('/v1/api-tokens');
      assert.equal(others.status, 200);
      assert.ok(!others.body.items.some((i: { id: string }) => [a.id, b.id, c.id].includes(i.id)));
    });

    it('accepts expiresInDays from 1 to 366', async () => {
      const before = Date.now();
      const short = await makeToken(partner.api, { expiresInDays: 1 });
      const long = await makeToken(partner.api, { expiresInDays: 366 });
      assert.ok(Math.abs(Date.parse(short.expiresAt) - before - DAY_MS) < 60_000);
      assert.ok(Math.abs(Date.parse(long.expiresAt) - before - 366 * DAY_MS) < 60_000);
    });

    it('refuses a role the user does not hold with 422 role_not_held', async () => {
      const res = await partner.api.post('/v1/api-tokens', { name: 'too much', roles: ['admin_agent', 'billing_admin'] });
      assertProblem(res, 422, 'role_not_held');
      assert.match(res.body.detail, /billing_admin/);
      assert.doesNotMatch(res.body.detail, /admin_agent,/);
      assertProblem(
        await partner.api.post('/v1/api-tokens', { name: 'operator', roles: ['operator_admin'] }),
        422,
        'role_not_held',
      );
      const list = await partner.api.get('/v1/api-tokens?limit=500');
      assert.ok(
        !list.body.items.some((i: { name: string }) => i.name === 'too much' || i.name === 'operator'),
        'nothing was made',
      );
    });

    it('refuses schema violations with 400 and lists every field error', async () => {
      const all = await partner.api.post('/v1/api-tokens', { name: '', expiresInDays: 0, roles: [], extra: true });
      assertProblem(all, 400, 'invalid_request');
      const paths = (all.body.errors as { path: string; in: string; message: string }[]).map((e) => e.path).sort();
      assert.deepEqual(paths, ['/expiresInDays', '/extra', '/name', '/roles']);
      for (const e of all.body.errors) {
        assert.equal(e.in, 'body');
        assert.ok(e.message.length > 0);
      }
      const tooLong = await partner.api.post('/v1/api-tokens', { name: 'x'.repeat(101), expiresInDays: 999 });
      assertProblem(tooLong, 400, 'invalid_request');
      assert.deepEqual(tooLong.body.errors.map((e: { path: string }) => e.path).sort(), ['/expiresInDays', '/name']);
      const missing = await partner.api.post('/v1/api-tokens', {
        expiresInDays: 1.5,
        roles: ['Admin Agent', 'admin_agent', 'admin_agent'],
      });
      assertProblem(missing, 400, 'invalid_request');
      assert.deepEqual(
        [...new Set(missing.body.errors.map((e: { path: string }) => e.path.split('/').slice(0, 2).join('/')))].sort(),
        ['/expiresInDays', '/name', '/roles'],
      );
      const noBody = await partner.api.post('/v1/api-tokens');
      assertProblem(noBody, 400, 'invalid_request');
    });

    it('records api_token.created without the token or its hash', async () => {
      const made = await makeToken(partner.api, { roles: ['admin_agent'], expiresInDays: 7 });
      const res = await partner.api.get(`/v1/audit-events?type=api_token.created&subjectId=${made.id}`);
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.items.length, 1);
      const event = res.body.items[0];
      assert.equal(event.type, 'api_token.created');
      assert.equal(event.tenantId, partner.tenant.id);
      assert.deepEqual(event.subject, { type: 'api_token', id: made.id });
      assert.equal(event.actor.kind, 'user');
      assert.equal(event.actor.userId, partner.admin.id);
      assert.equal(event.after.name, made.name);
      assert.deepEqual(event.after.roles, ['admin_agent']);
      assert.equal(event.after.prefix, made.prefix);
      assert.ok(!('tokenHash' in event.after), 'no tokenHash field');
      assert.ok(!res.raw.includes(sha256(made.token)), 'the hash appears nowhere');
      assert.ok(!res.raw.includes(made.token.slice(4)), 'nor the token');
      // The list filter finds it as well.
      const byType = await partner.api.get('/v1/audit-events?type=api_token.created');
      assert.ok(byType.body.items.some((e: { subject: { id: string } }) => e.subject.id === made.id));
      assert.ok(byType.body.items.every((e: { type: string }) => e.type === 'api_token.created'));
    });

    it('writes a security notice to the user, in its language, without the token', async () => {
      const made = await makeToken(partner.api, { name: 'Notice probe', expiresInDays: 30 });
      const mails = (await t.mailTo(partner.admin.email)).filter(
        (m) => m.template === 'apiTokenCreated' && m.subject.includes('Notice probe'),
      );
      assert.equal(mails.length, 1);
      const mail = mails[0]!;
      assert.equal(mail.language, 'fr');
      assert.doesNotMatch(mail.subject, /^New API token/, 'not the English subject');
      assert.ok(mail.textBody.includes(made.expiresAt.slice(0, 10)), 'names the expiry date');
      assert.ok(mail.textBody.includes('http://trellis.test/settings/api-tokens'), 'links to the token list on the public URL');
      assert.ok(!mail.textBody.includes(made.token) && !mail.htmlBody.includes(made.token), 'never the token');
      assert.ok(!mail.textBody.includes(made.token.slice(4)));
    });
  });

  describe('using a token', () => {
    it('works as Authorization: Bearer on GET /v1/me, authenticatedBy api_token', async () => {
      const made = await makeToken();
      const me = await t.as({ token: made.token }).get('/v1/me');
      assert.equal(me.status, 200, me.raw);
      assert.equal(me.body.authenticatedBy, 'api_token');
      assert.equal(me.body.user.id, partner.admin.id);
      assert.equal(me.body.tenant.id, partner.tenant.id);
      assert.ok(me.body.permissions.includes('users.manage'));
      assert.ok(me.body.permissions.includes('roles.grant'));
      // Scheme names are case-insensitive.
      const lower = await t.request('GET', '/v1/me', { headers: { authorization: `bearer ${made.token}` } });
      assert.equal(lower.status, 200, lower.raw);
      const list = await partner.api.get('/v1/api-tokens?limit=500');
      const listed = list.body.items.find((i: { id: string }) => i.id === made.id);
      assert.ok(listed.lastUsedAt, 'last use is recorded');
    });

    it('a token scoped to fewer roles has only their permissions', async () => {
      const made = await makeToken(partner.api, { roles: ['admin_agent'] });
      assert.deepEqual(made.roles, ['admin_agent']);
      const api = t.as({ token: made.token });
      const me = await api.get('/v1/me');
      assert.ok(me.body.permissions.includes('users.manage'));
      assert.ok(!me.body.permissions.includes('roles.grant'));
      assert.ok(!me.body.permissions.includes('orders.place'));
      const denied = await api.put(`/v1/users/${partner.admin.id}/roles`, {
        roles: ['global_admin', 'admin_agent', 'sales_agent'],
      });
      assertProblem(denied, 403, 'forbidden');
      assert.equal(denied.body.permission, 'roles.grant');
      const user = await partner.api.get(`/v1/users/${partner.admin.id}`);
      assert.deepEqual(user.body.roles, ['global_admin', 'admin_agent'], 'the roles did not change');
      // What admin_agent does give works.
      assert.equal((await api.get('/v1/users')).status, 200);

      // And the other way round: a global_admin-only token cannot add users (R-ENR-4).
      const globalOnly = await makeToken(partner.api, { roles: ['global_admin'] });
      const add = await t
        .as({ token: globalOnly.token })
        .post('/v1/users', { email: 'nobody@partner.example', name: 'N', roles: ['sales_agent'] });
      assertProblem(add, 403, 'forbidden');
      assert.equal(add.body.rule, 'R-ENR-4');
    });

    it('acts as itself in the audit trail', async () => {
      const made = await makeToken(partner.api, { roles: ['admin_agent'] });
      const added = await addUser(['sales_agent']);
      const renamed = await t.as({ token: made.token }).patch(`/v1/users/${added.id}`, { name: 'Renamed by a program' });
      assert.equal(renamed.status, 200, renamed.raw);
      const events = await partner.api.get(`/v1/audit-events?type=user.updated&subjectId=${added.id}`);
      const event = events.body.items[0];
      assert.equal(event.actor.kind, 'api_token');
      assert.equal(event.actor.apiTokenId, made.id);
      assert.equal(event.actor.userId, partner.admin.id);
    });

    it('a token loses a role its user loses, and does not gain one its user gains', async () => {
      const user = await addUser(['sales_agent', 'helpdesk_agent']);
      const made = await makeToken(user.api);
      assert.deepEqual(made.roles, ['sales_agent', 'helpdesk_agent']);
      const before = await t.as({ token: made.token }).get('/v1/me');
      assert.ok(before.body.permissions.includes('support.act'));
      const changed = await partner.api.put(`/v1/users/${user.id}/roles`, { roles: ['sales_agent', 'billing_admin'] });
      assert.equal(changed.status, 200, changed.raw);
      const after = await t.as({ token: made.token }).get('/v1/me');
      assert.equal(after.status, 200, after.raw);
      assert.ok(!after.body.permissions.includes('support.act'), 'helpdesk_agent is gone from the token');
      assert.ok(!after.body.permissions.includes('billing.read'), 'billing_admin was never given to the token');
      assert.ok(after.body.permissions.includes('orders.place'), 'sales_agent stays');
    });

    it('an API token cannot make or revoke tokens (403)', async () => {
      const made = await makeToken();
      const api = t.as({ token: made.token });
      assertProblem(await api.post('/v1/api-tokens', { name: 'minted by a token' }), 403, 'forbidden');
      assertProblem(await api.delete(`/v1/api-tokens/${made.id}`), 403, 'forbidden');
      const list = await partner.api.get('/v1/api-tokens?limit=500');
      assert.ok(!list.body.items.some((i: { name: string }) => i.name === 'minted by a token'));
      assert.equal(list.body.items.find((i: { id: string }) => i.id === made.id).revokedAt, null);
      assert.equal((await api.get('/v1/me')).status, 200, 'the token still works');
      // Reading its own list is harmless and allowed.
      assert.equal((await api.get('/v1/api-tokens')).status, 200);
    });
  });

  describe('ending a token', () => {
    it('stops working once expiresInDays have passed', async () => {
      const made = await makeToken(partner.api, { expiresInDays: 2 });
      const api = t.as({ token: made.token });
      clock.advance(2 * DAY_MS - 60_000);
      assert.equal((await api.get('/v1/me')).status, 200, 'still valid a minute before the end');
      clock.advance(2 * 60_000);
      const expired = await api.get('/v1/me');
      assertProblem(expired, 401, 'unauthenticated');
      assert.match(expired.body.detail, /expired|revoked|unknown/);
    });

    it('DELETE /v1/api-tokens/{id} revokes it: the very next request is 401', async () => {
      const made = await makeToken();
      const api = t.as({ token: made.token });
      assert.equal((await api.get('/v1/me')).status, 200);
      const revoked = await partner.api.delete(`/v1/api-tokens/${made.id}`);
      assert.equal(revoked.status, 204, revoked.raw);
      assertProblem(await api.get('/v1/me'), 401, 'unauthenticated');
      const listed = (await partner.api.get('/v1/api-tokens?limit=500')).body.items.find((i: { id: string }) => i.id === made.id);
      assert.ok(listed.revokedAt, 'the list shows when');
      // Revoking twice changes nothing and records one event.
      assert.equal((await partner.api.delete(`/v1/api-tokens/${made.id}`)).status, 204);
      const events = await partner.api.get(`/v1/audit-events?type=api_token.revoked&subjectId=${made.id}`);
      assert.equal(events.body.items.length, 1);
      assert.ok(!events.raw.includes(sha256(made.token)), 'no hash in the revocation event');
      assert.equal(events.body.items[0].before.revokedAt, null);
      assert.ok(events.body.items[0].after.revokedAt);
    });

    it('revoking one token leaves the others working', async () => {
      const a = await makeToken();
      const b = await makeToken();
      assert.equal((await partner.api.delete(`/v1/api-tokens/${a.id}`)).status, 204);
      assert.equal((await t.as({ token: a.token }).get('/v1/me')).status, 401);
      assert.equal((await t.as({ token: b.token }).get('/v1/me')).status, 200);
    });

    it('disabling the user stops its tokens, and re-enabling does not bring them back', async () => {
      const user = await addUser(['sales_agent']);
      const made = await makeToken(user.api);
      assert.equal((await t.as({ token: made.token }).get('/v1/me')).status, 200);
      const disabled = await partner.api.patch(`/v1/users/${user.id}`, { status: 'disabled' });
      assert.equal(disabled.status, 200, disabled.raw);
      assertProblem(await t.as({ token: made.token }).get('/v1/me'), 401, 'unauthenticated');
      assertProblem(await user.api.get('/v1/me'), 401, 'unauthenticated');
      const enabled = await partner.api.patch(`/v1/users/${user.id}`, { status: 'active' });
      assert.equal(enabled.status, 200, enabled.raw);
      assertProblem(await t.as({ token: made.token }).get('/v1/me'), 401, 'unauthenticated');
    });

    it('DELETE of another tenant token, or another user token, answers 404 and revokes nothing', async () => {
      const foreign = await makeToken(other.api);
      assertProblem(await partner.api.delete(`/v1/api-tokens/${foreign.id}`), 404, 'not_found');
      assert.equal((await t.as({ token: foreign.token }).get('/v1/me')).status, 200);
      const colleague = await addUser(['sales_agent']);
      const theirs = await makeToken(colleague.api);
      assertProblem(await partner.api.delete(`/v1/api-tokens/${theirs.id}`), 404, 'not_found');
      assert.equal((await t.as({ token: theirs.token }).get('/v1/me')).status, 200);
      assertProblem(await partner.api.delete('/v1/api-tokens/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      const badId = await partner.api.delete('/v1/api-tokens/not-a-uuid');
      assertProblem(badId, 400, 'invalid_request');
      assert.equal(badId.body.errors[0].in, 'params');
    });
  });

  describe('the Authorization header', () => {
    it('a malformed header answers 400 invalid_request', async () => {
      const made = await makeToken();
      for (const authorization of [
        'Bearer nonsense',
        'Basic x',
        `Basic ${made.token}`,
        'Bearer',
        'Bearer ',
        `Bearer ${made.token}x`,
        `Bearer ${made.token.replace('trt_', 'trs_')}`,
        `Token ${made.token}`,
        `Bearer ${made.token} junk`,
      ]) {
        const res = await t.request('GET', '/v1/me', { headers: { authorization } });
        assertProblem(res, 400, 'invalid_request');
      }
    });

    it('a malformed header is refused even with a valid session cookie', async () => {
      const res = await t.request('GET', '/v1/me', { cookie: partner.cookie, headers: { authorization: 'Basic x' } });
      assertProblem(res, 400, 'invalid_request');
    });

    it('an unknown well-formed token answers 401', async () => {
      const unknown = `trt_${'A'.repeat(21)}${'_'.repeat(11)}${'-'.repeat(11)}`;
      assert.match(unknown, TOKEN);
      const res = await t.as({ token: unknown }).get('/v1/me');
      assertProblem(res, 401, 'unauthenticated');
      assert.equal(res.headers['set-cookie'], undefined);
    });

    it('with both a session cookie and a token, the token decides: its scope applies', async () => {
      const scoped = await makeToken(partner.api, { roles: ['admin_agent'] });
      const both = await t.request('GET', '/v1/me', { cookie: partner.cookie, token: scoped.token });
      assert.equal(both.status, 200, both.raw);
      assert.equal(both.body.authenticatedBy, 'api_token');
      assert.ok(!both.body.permissions.includes('roles.grant'));
      const denied = await t.request('PUT', `/v1/users/${partner.admin.id}/roles`, {
        cookie: partner.cookie,
        token: scoped.token,
        body: { roles: ['global_admin'] },
      });
      assertProblem(denied, 403, 'forbidden');
    });
  });
});
