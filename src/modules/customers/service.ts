import { randomBytes } from 'node:crypto';
import { clock } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems, type ErrorCode } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { assertCanTransact, mayAddDirectCustomers, programInfo } from '../enrollments/service.ts';
import { grantFor, underGrant } from '../grants/access.ts';
import { createDefaultGrant, endGrantsLeftWithoutBasis } from '../grants/service.ts';
import { marketOf } from '../markets/service.ts';
import { holdsActive, requirePartner } from '../partners/service.ts';
import { arePartners } from '../partnerships/service.ts';
import { createTenant, getTenant, publicTenant, tenantNames } from '../tenants/service.ts';
import { publicUser, usersOfTenant } from '../users/service.ts';
import {
  accountOf,
  affiliated,
  claimDomain,
  deleteAffiliation,
  putAffiliation,
  relationshipById,
  relationshipsOfCustomer,
  removeRelationshipRow,
  insertAccount,
  insertAccountOnce,
  insertRelationship,
  pageCustomers,
  relationshipsOf,
  setStoreChannelRow,
  customersInRole,
  accountsOf,
  type AccountRow,
  type CustomerFilter,
  type RelationshipRow,
} from './store.ts';

export interface NewCustomer {
  companyName: string;
  primaryDomain: string;
  countryCode: string;
  address?:
    { line1: string; line2?: string | null; city: string; region?: string | null; postalCode?: string | null } | undefined;
  admin: { name: string; email: string; language?: string | undefined };
  /** Providers: the reseller the customer is created for (R-CUS-3). */
  resellerId?: string | undefined;
  /** R-SELF-2: a tenant the partner owns to buy for its own use. */
  internalUse?: boolean | undefined;
}

function refuse(rule: `R-${string}`, code: ErrorCode, title: string, detail: string) {
  return problems.rule(rule, code, title, detail);
}

/**
 * Which relationships a new customer gets, or why the caller may not create one:
 * R-CUS-3 (resellers cannot; providers name a reseller of theirs), R-PRT-7 (ready resellers
 * only), R-TRN-5 (no new direct customers after the move to indirect).
 */
async function plan(ctx: Ctx, partnerId: string, resellerId: string | undefined) {
  if (resellerId) {
    if (!(await holdsActive(ctx, partnerId, 'indirect_provider'))) {
      throw refuse(
        'R-CUS-3',
        'not_a_provider',
        'Only providers create customers for a reseller',
        'Naming a reseller needs an active indirect provider capability.',
      );
    }
    if (!(await arePartners(ctx, partnerId, resellerId))) {
      throw refuse(
        'R-CUS-3',
        'not_your_reseller',
        'Not one of your resellers',
        'The reseller must be an active partner of yours.',
      );
    }
    if (!(await programInfo(ctx, resellerId)).resellerReadiness.ready) {
      throw refuse(
        'R-PRT-7',
        'reseller_not_ready',
        'The reseller cannot transact yet',
        'It must be onboarded, an active indirect reseller, and have signed the current partner agreement (R-AGR-2).',
      );
    }
    return [
      { partnerId, role: 'indirect_provider' as const, resellerId },
      { partnerId: resellerId, role: 'indirect_reseller' as const, resellerId: null },
    ];
  }
  if (await holdsActive(ctx, partnerId, 'direct_bill')) {
    if (!(await mayAddDirectCustomers(ctx, partnerId))) {
      throw refuse(
        'R-TRN-5',
        'no_new_direct_customers',
        'No new direct customers',
        'Since the move to indirect reseller, new customers come through a provider.',
      );
    }
    return [{ partnerId, role: 'direct_partner' as const, resellerId: null }];
  }
  if (await holdsActive(ctx, partnerId, 'indirect_provider')) {
    throw refuse(
      'R-CUS-3',
      'reseller_required',
      'Name the reseller',
      'A provider creates a customer for one of its active resellers (resellerId).',
    );
  }
  throw refuse(
    'R-CUS-3',
    'cannot_create_customers',
    'Indirect resellers do not create customers',
    'Customers of indirect resellers are created by their provider, or accept a relationship request.',
  );
}

function temporaryPassword(): string {
  return randomBytes(15).toString('base64url'); // 20 characters
}

/** Creates a customer tenant with its first admin; the admin's password is shown once. */
export async function createCustomer(ctx: Ctx, input: NewCustomer) {
  const actor = requirePartner(ctx);
  await assertCanTransact(ctx, actor.tenantId); // R-AGR-1
  const relationships = await plan(ctx, actor.tenantId, input.resellerId);
  const partner = await getTenant(ctx, actor.tenantId);
  const market = await marketOf(ctx, input.countryCode);
  if (market && market !== partner.market) {
    throw refuse(
      'R-REG-1',
      'region_mismatch',
      'Customer in another market',
      `${partner.name} sells in ${partner.market}; ${input.countryCode} is in ${market}.`,
    );
  }
  const password = temporaryPassword();
  return inTransaction(ctx, async (tx) => {
    const domain = input.primaryDomain.toLowerCase();
    const { tenant, admin } = await createTenant(tx, {
      kind: 'customer',
      name: input.companyName,
      countryCode: input.countryCode,
      customerType: input.internalUse ? 'internal_use' : 'standard',
      ...(input.admin.language ? { language: input.admin.language } : {}),
      admin: {
        email: input.admin.email,
        name: input.admin.name,
        password,
        ...(input.admin.language ? { language: input.admin.language } : {}),
      },
    });
    if (!(await claimDomain(tx, domain, tenant.id))) {
      throw problems.conflict('domain_taken', 'Domain in use', `${domain} is the primary domain of another customer.`);
    }
    const now = clock.now();
    const account = await insertAccount(tx, {
      tenantId: tenant.id,
      name: tenant.name,
      primaryDomain: domain,
      countryCode: tenant.countryCode,
      market: tenant.market ?? 'unknown',
      addressLine1: input.address?.line1 ?? null,
      addressLine2: input.address?.line2 ?? null,
      city: input.address?.city ?? null,
      region: input.address?.region ?? null,
      postalCode: input.address?.postalCode ?? null,
      createdAt: now,
    });
    const created: RelationshipRow[] = [];
    for (const r of relationships) {
      const row = await insertRelationship(tx, { customerId: tenant.id, ...r, status: 'active', createdAt: now });
      await recordEvent(tx, {
        type: 'customer_relationship.created',
        tenantId: r.partnerId,
        subjectType: 'customer_relationship',
        subjectId: row.id,
        after: row,
      });
      created.push(row);
    }
    // The reseller of record of a new customer gets administrator permissions, as on acceptance (R-CUS-1).
    const ofRecord = created.find((r) => r.role !== 'indirect_provider')!;
    await createDefaultGrant(
      tx,
      ofRecord.role === 'indirect_reseller' ? 'indirect_reseller' : 'direct_partner',
      tenant.id,
      ofRecord.partnerId,
    );
    const own = created.find((r) => r.partnerId === actor.tenantId)!;
    return {
      item: await customerItem(tx, own, account),
      admin: { id: admin.id, email: admin.email, temporaryPassword: password },
    };
  });
}

/**
 * One row of a partner's customer list (R-CUS-5): how it was acquired and, for a provider,
 * through whom. Lists pass the reseller's name they read with the row; one row alone looks it up.
 */
export async function customerItem(ctx: Ctx, r: RelationshipRow, a: AccountRow, resellerName?: string | null) {
  const name = r.resellerId ? (resellerName ?? (await getTenant(ctx, r.resellerId)).name) : undefined;
  return customerItemOf(r, a, name);
}

export function customerItemOf(r: RelationshipRow, a: AccountRow, resellerName: string | undefined) {
  return {
    id: a.tenantId,
    name: a.name,
    primaryDomain: a.primaryDomain,
    countryCode: a.countryCode,
    market: a.market,
    acquired: r.role === 'direct_partner' ? ('direct' as const) : ('indirect' as const),
    role: r.role,
    reseller: r.resellerId && resellerName !== undefined ? { id: r.resellerId, name: resellerName } : null,
    since: r.createdAt.toISOString(),
    storeChannel: a.storeChannel,
  };
}

export async function listCustomers(ctx: Ctx, filter: CustomerFilter, after: Key | undefined, take: number) {
  const actor = requirePartner(ctx);
  return pageCustomers(ctx, actor.tenantId, filter, after, take);
}

/** R-CUS-8: a customer expands to its account and users; R-CUS-9: the caller sees its own relationships only. */
export async function customerDetail(ctx: Ctx, customerId: string) {
  const actor = requireActor(ctx);
  const mine = actor.tenantKind === 'partner' ? await relationshipsOf(ctx, actor.tenantId, customerId) : [];
  const account = mine.length > 0 ? await accountOf(ctx, customerId) : undefined;
  if (!account) throw problems.notFound('customer');
  const tenant = await getTenant(ctx, customerId);
  return {
    ...(await customerItem(ctx, mine[0]!, account)),
    account: {
      tenant: publicTenant(tenant),
      address:
        account.addressLine1 && account.city
          ? {
              line1: account.addressLine1,
              line2: account.addressLine2,
              city: account.city,
              region: account.region,
              postalCode: account.postalCode,
            }
          : null,
    },
    relationships: mine.map((r) => ({ id: r.id, role: r.role, resellerId: r.resellerId, since: r.createdAt.toISOString() })),
    // R-GRT-3, R-CUS-9: the users are shown only under a live grant that lets the partner read them.
    users: (await grantFor(ctx, customerId, 'directory.read')) ? (await usersOfTenant(ctx, customerId)).map(publicUser) : null,
  };
}

export interface NewRelationship {
  partnerId: string;
  role: RelationshipRow['role'];
  resellerId: string | null;
}

/**
 * Creates the relationships a customer accepted, all of them or none (R-CUS-2): those that
 * exist already are kept, the rest are added in the caller's transaction.
 */
export async function establishRelationships(
  ctx: Ctx,
  customerId: string,
  wanted: NewRelationship[],
): Promise<RelationshipRow[]> {
  return inTransaction(ctx, async (tx) => {
    const made: RelationshipRow[] = [];
    for (const r of wanted) {
      const existing = (await relationshipsOf(tx, r.partnerId, customerId)).find((e) => e.role === r.role);
      if (existing) {
        made.push(existing);
        continue;
      }
      let row: RelationshipRow;
      try {
        row = await insertRelationship(tx, { customerId, ...r, status: 'active', createdAt: clock.now() });
      } catch (err) {
        // Another link (or the same partner's other request) was accepted at the same moment.
        if (isUniqueViolation(err, 'customer_relationships_one_active')) {
          throw problems.conflict(
            'relationship_exists',
            'The relationship was just made',
            'An acceptance made at the same moment created this relationship; nothing else was changed.',
          );
        }
        throw err;
      }
      await recordEvent(tx, {
        type: 'customer_relationship.created',
        tenantId: r.partnerId,
        subjectType: 'customer_relationship',
        subjectId: row.id,
        after: row,
      });
      await recordEvent(tx, {
        type: 'customer_relationship.created',
        tenantId: customerId,
        subjectType: 'customer_relationship',
        subjectId: row.id,
        after: row,
      });
      made.push(row);
    }
    return made;
  });
}

/** Whether a partner has any active relationship with a customer. */
export async function hasRelationship(ctx: Ctx, partnerId: string, customerId: string): Promise<boolean> {
  return (await relationshipsOf(ctx, partnerId, customerId)).length > 0;
}

/** A customer's account, creating it for a customer tenant that signed up by itself. */
export async function ensureAccount(ctx: Ctx, customerId: string, domain?: string): Promise<AccountRow> {
  const existing = await accountOf(ctx, customerId);
  if (existing) return existing;
  const tenant = await getTenant(ctx, customerId);
  // The domain of the admin who accepted, when no other customer holds it.
  const claimed = domain && (await claimDomain(ctx, domain.toLowerCase(), customerId)) ? domain.toLowerCase() : '';
  // Two links accepted at once both find no account: the second keeps the first's.
  return insertAccountOnce(ctx, {
    tenantId: tenant.id,
    name: tenant.name,
    primaryDomain: claimed,
    countryCode: tenant.countryCode,
    market: tenant.market ?? 'unknown',
    createdAt: clock.now(),
  });
}

/** R-SELF-1: the operator records that a customer tenant is an affiliate of a partner. */
export async function recordAffiliation(ctx: Ctx, partnerId: string, customerId: string, note: string | null) {
  const [partner, customer] = [await getTenant(ctx, partnerId), await getTenant(ctx, customerId)];
  if (partner.kind !== 'partner' || customer.kind !== 'customer')
    throw problems.invalid('An affiliation links a partner tenant to a customer tenant.');
  return inTransaction(ctx, async (tx) => {
    const row = await putAffiliation(tx, partnerId, customerId, note, clock.now());
    await recordEvent(tx, {
      type: 'affiliation.recorded',
      tenantId: partnerId,
      subjectType: 'affiliation',
      subjectId: `${partnerId}:${customerId}`,
      after: row,
    });
    return row;
  });
}

export async function removeAffiliation(ctx: Ctx, partnerId: string, customerId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteAffiliation(tx, partnerId, customerId))) throw problems.notFound('affiliation');
    await recordEvent(tx, {
      type: 'affiliation.removed',
      tenantId: partnerId,
      subjectType: 'affiliation',
      subjectId: `${partnerId}:${customerId}`,
    });
  });
}

/** R-SELF-1: no partner sells to an affiliate as an end customer. */
export async function assertNotAffiliated(ctx: Ctx, partnerIds: string[], customerId: string): Promise<void> {
  const partnerId = await affiliated(ctx, partnerIds, customerId);
  if (partnerId) {
    const partner = await getTenant(ctx, partnerId);
    throw problems.rule(
      'R-SELF-1',
      'self_dealing',
      'An affiliate is not an end customer',
      `This customer is an affiliate of ${partner.name}; partners do not sell to themselves or to affiliates.`,
    );
  }
}

/** The relationships a caller may see of a customer: its own (a partner), or all of them (the customer's admin). */
export async function visibleRelationships(ctx: Ctx, customerId: string) {
  const actor = requireActor(ctx);
  const rows =
    actor.tenantKind === 'customer' && actor.tenantId === customerId
      ? await relationshipsOfCustomer(ctx, customerId)
      : actor.tenantKind === 'partner'
        ? await relationshipsOf(ctx, actor.tenantId, customerId)
        : [];
  if (rows.length === 0 && !(actor.tenantKind === 'customer' && actor.tenantId === customerId))
    throw problems.notFound('customer');
  const names = await tenantNames(
    ctx,
    rows.map((r) => r.partnerId),
  );
  return rows.map((r) => ({
    id: r.id,
    partner: { id: r.partnerId, name: names.get(r.partnerId)! },
    role: r.role,
    resellerId: r.resellerId,
    since: r.createdAt.toISOString(),
  }));
}

/** Says why a relationship may not end now (undefined: it may), e.g. active subscriptions. */
export type RemovalGuard = (ctx: Ctx, relationship: RelationshipRow) => Promise<string | undefined>;
const removalGuards: RemovalGuard[] = [];

/**
 * Lets a capability refuse the end of a relationship: commerce registers the check that the
 * partner has no active subscriptions for the customer. Returns the unregistering function.
 */
export function addRemovalGuard(guard: RemovalGuard): () => void {
  removalGuards.push(guard);
  return () => void removalGuards.splice(removalGuards.indexOf(guard), 1);
}

/**
 * Ends a relationship, by the partner (its own) or by the customer's global admin (any of
 * its own). A reseller's end also ends the provider relationship that went through it, and
 * each partner's grants from the customer end with them unless another relationship still
 * justifies them (grantStillJustified).
 */
export async function removeRelationship(ctx: Ctx, customerId: string, relationshipId: string): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await relationshipById(tx, customerId, relationshipId);
    const mayRemove = row && row.status === 'active' && (row.partnerId === actor.tenantId || actor.tenantId === customerId);
    if (!mayRemove) throw problems.notFound('relationship');
    const through =
      row.role === 'indirect_reseller'
        ? (await relationshipsOfCustomer(tx, customerId)).filter((r) => r.resellerId === row.partnerId)
        : [];
    for (const r of [row, ...through]) {
      for (const guard of removalGuards) {
        const reason = await guard(tx, r);
        if (reason) throw problems.conflict('relationship_in_use', 'The relationship cannot end yet', reason);
      }
    }
    for (const r of [row, ...through]) {
      const after = await removeRelationshipRow(tx, r.id, clock.now());
      for (const tenantId of [r.partnerId, customerId]) {
        await recordEvent(tx, {
          type: 'customer_relationship.removed',
          tenantId,
          subjectType: 'customer_relationship',
          subjectId: r.id,
          before: r,
          after,
        });
      }
    }
    for (const partnerId of new Set([row, ...through].map((r) => r.partnerId))) {
      const left = await relationshipsOf(tx, partnerId, customerId);
      // A customer tenant is never in a partnership (R-SELF-2): relationships are all that is left.
      const basis = { relationshipRoles: left.map((r) => r.role), partnership: false };
      await endGrantsLeftWithoutBasis(tx, partnerId, customerId, basis, 'relationship_ended');
    }
  });
}

/** A customer's users: its own admins, or a partner under a live grant that reads the directory (R-GRT-3). */
export async function customerUsers(ctx: Ctx, customerId: string) {
  const actor = requireActor(ctx);
  if (actor.tenantKind === 'customer' && actor.tenantId === customerId)
    return (await usersOfTenant(ctx, customerId)).map(publicUser);
  if (actor.tenantKind !== 'partner' || !(await hasRelationship(ctx, actor.tenantId, customerId)))
    throw problems.notFound('customer');
  return (await usersOfTenant(await underGrant(ctx, customerId, 'directory.read'), customerId)).map(publicUser);
}

/** R-TRN-9: operator staff flag a customer that buys through the store channel (it stays on direct bill). */
export async function setStoreChannel(ctx: Ctx, customerId: string, storeChannel: boolean): Promise<AccountRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await accountOf(tx, customerId);
    if (!before) throw problems.notFound('customer');
    const after = (await setStoreChannelRow(tx, customerId, storeChannel))!;
    await recordEvent(tx, {
      type: 'customer.store_channel_set',
      tenantId: customerId,
      subjectType: 'customer',
      subjectId: customerId,
      before: { storeChannel: before.storeChannel },
      after: { storeChannel: after.storeChannel },
    });
    return after;
  });
}

/**
 * R-TRN-9: a store-channel customer that is a direct customer of this partner cannot accept
 * the partner's joint invitation: it stays on direct bill.
 */
export async function isStoreChannelDirectCustomer(ctx: Ctx, partnerId: string, customerId: string): Promise<boolean> {
  const account = await accountOf(ctx, customerId);
  if (!account?.storeChannel) return false;
  return (await relationshipsOf(ctx, partnerId, customerId)).some((r) => r.role === 'direct_partner');
}

/** Of these ids, the customers a partner holds an active direct relationship with (R-TRN-9: what a bulk move may move). */
export async function directCustomersAmong(ctx: Ctx, partnerId: string, customerIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < customerIds.length; i += 1000) {
    for (const id of await customersInRole(ctx, partnerId, 'direct_partner', customerIds.slice(i, i + 1000))) found.add(id);
  }
  return found;
}

/** Whether a provider already holds its relationship with a customer (R-CUS-2), through any reseller. */
export async function isProviderOf(ctx: Ctx, providerId: string, customerId: string): Promise<boolean> {
  return (await relationshipsOf(ctx, providerId, customerId)).some((r) => r.role === 'indirect_provider');
}

/** Customers' account names by id, for reports (a bulk move's items). */
export async function customerNames(ctx: Ctx, customerIds: string[]): Promise<Map<string, string>> {
  return new Map((await accountsOf(ctx, customerIds)).map((a) => [a.tenantId, a.name]));
}

/**
 * R-CUS-4, R-TRN-9: a provider orders for a customer only once it holds an active relationship
 * with it, through a reseller it still works with. Until the customer accepts a joint
 * invitation the provider cannot act for it. For commerce.
 */
export async function mayOrderFor(ctx: Ctx, providerId: string, customerId: string): Promise<boolean> {
  for (const r of await relationshipsOf(ctx, providerId, customerId)) {
    if (r.role === 'indirect_provider' && r.resellerId && (await arePartners(ctx, providerId, r.resellerId))) return true;
  }
  return false;
}

/** A partner's active relationships with a customer (commerce: which one an order goes through). */
export type { RelationshipRow };

export async function partnerRelationships(ctx: Ctx, partnerId: string, customerId: string): Promise<RelationshipRow[]> {
  return relationshipsOf(ctx, partnerId, customerId);
}

/** A customer's account (its country and market), for commerce. */
export async function customerAccount(ctx: Ctx, customerId: string): Promise<AccountRow | undefined> {
  return accountOf(ctx, customerId);
}
