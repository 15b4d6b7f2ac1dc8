import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { clock } from '../../platform/clock.ts';
import { users } from '../../platform/db/schema.ts';
import { TestTrellis } from '../../../test/support/harness.ts';

const STEP_MS = 30_000;

/** The code an authenticator app shows for this secret at this instant. */
function totpAt(secret: string, at: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at,
  });
}

/** An instant 5 s into a TOTP step, so that advancing by whole steps never straddles a boundary. */
const stepStart = () => Math.floor(Date.now() / STEP_MS) * STEP_MS + 5_000;

let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start();
});
after(() => t.close());
afterEach(() => clock.reset());

async function stored(userId: string) {
  const [row] = await t.db
    .select({ secret: users.totpSecret, pending: users.totpPendingSecret })
    .from(users)
    .where(eq(users.id, userId));
  return row!;
}

async function signInWithCode(email: string, code: string) {
  return t.request('POST', '/v1/sessions', { body: { email, password: 'correct horse battery staple', totpCode: code } });
}

describe('authenticator secrets at rest', () => {
  it('are sealed: the users table holds neither the pending nor the enrolled secret in the clear', async () => {
    const at = stepStart();
    clock.freeze(new Date(at));
    const { admin, cookie } = await t.tenantWithAdmin('partner');
    const started = await t.as({ cookie }).post('/v1/me/totp');
    assert.equal(started.status, 201, started.raw);
    const secret: string = started.body.secret;
    const pending = await stored(admin.id);
    assert.ok(pending.pending, 'a pending secret is stored');
    assert.ok(!pending.pending.includes(secret), 'the pending secret is not in the clear');

    const activated = await t.as({ cookie }).post('/v1/me/totp/activation', { code: totpAt(secret, at) });
    assert.equal(activated.status, 204, activated.raw);
    const enrolled = await stored(admin.id);
    assert.ok(enrolled.secret);
    assert.ok(!enrolled.secret.includes(secret), 'the enrolled secret is not in the clear');
    assert.equal(enrolled.pending, null);

    clock.freeze(new Date(at + STEP_MS));
    const res = await signInWithCode(admin.email, totpAt(secret, at + STEP_MS));
    assert.equal(res.status, 201, res.raw);
  });

  it('stored in the clear by an earlier version, keep working and are sealed at the next start', async () => {
    const at = stepStart();
    clock.freeze(new Date(at));
    const { admin } = await t.tenantWithAdmin('customer');
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    await t.db
      .update(users)
      .set({ totpSecret: secret, totpEnabledAt: new Date(at - 86_400_000), totpLastStep: null })
      .where(eq(users.id, admin.id));

    const before = await signInWithCode(admin.email, totpAt(secret, at));
    assert.equal(before.status, 201, before.raw);

    await t.restart();
    const sealed = await stored(admin.id);
    assert.ok(sealed.secret && !sealed.secret.includes(secret), 'sealed at start');
    clock.freeze(new Date(at + STEP_MS));
    const afterRestart = await signInWithCode(admin.email, totpAt(secret, at + STEP_MS));
    assert.equal(afterRestart.status, 201, afterRestart.raw);
  });
});
