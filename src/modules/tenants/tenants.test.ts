import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { PASSWORD, sessionCookie, TestTrellis } from '../../../test/support/harness.ts';
import { events, partnerProfiles, tenants, users } from '../../platform/db/schema.ts';
import { assertProblem } from '../../../test/support/assert.ts';
import { clock } from '../../platform/clock.ts';

/** Black-box tests of sign-up (POST /v1/tenants) and GET /v1/tenants/current. */

const unique = () => randomBytes(4).toString('hex');

let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start();
});
after(() => t.close());

function signUpBody(overrides: Record<string, unknown> = {}, admin: Record<string, unknown> = {}) {
  const id = unique();
  return {
    kind: 'partner',
    name: `Fabrikam ${id}`,
    countryCode: 'FR',
    ...overrides,
    admin: { email: `admin-${id}@fabrikam.example`, name: `Admin ${id}`, password: PASSWORD, ...admin },
  };
}

const signUp = (body: unknown) => t.request('POST', '/v1/tenants', { body });
const confirm = (token: string) => t.request('POST', '/v1/sign-up-confirmations', { body: { token } });

/** Both steps, as a person takes them: the sign-up (202), then the link of the mail; the confirmation's answer. */
async function signUpAndConfirm(body: ReturnType<typeof signUpBody>) {
  const requested = await signUp(body);
  assert.equal(requested.status, 202, requested.raw);
  return confirm(await t.signUpToken(body.admin.email));
}

async function count(table: typeof tenants | typeof users | typeof partnerProfiles | typeof events): Promise<number> {
  const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row!.n;
}

describe('sign-up', () => {
  it('a partner signs up and confirms: 201, its admin is an active global admin, its market is that of its country', async () => {
    const body = signUpBody({ kind: 'partner', countryCode: 'FR' });
    const res = await signUpAndConfirm(body);
    assert.equal(res.status, 201, res.raw);
    const { tenant, admin } = res.body;
    assert.equal(tenant.kind, 'partner');
    assert.equal(tenant.name, body.name);
    assert.equal(tenant.countryCode, 'FR');
    assert.equal(tenant.market, 'Europe');
    assert.equal(tenant.customerType, null);
    assert.match(tenant.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(tenant.createdAt)));
    assert.equal(admin.tenantId, tenant.id);
    assert.equal(admin.email, body.admin.email);
    assert.deepEqual(admin.roles, ['global_admin']);
    assert.equal(admin.status, 'active');
    assert.equal('passwordHash' in admin, false);
    // A partner has a profile row from the start.
    const profile = await t.db.select().from(partnerProfiles).where(eq(partnerProfiles.tenantId, tenant.id));
    assert.equal(profile.length, 1);

    // The admin signs in with the password it chose.
    const session = await t.request('POST', '/v1/sessions', { body: { email: body.admin.email, password: PASSWORD } });
    assert.equal(session.status, 201, session.raw);
    assert.equal(session.body.tenant.id, tenant.id);
  });

  it('a customer signs up and confirms: 201, standard customer with a global admin, market of its country', async () => {
    const res = await signUpAndConfirm(signUpBody({ kind: 'customer', countryCode: 'KR' }));
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.tenant.kind, 'customer');
    assert.equal(res.body.tenant.market, 'Korea');
    assert.equal(res.body.tenant.customerType, 'standard');
    assert.deepEqual(res.body.admin.roles, ['global_admin']);
    const profile = await t.db.select().from(partnerProfiles).where(eq(partnerProfiles.tenantId, res.body.tenant.id));
    assert.equal(profile.length, 0);
  });

  it('the admin e-mail is stored lower-case', async () => {
    const email = `MiXeD-${unique()}@Example.COM`;
    const res = await signUpAndConfirm(signUpBody({}, { email }));
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.admin.email, email.toLowerCase());
    await t.signIn(email.toLowerCase());
  });

  it("kind 'operator' cannot be signed up through the API (400), and no tenant is made", async () => {
    const operators = async () => (await t.db.select().from(tenants).where(eq(tenants.kind, 'operator'))).length;
    const before = { all: await count(tenants), operators: await operators() };
    const body = signUpBody({ kind: 'operator' });
    const res = await signUp(body);
    assertProblem(res, 400, 'invalid_request');
    assert.deepEqual(
      res.body.errors.map((e: { path: string; in: string }) => [e.in, e.path]),
      [['body', '/kind']],
    );
    assert.deepEqual({ all: await count(tenants), operators: await operators() }, before);
    assert.equal((await t.db.select().from(users).where(eq(users.email, body.admin.email))).length, 0);
  });

  it('a country in no market is 400 with a field error at /countryCode', async () => {
    const before = await count(tenants);
    const res = await signUp(signUpBody({ countryCode: 'ZZ' }));
    assertProblem(res, 400, 'invalid_request');
    assert.deepEqual(
      res.body.errors.map((e: { path: string; in: string }) => [e.in, e.path]),
      [['body', '/countryCode']],
    );
    assert.match(res.body.detail, /ZZ/);
    assert.equal(await count(tenants), before);
  });

  it('a bad body lists every field error at once', async () => {
    const before = await count(tenants);
    const res = await signUp({
      kind: 'reseller',
      name: '',
      countryCode: 'fr',
      language: 'de',
      admin: { email: 'not an address', name: '', password: 'short', role: 'x' },
      plan: 'gold',
    });
    assertProblem(res, 400, 'invalid_request');
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, [
      '/admin/email',
      '/admin/name',
      '/admin/password',
      '/admin/role',
      '/countryCode',
      '/kind',
      '/language',
      '/name',
      '/plan',
    ]);
    for (const e of res.body.errors) {
      assert.equal(e.in, 'body');
      assert.equal(typeof e.message, 'string');
    }
    assert.match(res.body.detail, /^9 field error/);
    assert.equal(await count(tenants), before);
  });

  it('missing fields are each named', async () => {
    const res = await signUp({ admin: {} });
    assertProblem(res, 400, 'invalid_request');
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['/admin/email', '/admin/name', '/admin/password', '/countryCode', '/kind', '/name']);
  });

  it('an address taken between the sign-up and its confirmation is 409 email_taken at confirmation, and nothing is left', async () => {
    const body = signUpBody({ kind: 'partner' });
    assert.equal((await signUp(body)).status, 202);
    const firstToken = await t.signUpToken(body.admin.email);
    const second = { ...signUpBody({ kind: 'customer' }), admin: body.admin };
    assert.equal((await signUp(second)).status, 202);
    const secondToken = await t.signUpToken(body.admin.email);
    assert.notEqual(secondToken, firstToken);
    assert.equal((await confirm(firstToken)).status, 201);
    const counts = {
      tenants: await count(tenants),
      users: await count(users),
      profiles: await count(partnerProfiles),
      events: await count(events),
    };
    assertProblem(await confirm(secondToken), 409, 'email_taken');
    assert.deepEqual(
      {
        tenants: await count(tenants),
        users: await count(users),
        profiles: await count(partnerProfiles),
        events: await count(events),
      },
      counts,
    );
    assert.deepEqual(await t.db.select().from(tenants).where(eq(tenants.name, second.name)), []);
  });
});

describe('sign-up tells no one which addresses have an account', () => {
  it('a known address and a new one get the same 202; the known one is told by mail it has an account, and nothing is created', async () => {
    const known = await t.signUp('customer', { language: 'fr' });
    const before = { tenants: await count(tenants), users: await count(users) };
    const forKnown = signUpBody({ kind: 'partner' }, { email: known.admin.email.toUpperCase() });
    const forNew = signUpBody({ kind: 'partner' });
    const answers = [await signUp(forKnown), await signUp(forNew)];
    for (const res of answers) {
      assert.equal(res.status, 202, res.raw);
      assert.equal(res.headers['set-cookie'], undefined);
    }
    assert.deepEqual(answers[0]!.body, { status: 'confirmation_sent', email: known.admin.email });
    assert.deepEqual(answers[1]!.body, { status: 'confirmation_sent', email: forNew.admin.email });
    assert.deepEqual({ tenants: await count(tenants), users: await count(users) }, before);

    // The known address: no link, but the ways in, in the account's language.
    const [existing] = (await t.mailTo(known.admin.email)).filter((m) => m.template !== 'welcome');
    assert.equal(existing?.template, 'signUpExisting');
    assert.equal(existing?.language, 'fr');
    assert.ok(existing.textBody.includes('http://trellis.test/sign-in'));
    assert.ok(existing.textBody.includes('http://trellis.test/password-reset'));
    assert.doesNotMatch(existing.textBody, /token=/);
    // The new address: a link to confirm, on the public URL.
    const [confirmation] = await t.mailTo(forNew.admin.email);
    assert.equal(confirmation?.template, 'signUpConfirmation');
    assert.match(confirmation.textBody, /http:\/\/trellis\.test\/sign-up\/confirm\?token=tra_[A-Za-z0-9_-]{43}/);
    assert.ok(confirmation.textBody.includes(forNew.name));

    // The account that exists is told in its audit trail too.
    const owner = t.as({ cookie: await t.signIn(known.admin.email) });
    const attempted = await owner.get(`/v1/audit-events?type=user.sign_up_attempted&subjectId=${known.admin.id}`);
    assert.equal(attempted.body.items.length, 1);
  });

  it('the link creates the tenant once: used again it is 410, an unknown token 404, and after 24 hours 410', async () => {
    const body = signUpBody({ kind: 'customer' });
    assert.equal((await signUp(body)).status, 202);
    const token = await t.signUpToken(body.admin.email);
    const created = await confirm(token);
    assert.equal(created.status, 201, created.raw);
    assert.equal(created.headers['set-cookie'], undefined, 'the admin signs in separately');
    assertProblem(await confirm(token), 410, 'link_unavailable');
    assertProblem(await confirm(`tra_${'A'.repeat(43)}`), 404, 'not_found');

    const late = signUpBody({ kind: 'partner' });
    assert.equal((await signUp(late)).status, 202);
    const lateToken = await t.signUpToken(late.admin.email);
    clock.advance(24 * 3_600_000 + 60_000);
    try {
      assertProblem(await confirm(lateToken), 410, 'link_unavailable');
    } finally {
      clock.reset();
    }
    assert.deepEqual(await t.db.select().from(tenants).where(eq(tenants.name, late.name)), []);
  });

  it('sign-up mails to one address are capped at three an hour: the answer stays 202, and an hour later it mails again', async () => {
    const known = await t.signUp('partner');
    const body = signUpBody({}, { email: known.admin.email });
    // Its own confirmation mail counts too: any sign-up mail to the address does.
    const sent = async () =>
      (await t.mailTo(known.admin.email)).filter((m) => ['signUpConfirmation', 'signUpExisting'].includes(m.template)).length;
    try {
      for (let i = 0; i < 5; i++) {
        assert.equal((await signUp(body)).status, 202);
        clock.advance(60_000);
      }
      assert.equal(await sent(), 3);
      clock.advance(3_600_000);
      assert.equal((await signUp(body)).status, 202);
      assert.equal(await sent(), 4);
    } finally {
      clock.reset();
    }
  });

  it('the confirmation mail is written in the language of the sign-up', async () => {
    const body = signUpBody({ kind: 'customer', language: 'ko' });
    assert.equal((await signUp(body)).status, 202);
    const [mail] = await t.mailTo(body.admin.email);
    assert.equal(mail?.template, 'signUpConfirmation');
    assert.equal(mail?.language, 'ko');
    assert.match(mail.subject, /가입을 확인하세요/);
  });
});

describe('welcome mail', () => {
  const cases = [
    { language: 'en', subject: /^Welcome to Trellis/, text: /global admin/ },
    { language: 'ko', subject: /Trellis에 오신 것을 환영합니다/, text: /전역 관리자/ },
    { language: 'fr', subject: /^Bienvenue sur Trellis/, text: /administrateur général/ },
  ];
  for (const c of cases) {
    it(`the welcome mail is in the admin's language (${c.language}), with a plain-text part`, async () => {
      const body = signUpBody({ kind: 'customer', language: c.language }, { language: c.language });
      const res = await signUpAndConfirm(body);
      assert.equal(res.status, 201, res.raw);
      assert.equal(res.body.admin.language, c.language);
      assert.equal(res.body.tenant.language, c.language);
      const mails = (await t.mailTo(body.admin.email)).filter((m) => m.template !== 'signUpConfirmation');
      assert.equal(mails.length, 1);
      const mail = mails[0]!;
      assert.equal(mail.template, 'welcome');
      assert.equal(mail.language, c.language);
      assert.equal(mail.tenantId, res.body.tenant.id);
      assert.match(mail.subject, c.subject);
      assert.match(mail.textBody, c.text);
      assert.ok(mail.textBody.includes(body.name), 'the text names the tenant');
      assert.ok(mail.textBody.includes('http://trellis.test/sign-in'), 'the text carries the sign-in link');
      assert.doesNotMatch(mail.textBody, /<[a-z][^>]*>/i, 'the text part holds no HTML');
      assert.match(mail.htmlBody, new RegExp(`<html lang="${c.language}">`));
    });
  }

  it("the admin's language follows the tenant's when only the tenant names one", async () => {
    const body = signUpBody({ kind: 'partner', language: 'ko' });
    const res = await signUpAndConfirm(body);
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.admin.language, 'ko');
    const [mail] = (await t.mailTo(body.admin.email)).filter((m) => m.template === 'welcome');
    assert.equal(mail?.language, 'ko');
    assert.match(mail.subject, /환영합니다/);
  });

  it('the admin may speak another language than its tenant', async () => {
    const body = signUpBody({ kind: 'partner', language: 'fr' }, { language: 'en' });
    const res = await signUpAndConfirm(body);
    assert.equal(res.body.tenant.language, 'fr');
    assert.equal(res.body.admin.language, 'en');
    const [mail] = (await t.mailTo(body.admin.email)).filter((m) => m.template === 'welcome');
    assert.equal(mail?.language, 'en');
  });

  it('no welcome mail is written for a sign-up that was not confirmed, nor for an address that has an account', async () => {
    const taken = await t.signUp('customer');
    assert.equal((await signUp(signUpBody({ kind: 'customer' }, { email: taken.admin.email }))).status, 202);
    const pending = signUpBody({ kind: 'customer' });
    assert.equal((await signUp(pending)).status, 202);
    const welcomes = async (email: string) => (await t.mailTo(email)).filter((m) => m.template === 'welcome').length;
    assert.equal(await welcomes(taken.admin.email), 1);
    assert.equal(await welcomes(pending.admin.email), 0);
  });
});

describe('GET /v1/tenants/current', () => {
  it("answers the caller's own tenant", async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'DE' });
    const c = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    const mine = await p.api.get('/v1/tenants/current');
    assert.equal(mine.status, 200, mine.raw);
    assert.equal(mine.body.id, p.tenant.id);
    assert.equal(mine.body.kind, 'partner');
    assert.equal(mine.body.countryCode, 'DE');
    assert.equal(mine.body.market, 'Europe');
    const theirs = await c.api.get('/v1/tenants/current');
    assert.equal(theirs.body.id, c.tenant.id);
    assert.equal(theirs.body.market, 'United States');
    assert.equal(theirs.body.customerType, 'standard');
  });

  it('without a session it is 401', async () => {
    assertProblem(await t.request('GET', '/v1/tenants/current'), 401, 'unauthenticated');
    assertProblem(await t.request('GET', '/v1/tenants/current', { cookie: 'trellis_session=trs_nope' }), 401, 'unauthenticated');
  });

  it('an operator admin sees the operator tenant', async () => {
    const op = await t.operator();
    const res = await op.api.get('/v1/tenants/current');
    assert.equal(res.status, 200);
    assert.equal(res.body.kind, 'operator');
    assert.equal(res.body.id, op.tenant.id);
  });

  it('signing up sets no session: the new admin signs in separately', async () => {
    const res = await signUpAndConfirm(signUpBody());
    assert.equal(res.status, 201);
    assert.equal(res.headers['set-cookie'], undefined);
    const signedIn = await t.request('POST', '/v1/sessions', { body: { email: res.body.admin.email, password: PASSWORD } });
    const cookie = sessionCookie(signedIn);
    assert.equal((await t.as({ cookie }).get('/v1/tenants/current')).body.id, res.body.tenant.id);
  });
});
