import { randomUUID } from 'node:crypto';
import type { TenantKind } from '../../domain/roles.ts';
import { firstAdminRole } from '../../domain/roles.ts';
import { actionTokenPayload, consumeActionToken, issueActionToken } from '../../platform/action-tokens.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, widenScope, type Actor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import { countMailSince, enqueueMail, enqueueMailTo } from '../../platform/mail/outbox.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { marketOf } from '../markets/service.ts';
import { createUser, findUserByEmail, type UserRow } from '../users/service.ts';
import {
  insertPartnerProfile,
  insertTenant,
  lockSignUpAddress,
  namesOf,
  operatorTenant,
  tenantById,
  tenantsById,
  type TenantRow,
  type TenantView,
} from './store.ts';

export type { TenantRow, TenantView };

export function publicTenant(t: TenantView) {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    countryCode: t.countryCode,
    market: t.market ?? 'unknown',
    language: t.language,
    customerType: t.customerType,
    createdAt: t.createdAt.toISOString(),
  };
}

export interface NewTenant {
  /** Chosen beforehand by a sign-up waiting for confirmation (its link names the tenant to be). */
  id?: string;
  kind: TenantKind;
  name: string;
  countryCode: string;
  language?: string;
  customerType?: 'standard' | 'internal_use';
  admin: { email: string; name: string; password?: string; passwordHash?: string; language?: string };
}

/**
 * Creates a tenant with its first admin in one transaction, and welcomes the admin.
 * Sign-up (partners, customers), the CLI (the operator) and the demo seed all come here.
 */
export async function createTenant(ctx: Ctx, input: NewTenant): Promise<{ tenant: TenantView; admin: UserRow }> {
  const market = await marketFor(ctx, input.countryCode);
  return inTransaction(ctx, async (tx) => {
    if (input.kind === 'operator' && (await operatorTenant(tx))) {
      throw new AppError(
        409,
        'operator_exists',
        'The operator tenant exists',
        'An installation has one operator tenant; add staff to it instead.',
      );
    }
    const now = clock.now();
    const language = input.language ?? input.admin.language ?? 'en';
    // The tenant being made is the caller's to fill (a partner's new customer): in its scope from here.
    const id = input.id ?? randomUUID();
    await widenScope(tx, [id]);
    const tenant = await insertTenant(tx, {
      id,
      kind: input.kind,
      name: input.name,
      countryCode: input.countryCode,
      language,
      customerType: input.kind === 'customer' ? (input.customerType ?? 'standard') : null,
      createdAt: now,
      updatedAt: now,
    });
    if (tenant.kind === 'partner') await insertPartnerProfile(tx, tenant.id, now);
    const admin = await createUser(tx, {
      tenantId: tenant.id,
      kind: tenant.kind,
      email: input.admin.email,
      name: input.admin.name,
      language: input.admin.language ?? language,
      roles: [firstAdminRole[tenant.kind]],
      ...(input.admin.password ? { password: input.admin.password } : {}),
      ...(input.admin.passwordHash ? { passwordHash: input.admin.passwordHash } : {}),
    });
    await recordEvent(tx, {
      type: 'tenant.created',
      tenantId: tenant.id,
      subjectType: 'tenant',
      subjectId: tenant.id,
      after: { ...tenant, firstAdminId: admin.id },
    });
    return { tenant: { ...tenant, market }, admin };
  });
}

async function marketFor(ctx: Ctx, countryCode: string): Promise<string> {
  const market = await marketOf(ctx, countryCode);
  if (!market) {
    throw problems.invalid(`${countryCode} is in none of the operator's markets (GET /v1/markets).`, [
      { in: 'body', path: '/countryCode', message: 'not a country of any market' },
    ]);
  }
  return market;
}

export const SIGN_UP = 'sign_up';
const SIGN_UP_TTL_HOURS = 24;
/** Sign-up mails (confirmation or "you have an account") one address may be sent in an hour. */
const SIGN_UP_MAILS_PER_HOUR = 3;

export interface SignUpRequest {
  kind: 'partner' | 'customer';
  name: string;
  countryCode: string;
  language?: string | undefined;
  admin: { email: string; name: string; password: string; language?: string | undefined };
  /** A link to accept once the tenant exists (R-CUS-1: a customer signing up on its way to accept). */
  acceptLink?: string | undefined;
}

/** What a confirmation link carries, sealed under its token: never the password, only its hash. */
interface PendingSignUp extends Omit<NewTenant, 'id' | 'admin'> {
  admin: { email: string; name: string; passwordHash: string; language?: string | undefined };
  acceptLink?: string | undefined;
}

/**
 * Sign-up, first step. The caller hears the same whether or not the address has an account,
 * and the address is mailed either way: a link that confirms the sign-up, or word that an
 * account exists with the ways in. Nothing is created until the link is used, by whoever
 * reads that mailbox. `checkLink` refuses a dead `acceptLink` now rather than at confirmation.
 */
export async function requestSignUp(
  ctx: Ctx,
  input: SignUpRequest,
  checkLink: (ctx: Ctx, link: string) => Promise<unknown>,
): Promise<void> {
  await marketFor(ctx, input.countryCode);
  if (input.acceptLink) await checkLink(ctx, input.acceptLink);
  // Hashed on both ways, so the time the answer takes does not tell them apart either.
  const passwordHash = await hashPassword(input.admin.password);
  const email = input.admin.email.toLowerCase();
  const { publicUrl } = ctx.platform.config;
  await inTransaction(ctx, async (tx) => {
    await lockSignUpAddress(tx, email);
    const since = new Date(clock.now().getTime() - 3_600_000);
    // Past the cap the request is dropped silently: the answer must not differ, and nobody's
    // mailbox is to be flooded through this form.
    if ((await countMailSince(tx, email, ['signUpConfirmation', 'signUpExisting'], since)) >= SIGN_UP_MAILS_PER_HOUR) return;
    const existing = await findUserByEmail(tx, email);
    if (existing) {
      await recordEvent(tx, {
        type: 'user.sign_up_attempted',
        tenantId: existing.tenantId,
        subjectType: 'user',
        subjectId: existing.id,
      });
      await enqueueMailTo(tx, existing, 'signUpExisting', {
        name: existing.name,
        signInUrl: `${publicUrl}/sign-in`,
        resetUrl: `${publicUrl}/password-reset`,
      });
      return;
    }
    // The tenant's id is chosen now: the link names the tenant it will create.
    const tenantId = randomUUID();
    const pending: PendingSignUp = {
      kind: input.kind,
      name: input.name,
      countryCode: input.countryCode,
      ...(input.language ? { language: input.language } : {}),
      admin: { email, name: input.admin.name, passwordHash, ...(input.admin.language ? { language: input.admin.language } : {}) },
      ...(input.acceptLink ? { acceptLink: input.acceptLink } : {}),
    };
    const { token } = await issueActionToken(tx, {
      purpose: SIGN_UP,
      tenantId,
      ttlMs: SIGN_UP_TTL_HOURS * 3_600_000,
      payload: pending,
    });
    await recordEvent(tx, {
      type: 'tenant.sign_up_requested',
      tenantId,
      subjectType: 'tenant',
      subjectId: tenantId,
      after: { kind: input.kind, countryCode: input.countryCode, acceptsLink: Boolean(input.acceptLink) },
    });
    await enqueueMail(tx, {
      to: { address: email, name: input.admin.name, language: input.admin.language ?? input.language ?? 'en' },
      template: 'signUpConfirmation',
      data: {
        name: input.admin.name,
        tenantName: input.name,
        kind: input.kind,
        url: `${publicUrl}/sign-up/confirm?token=${token}`,
        hours: SIGN_UP_TTL_HOURS,
      },
    });
  });
}

/**
 * Sign-up, second step: the mailed link creates the tenant and its first admin (welcomed as
 * before) and, when the sign-up named one, accepts a link with them, all in one transaction:
 * if the acceptance fails nothing is created and the link stays unused.
 */
export async function confirmSignUp<A>(
  ctx: Ctx,
  token: string,
  accept: (ctx: Ctx, link: string) => Promise<A>,
): Promise<{ tenant: TenantView; admin: UserRow; acceptance: A | undefined }> {
  return inTransaction(ctx, async (tx) => {
    const used = await consumeActionToken(tx, token, SIGN_UP);
    if (used.status === 'unknown') throw problems.notFound('link');
    if (used.status === 'unavailable') throw problems.gone();
    const pending = actionTokenPayload(tx, token, used.row) as PendingSignUp | undefined;
    // Sealed under a server secret that has changed since: the link cannot be read any more.
    if (!pending) throw problems.gone();
    const { acceptLink, ...signUp } = pending;
    const { tenant, admin } = await createTenant(tx, { ...signUp, id: used.row.tenantId });
    if (!acceptLink) return { tenant, admin, acceptance: undefined };
    const actor: Actor = {
      userId: admin.id,
      tenantId: tenant.id,
      tenantKind: tenant.kind,
      email: admin.email,
      roles: admin.roles,
    };
    return { tenant, admin, acceptance: await accept({ ...tx, actor }, acceptLink) };
  });
}

export async function getTenant(ctx: Ctx, id: string): Promise<TenantView> {
  const tenant = await tenantById(ctx, id);
  if (!tenant) throw problems.notFound('tenant');
  return tenant;
}

/** The installation's operator tenant, if it has been created. */
export async function findOperatorTenant(ctx: Ctx): Promise<TenantRow | undefined> {
  return operatorTenant(ctx);
}

/** Tenants by id, in one query: what a list shows of the tenants its rows name. */
export async function getTenants(ctx: Ctx, ids: Iterable<string>): Promise<Map<string, TenantView>> {
  return new Map((await tenantsById(ctx, [...new Set(ids)])).map((t) => [t.id, t]));
}

/** Tenants' names by id, in one query: what lists of grants or moves show beside the ids. */
export async function tenantNames(ctx: Ctx, ids: Iterable<string>): Promise<Map<string, string>> {
  return new Map((await namesOf(ctx, [...new Set(ids)])).map((t) => [t.id, t.name]));
}
