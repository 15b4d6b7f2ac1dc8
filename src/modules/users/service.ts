import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { grantAllows } from '../../domain/delegated.ts';
import { firstAdminRole, isRoleOf, mayHandOn, type TenantKind } from '../../domain/roles.ts';
import { consumeActionToken, issueActionToken, revokeUserActionTokens } from '../../platform/action-tokens.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { apiTokens, sessions } from '../../platform/db/schema.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { countMailSince, enqueueMailTo } from '../../platform/mail/outbox.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { clearSignInFailures } from '../auth/service.ts';
import {
  activeEmailsOf,
  activeUsersWithAnyRole,
  countActiveWithRole,
  insertUser,
  lockAdminCount,
  lockUser,
  pageUsers,
  updateUserRow,
  userByEmail,
  userById,
  type UserRow,
} from './store.ts';

export type { UserRow };
export const PASSWORD_SETUP = 'password_setup';
const PASSWORD_SETUP_DAYS = 7;

/** What a client may see of a user: never hashes or secrets. */
export function publicUser(u: UserRow) {
  return {
    id: u.id,
    tenantId: u.tenantId,
    email: u.email,
    name: u.name,
    language: u.language,
    roles: u.roles,
    status: u.status,
    mfaEnabled: u.totpEnabledAt !== null,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}
const audited = (u: UserRow) => {
  const { passwordHash: _p, totpSecret: _s, totpPendingSecret: _q, totpLastStep: _l, ...rest } = u;
  return rest;
};

function checkRoles(kind: TenantKind, roles: string[]): void {
  const unknown = roles.filter((r) => !isRoleOf(kind, r));
  if (unknown.length > 0) {
    throw problems.invalid(`Not a role of a ${kind} tenant: ${unknown.join(', ')}.`, [
      { in: 'body', path: '/roles', message: `unknown role(s) ${unknown.join(', ')}` },
    ]);
  }
}

/** Roles that only a holder of roles.grant hands out: the tenant's admin roles. */
const adminRoles = new Set(['global_admin', 'admin_agent', 'operator_admin']);

/**
 * The tenant a call manages: the caller's own, or, for a partner acting under a delegated
 * grant (`ctx.grant`, set by the one live-grant check, R-GRT-3), the grantor's; and whether
 * the caller may hand on an admin role there (at home its own roles; under a grant, only
 * one that holds global_admin).
 */
function managed(ctx: Ctx): { tenantId: string; kind: TenantKind; mayGive(role: string): boolean } {
  const actor = requireActor(ctx);
  if (ctx.grant) {
    const { grantorId, grantorKind, roles } = ctx.grant;
    return { tenantId: grantorId, kind: grantorKind, mayGive: () => grantAllows(roles, 'users.grant_admin') };
  }
  return {
    tenantId: actor.tenantId,
    kind: actor.tenantKind,
    mayGive: (role) => mayHandOn(actor.tenantKind, actor.roles, role),
  };
}

function checkAdminRoles(ctx: Ctx, roles: string[]): void {
  const target = managed(ctx);
  const wantsAdmin = roles.filter((r) => adminRoles.has(r) && !target.mayGive(r));
  if (wantsAdmin.length > 0) {
    throw problems.forbidden(
      ctx.grant
        ? `Giving ${wantsAdmin.join(', ')} in another tenant needs a grant holding global_admin.`
        : `Only a global admin gives the role(s) ${wantsAdmin.join(', ')}.`,
      ctx.grant ? { rule: 'R-GRT-3' } : { permission: 'roles.grant' },
    );
  }
}

/**
 * A user who holds an admin role is changed (renamed, disabled, re-enabled, its roles or
 * language changed, its password reset) only by a caller who could grant it that role:
 * otherwise a user admin, at home or under a grant, could lock out or take over the admins
 * above it. A user's changes to itself are its own.
 */
function guardAdminTarget(ctx: Ctx, user: UserRow): void {
  if (!ctx.grant && user.id === requireActor(ctx).userId) return;
  const target = managed(ctx);
  const above = user.roles.filter((r) => adminRoles.has(r) && !target.mayGive(r));
  if (above.length === 0) return;
  throw new AppError(
    403,
    'admin_protected',
    'This user is an admin',
    ctx.grant
      ? `${user.email} holds ${above.join(', ')} in this tenant: changing this user needs a grant holding global_admin.`
      : `${user.email} holds ${above.join(', ')}: only a user who may grant that role (roles.grant) changes this user.`,
    ctx.grant ? { rule: 'R-GRT-3' } : { permission: 'roles.grant' },
  );
}

function emailTaken(email: string) {
  return new AppError(409, 'email_taken', 'E-mail address in use', `${email} already belongs to a Trellis user.`);
}

/** Creates a tenant's user inside the caller's transaction (sign-up, CLI, invitations). */
export async function createUser(
  ctx: Ctx,
  input: {
    tenantId: string;
    kind: TenantKind;
    email: string;
    name: string;
    language: string;
    roles: string[];
    password?: string;
    /** A password hashed already (a confirmed sign-up): the password itself was never kept. */
    passwordHash?: string;
  },
): Promise<UserRow> {
  checkRoles(input.kind, input.roles);
  const now = clock.now();
  const email = input.email.toLowerCase();
  const passwordHash = input.passwordHash ?? (input.password ? await hashPassword(input.password) : null);
  const user = await insertUser(ctx, {
    tenantId: input.tenantId,
    email,
    name: input.name,
    language: input.language,
    roles: input.roles,
    status: passwordHash ? 'active' : 'invited',
    passwordHash,
    createdAt: now,
    updatedAt: now,
  });
  if (!user) throw emailTaken(email);
  await recordEvent(ctx, {
    type: 'user.created',
    tenantId: user.tenantId,
    subjectType: 'user',
    subjectId: user.id,
    after: audited(user),
  });
  return user;
}

/** An admin adds a user to its tenant; the user chooses a password through a mailed link. */
export async function inviteUser(
  ctx: Ctx,
  input: { email: string; name: string; language?: string; roles: string[] },
  tenantName: string,
): Promise<UserRow> {
  const actor = requireActor(ctx);
  const target = managed(ctx);
  checkRoles(target.kind, input.roles);
  checkAdminRoles(ctx, input.roles);
  return inTransaction(ctx, async (tx) => {
    const user = await createUser(tx, {
      tenantId: target.tenantId,
      kind: target.kind,
      email: input.email,
      name: input.name,
      language: input.language ?? 'en',
      roles: input.roles,
    });
    const { token } = await issueActionToken(tx, {
      purpose: PASSWORD_SETUP,
      tenantId: user.tenantId,
      userId: user.id,
      ttlMs: PASSWORD_SETUP_DAYS * DAY_MS,
    });
    await enqueueMailTo(tx, user, 'userInvitation', {
      name: user.name,
      tenantName,
      inviterName: actor.email,
      url: `${tx.platform.config.publicUrl}/password-setup?token=${token}`,
      days: PASSWORD_SETUP_DAYS,
    });
    return user;
  });
}

/** The user an address belongs to, whichever tenant (addresses are unique): for sign-up, which must not tell. */
export async function findUserByEmail(ctx: Ctx, email: string): Promise<UserRow | undefined> {
  return userByEmail(ctx, email);
}

/** A user of a given tenant, for background work that has no actor. */
export async function findUser(ctx: Ctx, tenantId: string, id: string): Promise<UserRow | undefined> {
  return userById(ctx, tenantId, id);
}

export async function getUser(ctx: Ctx, id: string): Promise<UserRow> {
  const user = await userById(ctx, managed(ctx).tenantId, id);
  if (!user) throw problems.notFound('user');
  return user;
}

export async function listUsers(ctx: Ctx, search: string | undefined, after: Key | undefined, take: number) {
  return pageUsers(ctx, managed(ctx).tenantId, search, after, take);
}

/** Ends every way a user is signed in: sessions and API tokens. */
async function endAccess(ctx: Ctx, userId: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.userId, userId));
  await endApiTokens(ctx, userId);
}

/** Revokes a user's API tokens still in force; how many. */
async function endApiTokens(ctx: Ctx, userId: string): Promise<number> {
  const now = clock.now();
  const ended = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .returning({ id: apiTokens.id });
  return ended.length;
}

async function liveApiTokens(ctx: Ctx, userId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, clock.now())));
  return row?.n ?? 0;
}

/**
 * Whoever held the old password may have made API tokens with it: a new password ends them
 * too unless its user, changing it while signed in, says to keep them. The mail says which.
 */
async function afterNewPassword(tx: Ctx, user: UserRow, endTokens: boolean): Promise<number> {
  const revokedTokens = endTokens ? await endApiTokens(tx, user.id) : 0;
  await enqueueMailTo(tx, user, 'passwordChanged', {
    name: user.name,
    revokedTokens,
    keptTokens: endTokens ? 0 : await liveApiTokens(tx, user.id),
    resetUrl: `${tx.platform.config.publicUrl}/password-reset`,
  });
  return revokedTokens;
}

async function guardLastAdmin(ctx: Ctx, user: UserRow, losing: boolean): Promise<void> {
  const admin = firstAdminRole[managed(ctx).kind];
  const counts = losing && user.status === 'active' && user.roles.includes(admin);
  if (counts) await lockAdminCount(ctx, user.tenantId);
  if (counts && (await countActiveWithRole(ctx, user.tenantId, admin)) <= 1) {
    throw new AppError(
      409,
      'last_admin',
      'Last admin',
      `${user.email} is the tenant's only active ${admin}; make another one first.`,
    );
  }
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  patch: { name?: string; language?: string; status?: 'active' | 'disabled' },
) {
  const target = managed(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, target.tenantId, id);
    if (!before) throw problems.notFound('user');
    if (patch.status === 'active' && before.status === 'invited') {
      throw new AppError(
        409,
        'user_invited',
        'User has not finished set-up',
        'An invited user becomes active by choosing a password.',
      );
    }
    guardAdminTarget(tx, before);
    await guardLastAdmin(tx, before, patch.status === 'disabled');
    const after = await updateUserRow(tx, id, { ...patch, updatedAt: clock.now() });
    if (patch.status === 'disabled' && before.status !== 'disabled') await endAccess(tx, id);
    await recordEvent(tx, {
      type: 'user.updated',
      tenantId: after.tenantId,
      subjectType: 'user',
      subjectId: id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

/** A user's own name and language (the language of the console and of its mail): no role needed. */
export async function updateSelf(ctx: Ctx, patch: { name?: string; language?: string }) {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, actor.tenantId, actor.userId);
    if (!before) throw problems.notFound('user');
    const after = await updateUserRow(tx, actor.userId, { ...patch, updatedAt: clock.now() });
    await recordEvent(tx, {
      type: 'user.updated',
      tenantId: after.tenantId,
      subjectType: 'user',
      subjectId: after.id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

/** R-ENR-4: a global admin grants roles, to others or to itself (admin_agent to add users). */
export async function setRoles(ctx: Ctx, id: string, roles: string[]) {
  const target = managed(ctx);
  checkRoles(target.kind, roles);
  return inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, target.tenantId, id);
    if (!before) throw problems.notFound('user');
    guardAdminTarget(tx, before);
    checkAdminRoles(tx, [...roles.filter((r) => !before.roles.includes(r)), ...before.roles.filter((r) => !roles.includes(r))]);
    const admin = firstAdminRole[target.kind];
    await guardLastAdmin(tx, before, before.roles.includes(admin) && !roles.includes(admin));
    const after = await updateUserRow(tx, id, { roles, updatedAt: clock.now() });
    await recordEvent(tx, {
      type: 'user.roles_changed',
      tenantId: after.tenantId,
      subjectType: 'user',
      subjectId: id,
      before: { roles: before.roles },
      after: { roles: after.roles },
    });
    return after;
  });
}

/** An invited user chooses a password through its mailed link (or a reset, later). */
export async function setUpPassword(ctx: Ctx, token: string, password: string): Promise<UserRow> {
  return inTransaction(ctx, async (tx) => {
    const used = await consumeActionToken(tx, token, PASSWORD_SETUP);
    if (used.status === 'unknown') throw problems.notFound('link');
    if (used.status === 'unavailable') throw problems.gone();
    const before = await lockUser(tx, used.row.tenantId, used.row.userId!);
    if (!before || before.status === 'disabled') throw problems.gone();
    const after = await updateUserRow(tx, before.id, {
      passwordHash: await hashPassword(password),
      status: 'active',
      updatedAt: clock.now(),
    });
    // Other set-up and reset links of this user stop working, and so does every session:
    // whoever held the old password is signed out. A reset (the user had a password) ends its
    // API tokens as well.
    await revokeUserActionTokens(tx, before.id, PASSWORD_SETUP);
    await tx.db.delete(sessions).where(eq(sessions.userId, before.id));
    const apiTokensRevoked = before.status === 'active' ? await afterNewPassword(tx, after, true) : 0;
    // The link came to the user's mailbox: whoever holds it need not wait out failed sign-ins.
    await clearSignInFailures(tx, after.email);
    await recordEvent(tx, {
      type: 'user.password_set',
      tenantId: after.tenantId,
      subjectType: 'user',
      subjectId: after.id,
      before: { status: before.status },
      after: { status: after.status, apiTokensRevoked },
    });
    return after;
  });
}

const RESET_TTL_MS = 3_600_000;
/** Reset mails an anonymous caller may have sent to one address in an hour. */
const RESETS_PER_HOUR = 3;

/**
 * Mails a reset link when the address belongs to a user who may sign in. The answer is
 * the same either way, so the route tells no one which addresses exist; past the cap, the
 * request is dropped as silently.
 */
export async function requestPasswordReset(ctx: Ctx, email: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const found = await userByEmail(tx, email);
    if (!found || found.status === 'disabled') return;
    // The row lock makes two requests at once count one after the other.
    const user = (await lockUser(tx, found.tenantId, found.id))!;
    const since = new Date(clock.now().getTime() - 3_600_000);
    if ((await countMailSince(tx, user.email, ['passwordReset'], since)) >= RESETS_PER_HOUR) return;
    await mailPasswordReset(tx, user);
  });
}

/** A helpdesk (at home, or a partner under a grant that resets passwords) sends a user its reset link. */
export async function sendPasswordReset(ctx: Ctx, id: string): Promise<void> {
  const target = managed(ctx);
  await inTransaction(ctx, async (tx) => {
    const user = await userById(tx, target.tenantId, id);
    if (!user) throw problems.notFound('user');
    guardAdminTarget(tx, user);
    if (user.status !== 'active') {
      throw new AppError(
        409,
        'user_not_active',
        'User not active',
        `${user.email} is ${user.status}: there is no password to reset.`,
      );
    }
    await mailPasswordReset(tx, user);
  });
}

/** Only the newest link mailed works: one left in a mailbox or a browser history is dead. */
async function mailPasswordReset(tx: Ctx, user: UserRow): Promise<void> {
  await revokeUserActionTokens(tx, user.id, PASSWORD_SETUP);
  const { token } = await issueActionToken(tx, {
    purpose: PASSWORD_SETUP,
    tenantId: user.tenantId,
    userId: user.id,
    ttlMs: RESET_TTL_MS,
  });
  await recordEvent(tx, {
    type: 'user.password_reset_requested',
    tenantId: user.tenantId,
    subjectType: 'user',
    subjectId: user.id,
  });
  await enqueueMailTo(tx, user, 'passwordReset', {
    name: user.name,
    url: `${tx.platform.config.publicUrl}/password-setup?token=${token}`,
    minutes: RESET_TTL_MS / 60_000,
  });
}

/** The signed-in user changes its password; its other sessions end, and its API tokens unless `endTokens` is false. */
export async function changePassword(ctx: Ctx, currentPassword: string, newPassword: string, endTokens = true): Promise<void> {
  const actor = requireActor(ctx);
  if (!actor.sessionHash) throw problems.forbidden('A password is changed by its user, signed in, not through an API token.');
  const keep = actor.sessionHash;
  await inTransaction(ctx, async (tx) => {
    const user = (await lockUser(tx, actor.tenantId, actor.userId))!;
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError(422, 'invalid_credentials', 'Wrong password', 'The current password is wrong.');
    }
    await updateUserRow(tx, user.id, { passwordHash: await hashPassword(newPassword), updatedAt: clock.now() });
    await tx.db.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.tokenHash, keep)));
    const apiTokensRevoked = await afterNewPassword(tx, user, endTokens);
    await recordEvent(tx, {
      type: 'user.password_changed',
      tenantId: user.tenantId,
      subjectType: 'user',
      subjectId: user.id,
      after: { apiTokensRevoked },
    });
  });
}

/** The active users of a tenant who hold one of the roles: the people a notice is for. */
export async function usersWithRoles(ctx: Ctx, tenantId: string, roles: string[]): Promise<UserRow[]> {
  return activeUsersWithAnyRole(ctx, tenantId, roles);
}

/** The addresses of a tenant's active users: what mail addressed to the tenant's people is sent to. */
export async function activeUserEmails(ctx: Ctx, tenantId: string): Promise<string[]> {
  return activeEmailsOf(ctx, tenantId);
}

/** A tenant's users, oldest first: what a partner sees of its customer's account (R-CUS-8). */
export async function usersOfTenant(ctx: Ctx, tenantId: string, take = 100): Promise<UserRow[]> {
  return pageUsers(ctx, tenantId, undefined, undefined, take);
}
