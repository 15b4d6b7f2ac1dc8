import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { onPostgres, PASSWORD, TestTrellis, type Response } from '../../../test/support/harness.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { idempotencyKeys, sessions, users } from '../../platform/db/schema.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/** Black-box tests of user management: invitations, roles (R-ENR-4), guards, lists and Idempotency-Key. */

type Api = ReturnType<TestTrellis['as']>;
const unique = () => randomBytes(4).toString('hex');
const NEW_PASSWORD = 'a brand new passphrase 42';

let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start();
});
after(() => t.close());

/** The token of the newest invitation mailed to an address. */
async function invitationToken(address: string): Promise<string> {
  const [mail] = await t.mailTo(address);
  assert.ok(mail, `no mail to ${address}`);
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail.textBody);
  assert.ok(match, `no token link in the mail to ${address}`);
  return match[1]!;
}

/** The token of the newest password reset mailed to an address. */
async function resetToken(address: string): Promise<string> {
  const mail = (await t.mailTo(address)).find((m) => m.template === 'passwordReset');
  assert.ok(mail, `no reset mail to ${address}`);
  return /token=([A-Za-z0-9_-]+)/.exec(mail.textBody)![1]!;
}

/** A partner whose global admin also holds admin_agent, so it may add users (R-ENR-4). */
async function partnerAdmin(overrides: Parameters<TestTrellis['signUp']>[1] = {}) {
  const p = await t.tenantWithAdmin('partner', overrides);
  const res = await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
  assert.equal(res.status, 200, res.raw);
  return p;
}

/** Invites a user through the API, lets it choose its password, signs it in. */
async function member(admin: Api, roles: string[], email = `member-${unique()}@example.com`) {
  const res = await admin.post('/v1/users', { email, name: `Member ${email}`, roles });
  assert.equal(res.status, 201, res.raw);
  const setup = await t.request('POST', '/v1/password-setups', {
    body: { token: await invitationToken(email), password: PASSWORD },
  });
  assert.equal(setup.status, 200, setup.raw);
  const cookie = await t.signIn(email);
  return { user: res.body as { id: string; email: string }, cookie, api: t.as({ cookie }) };
}

async function countUsersWithEmail(email: string): Promise<number> {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.email, email.toLowerCase()));
  return row!.n;
}

describe('adding users (R-ENR-4)', () => {
  it('R-ENR-4: a partner global admin without admin_agent is refused POST /v1/users, told it can grant the role to itself', async () => {
    const p = await t.tenantWithAdmin('partner');
    const email = `refused-${unique()}@example.com`;
    const res = await p.api.post('/v1/users', { email, name: 'Refused', roles: ['sales_agent'] });
    assertProblem(res, 403, 'forbidden');
    assert.equal(res.body.rule, 'R-ENR-4');
    assert.equal(res.body.permission, 'users.manage');
    assert.match(res.body.detail, /admin_agent/);
    assert.match(res.body.detail, /to itself/);
    assert.match(res.body.detail, /PUT \/v1\/users\/\{id\}\/roles/);
    assert.equal(await countUsersWithEmail(email), 0);
  });

  it('R-ENR-4: the global admin grants itself admin_agent with PUT /v1/users/{id}/roles and can then add users', async () => {
    const p = await t.tenantWithAdmin('partner');
    const me = await p.api.get('/v1/me');
    assert.ok(!me.body.permissions.includes('users.manage'));

    const granted = await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(granted.status, 200, granted.raw);
    assert.deepEqual([...granted.body.roles].sort(), ['admin_agent', 'global_admin']);
    // The same session holds the new role at once.
    assert.ok((await p.api.get('/v1/me')).body.permissions.includes('users.manage'));

    const email = `added-${unique()}@example.com`;
    const res = await p.api.post('/v1/users', { email, name: 'Added', roles: ['sales_agent'] });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.email, email);
    assert.equal(res.body.tenantId, p.tenant.id);
    assert.deepEqual(res.body.roles, ['sales_agent']);
  });

  it('R-ENR-4: a customer global admin adds users directly', async () => {
    const c = await t.tenantWithAdmin('customer');
    const res = await c.api.post('/v1/users', { email: `cust-${unique()}@example.com`, name: 'Customer user', roles: ['user'] });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.tenantId, c.tenant.id);
    assert.deepEqual(res.body.roles, ['user']);
  });

  it('R-ENR-4: the hint is for partners only; a customer user without users.manage gets a plain 403', async () => {
    const c = await t.tenantWithAdmin('customer');
    const plain = await member(c.api, ['user']);
    const res = await plain.api.post('/v1/users', { email: `x-${unique()}@example.com`, name: 'X', roles: ['user'] });
    assertProblem(res, 403, 'forbidden');
    assert.equal(res.body.rule, undefined);
    assert.equal(res.body.permission, 'users.manage');
  });
});

describe('invitation and password set-up', () => {
  it('a new user is invited, mailed a one-time link, activated by it, and can then sign in', async () => {
    const p = await partnerAdmin();
    const email = `Invitee-${unique()}@Example.com`;
    const created = await p.api.post('/v1/users', { email, name: 'Invitee', language: 'fr', roles: ['sales_agent'] });
    assert.equal(created.status, 201, created.raw);
    assert.equal(created.body.status, 'invited');
    assert.equal(created.body.email, email.toLowerCase());
    assert.equal(created.body.language, 'fr');
    assert.equal(created.body.mfaEnabled, false);
    assert.equal(created.body.lastSignInAt, null);
    assert.equal('passwordHash' in created.body, false);

    // An invited user has no password yet: it cannot sign in.
    const early = await t.request('POST', '/v1/sessions', { body: { email, password: NEW_PASSWORD } });
    assert.equal(early.status, 401);

    const mails = await t.mailTo(email);
    assert.equal(mails.length, 1);
    const mail = mails[0]!;
    assert.equal(mail.template, 'userInvitation');
    assert.equal(mail.language, 'fr');
    assert.match(mail.subject, /vous a ajouté/);
    // The link is built on the configured public URL.
    assert.match(mail.textBody, /http:\/\/trellis\.test\/password-setup\?token=tra_[A-Za-z0-9_-]{43}/);
    const token = await invitationToken(email);

    const setup = await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } });
    assert.equal(setup.status, 200, setup.raw);
    assert.equal(setup.body.id, created.body.id);
    assert.equal(setup.body.status, 'active');

    const cookie = await t.signIn(email, NEW_PASSWORD);
    const me = await t.as({ cookie }).get('/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.id, created.body.id);
    assert.equal(me.body.user.status, 'active');
    assert.deepEqual(me.body.user.roles, ['sales_agent']);

    const listed = await p.api.get(`/v1/users/${created.body.id}`);
    assert.equal(listed.body.status, 'active');

    // The link works once.
    const again = await t.request('POST', '/v1/password-setups', { body: { token, password: 'another passphrase 1234' } });
    assertProblem(again, 410, 'link_unavailable');
    // The password did not change.
    await t.signIn(email, NEW_PASSWORD);
  });

  it('the invitation link is built on the configured public URL, never on the Host header', async () => {
    const c = await t.tenantWithAdmin('customer');
    const email = `host-${unique()}@example.com`;
    const res = await t.request('POST', '/v1/users', {
      cookie: c.cookie,
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
      body: { email, name: 'Host', roles: ['user'] },
    });
    assert.equal(res.status, 201, res.raw);
    const [mail] = await t.mailTo(email);
    assert.ok(mail);
    assert.doesNotMatch(mail.textBody + mail.htmlBody, /evil\.example/);
    assert.match(mail.textBody, /http:\/\/trellis\.test\/password-setup\?token=/);
  });

  it('an unknown token is 404', async () => {
    const res = await t.request('POST', '/v1/password-setups', {
      body: { token: `tra_${randomBytes(32).toString('base64url')}`, password: NEW_PASSWORD },
    });
    assertProblem(res, 404, 'not_found');
  });

  it('an expired token is 410, and the user stays invited', async () => {
    const c = await t.tenantWithAdmin('customer');
    const email = `late-${unique()}@example.com`;
    const created = await c.api.post('/v1/users', { email, name: 'Late', roles: ['user'] });
    assert.equal(created.status, 201);
    const token = await invitationToken(email);
    clock.advance(7 * DAY_MS + 60_000);
    let res: Response;
    try {
      res = await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } });
    } finally {
      clock.reset();
    }
    assertProblem(res, 410, 'link_unavailable');
    // One uniform body for used, expired and revoked links.
    assert.equal(res.body.detail, 'The link was used, has expired or was revoked.');
    assert.equal((await c.api.get(`/v1/users/${created.body.id}`)).body.status, 'invited');
  });

  it('a token still within its 7 days works', async () => {
    const c = await t.tenantWithAdmin('customer');
    const email = `timely-${unique()}@example.com`;
    assert.equal((await c.api.post('/v1/users', { email, name: 'Timely', roles: ['user'] })).status, 201);
    const token = await invitationToken(email);
    clock.advance(7 * DAY_MS - 60 * 60_000);
    let res: Response;
    try {
      res = await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } });
    } finally {
      clock.reset();
    }
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.status, 'active');
  });

  it('a password shorter than 12 characters is 400 and does not use the link up', async () => {
    const c = await t.tenantWithAdmin('customer');
    const email = `short-${unique()}@example.com`;
    assert.equal((await c.api.post('/v1/users', { email, name: 'Short', roles: ['user'] })).status, 201);
    const token = await invitationToken(email);
    const bad = await t.request('POST', '/v1/password-setups', { body: { token, password: 'short' } });
    assertProblem(bad, 400, 'invalid_request');
    assert.ok(bad.body.errors.some((e: { path: string }) => e.path === '/password'));
    const ok = await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } });
    assert.equal(ok.status, 200, ok.raw);
  });
});

describe('roles', () => {
  it('an admin_agent that is not a global admin cannot give global_admin or admin_agent, but can give sales_agent', async () => {
    const p = await partnerAdmin();
    const agent = await member(p.api, ['admin_agent']);

    for (const role of ['global_admin', 'admin_agent']) {
      const email = `escalate-${unique()}@example.com`;
      const res = await agent.api.post('/v1/users', { email, name: 'Escalate', roles: [role] });
      assertProblem(res, 403, 'forbidden');
      assert.match(res.body.detail, new RegExp(role));
      assert.equal(await countUsersWithEmail(email), 0);
    }
    // Nor by setting roles: that is the global admin's alone.
    const self = await agent.api.put(`/v1/users/${agent.user.id}/roles`, { roles: ['admin_agent', 'global_admin'] });
    assertProblem(self, 403, 'forbidden');
    assert.equal(self.body.permission, 'roles.grant');
    assert.deepEqual((await p.api.get(`/v1/users/${agent.user.id}`)).body.roles, ['admin_agent']);

    const ok = await agent.api.post('/v1/users', {
      email: `sales-${unique()}@example.com`,
      name: 'Sales',
      roles: ['sales_agent'],
    });
    assert.equal(ok.status, 201, ok.raw);
    assert.deepEqual(ok.body.roles, ['sales_agent']);
  });

  it('a role that the tenant kind does not have is 400', async () => {
    const p = await partnerAdmin();
    const c = await t.tenantWithAdmin('customer');

    const partnerWrong = await p.api.post('/v1/users', { email: `r1-${unique()}@example.com`, name: 'R', roles: ['user'] });
    assertProblem(partnerWrong, 400, 'invalid_request');
    assert.deepEqual(
      partnerWrong.body.errors.map((e: { path: string }) => e.path),
      ['/roles'],
    );
    assert.match(partnerWrong.body.detail, /user/);

    const customerWrong = await c.api.post('/v1/users', {
      email: `r2-${unique()}@example.com`,
      name: 'R',
      roles: ['sales_agent'],
    });
    assertProblem(customerWrong, 400, 'invalid_request');

    const operatorRole = await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'operator_admin'] });
    assertProblem(operatorRole, 400, 'invalid_request');
    assert.deepEqual([...(await p.api.get(`/v1/users/${p.admin.id}`)).body.roles].sort(), ['admin_agent', 'global_admin']);

    const badName = await p.api.post('/v1/users', { email: `r3-${unique()}@example.com`, name: 'R', roles: ['Global Admin'] });
    assertProblem(badName, 400, 'invalid_request');
  });

  it("another tenant's user is 404 on GET, PATCH and PUT roles, and is left unchanged", async () => {
    const a = await partnerAdmin();
    const b = await t.tenantWithAdmin('partner');
    const stranger = b.admin.id;

    assertProblem(await a.api.get(`/v1/users/${stranger}`), 404, 'not_found');
    assertProblem(await a.api.patch(`/v1/users/${stranger}`, { name: 'Hijacked' }), 404, 'not_found');
    assertProblem(await a.api.patch(`/v1/users/${stranger}`, { status: 'disabled' }), 404, 'not_found');
    assertProblem(await a.api.put(`/v1/users/${stranger}/roles`, { roles: ['sales_agent'] }), 404, 'not_found');
    // The same answer as for an id that does not exist at all.
    const missing = await a.api.get('/v1/users/00000000-0000-4000-8000-000000000000');
    assertProblem(missing, 404, 'not_found');
    assert.equal(missing.body.detail, (await a.api.get(`/v1/users/${stranger}`)).body.detail);

    const mine = await b.api.get(`/v1/users/${stranger}`);
    assert.equal(mine.status, 200);
    assert.notEqual(mine.body.name, 'Hijacked');
    assert.equal(mine.body.status, 'active');
    assert.deepEqual(mine.body.roles, ['global_admin']);
    // An id that is not a UUID is 400, whatever form PostgreSQL would refuse, never a 500.
    for (const bad of ['not-a-uuid', 'urn:uuid:00000000-0000-4000-8000-000000000000', '{00000000-0000-4000-8000-000000000000}']) {
      const res = await a.api.get(`/v1/users/${encodeURIComponent(bad)}`);
      assertProblem(res, 400, 'invalid_request');
      assert.ok(res.body.errors.length > 0);
      for (const e of res.body.errors) assert.deepEqual([e.in, e.path], ['params', '/id']);
      assertProblem(
        await a.api.put(`/v1/users/${encodeURIComponent(bad)}/roles`, { roles: ['sales_agent'] }),
        400,
        'invalid_request',
      );
    }
    // And it does not appear in the other tenant's list.
    const list = await a.api.get('/v1/users?limit=500');
    assert.ok(list.body.items.every((u: { tenantId: string }) => u.tenantId === a.tenant.id));
  });

  it('the last active global admin can be neither demoted nor disabled (409 last_admin)', async () => {
    const c = await t.tenantWithAdmin('customer');
    const demote = await c.api.put(`/v1/users/${c.admin.id}/roles`, { roles: ['user'] });
    assertProblem(demote, 409, 'last_admin');
    const disable = await c.api.patch(`/v1/users/${c.admin.id}`, { status: 'disabled' });
    assertProblem(disable, 409, 'last_admin');

    // An invited global admin does not count: it cannot act yet.
    const second = await c.api.post('/v1/users', {
      email: `second-${unique()}@example.com`,
      name: 'Second',
      roles: ['global_admin'],
    });
    assert.equal(second.status, 201, second.raw);
    assertProblem(await c.api.put(`/v1/users/${c.admin.id}/roles`, { roles: ['user'] }), 409, 'last_admin');

    // Once it is active, the first may step down.
    const setup = await t.request('POST', '/v1/password-setups', {
      body: { token: await invitationToken(second.body.email), password: PASSWORD },
    });
    assert.equal(setup.status, 200, setup.raw);
    const stepDown = await c.api.put(`/v1/users/${c.admin.id}/roles`, { roles: ['user'] });
    assert.equal(stepDown.status, 200, stepDown.raw);
    assert.deepEqual(stepDown.body.roles, ['user']);

    // Now the second is the last one.
    const secondCookie = await t.signIn(second.body.email);
    const secondApi = t.as({ cookie: secondCookie });
    assertProblem(await secondApi.patch(`/v1/users/${second.body.id}`, { status: 'disabled' }), 409, 'last_admin');
    assertProblem(await secondApi.put(`/v1/users/${second.body.id}/roles`, { roles: ['user'] }), 409, 'last_admin');
    // Renaming or keeping the role is fine.
    assert.equal((await secondApi.put(`/v1/users/${second.body.id}/roles`, { roles: ['global_admin', 'user'] })).status, 200);
    assert.equal((await secondApi.patch(`/v1/users/${second.body.id}`, { name: 'Still admin' })).status, 200);
  });

  it(`two global admins taking each other's role or access ${onPostgres ? 'at once' : 'in turn (PGlite)'}: the tenant keeps one admin`, async () => {
    for (let round = 0; round < 6; round++) {
      const c = await t.tenantWithAdmin('customer');
      const other = await member(c.api, ['global_admin']);
      // Even rounds demote, odd rounds disable.
      const take = (api: Api, id: string) =>
        round % 2 === 0
          ? api.put(`/v1/users/${id}/roles`, { roles: ['user'] })
          : api.patch(`/v1/users/${id}`, { status: 'disabled' });
      const calls = [() => take(c.api, other.user.id), () => take(other.api, c.admin.id)];
      const results = onPostgres ? await Promise.all(calls.map((call) => call())) : [await calls[0]!(), await calls[1]!()];
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses.join(', ')}`);
      // The loser is refused: last_admin, or forbidden/unauthenticated when its own loss committed first.
      for (const r of results.filter((r) => r.status !== 200)) assert.ok([401, 403, 409].includes(r.status), r.raw);
      const admins = await t.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, c.tenant.id), eq(users.status, 'active'), sql`'global_admin' = ANY(${users.roles})`));
      assert.equal(admins.length, 1, `round ${round}: the tenant has ${admins.length} active global admins`);
    }
  });

  it('R-ENR-4: a partner global admin that is the only one keeps global_admin while granting itself admin_agent', async () => {
    const p = await t.tenantWithAdmin('partner');
    assertProblem(await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['admin_agent'] }), 409, 'last_admin');
    const ok = await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['admin_agent', 'global_admin'] });
    assert.equal(ok.status, 200, ok.raw);
  });
});

describe('admins protected from lesser roles', () => {
  it('an admin_agent changes no global admin nor another admin_agent: rename, language, disable, re-enable (403 admin_protected); a global admin does', async () => {
    const p = await partnerAdmin();
    const second = await member(p.api, ['global_admin']);
    const otherAgent = await member(p.api, ['admin_agent']);
    const agent = await member(p.api, ['admin_agent']);
    const sales = await member(p.api, ['sales_agent']);
    for (const target of [p.admin.id, second.user.id, otherAgent.user.id]) {
      for (const patch of [{ name: 'Taken over' }, { language: 'fr' }, { status: 'disabled' }]) {
        const res = await agent.api.patch(`/v1/users/${target}`, patch);
        assertProblem(res, 403, 'admin_protected');
        assert.equal(res.body.permission, 'roles.grant');
      }
    }
    assert.equal((await p.api.patch(`/v1/users/${second.user.id}`, { status: 'disabled' })).status, 200);
    assertProblem(await agent.api.patch(`/v1/users/${second.user.id}`, { status: 'active' }), 403, 'admin_protected');
    const admin = (await p.api.get(`/v1/users/${p.admin.id}`)).body;
    assert.equal(admin.status, 'active');
    assert.notEqual(admin.name, 'Taken over');

    // Users below it, and its own account, stay the admin_agent's to manage.
    assert.equal((await agent.api.patch(`/v1/users/${sales.user.id}`, { status: 'disabled' })).status, 200);
    assert.equal((await agent.api.patch(`/v1/users/${agent.user.id}`, { name: 'Agent' })).status, 200);
    // The global admin, who may grant these roles, changes them.
    assert.equal((await p.api.patch(`/v1/users/${second.user.id}`, { status: 'active' })).status, 200);
    assert.equal((await p.api.patch(`/v1/users/${otherAgent.user.id}`, { name: 'Renamed' })).status, 200);
  });

  it("a global admin's API token scoped to admin_agent is refused as an admin_agent is", async () => {
    const p = await partnerAdmin();
    const second = await member(p.api, ['global_admin']);
    const made = await p.api.post('/v1/api-tokens', { name: 'user management', roles: ['admin_agent'] });
    assert.equal(made.status, 201, made.raw);
    const token = t.as({ token: made.body.token });
    assertProblem(await token.patch(`/v1/users/${second.user.id}`, { status: 'disabled' }), 403, 'admin_protected');
    assert.equal((await p.api.get(`/v1/users/${second.user.id}`)).body.status, 'active');
  });
});

describe('disabling users', () => {
  it('disabling a user ends its sessions and API tokens; re-enabling does not bring them back', async () => {
    const c = await t.tenantWithAdmin('customer');
    const m = await member(c.api, ['user']);
    const otherCookie = await t.signIn(m.user.email);
    const token = await m.api.post('/v1/api-tokens', { name: 'ci' });
    assert.equal(token.status, 201, token.raw);
    assert.equal((await m.api.get('/v1/me')).status, 200);
    assert.equal((await t.as({ token: token.body.token }).get('/v1/me')).status, 200);

    const disabled = await c.api.patch(`/v1/users/${m.user.id}`, { status: 'disabled' });
    assert.equal(disabled.status, 200, disabled.raw);
    assert.equal(disabled.body.status, 'disabled');

    assertProblem(await m.api.get('/v1/me'), 401, 'unauthenticated');
    assertProblem(await t.as({ cookie: otherCookie }).get('/v1/me'), 401, 'unauthenticated');
    assertProblem(await t.as({ token: token.body.token }).get('/v1/me'), 401, 'unauthenticated');
    const left = await t.db.select().from(sessions).where(eq(sessions.userId, m.user.id));
    assert.equal(left.length, 0);
    // A disabled user cannot sign in.
    assert.equal((await t.request('POST', '/v1/sessions', { body: { email: m.user.email, password: PASSWORD } })).status, 401);

    const enabled = await c.api.patch(`/v1/users/${m.user.id}`, { status: 'active' });
    assert.equal(enabled.status, 200, enabled.raw);
    assert.equal(enabled.body.status, 'active');
    assertProblem(await m.api.get('/v1/me'), 401, 'unauthenticated');
    assertProblem(await t.as({ token: token.body.token }).get('/v1/me'), 401, 'unauthenticated');
    // It signs in afresh.
    const fresh = await t.signIn(m.user.email);
    assert.equal((await t.as({ cookie: fresh }).get('/v1/me')).status, 200);
  });

  it('an invited user cannot be made active by PATCH (409 user_invited)', async () => {
    const c = await t.tenantWithAdmin('customer');
    const created = await c.api.post('/v1/users', { email: `inv-${unique()}@example.com`, name: 'Inv', roles: ['user'] });
    assertProblem(await c.api.patch(`/v1/users/${created.body.id}`, { status: 'active' }), 409, 'user_invited');
    assert.equal((await c.api.get(`/v1/users/${created.body.id}`)).body.status, 'invited');
  });

  it('PATCH with an empty body or an unknown field is 400', async () => {
    const c = await t.tenantWithAdmin('customer');
    assertProblem(await c.api.patch(`/v1/users/${c.admin.id}`, {}), 400, 'invalid_request');
    const extra = await c.api.patch(`/v1/users/${c.admin.id}`, { email: 'new@example.com' });
    assertProblem(extra, 400, 'invalid_request');
    assert.ok(extra.body.errors.some((e: { path: string }) => e.path === '/email'));
  });
});

describe('duplicate e-mail', () => {
  it('a duplicate e-mail is 409 email_taken, whatever its case or tenant, and nothing is created or mailed', async () => {
    const c = await t.tenantWithAdmin('customer');
    const other = await t.tenantWithAdmin('customer');
    const email = `dup-${unique()}@example.com`;
    assert.equal((await c.api.post('/v1/users', { email, name: 'First', roles: ['user'] })).status, 201);
    const before = (await c.api.get('/v1/users?limit=500')).body.items.length;

    const same = await c.api.post('/v1/users', { email: email.toUpperCase(), name: 'Second', roles: ['user'] });
    assertProblem(same, 409, 'email_taken');
    const elsewhere = await other.api.post('/v1/users', { email, name: 'Third', roles: ['user'] });
    assertProblem(elsewhere, 409, 'email_taken');
    // The address of a tenant's admin is taken too.
    assertProblem(
      await c.api.post('/v1/users', { email: other.admin.email, name: 'Fourth', roles: ['user'] }),
      409,
      'email_taken',
    );

    assert.equal((await c.api.get('/v1/users?limit=500')).body.items.length, before);
    assert.equal((await other.api.get('/v1/users?limit=500')).body.items.length, 1);
    assert.equal(await countUsersWithEmail(email), 1);
    assert.equal((await t.mailTo(email)).length, 1);
    const [row] = await t.db.select().from(users).where(eq(users.email, email));
    assert.equal(row!.name, 'First');
  });
});

describe('GET /v1/users', () => {
  let api: Api;
  let tenantId: string;
  const created: string[] = [];
  const tag = `pager${unique()}`;

  before(async () => {
    const c = await t.tenantWithAdmin('customer');
    api = c.api;
    tenantId = c.tenant.id;
    created.push(c.admin.id);
    for (let i = 0; i < 7; i++) {
      const res = await api.post('/v1/users', { email: `${tag}-${i}@example.com`, name: `Paged ${i}`, roles: ['user'] });
      assert.equal(res.status, 201, res.raw);
      created.push(res.body.id);
    }
  });

  it('pages with limit=3 following nextCursor to the end, every user once, in creation order', async () => {
    const seen: string[] = [];
    const keys: [string, string][] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/users?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api.get(url);
      assert.equal(res.status, 200, res.raw);
      sizes.push(res.body.items.length);
      for (const u of res.body.items) {
        assert.equal(u.tenantId, tenantId);
        assert.equal('passwordHash' in u, false);
        seen.push(u.id);
        keys.push([u.createdAt, u.id]);
      }
      cursor = res.body.nextCursor;
      assert.ok(++pages <= 10, 'paging does not end');
    } while (cursor);
    assert.deepEqual(sizes, [3, 3, 2]);
    assert.equal(new Set(seen).size, seen.length, 'a user was seen twice');
    assert.deepEqual([...seen].sort(), [...created].sort());
    // Ordered by creation time, then id (users made in the same millisecond).
    const sorted = [...keys].sort((x, y) => (x[0] === y[0] ? (x[1] < y[1] ? -1 : 1) : x[0] < y[0] ? -1 : 1));
    assert.deepEqual(keys, sorted);
    assert.equal(seen[0], created[0], 'the admin came first');
  });

  it('a page that ends exactly on the last user has nextCursor null', async () => {
    const res = await api.get('/v1/users?limit=8');
    assert.equal(res.body.items.length, 8);
    assert.equal(res.body.nextCursor, null);
    const def = await api.get('/v1/users');
    assert.equal(def.body.items.length, 8, 'default limit is 50');
  });

  it('search matches part of the name or the e-mail, case-insensitively, and pages within the filter', async () => {
    const byEmail = await api.get(`/v1/users?search=${tag.toUpperCase()}`);
    assert.equal(byEmail.status, 200);
    assert.equal(byEmail.body.items.length, 7);
    const byName = await api.get('/v1/users?search=paged%203');
    assert.deepEqual(
      byName.body.items.map((u: { id: string }) => u.id),
      [created[4]],
    );
    const none = await api.get('/v1/users?search=nobody-like-this');
    assert.deepEqual(none.body, { items: [], nextCursor: null });
    // LIKE wildcards are taken literally.
    assert.equal((await api.get('/v1/users?search=%25')).body.items.length, 0);
    assert.equal((await api.get('/v1/users?search=_')).body.items.length, 0);

    const first = await api.get(`/v1/users?search=${tag}&limit=4`);
    assert.equal(first.body.items.length, 4);
    const second = await api.get(`/v1/users?search=${tag}&limit=4&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assert.equal(second.status, 200, second.raw);
    assert.equal(second.body.items.length, 3);
    assert.equal(second.body.nextCursor, null);
    // A cursor of a filtered list does not work on another filter.
    const crossed = await api.get(`/v1/users?limit=4&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assertProblem(crossed, 400, 'invalid_request');
  });

  it('a tampered cursor is 400', async () => {
    const first = await api.get('/v1/users?limit=3');
    const cursor: string = first.body.nextCursor;
    const [payload, mac] = cursor.split('.') as [string, string];
    const forgedKey = Buffer.from(JSON.stringify(['1970-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])).toString(
      'base64url',
    );
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    for (const bad of [
      `${forgedKey}.${mac}`,
      `${payload}.${flip(mac)}`,
      payload,
      `${payload}.`,
      'garbage',
      `${flip(payload)}.${mac}`,
    ]) {
      const res = await api.get(`/v1/users?limit=3&cursor=${encodeURIComponent(bad)}`);
      assertProblem(res, 400, 'invalid_request');
      assert.deepEqual(
        res.body.errors.map((e: { path: string; in: string }) => [e.in, e.path]),
        [['query', '/cursor']],
      );
    }
  });

  it('a cursor from another list (GET /v1/markets) is 400', async () => {
    const markets = await t.request('GET', '/v1/markets?limit=3');
    assert.equal(markets.status, 200);
    assert.ok(markets.body.nextCursor);
    const res = await api.get(`/v1/users?limit=3&cursor=${encodeURIComponent(markets.body.nextCursor)}`);
    assertProblem(res, 400, 'invalid_request');
    // And the other way round.
    const users = await api.get('/v1/users?limit=3');
    assertProblem(
      await t.request('GET', `/v1/markets?limit=3&cursor=${encodeURIComponent(users.body.nextCursor)}`),
      400,
      'invalid_request',
    );
  });

  it('limit must be 1 to 500', async () => {
    for (const limit of ['0', '501', '-1', 'ten', '2.5']) {
      const res = await api.get(`/v1/users?limit=${limit}`);
      assertProblem(res, 400, 'invalid_request');
      // The query part is named 'query', as in the cursor errors.
      assert.deepEqual(
        res.body.errors.map((e: { path: string; in: string }) => [e.in, e.path]),
        [['query', '/limit']],
        `limit=${limit}: ${res.raw}`,
      );
    }
    assert.equal((await api.get('/v1/users?limit=1')).body.items.length, 1);
    assert.equal((await api.get('/v1/users?limit=500')).status, 200);
  });
});

describe('Idempotency-Key on POST /v1/users', () => {
  const post = (api: Api, key: string, body: unknown) => api.post('/v1/users', body, { 'idempotency-key': key });

  it('the same key and body twice: same status and byte-identical body, marked replayed, one user and one mail', async () => {
    const c = await t.tenantWithAdmin('customer');
    const key = `key-${unique()}`;
    const body = { email: `idem-${unique()}@example.com`, name: 'Idem', roles: ['user'] };
    const first = await post(c.api, key, body);
    assert.equal(first.status, 201, first.raw);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const second = await post(c.api, key, body);
    assert.equal(second.status, 201);
    assert.equal(second.raw, first.raw);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.match(String(second.headers['content-type']), /application\/json/);
    assert.equal(await countUsersWithEmail(body.email), 1);
    assert.equal((await t.mailTo(body.email)).length, 1);
    const list = await c.api.get(`/v1/users?search=${encodeURIComponent(body.email)}`);
    assert.equal(list.body.items.length, 1);
  });

  it('the stored result is sealed: the table alone does not show it', async () => {
    const { api } = await partnerAdmin();
    const email = `sealed-${unique()}@example.com`;
    const key = `sealed-${unique()}`;
    const res = await api.post('/v1/users', { email, name: 'Sealed', roles: ['sales_agent'] }, { 'idempotency-key': key });
    assert.equal(res.status, 201, res.raw);
    const [row] = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    assert.ok(row?.responseBody);
    assert.ok(!row.responseBody.includes(email) && !row.responseBody.includes(res.body.id));
  });

  it('the same key with another body is 422 idempotency_key_reused and does nothing', async () => {
    const c = await t.tenantWithAdmin('customer');
    const key = `key-${unique()}`;
    const first = await post(c.api, key, { email: `a-${unique()}@example.com`, name: 'A', roles: ['user'] });
    assert.equal(first.status, 201);
    const otherEmail = `b-${unique()}@example.com`;
    const reused = await post(c.api, key, { email: otherEmail, name: 'B', roles: ['user'] });
    assertProblem(reused, 422, 'idempotency_key_reused');
    assert.equal(await countUsersWithEmail(otherEmail), 0);
  });

  it('the same key in another tenant is independent', async () => {
    const a = await t.tenantWithAdmin('customer');
    const b = await t.tenantWithAdmin('customer');
    const key = `shared-${unique()}`;
    const inA = await post(a.api, key, { email: `ta-${unique()}@example.com`, name: 'TA', roles: ['user'] });
    assert.equal(inA.status, 201);
    // Another body under the same key: not reused, since keys belong to a tenant.
    const inB = await post(b.api, key, { email: `tb-${unique()}@example.com`, name: 'TB', roles: ['user'] });
    assert.equal(inB.status, 201, inB.raw);
    assert.equal(inB.headers['idempotent-replayed'], undefined);
    assert.equal(inB.body.tenantId, b.tenant.id);
    // And the same body under the same key in a third tenant makes a new request, not a replay of A's.
    const c = await t.tenantWithAdmin('customer');
    const body = { email: `tc-${unique()}@example.com`, name: 'TC', roles: ['user'] };
    const inC = await post(c.api, key, body);
    assert.equal(inC.status, 201);
    assert.equal(inC.body.tenantId, c.tenant.id);
    assert.notEqual(inC.raw, inA.raw);
  });

  it('a request that failed stores nothing: the same key proceeds once the conflict is fixed', async () => {
    const c = await t.tenantWithAdmin('customer');
    const key = `retry-${unique()}`;
    const taken = await post(c.api, key, { email: c.admin.email, name: 'Taken', roles: ['user'] });
    assertProblem(taken, 409, 'email_taken');
    const stored = await t.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, c.tenant.id), eq(idempotencyKeys.key, key)));
    assert.equal(stored.length, 0);
    // The same failing request fails again, rather than replaying an answer.
    const again = await post(c.api, key, { email: c.admin.email, name: 'Taken', roles: ['user'] });
    assertProblem(again, 409, 'email_taken');
    assert.equal(again.headers['idempotent-replayed'], undefined);

    const fixedEmail = `fixed-${unique()}@example.com`;
    const fixed = await post(c.api, key, { email: fixedEmail, name: 'Fixed', roles: ['user'] });
    assert.equal(fixed.status, 201, fixed.raw);
    assert.equal(fixed.headers['idempotent-replayed'], undefined);
    assert.equal(await countUsersWithEmail(fixedEmail), 1);
    const replay = await post(c.api, key, { email: fixedEmail, name: 'Fixed', roles: ['user'] });
    assert.equal(replay.raw, fixed.raw);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
  });

  it('a request refused for a missing role stores nothing: the identical request proceeds once the role is granted', async () => {
    const p = await partnerAdmin();
    const agent = await member(p.api, ['admin_agent']);
    const key = `grant-${unique()}`;
    const body = { email: `newadmin-${unique()}@example.com`, name: 'New admin', roles: ['admin_agent'] };
    assertProblem(await post(agent.api, key, body), 403, 'forbidden');
    assert.equal((await p.api.put(`/v1/users/${agent.user.id}/roles`, { roles: ['admin_agent', 'global_admin'] })).status, 200);
    const ok = await post(agent.api, key, body);
    assert.equal(ok.status, 201, ok.raw);
    assert.equal(await countUsersWithEmail(body.email), 1);
  });

  it('a malformed Idempotency-Key is 400', async () => {
    const c = await t.tenantWithAdmin('customer');
    const email = `badkey-${unique()}@example.com`;
    const res = await post(c.api, 'x'.repeat(256), { email, name: 'Bad key', roles: ['user'] });
    assertProblem(res, 400, 'invalid_request');
    assert.equal(await countUsersWithEmail(email), 0);
  });

  it(`10 ${onPostgres ? 'concurrent' : 'sequential (PGlite)'} POSTs with one key and body: one user, one mail, the same body for all`, async () => {
    const c = await t.tenantWithAdmin('customer');
    const key = `burst-${unique()}`;
    const body = { email: `burst-${unique()}@example.com`, name: 'Burst', roles: ['user'] };
    let results: Response[];
    if (onPostgres) {
      results = await Promise.all(Array.from({ length: 10 }, () => post(c.api, key, body)));
    } else {
      results = [];
      for (let i = 0; i < 10; i++) results.push(await post(c.api, key, body));
    }
    for (const r of results) {
      assert.equal(r.status, 201, r.raw);
      assert.equal(r.raw, results[0]!.raw);
    }
    const replayed = results.filter((r) => r.headers['idempotent-replayed'] === 'true').length;
    assert.equal(replayed, 9, 'all but the first are replays');
    assert.equal(await countUsersWithEmail(body.email), 1);
    assert.equal((await t.mailTo(body.email)).length, 1);
  });
});

describe('forgotten and changed passwords', () => {
  it('a reset link is mailed to a known address, sets a new password once, and signs out every session', async () => {
    const { admin, cookie } = await t.tenantWithAdmin('customer', { language: 'fr' });
    await t.mailTo(admin.email); // the welcome mail first, so the reset is the newest
    const res = await t.request('POST', '/v1/password-resets', { body: { email: admin.email.toUpperCase() } });
    assert.equal(res.status, 202, res.raw);
    const [mail] = await t.mailTo(admin.email);
    assert.equal(mail?.template, 'passwordReset');
    assert.match(mail.subject, /Réinitialiser/);
    const token = await invitationToken(admin.email);
    const setup = await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } });
    assert.equal(setup.status, 200, setup.raw);
    assert.equal((await t.as({ cookie }).get('/v1/me')).status, 401, 'the old session ended');
    assertProblem(
      await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD } }),
      401,
      'invalid_credentials',
    );
    await t.signIn(admin.email, NEW_PASSWORD);
    assertProblem(
      await t.request('POST', '/v1/password-setups', { body: { token, password: PASSWORD } }),
      410,
      'link_unavailable',
    );
  });

  it("an admin mails one of its users a reset link (POST /v1/users/{id}/password-resets); an invited user is 409, another tenant's 404", async () => {
    const p = await partnerAdmin();
    const { user } = await member(p.api, ['sales_agent']);
    const res = await p.api.post(`/v1/users/${user.id}/password-resets`);
    assert.equal(res.status, 202, res.raw);
    const token = await resetToken(user.email);
    const setup = await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } });
    assert.equal(setup.status, 200, setup.raw);
    await t.signIn(user.email, NEW_PASSWORD);

    const invited = await p.api.post('/v1/users', {
      email: `invited-${unique()}@example.com`,
      name: 'Invited',
      roles: ['sales_agent'],
    });
    assertProblem(await p.api.post(`/v1/users/${invited.body.id}/password-resets`), 409, 'user_not_active');
    const other = await partnerAdmin();
    assertProblem(await other.api.post(`/v1/users/${user.id}/password-resets`), 404, 'not_found');
    assertProblem(
      await t.as({ cookie: (await member(p.api, ['sales_agent'])).cookie }).post(`/v1/users/${user.id}/password-resets`),
      403,
      'forbidden',
    );
  });

  it('an unknown address gets the same 202 and no mail is written', async () => {
    const email = `nobody-${unique()}@example.com`;
    const res = await t.request('POST', '/v1/password-resets', { body: { email } });
    assert.equal(res.status, 202);
    assert.equal((await t.mailTo(email)).length, 0);
  });

  it('a reset link expires after an hour', async () => {
    const { admin } = await t.signUp('customer');
    await t.mailTo(admin.email);
    await t.request('POST', '/v1/password-resets', { body: { email: admin.email } });
    const token = await invitationToken(admin.email);
    clock.advance(61 * 60_000);
    try {
      assertProblem(
        await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } }),
        410,
        'link_unavailable',
      );
    } finally {
      clock.reset();
    }
  });

  it('a password reset ends the API tokens too, and the mail that follows says so', async () => {
    const { admin, api } = await t.tenantWithAdmin('customer');
    const made = await api.post('/v1/api-tokens', { name: 'nightly sync' });
    assert.equal(made.status, 201, made.raw);
    assert.equal((await t.as({ token: made.body.token }).get('/v1/me')).status, 200);
    const link = await t.request('POST', '/v1/password-resets', { body: { email: admin.email } });
    assert.equal(link.status, 202);
    const resetMail = (await t.mailTo(admin.email)).find((m) => m.template === 'passwordReset');
    assert.match(resetMail!.textBody, /API tokens/, 'the reset mail warns that the tokens will end');
    const token = await resetToken(admin.email);
    const setup = await t.request('POST', '/v1/password-setups', { body: { token, password: NEW_PASSWORD } });
    assert.equal(setup.status, 200, setup.raw);
    assertProblem(await t.as({ token: made.body.token }).get('/v1/me'), 401, 'unauthenticated');
    const mail = (await t.mailTo(admin.email)).find((m) => m.template === 'passwordChanged');
    assert.match(mail!.textBody, /1 API token was revoked/);
  });

  it('changing the password ends the API tokens by default; endApiTokens: false keeps them, and the mail tells which', async () => {
    const { admin, api } = await t.tenantWithAdmin('partner', { language: 'ko' });
    const first = (await api.post('/v1/api-tokens', { name: 'first' })).body.token as string;
    const changed = await api.put('/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(changed.status, 204, changed.raw);
    assertProblem(await t.as({ token: first }).get('/v1/me'), 401, 'unauthenticated');
    const changedMail = async () => (await t.mailTo(admin.email)).find((m) => m.template === 'passwordChanged');
    const revokedMail = await changedMail();
    assert.equal(revokedMail?.language, 'ko');
    assert.match(revokedMail.textBody, /API 토큰 1개/);

    const second = (await api.post('/v1/api-tokens', { name: 'second' })).body.token as string;
    const kept = await api.put('/v1/me/password', { currentPassword: NEW_PASSWORD, newPassword: PASSWORD, endApiTokens: false });
    assert.equal(kept.status, 204, kept.raw);
    assert.equal((await t.as({ token: second }).get('/v1/me')).status, 200, 'the token kept working');
    const keptMail = await changedMail();
    assert.notEqual(keptMail?.id, revokedMail?.id);
    assert.doesNotMatch(keptMail!.textBody, /해지/);
    assert.match(keptMail!.textBody, /API 토큰 1개는 계속/);
    const events = await api.get(`/v1/audit-events?type=user.password_changed&subjectId=${admin.id}`);
    assert.deepEqual(
      events.body.items.map((e: { after: unknown }) => e.after),
      [{ apiTokensRevoked: 0 }, { apiTokensRevoked: 1 }],
    );
  });

  it('a new reset request revokes the earlier reset link', async () => {
    const { admin } = await t.signUp('customer');
    await t.request('POST', '/v1/password-resets', { body: { email: admin.email } });
    const earlier = await resetToken(admin.email);
    await t.request('POST', '/v1/password-resets', { body: { email: admin.email } });
    const later = await resetToken(admin.email);
    assert.notEqual(later, earlier);
    assertProblem(
      await t.request('POST', '/v1/password-setups', { body: { token: earlier, password: NEW_PASSWORD } }),
      410,
      'link_unavailable',
    );
    const setup = await t.request('POST', '/v1/password-setups', { body: { token: later, password: NEW_PASSWORD } });
    assert.equal(setup.status, 200, setup.raw);
  });

  it('resets are capped per address: past three an hour the answer is still 202 but nothing is mailed, until the hour has passed', async () => {
    const { admin } = await t.signUp('customer');
    const resetMails = async () => (await t.mailTo(admin.email)).filter((m) => m.template === 'passwordReset').length;
    try {
      for (let i = 0; i < 5; i++) {
        const res = await t.request('POST', '/v1/password-resets', { body: { email: admin.email } });
        assert.equal(res.status, 202, res.raw);
        clock.advance(60_000);
      }
      assert.equal(await resetMails(), 3);
      clock.advance(60 * 60_000);
      assert.equal((await t.request('POST', '/v1/password-resets', { body: { email: admin.email } })).status, 202);
      assert.equal(await resetMails(), 4);
    } finally {
      clock.reset();
    }
  });

  it('PUT /v1/me/password needs the current password and ends the other sessions, not this one', async () => {
    const { admin, cookie } = await t.tenantWithAdmin('partner');
    const other = await t.signIn(admin.email);
    const api = t.as({ cookie });
    assertProblem(
      await api.put('/v1/me/password', { currentPassword: 'not it at all', newPassword: NEW_PASSWORD }),
      422,
      'invalid_credentials',
    );
    assertProblem(await api.put('/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' }), 400, 'invalid_request');
    const changed = await api.put('/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(changed.status, 204, changed.raw);
    assert.equal((await api.get('/v1/me')).status, 200, 'this session stays');
    assert.equal((await t.as({ cookie: other }).get('/v1/me')).status, 401, 'the other session ended');
    await t.signIn(admin.email, NEW_PASSWORD);
    const events = await api.get(`/v1/audit-events?type=user.password_changed&subjectId=${admin.id}`);
    assert.equal(events.body.items.length, 1);
  });
});

describe('PATCH /v1/me', () => {
  it('any user changes its own name and language (of its console and mail), without a role, and the change is audited', async () => {
    const p = await partnerAdmin();
    const plain = await member(p.api, ['sales_agent']);
    const res = await plain.api.patch('/v1/me', { language: 'ko', name: 'Renamed Self' });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.language, 'ko');
    const me = await plain.api.get('/v1/me');
    assert.equal(me.body.user.language, 'ko');
    assert.equal(me.body.user.name, 'Renamed Self');
    const audit = await p.api.get(`/v1/audit-events?type=user.updated&subjectId=${plain.user.id}`);
    assert.equal(audit.status, 200, audit.raw);
    assert.ok(audit.body.items.length >= 1, `the change is audited: ${audit.raw}`);
  });

  it('roles and status are not changed here, and an unknown language is 400 naming the field', async () => {
    const p = await partnerAdmin();
    assertProblem(await p.api.patch('/v1/me', { status: 'disabled' }), 400, 'invalid_request');
    const bad = await p.api.patch('/v1/me', { language: 'de' });
    assertProblem(bad, 400, 'invalid_request');
    assert.ok(
      bad.body.errors.some((e: { path: string }) => e.path === '/language'),
      bad.raw,
    );
    assertProblem(await p.api.patch('/v1/me', {}), 400, 'invalid_request');
  });
});
