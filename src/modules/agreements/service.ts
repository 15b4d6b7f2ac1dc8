import { clock } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import { capabilities, setCapability } from '../partners/service.ts';
import {
  acceptanceOf,
  acceptedAmong,
  agreementVersions,
  currentAgreement,
  insertAcceptance,
  insertAgreement,
  type AcceptanceRow,
  type AgreementRow,
  type AgreementType,
} from './store.ts';

export type { AgreementType };

/** Path segments of API.md (`partner-agreement`) and the stored types (`partner_agreement`). */
export const agreementSlugs = {
  'partner-agreement': 'partner_agreement',
  'indirect-reseller-agreement': 'indirect_reseller_agreement',
  'customer-agreement': 'customer_agreement',
} as const satisfies Record<string, AgreementType>;
export type AgreementSlug = keyof typeof agreementSlugs;

/** Which kind of tenant accepts which agreement. */
const acceptedBy: Record<AgreementType, 'partner' | 'customer'> = {
  partner_agreement: 'partner',
  indirect_reseller_agreement: 'partner',
  customer_agreement: 'customer',
};

export function publicAgreement(a: AgreementRow) {
  return {
    id: a.id,
    type: a.type,
    version: a.version,
    title: a.title,
    body: a.body,
    url: a.url,
    effectiveAt: a.effectiveAt.toISOString(),
    createdAt: a.createdAt.toISOString(),
  };
}

export interface NewAgreement {
  type: AgreementType;
  version: string;
  title: string;
  body?: string | undefined;
  url?: string | undefined;
  effectiveAt: string;
}

export async function publishAgreement(ctx: Ctx, input: NewAgreement): Promise<AgreementRow> {
  const actor = requireActor(ctx);
  if (!input.body && !input.url) throw problems.invalid('Give the text of the agreement (body), a link to it (url), or both.');
  return inTransaction(ctx, async (tx) => {
    const row = await insertAgreement(tx, {
      type: input.type,
      version: input.version,
      title: input.title,
      body: input.body ?? null,
      url: input.url ?? null,
      effectiveAt: new Date(input.effectiveAt),
      publishedBy: actor.userId,
      createdAt: clock.now(),
    });
    if (!row)
      throw problems.conflict('version_exists', 'Version exists', `${input.type} version ${input.version} is published already.`);
    await recordEvent(tx, {
      type: 'agreement.published',
      tenantId: actor.tenantId,
      subjectType: 'agreement',
      subjectId: row.id,
      after: row,
    });
    return row;
  });
}

export async function listVersions(ctx: Ctx, type: AgreementType): Promise<AgreementRow[]> {
  return agreementVersions(ctx, type);
}

/** The version in effect now, and whether the caller's tenant accepted it. */
export async function currentFor(ctx: Ctx, type: AgreementType) {
  const actor = requireActor(ctx);
  const current = await currentAgreement(ctx, type, clock.now());
  if (!current) throw problems.notFound(`published ${type}`);
  const acceptance = await acceptanceOf(ctx, actor.tenantId, current.id);
  return { agreement: current, acceptance };
}

/** Whether a tenant accepted the version in effect now; true when none is published. */
export async function hasAcceptedCurrent(
  ctx: Ctx,
  tenantId: string,
  type: AgreementType,
): Promise<{ accepted: boolean; current?: AgreementRow }> {
  const current = await currentAgreement(ctx, type, clock.now());
  if (!current) return { accepted: true };
  return { accepted: Boolean(await acceptanceOf(ctx, tenantId, current.id)), current };
}

/** hasAcceptedCurrent for many tenants in two queries: whether each accepted the version in effect. */
export async function acceptedCurrentBy(
  ctx: Ctx,
  tenantIds: string[],
  type: AgreementType,
): Promise<(tenantId: string) => boolean> {
  const current = await currentAgreement(ctx, type, clock.now());
  if (!current) return () => true;
  const accepted = new Set(await acceptedAmong(ctx, [...new Set(tenantIds)], current.id));
  return (tenantId) => accepted.has(tenantId);
}

/**
 * A global admin accepts the current version for its tenant, recording user, version and
 * time. Accepting the indirect reseller agreement turns an approved, pending indirect
 * reseller capability on (R-TRN-3).
 */
export async function acceptAgreement(ctx: Ctx, type: AgreementType, version: string): Promise<AcceptanceRow> {
  const actor = requireActor(ctx);
  if (actor.tenantKind !== acceptedBy[type]) {
    throw problems.forbidden(`The ${type.replaceAll('_', ' ')} is accepted by ${acceptedBy[type]} tenants.`);
  }
  return inTransaction(ctx, async (tx) => {
    const current = await currentAgreement(tx, type, clock.now());
    if (!current) throw problems.notFound(`published ${type}`);
    if (current.version !== version) {
      throw new AppError(
        409,
        'not_current_version',
        'Not the current version',
        `The current ${type} is version ${current.version}; read and accept that one.`,
      );
    }
    const reseller = (await capabilities(tx, actor.tenantId)).find((c) => c.capability === 'indirect_reseller');
    if (type === 'indirect_reseller_agreement') {
      if (!reseller) {
        throw problems.rule(
          'R-TRN-3',
          'not_approved_reseller',
          'No approved indirect reseller enrollment',
          'The indirect reseller agreement is accepted once an indirect reseller enrollment is approved.',
        );
      }
    }
    const existing = await acceptanceOf(tx, actor.tenantId, current.id);
    if (existing) return existing;
    const acceptance = await insertAcceptance(tx, {
      tenantId: actor.tenantId,
      agreementId: current.id,
      userId: actor.userId,
      acceptedAt: clock.now(),
    });
    // A concurrent acceptance by another admin of the tenant got there first: one is enough.
    if (!acceptance) return (await acceptanceOf(tx, actor.tenantId, current.id))!;
    await recordEvent(tx, {
      type: 'agreement.accepted',
      tenantId: actor.tenantId,
      subjectType: 'agreement',
      subjectId: current.id,
      after: { type, version, userId: actor.userId, acceptedAt: acceptance.acceptedAt.toISOString() },
    });
    if (type === 'indirect_reseller_agreement' && reseller?.status === 'pending') {
      await setCapability(tx, actor.tenantId, 'indirect_reseller', 'active');
    }
    return acceptance;
  });
}
