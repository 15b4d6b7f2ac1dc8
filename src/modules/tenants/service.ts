import type { TenantKind } from '../../domain/roles.ts';
import { firstAdminRole } from '../../domain/roles.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import { marketOf } from '../markets/service.ts';
import { createUser, type UserRow } from '../users/service.ts';
import {
  insertPartnerProfile,
  insertTenant,
  namesOf,
  operatorTenant,
  tenantById,
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
  kind: TenantKind;
  name: string;
  countryCode: string;
  language?: string;
  customerType?: 'standard' | 'internal_use';
  admin: { email: string; name: string; password?: string; language?: string };
}

/**
 * Creates a tenant with its first admin in one transaction, and welcomes the admin.
 * Sign-up (partners, customers), the CLI (the operator) and the demo seed all come here.
 */
export async function createTenant(ctx: Ctx, input: NewTenant): Promise<{ tenant: TenantView; admin: UserRow }> {
  const market = await marketOf(ctx, input.countryCode);
  if (!market) {
    throw problems.invalid(`${input.countryCode} is in none of the operator's markets (GET /v1/markets).`, [
      { in: 'body', path: '/countryCode', message: 'not a country of any market' },
    ]);
  }
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
    const tenant = await insertTenant(tx, {
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

export async function getTenant(ctx: Ctx, id: string): Promise<TenantView> {
  const tenant = await tenantById(ctx, id);
  if (!tenant) throw problems.notFound('tenant');
  return tenant;
}

/** The installation's operator tenant, if it has been created. */
export async function findOperatorTenant(ctx: Ctx): Promise<TenantRow | undefined> {
  return operatorTenant(ctx);
}

/** Tenants' names by id, in one query: what lists of grants or moves show beside the ids. */
export async function tenantNames(ctx: Ctx, ids: Iterable<string>): Promise<Map<string, string>> {
  return new Map((await namesOf(ctx, [...new Set(ids)])).map((t) => [t.id, t.name]));
}
