import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { clock } from '../../platform/clock.ts';
import { PASSWORD, sessionCookie, TestTrellis, type Response } from '../../../test/support/harness.ts';
import { assertProblem } from '../../../test/support/assert.ts';

const STEP_MS = 30_000;

/** The code an authenticator app shows for this secret at this instant. */
function totpAt(secret: string, at: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at,
  });
}

/** A 6-digit code that no step within one of `at` accepts. */
function wrongCodeAt(secret: string, at: number): string {
  const valid = new Set([-1, 0, 1].map((d) => totpAt(secret, at + d * STEP_MS)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/** An instant 5 s into a TOTP step, so that advancing by whole steps never straddles a boundary. */
function stepStart(): number {
  return Math.floor(Date.now() / STEP_MS) * STEP_MS + 5_000;
}

function setCookieHeader(res: Response): string {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  assert.ok(first, 'a Set-Cookie header');
  return String(first);
}

describe('auth: sessions, TOTP and the operator MFA requirement', () => {
  let t: TestTrellis;
  let operator: Awaited<ReturnType<TestTrellis['operator']>>;

  before(async () => {
    t = await TestTrellis.start();
    operator = await t.operator();
  });
  after(() => t.close());
  afterEach(() => clock.reset());

  /** Signs a user in, enrols TOTP with a code of `at`, and returns the secret and the session. */
  async function enrol(email: string, at: number) {
    const cookie = await t.signIn(email);
    const started = await t.as({ cookie }).post('/v1/me/totp');
    assert.equal(started.status, 201, started.raw);
    const activated = await t.as({ cookie }).post('/v1/me/totp/activation', { code: totpAt(started.body.secret, at) });
    assert.equal(activated.status, 204, activated.raw);
    return { secret: started.body.secret as string, cookie };
  }

  describe('sign-in and sign-out', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie that GET /v1/me accepts', async () => {
      const { admin, tenant } = await t.signUp('partner');
      const res = await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD } });
      assert.equal(res.status, 201, res.raw);
      const setCookie = setCookieHeader(res);
      assert.match(setCookie, /^trellis_session=trs_[A-Za-z0-9_-]{43};/);
      assert.match(setCookie, /; HttpOnly/i);
      assert.match(setCookie, /; SameSite=Lax/i);
      assert.match(setCookie, /; Path=\//);
      // The public URL of the tests is http: the cookie cannot be Secure there.
      assert.doesNotMatch(setCookie, /; Secure/i);
      assert.equal(res.body.user.id, admin.id);
      assert.equal(res.body.tenant.id, tenant.id);
      assert.equal(res.body.mfaEnrollmentRequired, false);
      assert.equal(res.body.user.passwordHash, undefined);
      const ttlMs = t.platform.config.sessionTtlHours * 3_600_000;
      const expiresIn = Date.parse(res.body.expiresAt) - Date.now();
      assert.ok(Math.abs(expiresIn - ttlMs) < 60_000, `session expires in ${expiresIn} ms`);

      const me = await t.as({ cookie: sessionCookie(res) }).get('/v1/me');
      assert.equal(me.status, 200, me.raw);
      assert.equal(me.body.user.id, admin.id);
      assert.equal(me.body.user.email, admin.email);
      assert.equal(me.body.tenant.id, tenant.id);
      assert.equal(me.body.authenticatedBy, 'session');
      assert.equal(me.body.mfaEnrollmentRequired, false);
      assert.ok(me.body.permissions.includes('roles.grant'), 'a partner global admin grants roles');
      assert.ok(!me.body.permissions.includes('users.manage'), 'R-ENR-4: but does not manage users without admin_agent');
      assert.ok(me.body.user.lastSignInAt, 'the sign-in is recorded');
    });

    it('accepts the e-mail address in any case', async () => {
      const { admin } = await t.signUp('customer');
      const res = await t.request('POST', '/v1/sessions', { body: { email: admin.email.toUpperCase(), password: PASSWORD } });
      assert.equal(res.status, 201, res.raw);
      assert.equal(res.body.user.id, admin.id);
    });

    it('answers a wrong password and an unknown e-mail with the same 401 invalid_credentials body', async () => {
      const { admin } = await t.signUp('partner');
      const wrongPassword = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: 'not the password' },
      });
      const unknownEmail = await t.request('POST', '/v1/sessions', {
        body: { email: 'nobody@nowhere.example', password: PASSWORD },
      });
      for (const res of [wrongPassword, unknownEmail]) {
        assertProblem(res, 401, 'invalid_credentials');
        assert.equal(res.headers['set-cookie'], undefined, 'no cookie on a failed sign-in');
      }
      const { requestId: _a, ...first } = wrongPassword.body;
      const { requestId: _b, ...second } = unknownEmail.body;
      assert.deepEqual(first, second, 'nothing tells a known address from an unknown one');
      assert.doesNotMatch(wrongPassword.raw, new RegExp(admin.email.replace(/[.]/g, '\\.')));
    });

    it('refuses a body that breaks the schema with 400 and every field error', async () => {
      const res = await t.request('POST', '/v1/sessions', {
        body: { email: 'not-an-address', password: '', totpCode: '12ab', extra: 1 },
      });
      assertProblem(res, 400, 'invalid_request');
      const paths = (res.body.errors as { path: string; in: string }[]).map((e) => e.path).sort();
      assert.deepEqual(paths, ['/email', '/extra', '/password', '/totpCode']);
      assert.ok(res.body.errors.every((e: { in: string }) => e.in === 'body'));
    });

    it('signs out with DELETE /v1/sessions/current: the next /v1/me is 401', async () => {
      const { api, cookie } = await t.tenantWithAdmin('partner');
      assert.equal((await api.get('/v1/me')).status, 200);
      const out = await api.delete('/v1/sessions/current');
      assert.equal(out.status, 204, out.raw);
      // The cookie is cleared in the browser, and the session is gone on the server too.
      assert.match(setCookieHeader(out), /^trellis_session=;/);
      const me = await t.as({ cookie }).get('/v1/me');
      assertProblem(me, 401, 'unauthenticated');
      assertProblem(await t.as({ cookie }).delete('/v1/sessions/current'), 401, 'unauthenticated');
    });

    it('signing out ends only the session it is called with', async () => {
      const { admin } = await t.signUp('customer');
      const first = await t.signIn(admin.email);
      const second = await t.signIn(admin.email);
      assert.notEqual(first, second);
      assert.equal((await t.as({ cookie: first }).delete('/v1/sessions/current')).status, 204);
      assert.equal((await t.as({ cookie: first }).get('/v1/me')).status, 401);
      assert.equal((await t.as({ cookie: second }).get('/v1/me')).status, 200);
    });

    it('records session.created and session.ended audit events', async () => {
      const { api, admin } = await t.tenantWithAdmin('customer');
      await api.delete('/v1/sessions/current');
      const cookie = await t.signIn(admin.email);
      const created = await t.as({ cookie }).get(`/v1/audit-events?type=session.created&subjectId=${admin.id}`);
      assert.equal(created.status, 200, created.raw);
      assert.equal(created.body.items.length, 2);
      assert.equal(created.body.items[0].after.mfa, false);
      const ended = await t.as({ cookie }).get(`/v1/audit-events?type=session.ended&subjectId=${admin.id}`);
      assert.equal(ended.body.items.length, 1);
      assert.equal(ended.body.items[0].actor.userId, admin.id);
    });

    it('ignores a cookie that is not a session token', async () => {
      assertProblem(await t.as({ cookie: 'trellis_session=garbage' }).get('/v1/me'), 401, 'unauthenticated');
      const unknown = `trellis_session=trs_${'A'.repeat(43)}`;
      assertProblem(await t.as({ cookie: unknown }).get('/v1/me'), 401, 'unauthenticated');
    });

    it('an invited user without a password cannot sign in; a disabled user cannot either, and its session ends', async () => {
      const { api } = await t.tenantWithAdmin('customer');
      const email = `member-${Date.now()}@customer.example`;
      const invited = await api.post('/v1/users', { email, name: 'Member', roles: ['user'] });
      assert.equal(invited.status, 201, invited.raw);
      assertProblem(await t.request('POST', '/v1/sessions', { body: { email, password: PASSWORD } }), 401, 'invalid_credentials');

      const [invitation] = (await t.mailTo(email)).filter((m) => m.template === 'userInvitation');
      const token = /token=([A-Za-z0-9_-]+)/.exec(invitation!.textBody)?.[1];
      assert.ok(token, 'the invitation carries a set-up link');
      const setUp = await t.request('POST', '/v1/password-setups', { body: { token, password: PASSWORD } });
      assert.equal(setUp.status, 200, setUp.raw);
      const cookie = await t.signIn(email);
      assert.equal((await t.as({ cookie }).get('/v1/me')).status, 200);

      const disabled = await api.patch(`/v1/users/${invited.body.id}`, { status: 'disabled' });
      assert.equal(disabled.status, 200, disabled.raw);
      assertProblem(await t.as({ cookie }).get('/v1/me'), 401, 'unauthenticated');
      const refused = await t.request('POST', '/v1/sessions', { body: { email, password: PASSWORD } });
      assertProblem(refused, 401, 'invalid_credentials');
    });
  });

  describe('per-account sign-in backoff', () => {
    const attempt = (email: string, password: string) => t.request('POST', '/v1/sessions', { body: { email, password } });
    const failFiveTimes = async (email: string) => {
      for (let i = 0; i < 5; i++) assertProblem(await attempt(email, 'not the password'), 401, 'invalid_credentials');
    };
    const retryAfter = (res: Response) => Number(res.headers['retry-after']);

    it('after five failures the account waits, even with the right password; the wait ends by itself, and success starts the count again', async () => {
      const { admin } = await t.signUp('customer');
      await failFiveTimes(admin.email);
      const locked = await attempt(admin.email, PASSWORD);
      assertProblem(locked, 429, 'rate_limited');
      assert.ok(retryAfter(locked) >= 1 && retryAfter(locked) <= 60, `Retry-After: ${String(locked.headers['retry-after'])}`);
      assert.equal(locked.headers['set-cookie'], undefined);
      // In any case of the address: the account is what waits.
      assertProblem(await attempt(admin.email.toUpperCase(), PASSWORD), 429, 'rate_limited');

      clock.advance(61_000);
      assert.equal((await attempt(admin.email, PASSWORD)).status, 201);
      // The success cleared the failures: four more are free again.
      for (let i = 0; i < 4; i++) assertProblem(await attempt(admin.email, 'not the password'), 401, 'invalid_credentials');
      assert.equal((await attempt(admin.email, PASSWORD)).status, 201);
    });

    it('an unknown address waits exactly as a known one does: the answer tells nothing of which exist', async () => {
      const { admin } = await t.signUp('partner');
      const unknown = `nobody-${Date.now()}@nowhere.example`;
      // One instant for both, so that their waits compare to the second.
      clock.freeze();
      await failFiveTimes(admin.email);
      await failFiveTimes(unknown);
      const known = await attempt(admin.email, PASSWORD);
      const stranger = await attempt(unknown, PASSWORD);
      for (const res of [known, stranger]) assertProblem(res, 429, 'rate_limited');
      const { requestId: _a, ...first } = known.body;
      const { requestId: _b, ...second } = stranger.body;
      assert.deepEqual(first, second);
      assert.equal(retryAfter(known), retryAfter(stranger));
    });

    it('the wait grows with each further failure but never passes 15 minutes, and attempts during it do not lengthen it', async () => {
      const { admin } = await t.signUp('customer');
      await failFiveTimes(admin.email);
      const waits: number[] = [];
      for (let i = 0; i < 8; i++) {
        const locked = await attempt(admin.email, 'not the password');
        assertProblem(locked, 429, 'rate_limited');
        waits.push(retryAfter(locked));
        // Knocking again while locked changes nothing.
        assert.ok(retryAfter(await attempt(admin.email, 'not the password')) <= waits.at(-1)!);
        clock.advance(waits.at(-1)! * 1000 + 1000);
        assertProblem(await attempt(admin.email, 'still not the password'), 401, 'invalid_credentials');
      }
      for (let i = 1; i < waits.length; i++) assert.ok(waits[i]! >= waits[i - 1]!, `waits grow: ${waits.join(', ')}`);
      assert.ok(waits.at(-1)! > 60, `waits grow: ${waits.join(', ')}`);
      assert.ok(Math.max(...waits) <= 15 * 60, `bounded: ${waits.join(', ')}`);
      clock.advance(15 * 60_000 + 1000);
      assert.equal((await attempt(admin.email, PASSWORD)).status, 201);
    });

    it('wrong authenticator codes count as failures too', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('customer');
      const { secret } = await enrol(admin.email, at);
      clock.advance(STEP_MS * 3);
      const now = at + STEP_MS * 3;
      for (let i = 0; i < 5; i++) {
        const res = await t.request('POST', '/v1/sessions', {
          body: { email: admin.email, password: PASSWORD, totpCode: wrongCodeAt(secret, now) },
        });
        assertProblem(res, 401, 'invalid_mfa_code');
      }
      const locked = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: totpAt(secret, now) },
      });
      assertProblem(locked, 429, 'rate_limited');
    });

    it('a password reset ends the wait: whoever reads the mailbox is the account holder', async () => {
      const { admin } = await t.signUp('customer');
      await failFiveTimes(admin.email);
      assertProblem(await attempt(admin.email, PASSWORD), 429, 'rate_limited');
      assert.equal((await t.request('POST', '/v1/password-resets', { body: { email: admin.email } })).status, 202);
      const mail = (await t.mailTo(admin.email)).find((m) => m.template === 'passwordReset');
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail!.textBody)![1];
      const newPassword = 'a fresh passphrase after the reset';
      assert.equal((await t.request('POST', '/v1/password-setups', { body: { token, password: newPassword } })).status, 200);
      assert.equal((await attempt(admin.email, newPassword)).status, 201);
    });

    it('the wait is kept in the database: a restarted server (or another one) still holds it', async () => {
      const { admin } = await t.signUp('partner');
      await failFiveTimes(admin.email);
      await t.restart();
      assertProblem(await attempt(admin.email, PASSWORD), 429, 'rate_limited');
    });
  });

  describe('session lifetime', () => {
    it('a session stops working once SESSION_TTL has passed', async () => {
      const { cookie } = await t.tenantWithAdmin('partner');
      const ttlMs = t.platform.config.sessionTtlHours * 3_600_000;
      clock.advance(ttlMs - 60_000);
      assert.equal((await t.as({ cookie }).get('/v1/me')).status, 200, 'still valid a minute before the end');
      clock.advance(2 * 60_000);
      assertProblem(await t.as({ cookie }).get('/v1/me'), 401, 'unauthenticated');
    });

    it('the cookie itself expires when the session does', async () => {
      const { admin } = await t.signUp('customer');
      const res = await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD } });
      const expires = /; Expires=([^;]+)/i.exec(setCookieHeader(res))?.[1];
      assert.ok(expires, 'the cookie names its expiry');
      // Cookie dates have whole seconds.
      assert.ok(Math.abs(Date.parse(expires) - Date.parse(res.body.expiresAt)) < 1_000);
    });
  });

  describe('TOTP', () => {
    it('enrols with a first code, then sign-in needs a fresh code: none → mfa_required, wrong → invalid_mfa_code, right → 201', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('partner');
      const cookie = await t.signIn(admin.email);
      const started = await t.as({ cookie }).post('/v1/me/totp');
      assert.equal(started.status, 201, started.raw);
      assert.match(started.body.secret, /^[A-Z2-7]{32}$/);
      const url = new URL(started.body.otpauthUrl);
      assert.equal(url.protocol, 'otpauth:');
      assert.equal(url.searchParams.get('secret'), started.body.secret);
      assert.equal(url.searchParams.get('issuer'), 'Trellis');
      // Pending until a code proves it: sign-in still needs no code.
      assert.equal((await t.as({ cookie }).get('/v1/me')).body.user.mfaEnabled, false);

      const secret = started.body.secret as string;
      const wrongActivation = await t.as({ cookie }).post('/v1/me/totp/activation', { code: wrongCodeAt(secret, at) });
      assertProblem(wrongActivation, 422, 'invalid_mfa_code');
      const activated = await t.as({ cookie }).post('/v1/me/totp/activation', { code: totpAt(secret, at) });
      assert.equal(activated.status, 204, activated.raw);
      const me = await t.as({ cookie }).get('/v1/me');
      assert.equal(me.body.user.mfaEnabled, true);
      assert.equal(me.body.user.totpSecret, undefined);
      assert.doesNotMatch(me.raw, new RegExp(secret));

      clock.advance(STEP_MS);
      const noCode = await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD } });
      assertProblem(noCode, 401, 'mfa_required');
      assert.equal(noCode.headers['set-cookie'], undefined);
      const wrong = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: wrongCodeAt(secret, clock.now().getTime()) },
      });
      assertProblem(wrong, 401, 'invalid_mfa_code');
      // The code is checked only after the password: a wrong password with a right code says nothing about the code.
      const wrongPassword = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: 'not the password', totpCode: totpAt(secret, clock.now().getTime()) },
      });
      assertProblem(wrongPassword, 401, 'invalid_credentials');
      const right = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: totpAt(secret, clock.now().getTime()) },
      });
      assert.equal(right.status, 201, right.raw);
      assert.equal(right.body.user.mfaEnabled, true);
      assert.equal((await t.as({ cookie: sessionCookie(right) }).get('/v1/me')).status, 200);
    });

    it('a code is good once: the activation code, and a code used to sign in, are refused afterwards', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('customer');
      const { secret } = await enrol(admin.email, at);
      const activationCode = totpAt(secret, at);
      const replayActivation = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: activationCode },
      });
      assertProblem(replayActivation, 401, 'invalid_mfa_code');

      clock.advance(STEP_MS);
      const code = totpAt(secret, clock.now().getTime());
      const first = await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD, totpCode: code } });
      assert.equal(first.status, 201, first.raw);
      const replay = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: code },
      });
      assertProblem(replay, 401, 'invalid_mfa_code');
      // Still inside the drift window of the older step, but that step is used up as well.
      assertProblem(
        await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD, totpCode: activationCode } }),
        401,
        'invalid_mfa_code',
      );

      clock.advance(STEP_MS);
      const next = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: totpAt(secret, clock.now().getTime()) },
      });
      assert.equal(next.status, 201, next.raw);
    });

    it('activation and deactivation codes are rate limited per user: past ten tries even the right code waits, other users do not', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const a = await t.tenantWithAdmin('customer');
      const started = await a.api.post('/v1/me/totp');
      const wrong = wrongCodeAt(started.body.secret, at);
      for (let i = 0; i < 10; i++) {
        assertProblem(await a.api.post('/v1/me/totp/activation', { code: wrong }), 422, 'invalid_mfa_code');
      }
      const limited = await a.api.post('/v1/me/totp/activation', { code: totpAt(started.body.secret, at) });
      assertProblem(limited, 429, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) >= 1);

      // Another user, from the same address: its own budget.
      const b = await t.signUp('partner');
      const { secret, cookie } = await enrol(b.admin.email, at);
      clock.advance(STEP_MS);
      const api = t.as({ cookie });
      const wrongNow = wrongCodeAt(secret, at + STEP_MS);
      for (let i = 0; i < 10; i++) {
        assertProblem(await api.post('/v1/me/totp/deactivation', { code: wrongNow }), 422, 'invalid_mfa_code');
      }
      assertProblem(await api.post('/v1/me/totp/deactivation', { code: totpAt(secret, at + STEP_MS) }), 429, 'rate_limited');
    });

    it('two sign-ins racing with the same code: exactly one succeeds', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('partner');
      const { secret } = await enrol(admin.email, at);
      clock.advance(STEP_MS);
      const code = totpAt(secret, clock.now().getTime());
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD, totpCode: code } }),
        ),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 401, 401]);
      for (const r of results.filter((x) => x.status === 401)) assert.equal(r.body.code, 'invalid_mfa_code');
    });

    it('accepts a code one step old or one step ahead (clock drift)', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('customer');
      const { secret } = await enrol(admin.email, at);
      clock.advance(3 * STEP_MS);
      const now = clock.now().getTime();
      const ahead = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: totpAt(secret, now + STEP_MS) },
      });
      assert.equal(ahead.status, 201, ahead.raw);
      clock.advance(3 * STEP_MS);
      const late = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: totpAt(secret, clock.now().getTime() - STEP_MS) },
      });
      assert.equal(late.status, 201, late.raw);
      const tooOld = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: totpAt(secret, clock.now().getTime() - 3 * STEP_MS) },
      });
      assertProblem(tooOld, 401, 'invalid_mfa_code');
    });

    it('enrolment conflicts: activation before start, start or activation when already enrolled', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('partner');
      const cookie = await t.signIn(admin.email);
      assertProblem(await t.as({ cookie }).post('/v1/me/totp/activation', { code: '123456' }), 409, 'mfa_not_started');
      assertProblem(await t.as({ cookie }).post('/v1/me/totp/deactivation', { code: '123456' }), 409, 'mfa_not_enabled');
      const { secret } = await enrol(admin.email, at);
      assertProblem(await t.as({ cookie }).post('/v1/me/totp'), 409, 'mfa_already_enabled');
      assertProblem(
        await t.as({ cookie }).post('/v1/me/totp/activation', { code: totpAt(secret, at) }),
        409,
        'mfa_already_enabled',
      );
    });

    it('refuses a code that is not six digits with 400', async () => {
      const { api } = await t.tenantWithAdmin('customer');
      await api.post('/v1/me/totp');
      for (const code of ['12345', '1234567', 'abcdef', ' 12345', '123456\n']) {
        const res = await api.post('/v1/me/totp/activation', { code });
        assertProblem(res, 400, 'invalid_request');
        assert.equal(res.body.errors[0].path, '/code');
      }
      assertProblem(await api.post('/v1/me/totp/activation', {}), 400, 'invalid_request');
    });

    it('deactivation needs a right code; afterwards sign-in needs no code', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('partner');
      const { secret } = await enrol(admin.email, at);
      clock.advance(STEP_MS);
      const signedIn = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD, totpCode: totpAt(secret, clock.now().getTime()) },
      });
      assert.equal(signedIn.status, 201, signedIn.raw);
      const api = t.as({ cookie: sessionCookie(signedIn) });
      // The code that signed in is spent: it cannot turn the second factor off either.
      assertProblem(
        await api.post('/v1/me/totp/deactivation', { code: totpAt(secret, clock.now().getTime()) }),
        422,
        'invalid_mfa_code',
      );
      clock.advance(STEP_MS);
      assertProblem(
        await api.post('/v1/me/totp/deactivation', { code: wrongCodeAt(secret, clock.now().getTime()) }),
        422,
        'invalid_mfa_code',
      );
      assert.equal((await api.get('/v1/me')).body.user.mfaEnabled, true, 'a wrong code changes nothing');
      const off = await api.post('/v1/me/totp/deactivation', { code: totpAt(secret, clock.now().getTime()) });
      assert.equal(off.status, 204, off.raw);
      assert.equal((await api.get('/v1/me')).body.user.mfaEnabled, false);
      const plain = await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD } });
      assert.equal(plain.status, 201, plain.raw);
      const events = await api.get(`/v1/audit-events?type=user.mfa_disabled&subjectId=${admin.id}`);
      assert.equal(events.body.items.length, 1);
      // Enrolling again makes a new secret.
      const again = await api.post('/v1/me/totp');
      assert.equal(again.status, 201);
      assert.notEqual(again.body.secret, secret);
    });

    it('MFA settings are changed signed in, never through an API token', async () => {
      const { api } = await t.tenantWithAdmin('customer');
      const made = await api.post('/v1/api-tokens', { name: 'mfa probe' });
      assert.equal(made.status, 201, made.raw);
      const viaToken = t.as({ token: made.body.token });
      assertProblem(await viaToken.post('/v1/me/totp'), 403, 'forbidden');
      assertProblem(await viaToken.post('/v1/me/totp/activation', { code: '123456' }), 403, 'forbidden');
      assertProblem(await viaToken.post('/v1/me/totp/deactivation', { code: '123456' }), 403, 'forbidden');
      assert.equal((await api.get('/v1/me')).body.user.mfaEnabled, false);
    });

    it('writes the mfaEnabled notice in the user language', async () => {
      const at = stepStart();
      clock.freeze(new Date(at));
      const { admin } = await t.signUp('partner', { language: 'ko' });
      const { cookie } = await enrol(admin.email, at);
      clock.reset();
      const name = (await t.as({ cookie }).get('/v1/me')).body.user.name as string;
      const mails = (await t.mailTo(admin.email)).filter((m) => m.template === 'mfaEnabled');
      assert.equal(mails.length, 1);
      const mail = mails[0]!;
      assert.equal(mail.language, 'ko');
      assert.notEqual(mail.subject, 'Two-step verification is on');
      assert.match(mail.subject, /[\uac00-\ud7a3]/, 'the subject is in Hangul');
      assert.ok(mail.textBody.includes(name), 'the mail greets the user by name');
      // Once only: running the worker again does not write it twice.
      assert.equal((await t.mailTo(admin.email)).filter((m) => m.template === 'mfaEnabled').length, 1);
    });
  });

  describe('the operator requires MFA for partner users', () => {
    async function requireMfa(on: boolean) {
      const res = await operator.api.patch('/v1/operator/settings', { requireMfaForPartnerUsers: on });
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.requireMfaForPartnerUsers, on);
    }

    it('only the operator changes the setting', async () => {
      const { api } = await t.tenantWithAdmin('partner');
      assertProblem(await api.patch('/v1/operator/settings', { requireMfaForPartnerUsers: true }), 403, 'forbidden');
      assertProblem(await operator.api.patch('/v1/operator/settings', {}), 400, 'invalid_request');
      const current = await operator.api.get('/v1/operator/settings');
      assert.equal(current.body.requireMfaForPartnerUsers, false);
    });

    it('a partner user without MFA signs in, may only enrol, and after enrolling may do everything', async () => {
      const at = stepStart();
      const partner = await t.signUp('partner');
      const earlier = await t.signIn(partner.admin.email); // a session from before the requirement
      await requireMfa(true);
      try {
        clock.freeze(new Date(at));
        const res = await t.request('POST', '/v1/sessions', { body: { email: partner.admin.email, password: PASSWORD } });
        assert.equal(res.status, 201, res.raw);
        assert.equal(res.body.mfaEnrollmentRequired, true);
        const cookie = sessionCookie(res);
        const api = t.as({ cookie });

        const users = await api.get('/v1/users');
        assertProblem(users, 403, 'mfa_enrollment_required');
        assert.match(users.body.detail, /POST \/v1\/me\/totp/);
        assertProblem(await t.as({ cookie: earlier }).get('/v1/users'), 403, 'mfa_enrollment_required');
        assertProblem(await api.post('/v1/api-tokens', { name: 'sneaky' }), 403, 'mfa_enrollment_required');
        const me = await api.get('/v1/me');
        assert.equal(me.status, 200, me.raw);
        assert.equal(me.body.mfaEnrollmentRequired, true);

        const started = await api.post('/v1/me/totp');
        assert.equal(started.status, 201, started.raw);
        const activated = await api.post('/v1/me/totp/activation', { code: totpAt(started.body.secret, at) });
        assert.equal(activated.status, 204, activated.raw);

        // The same session may now do everything its roles allow.
        const after = await api.get('/v1/users');
        assert.equal(after.status, 200, after.raw);
        assert.ok(after.body.items.some((u: { id: string }) => u.id === partner.admin.id));
        assert.equal((await api.get('/v1/me')).body.mfaEnrollmentRequired, false);
        assert.equal((await t.as({ cookie: earlier }).get('/v1/users')).status, 200);

        // While the operator requires it, a partner user cannot turn it off.
        clock.advance(STEP_MS);
        const off = await api.post('/v1/me/totp/deactivation', { code: totpAt(started.body.secret, clock.now().getTime()) });
        assertProblem(off, 409, 'mfa_required_by_operator');

        // A later sign-in needs the code and no longer asks for enrolment.
        const again = await t.request('POST', '/v1/sessions', {
          body: { email: partner.admin.email, password: PASSWORD, totpCode: totpAt(started.body.secret, clock.now().getTime()) },
        });
        assert.equal(again.status, 201, again.raw);
        assert.equal(again.body.mfaEnrollmentRequired, false);
      } finally {
        clock.reset();
        await requireMfa(false);
      }
    });

    it('an API token of a partner user without MFA is held back too', async () => {
      const { api } = await t.tenantWithAdmin('partner');
      const made = await api.post('/v1/api-tokens', { name: 'before the requirement' });
      assert.equal(made.status, 201, made.raw);
      await requireMfa(true);
      try {
        assertProblem(await t.as({ token: made.body.token }).get('/v1/users'), 403, 'mfa_enrollment_required');
        const me = await t.as({ token: made.body.token }).get('/v1/me');
        assert.equal(me.status, 200);
        assert.equal(me.body.mfaEnrollmentRequired, true);
      } finally {
        await requireMfa(false);
      }
      assert.equal((await t.as({ token: made.body.token }).get('/v1/users')).status, 200);
    });

    it('customer users and the operator are not affected', async () => {
      const customer = await t.signUp('customer');
      await requireMfa(true);
      try {
        const res = await t.request('POST', '/v1/sessions', { body: { email: customer.admin.email, password: PASSWORD } });
        assert.equal(res.status, 201, res.raw);
        assert.equal(res.body.mfaEnrollmentRequired, false);
        const api = t.as({ cookie: sessionCookie(res) });
        assert.equal((await api.get('/v1/users')).status, 200);
        assert.equal((await api.get('/v1/me')).body.mfaEnrollmentRequired, false);
        assert.equal((await operator.api.get('/v1/users')).status, 200);
        assert.equal((await operator.api.get('/v1/me')).body.mfaEnrollmentRequired, false);
      } finally {
        await requireMfa(false);
      }
    });

    it('turning the requirement off lifts it at once', async () => {
      const { api } = await t.tenantWithAdmin('partner');
      await requireMfa(true);
      assertProblem(await api.get('/v1/users'), 403, 'mfa_enrollment_required');
      await requireMfa(false);
      assert.equal((await api.get('/v1/users')).status, 200);
      const events = await operator.api.get('/v1/audit-events?type=settings.updated');
      assert.ok(events.body.items.length >= 2);
      assert.deepEqual(events.body.items[0].after, { requireMfaForPartnerUsers: false });
      assert.deepEqual(events.body.items[0].before, { requireMfaForPartnerUsers: true });
    });
  });
});

describe('auth: sign-in rate limit', () => {
  let t: TestTrellis;
  let cookie: string | undefined;
  before(async () => {
    t = await TestTrellis.start({ config: { signInRateLimit: { max: 3, windowMs: 60_000 } } });
  });
  after(() => t.close());

  it('the 4th POST /v1/sessions in the window answers 429 rate_limited with Retry-After', async () => {
    const { admin } = await t.signUp('customer');
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: i === 2 ? PASSWORD : 'wrong password' },
      });
      statuses.push(res.status);
      last = res;
    }
    assert.deepEqual(statuses, [401, 401, 201]);
    cookie = sessionCookie(last!);
    const limited = await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD } });
    assertProblem(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      `Retry-After: ${String(limited.headers['retry-after'])}`,
    );
    assert.equal(limited.headers['set-cookie'], undefined);
    assert.equal(limited.body.retryAfterSeconds, undefined, 'the header carries it, not the body');
  });

  it('the limit guards sign-in only: a session keeps working, other routes answer', async () => {
    const { admin } = await t.signUp('partner');
    // Sign-up has its own budget; sign-in is spent already by the test above.
    assertProblem(
      await t.request('POST', '/v1/sessions', { body: { email: admin.email, password: PASSWORD } }),
      429,
      'rate_limited',
    );
    assert.ok(cookie, 'a session from the test above');
    const me = await t.as({ cookie: cookie }).get('/v1/me');
    assert.equal(me.status, 200, me.raw);
    assert.equal((await t.request('GET', '/health')).status, 200);
  });

  it('a client cannot dodge the limit by naming another address in X-Forwarded-For (TRUST_PROXY off)', async () => {
    const { admin } = await t.signUp('customer');
    for (let i = 0; i < 3; i++) {
      const res = await t.request('POST', '/v1/sessions', {
        body: { email: admin.email, password: PASSWORD },
        headers: { 'x-forwarded-for': `203.0.113.${i + 10}` },
      });
      assertProblem(res, 429, 'rate_limited');
    }
  });
});
