import * as OTPAuth from 'otpauth';
import type { Actor } from '../../platform/context.ts';
import { inTransaction, requireActor, type Ctx, type Platform } from '../../platform/context.ts';
import { clock } from '../../platform/clock.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { Authenticator } from '../../platform/http/auth.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import { hmac, newToken, seal, sha256, unseal } from '../../platform/secrets.ts';
import { systemCtx } from '../../platform/context.ts';
import { getSetting } from '../settings/service.ts';
import { getTenant } from '../tenants/service.ts';
import { lockUser, updateUserRow, userByEmail, usersWithClearTotpSecrets, type UserRow } from '../users/store.ts';
import {
  addSignInFailure,
  clearSignInFailuresRow,
  deleteSession,
  deleteStaleSignInFailures,
  insertSession,
  lockSignIn,
  principalOf,
  type Principal,
  signInFailuresOf,
  touchApiToken,
} from './store.ts';

const TOTP_PERIOD_S = 30;

function actorOf(row: Principal, extra: Partial<Actor>): Actor {
  return {
    userId: row.userId,
    tenantId: row.tenantId,
    tenantKind: row.tenantKind,
    email: row.email,
    language: row.language,
    roles: row.roles,
    mfaEnrollmentRequired: row.tenantKind === 'partner' && row.mfaRequired && !row.mfaEnabled,
    ...extra,
  };
}

/**
 * Resolves session cookies and API tokens to actors for the authorization hook, on the
 * request's own database handle (see `principalOf`).
 */
export function authenticator(platform: Platform): Authenticator {
  const ctx = systemCtx(platform);
  return {
    async fromSession(tokenHash, db) {
      const row = await principalOf(db, 'session', tokenHash);
      return row ? actorOf(row, { sessionHash: tokenHash }) : null;
    },
    async fromApiToken(tokenHash, db) {
      const row = await principalOf(db, 'api_token', tokenHash);
      if (!row?.tokenId) return null;
      // Written at most once a minute: a busy integration must not turn reads into writes.
      if (!row.lastUsedAt || clock.now().getTime() - row.lastUsedAt.getTime() > 60_000) await touchApiToken(ctx, row.tokenId);
      // A token acts with the roles it was scoped to that its user still holds.
      return actorOf(row, { apiTokenId: row.tokenId, roles: (row.tokenRoles ?? []).filter((r) => row.roles.includes(r)) });
    },
  };
}

function totpFor(secret: string, email: string) {
  return new OTPAuth.TOTP({
    issuer: 'Trellis',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/**
 * Authenticator secrets are kept sealed under the server secret and bound to their user: the
 * users table alone, a backup or a dump, does not let anyone make codes.
 */
function sealTotp(ctx: Ctx, userId: string, secret: string): string {
  return seal(ctx.platform.config.secret, `totp:${userId}`, secret);
}

/** The base32 secret of a stored one; one without '.' (base32 has none) was stored in the clear by an earlier version. */
function openTotp(ctx: Ctx, userId: string, stored: string): string {
  if (!stored.includes('.')) return stored;
  const secret = unseal(ctx.platform.config.secret, `totp:${userId}`, stored);
  if (secret === undefined) {
    throw new Error(
      `The authenticator secret of user ${userId} cannot be opened: TRELLIS_SECRET is not the one it was sealed with`,
    );
  }
  return secret;
}

/**
 * Seals the authenticator secrets that versions before sealing stored in the clear; run at
 * start. A change of how a value is stored, not of the user: no event. Each row is updated
 * under its lock, so processes starting together do it once.
 */
export async function sealClearTotpSecrets(ctx: Ctx): Promise<number> {
  let sealed = 0;
  for (const { id, tenantId } of await usersWithClearTotpSecrets(ctx)) {
    await inTransaction(ctx, async (tx) => {
      const user = await lockUser(tx, tenantId, id);
      if (!user) return;
      const clear = (value: string | null) => value !== null && !value.includes('.');
      if (!clear(user.totpSecret) && !clear(user.totpPendingSecret)) return;
      await updateUserRow(tx, id, {
        ...(clear(user.totpSecret) ? { totpSecret: sealTotp(tx, id, user.totpSecret!) } : {}),
        ...(clear(user.totpPendingSecret) ? { totpPendingSecret: sealTotp(tx, id, user.totpPendingSecret!) } : {}),
      });
      sealed++;
    });
  }
  return sealed;
}

/** The time step a code matches (one step of drift each way), or null. */
function matchingStep(secret: string, email: string, code: string): number | null {
  const now = clock.now().getTime();
  const delta = totpFor(secret, email).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
}

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Sign-in failed', 'The e-mail address or the password is wrong.');

/**
 * Per-account backoff, beside the per-address limit of the route: after FREE_FAILURES
 * failures in a row an address waits a minute, doubling with each further failure up to
 * MAX_WAIT_MS. Attempts during a wait are refused unchecked and do not lengthen it, so an
 * attacker can slow an account down but never lock it for good; a success or a password
 * reset clears the count. Addresses without an account wait alike (and answer alike).
 */
const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 60_000;
const MAX_WAIT_MS = 15 * 60_000;
const FORGET_FAILURES_AFTER_MS = 24 * 3_600_000;

function waitAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES));
}

function addressKey(ctx: Ctx, email: string): string {
  return hmac(ctx.platform.config.secret, `sign-in:${email.toLowerCase()}`);
}

async function checkNotWaiting(ctx: Ctx, key: string): Promise<void> {
  const row = await signInFailuresOf(ctx, key);
  const left = row?.lockedUntil ? row.lockedUntil.getTime() - clock.now().getTime() : 0;
  if (left > 0) throw problems.rateLimited(Math.ceil(left / 1000));
}

async function countFailure(ctx: Ctx, key: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const now = clock.now();
    const failures = await addSignInFailure(tx, key, new Date(now.getTime() - FORGET_FAILURES_AFTER_MS));
    const wait = waitAfter(failures);
    if (wait > 0) await lockSignIn(tx, key, new Date(now.getTime() + wait));
  });
}

/** Ends an address's wait: its holder proved it reads the mailbox (a password reset). */
export async function clearSignInFailures(ctx: Ctx, email: string): Promise<void> {
  await clearSignInFailuresRow(ctx, addressKey(ctx, email));
}

/** Housekeeping: failures old enough to be forgotten anyway. */
export async function pruneSignInFailures(ctx: Ctx): Promise<number> {
  return deleteStaleSignInFailures(ctx, new Date(clock.now().getTime() - FORGET_FAILURES_AFTER_MS));
}

export interface SignIn {
  email: string;
  password: string;
  totpCode?: string | undefined;
}

/** Checks the password (and the second factor when enrolled) and opens a session. */
export async function signIn(ctx: Ctx, input: SignIn) {
  const key = addressKey(ctx, input.email);
  await checkNotWaiting(ctx, key);
  const user = await userByEmail(ctx, input.email);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !passwordOk || user.status !== 'active') {
    await countFailure(ctx, key);
    throw invalidCredentials();
  }
  try {
    return await openSession(ctx, user, input.totpCode, key);
  } catch (err) {
    // A wrong second factor is a failure too: the password alone must not buy unlimited guesses.
    if (err instanceof AppError && err.code === 'invalid_mfa_code') await countFailure(ctx, key);
    throw err;
  }
}

async function openSession(ctx: Ctx, user: UserRow, totpCode: string | undefined, key: string) {
  return inTransaction(ctx, async (tx) => {
    const locked = (await lockUser(tx, user.tenantId, user.id))!;
    let totpLastStep = locked.totpLastStep;
    if (locked.totpEnabledAt && locked.totpSecret) {
      if (!totpCode) {
        throw new AppError(
          401,
          'mfa_required',
          'Code required',
          'Enter the 6-digit code from your authenticator app (totpCode).',
        );
      }
      const step = matchingStep(openTotp(tx, locked.id, locked.totpSecret), locked.email, totpCode);
      // A code is good once: a step at or before the last one accepted is a replay.
      if (step === null || (locked.totpLastStep !== null && step <= locked.totpLastStep)) {
        throw new AppError(401, 'invalid_mfa_code', 'Wrong code', 'The authenticator code is wrong or was already used.');
      }
      totpLastStep = step;
    }
    const token = newToken('trs_');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + tx.platform.config.sessionTtlHours * 3_600_000);
    await insertSession(tx, {
      tokenHash: sha256(token),
      userId: locked.id,
      tenantId: locked.tenantId,
      createdAt: now,
      expiresAt,
    });
    await updateUserRow(tx, locked.id, { lastSignInAt: now, totpLastStep });
    await clearSignInFailuresRow(tx, key);
    const tenant = await getTenant(tx, locked.tenantId);
    const mfaEnrollmentRequired =
      tenant.kind === 'partner' && !locked.totpEnabledAt && (await getSetting(tx, 'requireMfaForPartnerUsers'));
    await recordEvent(
      {
        ...tx,
        actor: {
          userId: locked.id,
          tenantId: locked.tenantId,
          tenantKind: tenant.kind,
          email: locked.email,
          roles: locked.roles,
        },
      },
      {
        type: 'session.created',
        tenantId: locked.tenantId,
        subjectType: 'user',
        subjectId: locked.id,
        after: { mfa: locked.totpEnabledAt !== null, expiresAt: expiresAt.toISOString() },
      },
    );
    return { token, expiresAt, user: locked, tenant, mfaEnrollmentRequired };
  });
}

export async function signOut(ctx: Ctx): Promise<void> {
  const actor = requireActor(ctx);
  if (!actor.sessionHash) return;
  const hash = actor.sessionHash;
  await inTransaction(ctx, async (tx) => {
    if ((await deleteSession(tx, hash)) === 0) return;
    await recordEvent(tx, { type: 'session.ended', tenantId: actor.tenantId, subjectType: 'user', subjectId: actor.userId });
  });
}

function sessionOnly(actor: Actor): void {
  if (!actor.sessionHash) {
    throw problems.forbidden('Multi-factor settings are changed by the user, signed in, not through an API token.');
  }
}

/** Starts TOTP enrolment: a new secret to scan, pending until a first code proves it. */
export async function startTotp(ctx: Ctx) {
  const actor = requireActor(ctx);
  sessionOnly(actor);
  return inTransaction(ctx, async (tx) => {
    const user = (await lockUser(tx, actor.tenantId, actor.userId))!;
    if (user.totpEnabledAt) {
      throw new AppError(
        409,
        'mfa_already_enabled',
        'Already enrolled',
        'Two-step verification is already on; turn it off first to change the app.',
      );
    }
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    await updateUserRow(tx, user.id, { totpPendingSecret: sealTotp(tx, user.id, secret), updatedAt: clock.now() });
    await recordEvent(tx, {
      type: 'user.mfa_enrollment_started',
      tenantId: user.tenantId,
      subjectType: 'user',
      subjectId: user.id,
    });
    return { secret, otpauthUrl: totpFor(secret, user.email).toString() };
  });
}

export async function activateTotp(ctx: Ctx, code: string): Promise<void> {
  const actor = requireActor(ctx);
  sessionOnly(actor);
  await inTransaction(ctx, async (tx) => {
    const user = (await lockUser(tx, actor.tenantId, actor.userId))!;
    if (user.totpEnabledAt)
      throw new AppError(409, 'mfa_already_enabled', 'Already enrolled', 'Two-step verification is already on.');
    if (!user.totpPendingSecret) {
      throw new AppError(
        409,
        'mfa_not_started',
        'No enrolment under way',
        'Start with POST /v1/me/totp, then send a code from the app.',
      );
    }
    const pending = openTotp(tx, user.id, user.totpPendingSecret);
    const step = matchingStep(pending, user.email, code);
    if (step === null)
      throw new AppError(
        422,
        'invalid_mfa_code',
        'Wrong code',
        'The code does not match the new secret; check the app and try again.',
      );
    await updateUserRow(tx, user.id, {
      totpSecret: sealTotp(tx, user.id, pending),
      totpPendingSecret: null,
      totpEnabledAt: clock.now(),
      totpLastStep: step,
      updatedAt: clock.now(),
    });
    await recordEvent(tx, { type: 'user.mfa_enabled', tenantId: user.tenantId, subjectType: 'user', subjectId: user.id });
  });
}

export async function deactivateTotp(ctx: Ctx, code: string): Promise<void> {
  const actor = requireActor(ctx);
  sessionOnly(actor);
  await inTransaction(ctx, async (tx) => {
    const user = (await lockUser(tx, actor.tenantId, actor.userId))!;
    if (!user.totpEnabledAt || !user.totpSecret)
      throw new AppError(409, 'mfa_not_enabled', 'Not enrolled', 'Two-step verification is off.');
    if (actor.tenantKind === 'partner' && (await getSetting(tx, 'requireMfaForPartnerUsers'))) {
      throw new AppError(
        409,
        'mfa_required_by_operator',
        'Required by the operator',
        'The operator requires two-step verification for partner users.',
      );
    }
    const step = matchingStep(openTotp(tx, user.id, user.totpSecret), user.email, code);
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) {
      throw new AppError(422, 'invalid_mfa_code', 'Wrong code', 'The authenticator code is wrong or was already used.');
    }
    await updateUserRow(tx, user.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: clock.now() });
    await recordEvent(tx, { type: 'user.mfa_disabled', tenantId: user.tenantId, subjectType: 'user', subjectId: user.id });
  });
}
