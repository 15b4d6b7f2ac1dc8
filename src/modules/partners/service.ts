import { randomInt } from 'node:crypto';
import { missingForEnrollment, profileProblems, type Profile } from '../../domain/profile.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { safeEqual, sha256 } from '../../platform/secrets.ts';
import { getTenant } from '../tenants/service.ts';
import {
  capabilitiesOf,
  capabilitiesOfMany,
  pagePartners,
  profilesOf,
  deleteCapability,
  holderOfPartnerId,
  insertProof,
  lockProofCounts,
  profileOf,
  proofOf,
  proofsSince,
  revokeOpenProofs,
  registryEntry,
  transitionedBefore,
  updateProfileRow,
  updateProof,
  upsertCapability,
  upsertRegistryEntry,
  type CapabilityRow,
  type PartnerFilter,
  type ProfileRow,
} from './store.ts';

export type { CapabilityRow };
export type Capability = CapabilityRow['capability'];

const PROOF_TTL_MS = 30 * 60_000;
const PROOF_ATTEMPTS = 5;
/**
 * Codes sent in a day: per partner ID, whichever partner asks (its account mailbox is not to
 * be flooded, nor its code guessed through many proofs), and per tenant over all IDs.
 */
const PROOFS_PER_PARTNER_ID = 5;
const PROOFS_PER_TENANT = 10;
const PROOF_WINDOW_MS = DAY_MS;

function tooManyProofs(detail: string, oldest: Date | null) {
  const left = oldest ? oldest.getTime() + PROOF_WINDOW_MS - clock.now().getTime() : PROOF_WINDOW_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil(left / 1000));
  return new AppError(429, 'rate_limited', 'Too many requests', `${detail} Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
}

/** The caller's tenant, which must be a partner: other kinds have no partner profile. */
export function requirePartner(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (actor.tenantKind !== 'partner')
    throw problems.forbidden('Only partner tenants have a partner profile and program membership.');
  return actor;
}

export function toProfile(row: ProfileRow): Profile {
  return {
    legalName: row.legalName,
    address:
      row.addressLine1 && row.city
        ? { line1: row.addressLine1, line2: row.addressLine2, city: row.city, region: row.region, postalCode: row.postalCode }
        : null,
    primaryContact:
      row.primaryContactEmail && row.primaryContactName && row.primaryContactPhone
        ? { name: row.primaryContactName, email: row.primaryContactEmail, phone: row.primaryContactPhone }
        : null,
    supportContact:
      row.supportEmail && row.supportPhone
        ? { email: row.supportEmail, phone: row.supportPhone, website: row.supportWebsite }
        : null,
    partnerId: row.partnerIdVerifiedAt ? row.partnerId : null,
  };
}

export async function getProfile(ctx: Ctx, tenantId: string): Promise<{ row: ProfileRow; profile: Profile }> {
  const row = await profileOf(ctx, tenantId);
  if (!row) throw problems.notFound('partner profile');
  return { row, profile: toProfile(row) };
}

export type ProfilePatch = Partial<Pick<Profile, 'legalName' | 'address' | 'primaryContact' | 'supportContact'>>;

/** Replaces the sections given; sections left out stay as they are (R-ENR-6: give only what is missing). */
export async function updateProfile(ctx: Ctx, tenantId: string, patch: ProfilePatch, at = ''): Promise<Profile> {
  const tenant = await getTenant(ctx, tenantId);
  const found = profileProblems(tenant.countryCode, patch);
  if (found.length > 0) {
    // `at`: where the profile sits in the request body (`/profile` in an enrollment).
    throw problems.invalid(
      found.map((p) => `${at}${p.path}: ${p.message}`).join('; '),
      found.map((p) => ({ in: 'body' as const, path: `${at}${p.path}`, message: p.message })),
    );
  }
  return inTransaction(ctx, async (tx) => {
    const before = await profileOf(tx, tenantId, true);
    if (!before) throw problems.notFound('partner profile');
    const values: Partial<ProfileRow> = { updatedAt: clock.now() };
    if (patch.legalName !== undefined) values.legalName = patch.legalName;
    if (patch.address) {
      Object.assign(values, {
        addressLine1: patch.address.line1,
        addressLine2: patch.address.line2 ?? null,
        city: patch.address.city,
        region: patch.address.region ?? null,
        postalCode: patch.address.postalCode ?? null,
      });
    }
    if (patch.primaryContact) {
      Object.assign(values, {
        primaryContactName: patch.primaryContact.name,
        primaryContactEmail: patch.primaryContact.email.toLowerCase(),
        primaryContactPhone: patch.primaryContact.phone,
      });
    }
    if (patch.supportContact) {
      Object.assign(values, {
        supportEmail: patch.supportContact.email.toLowerCase(),
        supportPhone: patch.supportContact.phone,
        supportWebsite: patch.supportContact.website ?? null,
      });
    }
    const after = await updateProfileRow(tx, tenantId, values);
    await recordEvent(tx, {
      type: 'partner.profile_updated',
      tenantId,
      subjectType: 'partner_profile',
      subjectId: tenantId,
      before,
      after,
    });
    return toProfile(after);
  });
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(1, local.length - 1))}@${domain}`;
}

/**
 * R-ENR-1: links a partner ID only if it is active and in the tenant's country, and proves
 * it by a code mailed to the ID's account e-mail (as signing in to the partner network would).
 */
export async function startPartnerIdLink(ctx: Ctx, partnerId: string) {
  const actor = requirePartner(ctx);
  const tenant = await getTenant(ctx, actor.tenantId);
  const entry = await registryEntry(ctx, partnerId);
  if (!entry) {
    throw problems.rule(
      'R-ENR-1',
      'partner_id_unknown',
      'Unknown partner ID',
      `${partnerId} is not in the operator's partner network.`,
    );
  }
  if (!entry.active) {
    throw problems.rule(
      'R-ENR-1',
      'partner_id_inactive',
      'Partner ID inactive',
      `The organization profile of ${partnerId} is not active.`,
    );
  }
  await assertPartnerIdFree(ctx, partnerId, actor.tenantId);
  if (entry.countryCode !== tenant.countryCode) {
    throw problems.rule(
      'R-ENR-1',
      'partner_id_country_mismatch',
      'Partner ID in another country',
      `${partnerId} belongs to an organization in ${entry.countryCode}; this tenant is in ${tenant.countryCode}.`,
    );
  }
  return inTransaction(ctx, async (tx) => {
    await lockProofCounts(tx, actor.tenantId, partnerId);
    const now = clock.now();
    const since = new Date(now.getTime() - PROOF_WINDOW_MS);
    const forId = await proofsSince(tx, { partnerId }, since);
    if (forId.n >= PROOFS_PER_PARTNER_ID) {
      throw tooManyProofs(`${PROOFS_PER_PARTNER_ID} codes a day are sent for one partner ID.`, forId.oldest);
    }
    const forTenant = await proofsSince(tx, { tenantId: actor.tenantId }, since);
    if (forTenant.n >= PROOFS_PER_TENANT) {
      throw tooManyProofs(`A partner may ask for ${PROOFS_PER_TENANT} codes a day.`, forTenant.oldest);
    }
    // Only the newest code mailed works: the account holder need not guess which one to pass on.
    await revokeOpenProofs(tx, actor.tenantId, partnerId, now);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const proof = await insertProof(tx, {
      tenantId: actor.tenantId,
      partnerId,
      codeHash: sha256(`${partnerId}:${code}`),
      expiresAt: new Date(now.getTime() + PROOF_TTL_MS),
      createdAt: now,
    });
    await recordEvent(tx, {
      type: 'partner.partner_id_link_started',
      tenantId: actor.tenantId,
      subjectType: 'partner_id_proof',
      subjectId: proof.id,
      after: { partnerId, sentTo: maskEmail(entry.accountEmail) },
    });
    await enqueueMail(tx, {
      to: { address: entry.accountEmail, name: entry.organizationName, language: tenant.language },
      template: 'partnerIdCode',
      tenantId: actor.tenantId,
      data: { organization: entry.organizationName, partnerId, tenantName: tenant.name, code, minutes: PROOF_TTL_MS / 60_000 },
    });
    return { id: proof.id, partnerId, sentTo: maskEmail(entry.accountEmail), expiresAt: proof.expiresAt.toISOString() };
  });
}

export async function verifyPartnerIdLink(ctx: Ctx, proofId: string, code: string): Promise<Profile> {
  const actor = requirePartner(ctx);
  // A wrong code is counted even though the request fails: the count commits on its own.
  const outcome = await inTransaction(ctx, async (tx) => {
    const proof = await proofOf(tx, actor.tenantId, proofId);
    if (!proof) throw problems.notFound('partner ID link');
    if (proof.verifiedAt || proof.revokedAt || proof.attempts >= PROOF_ATTEMPTS || proof.expiresAt <= clock.now()) {
      throw problems.gone();
    }
    if (!safeEqual(proof.codeHash, sha256(`${proof.partnerId}:${code}`))) {
      await updateProof(tx, proof.id, { attempts: proof.attempts + 1 });
      return { ok: false as const, left: PROOF_ATTEMPTS - proof.attempts - 1 };
    }
    await updateProof(tx, proof.id, { verifiedAt: clock.now(), attempts: proof.attempts + 1 });
    return { ok: true as const, profile: await recordProvenPartnerId(tx, actor.tenantId, proof.partnerId) };
  });
  if (!outcome.ok) {
    throw new AppError(422, 'invalid_code', 'Wrong code', `The code does not match; ${outcome.left} attempt(s) left.`, {
      rule: 'R-ENR-1',
    });
  }
  return outcome.profile;
}

function partnerIdTaken(partnerId: string) {
  return problems.rule(
    'R-ENR-1',
    'partner_id_taken',
    'Partner ID already linked',
    `${partnerId} is already linked to another partner.`,
  );
}

async function assertPartnerIdFree(ctx: Ctx, partnerId: string, tenantId: string): Promise<void> {
  const holder = await holderOfPartnerId(ctx, partnerId);
  if (holder && holder !== tenantId) throw partnerIdTaken(partnerId);
}

/**
 * Sets a partner ID once it is proven the partner's own: by the mailed code, or by the
 * operator's own knowledge (the demo seed, a migration from another partner center).
 */
export async function recordProvenPartnerId(ctx: Ctx, tenantId: string, partnerId: string): Promise<Profile> {
  return inTransaction(ctx, async (tx) => {
    const now = clock.now();
    const entry = await registryEntry(tx, partnerId);
    if (!entry?.active) {
      throw problems.rule(
        'R-ENR-1',
        'partner_id_inactive',
        'Partner ID inactive',
        `The organization profile of ${partnerId} is not active.`,
      );
    }
    await assertPartnerIdFree(tx, partnerId, tenantId);
    const before = await profileOf(tx, tenantId, true);
    let after: ProfileRow;
    try {
      after = await updateProfileRow(tx, tenantId, { partnerId, partnerIdVerifiedAt: now, updatedAt: now });
    } catch (err) {
      // Another partner proved the same ID at the same moment.
      if (isUniqueViolation(err, 'partner_profiles_partner_id_key')) throw partnerIdTaken(partnerId);
      throw err;
    }
    await recordEvent(tx, {
      type: 'partner.partner_id_linked',
      tenantId,
      subjectType: 'partner_profile',
      subjectId: tenantId,
      before: { partnerId: before?.partnerIdVerifiedAt ? before.partnerId : null },
      after: { partnerId },
    });
    return toProfile(after);
  });
}

/** What a profile lacks for an enrollment; empty when complete. */
export async function missingProfileParts(ctx: Ctx, tenantId: string): Promise<{ profile: Profile; missing: string[] }> {
  const { profile } = await getProfile(ctx, tenantId);
  return { profile, missing: missingForEnrollment(profile) };
}

export async function capabilities(ctx: Ctx, tenantId: string): Promise<CapabilityRow[]> {
  return capabilitiesOf(ctx, tenantId);
}

/** The capabilities of many partners, in one query, by tenant (a tenant without any is absent). */
export async function capabilitiesByTenant(ctx: Ctx, tenantIds: string[]): Promise<Map<string, CapabilityRow[]>> {
  const byTenant = new Map<string, CapabilityRow[]>();
  for (const c of await capabilitiesOfMany(ctx, [...new Set(tenantIds)])) {
    byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c]);
  }
  return byTenant;
}

/** A page of the operator's list of partners (rows fetched by `pagePartners`), in two more queries. */
export async function partnerListItems(ctx: Ctx, rows: Awaited<ReturnType<typeof pagePartners>>) {
  const ids = rows.map((r) => r.id);
  const held = await capabilitiesByTenant(ctx, ids);
  const rowOfTenant = new Map((await profilesOf(ctx, ids)).map((row) => [row.tenantId, row]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    countryCode: r.countryCode,
    market: r.market,
    partnerId: rowOfTenant.get(r.id)?.partnerIdVerifiedAt ? rowOfTenant.get(r.id)!.partnerId : null,
    offboardingIdentifiedAt: rowOfTenant.get(r.id)?.offboardingIdentifiedAt?.toISOString() ?? null,
    capabilities: (held.get(r.id) ?? [])
      .sort((a, b) => a.capability.localeCompare(b.capability))
      .map((c) => ({ capability: c.capability, status: c.status, activatedAt: c.activatedAt?.toISOString() ?? null })),
    createdAt: r.createdAt.toISOString(),
  }));
}

export { pagePartners, type PartnerFilter };

/** One partner as the back office shows it: the list's columns, and its whole profile. */
export async function operatorPartner(ctx: Ctx, tenantId: string) {
  const [row] = await pagePartners(ctx, { id: tenantId }, undefined, 1);
  if (!row) throw problems.notFound('partner');
  const [item] = await partnerListItems(ctx, [row]);
  const profile = (await profilesOf(ctx, [tenantId]))[0];
  return {
    ...item!,
    profile: profile
      ? toProfile(profile)
      : { legalName: null, address: null, primaryContact: null, supportContact: null, partnerId: null },
  };
}

/** The profiles of many partners, in one query. */
export async function profiles(ctx: Ctx, tenantIds: string[]): Promise<Map<string, Profile>> {
  return new Map((await profilesOf(ctx, [...new Set(tenantIds)])).map((row) => [row.tenantId, toProfile(row)]));
}

/** Gives a tenant a capability, pending or active, inside the caller's transaction. */
export async function setCapability(ctx: Ctx, tenantId: string, capability: Capability, status: 'pending' | 'active') {
  const now = clock.now();
  const before = (await capabilitiesOf(ctx, tenantId)).find((c) => c.capability === capability);
  const after = await upsertCapability(ctx, {
    tenantId,
    capability,
    status,
    activatedAt: status === 'active' ? (before?.activatedAt ?? now) : null,
    createdAt: now,
    updatedAt: now,
  });
  await recordEvent(ctx, {
    type: status === 'active' ? 'partner.capability_activated' : 'partner.capability_granted',
    tenantId,
    subjectType: 'partner_capability',
    subjectId: `${tenantId}:${capability}`,
    before: before ?? null,
    after,
  });
  return after;
}

/** The operator's partner ID registry: add or change an entry. */
export async function putRegistryEntry(
  ctx: Ctx,
  entry: { partnerId: string; organizationName: string; countryCode: string; accountEmail: string; active: boolean },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await registryEntry(tx, entry.partnerId);
    const now = clock.now();
    const after = await upsertRegistryEntry(tx, {
      ...entry,
      accountEmail: entry.accountEmail.toLowerCase(),
      createdAt: now,
      updatedAt: now,
    });
    await recordEvent(tx, {
      type: before ? 'partner_id.updated' : 'partner_id.registered',
      tenantId: tx.actor?.tenantId ?? null,
      subjectType: 'partner_id',
      subjectId: entry.partnerId,
      before: before ?? null,
      after,
    });
    return after;
  });
}

/** R-TRN-1: the operator identifies a direct-bill partner for the move to indirect reseller. */
export async function identifyForOffboarding(ctx: Ctx, tenantId: string): Promise<ProfileRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await profileOf(tx, tenantId, true);
    if (!before) throw problems.notFound('partner');
    const held = await capabilitiesOf(tx, tenantId);
    if (!held.some((c) => c.capability === 'direct_bill' && c.status === 'active')) {
      throw problems.rule(
        'R-TRN-1',
        'not_direct_bill',
        'Not a direct-bill partner',
        'Only direct-bill partners are identified for offboarding.',
      );
    }
    if (before.offboardingIdentifiedAt) return before;
    const now = clock.now();
    const after = await updateProfileRow(tx, tenantId, { offboardingIdentifiedAt: now, updatedAt: now });
    await recordEvent(tx, {
      type: 'partner.identified_for_offboarding',
      tenantId,
      subjectType: 'partner_profile',
      subjectId: tenantId,
      before: { offboardingIdentifiedAt: null },
      after: { offboardingIdentifiedAt: now.toISOString() },
    });
    return after;
  });
}

export async function getRegistryEntry(ctx: Ctx, partnerId: string) {
  const entry = await registryEntry(ctx, partnerId);
  if (!entry) throw problems.notFound('partner ID');
  return entry;
}

/** Refuses the removal of a capability while something depends on it (an AppError), or lets it be. */
export type CapabilityGuard = (ctx: Ctx, tenantId: string, capability: Capability) => Promise<void>;
const capabilityGuards: CapabilityGuard[] = [];

/**
 * Lets another module refuse a partner's leaving a program: commerce registers the check that
 * direct bill is not given up while direct customers hold active subscriptions. Returns the
 * unregistering function.
 */
export function addCapabilityGuard(guard: CapabilityGuard): () => void {
  capabilityGuards.push(guard);
  return () => void capabilityGuards.splice(capabilityGuards.indexOf(guard), 1);
}

/**
 * A partner leaves a program. Never the indirect reseller one: the move to indirect has
 * no rollback, whoever asks, the operator included (R-TRN-4).
 */
export async function removeCapability(ctx: Ctx, tenantId: string, capability: Capability): Promise<void> {
  if (capability === 'indirect_reseller') {
    throw problems.conflict(
      'no_rollback',
      'The indirect reseller capability cannot be removed',
      'Once granted, the indirect reseller capability is permanent: the move from direct bill to indirect has no rollback.',
      { rule: 'R-TRN-4' },
    );
  }
  await inTransaction(ctx, async (tx) => {
    for (const guard of capabilityGuards) await guard(tx, tenantId, capability);
    const removed = await deleteCapability(tx, tenantId, capability);
    if (!removed) throw problems.notFound('capability');
    await recordEvent(tx, {
      type: 'partner.capability_removed',
      tenantId,
      subjectType: 'partner_capability',
      subjectId: `${tenantId}:${capability}`,
      before: removed,
    });
  });
}

/** Transitioned partners (R-TRN-7), with where their partner ID's account receives mail (R-INC-1). */
export async function transitionedPartners(ctx: Ctx, activatedBefore: Date) {
  const result: { tenantId: string; activatedAt: Date; accountEmail: string | null; organization: string | null }[] = [];
  for (const t of await transitionedBefore(ctx, activatedBefore)) {
    const profile = await profileOf(ctx, t.tenantId);
    const entry = profile?.partnerId && profile.partnerIdVerifiedAt ? await registryEntry(ctx, profile.partnerId) : undefined;
    result.push({ ...t, accountEmail: entry?.accountEmail ?? null, organization: entry?.organizationName ?? null });
  }
  return result;
}

/** The partner tenant that proved a partner ID its own, if any. */
export async function tenantOfPartnerId(ctx: Ctx, partnerId: string): Promise<string | undefined> {
  return holderOfPartnerId(ctx, partnerId);
}

/** Whether a tenant holds a capability, active. */
export async function holdsActive(ctx: Ctx, tenantId: string, capability: Capability): Promise<boolean> {
  return (await capabilitiesOf(ctx, tenantId)).some((c) => c.capability === capability && c.status === 'active');
}
