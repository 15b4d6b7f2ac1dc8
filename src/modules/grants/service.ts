import { withExpiry } from '../../domain/expiry.ts';
import {
  grantProblems,
  grantStillJustified,
  nextGrantCheck,
  type GrantBasis,
  type GrantEndReason,
  type GrantProblem,
  type GrantShape,
} from '../../domain/grants.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems, type FieldError } from '../../platform/http/errors.ts';
import { getSetting, type DefaultGrant } from '../settings/service.ts';
import { tenantNames } from '../tenants/service.ts';
import { grantById, insertGrant, liveGranteesOf, liveGrantsOf, updateGrant, type GrantRow } from './store.ts';

export type { GrantRow };

export function grantStatus(g: GrantRow): 'active' | 'ended' | 'expired' {
  return withExpiry(g.status, 'active', g.endsAt, clock.now());
}

export function publicGrant(g: GrantRow) {
  return {
    id: g.id,
    grantorId: g.grantorId,
    granteeId: g.granteeId,
    roles: g.roles,
    startsAt: g.startsAt.toISOString(),
    endsAt: g.endsAt.toISOString(),
    autoExtend: g.autoExtend,
    status: grantStatus(g),
    source: g.source,
    endedAt: g.endedAt?.toISOString() ?? null,
    endedReason: (g.endedReason as GrantEndReason | null) ?? null,
  };
}

/**
 * The refusal for a grant shape's problems, naming the first rule broken: what R-GRT-1 bounds
 * (catalog roles, at least one, 1 to 730 days) is bad input, 400 with its code and rule;
 * auto-extension with global admin (R-GRT-2) is a business refusal, 422.
 */
export function grantShapeError(
  found: readonly GrantProblem[],
  title = 'The grant is not allowed',
  errors?: FieldError[],
): AppError | undefined {
  const first = found[0];
  if (!first) return undefined;
  const detail = found.map((p) => p.detail).join(' ');
  const fields = errors ? { errors } : {};
  return first.rule === 'R-GRT-1'
    ? new AppError(400, first.code, title, detail, { rule: first.rule, ...fields })
    : problems.rule(first.rule, first.code, title, detail, fields);
}

/** Refuses a grant shape that breaks R-GRT-1 (400) or R-GRT-2 (422). */
export async function assertGrantShape(ctx: Ctx, shape: GrantShape): Promise<void> {
  const refusal = grantShapeError(grantProblems(shape, await getSetting(ctx, 'adminRoleCatalog')));
  if (refusal) throw refusal;
}

/** Creates a grant in the caller's transaction (an acceptance's default, later a request's). */
export async function createGrant(
  ctx: Ctx,
  input: { grantorId: string; granteeId: string; source: string } & GrantShape,
): Promise<GrantRow> {
  await assertGrantShape(ctx, input);
  return inTransaction(ctx, async (tx) => {
    const now = clock.now();
    const endsAt = new Date(now.getTime() + input.days * DAY_MS);
    const grant = await insertGrant(tx, {
      grantorId: input.grantorId,
      granteeId: input.granteeId,
      roles: input.roles,
      startsAt: now,
      endsAt,
      autoExtend: input.autoExtend,
      nextNoticeAt: nextGrantCheck({ endsAt, roles: input.roles, autoExtend: input.autoExtend, lastNoticeDays: null }),
      lastNoticeDays: null,
      status: 'active',
      source: input.source,
      createdAt: now,
      updatedAt: now,
    });
    for (const tenantId of [grant.grantorId, grant.granteeId]) {
      await recordEvent(tx, {
        type: 'admin_grant.created',
        tenantId,
        subjectType: 'admin_grant',
        subjectId: grant.id,
        after: grant,
      });
    }
    return grant;
  });
}

/**
 * The default grant a new relationship gives its reseller of record, by the partner's type
 * (R-CUS-1: a direct-bill partner, or an indirect reseller), or a partnership its provider (R-PRT-3).
 */
export async function createDefaultGrant(ctx: Ctx, kind: DefaultGrantKind, grantorId: string, granteeId: string) {
  const shape = await defaultGrantShape(ctx, kind);
  const source = kind === 'providerOnReseller' ? kind : 'resellerOfRecord';
  return createGrant(ctx, { grantorId, granteeId, source, ...shape });
}

export type DefaultGrantKind = 'direct_partner' | 'indirect_reseller' | 'providerOnReseller';

/** The shape of the default grant of this kind as the operator's settings say it now: what accepting would give. */
export async function defaultGrantShape(ctx: Ctx, kind: DefaultGrantKind): Promise<DefaultGrant> {
  const defaults = await getSetting(ctx, 'defaultGrants');
  return kind === 'providerOnReseller'
    ? defaults.providerOnReseller
    : kind === 'indirect_reseller'
      ? (defaults.indirectReseller ?? defaults.resellerOfRecord)
      : defaults.resellerOfRecord;
}

/** Only the grantor's own admins change a grant; the grantee only reads it. Others: 404. */
async function grantOfGrantor(ctx: Ctx, id: string): Promise<GrantRow> {
  const actor = requireActor(ctx);
  const grant = await grantById(ctx, id, true);
  if (!grant || (grant.grantorId !== actor.tenantId && grant.granteeId !== actor.tenantId)) throw problems.notFound('grant');
  if (grant.grantorId !== actor.tenantId) throw problems.forbidden('Only the tenant that gave a grant narrows or ends it.');
  if (grantStatus(grant) !== 'active')
    throw new AppError(409, 'grant_not_active', 'Not active', `This grant is ${grantStatus(grant)}.`);
  return grant;
}

/** The grantor narrows a grant to fewer roles, at once (R-GRT-3 applies from the next request). */
export async function narrowGrant(ctx: Ctx, id: string, roles: string[]): Promise<GrantRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await grantOfGrantor(tx, id);
    const wider = roles.filter((r) => !before.roles.includes(r));
    if (wider.length > 0) {
      throw problems.rule(
        'R-GRT-1',
        'grant_widening',
        'Narrowing only',
        `Roles can only be taken away here; ${wider.join(', ')} would widen the grant.`,
      );
    }
    const after = await updateGrant(tx, id, { roles, updatedAt: clock.now() });
    for (const tenantId of [after.grantorId, after.granteeId]) {
      await recordEvent(tx, { type: 'admin_grant.narrowed', tenantId, subjectType: 'admin_grant', subjectId: id, before, after });
    }
    return after;
  });
}

/** Ends a grant at once, on both tenants' trails; the partner's admins are mailed (events.ts). */
async function closeGrant(tx: Ctx, before: GrantRow, reason: GrantEndReason): Promise<GrantRow> {
  const now = clock.now();
  const after = await updateGrant(tx, before.id, {
    status: 'ended',
    endedAt: now,
    endedBy: tx.actor?.userId ?? null,
    endedReason: reason,
    updatedAt: now,
  });
  for (const tenantId of [after.grantorId, after.granteeId]) {
    await recordEvent(tx, {
      type: 'admin_grant.ended',
      tenantId,
      subjectType: 'admin_grant',
      subjectId: before.id,
      before,
      after,
    });
  }
  return after;
}

export async function endGrant(ctx: Ctx, id: string): Promise<GrantRow> {
  requireActor(ctx);
  return inTransaction(ctx, async (tx) => closeGrant(tx, await grantOfGrantor(tx, id), 'grantor'));
}

/**
 * A relationship or partnership between a partner and a grantor has ended (R-CUS-1, R-PRT-6):
 * in the caller's transaction, the partner's live grants from that grantor that nothing left
 * between them justifies (`basis`) end too, as if the grantor had ended them. Returns them.
 */
export async function endGrantsLeftWithoutBasis(
  ctx: Ctx,
  granteeId: string,
  grantorId: string,
  basis: GrantBasis,
  reason: Exclude<GrantEndReason, 'grantor'>,
): Promise<GrantRow[]> {
  return inTransaction(ctx, async (tx) => {
    const ended: GrantRow[] = [];
    for (const live of await liveGrantsOf(tx, granteeId, grantorId, clock.now())) {
      if (grantStillJustified(live.source, basis)) continue;
      const locked = await grantById(tx, live.id, true);
      if (locked?.status === 'active') ended.push(await closeGrant(tx, locked, reason));
    }
    return ended;
  });
}

/** Grants as lists show them: with the names of both sides beside their ids. */
export async function withNames(ctx: Ctx, page: { items: ReturnType<typeof publicGrant>[]; nextCursor: string | null }) {
  const names = await tenantNames(
    ctx,
    page.items.flatMap((g) => [g.grantorId, g.granteeId]),
  );
  return {
    items: page.items.map((g) => ({
      ...g,
      grantorName: names.get(g.grantorId) ?? '',
      granteeName: names.get(g.granteeId) ?? '',
    })),
    nextCursor: page.nextCursor,
  };
}

/** A grant by id, or undefined: for modules that check a grant before acting on it (grant requests). */
export async function findGrant(ctx: Ctx, id: string): Promise<GrantRow | undefined> {
  return grantById(ctx, id);
}

/**
 * A grant request approved on a held grant (R-GRT-1): the grant takes the approved roles and
 * runs `days` from now; the expiry schedule starts over for the new end (no notice sent yet).
 */
export async function widenGrant(ctx: Ctx, id: string, shape: GrantShape): Promise<GrantRow> {
  await assertGrantShape(ctx, shape);
  return inTransaction(ctx, async (tx) => {
    const before = await grantById(tx, id, true);
    if (!before) throw problems.notFound('grant');
    if (grantStatus(before) !== 'active')
      throw new AppError(409, 'grant_not_active', 'Not active', `This grant is ${grantStatus(before)}.`);
    const now = clock.now();
    const endsAt = new Date(now.getTime() + shape.days * DAY_MS);
    const after = await updateGrant(tx, id, {
      roles: shape.roles,
      endsAt,
      autoExtend: shape.autoExtend,
      lastNoticeDays: null,
      nextNoticeAt: nextGrantCheck({ endsAt, roles: shape.roles, autoExtend: shape.autoExtend, lastNoticeDays: null }),
      updatedAt: now,
    });
    for (const tenantId of [after.grantorId, after.granteeId]) {
      await recordEvent(tx, { type: 'admin_grant.widened', tenantId, subjectType: 'admin_grant', subjectId: id, before, after });
    }
    return after;
  });
}

/** Which of these partners hold a grant of the grantor in force now, in one query. */
export async function granteesWithLiveGrants(ctx: Ctx, grantorId: string, granteeIds: string[]): Promise<Set<string>> {
  return new Set(await liveGranteesOf(ctx, grantorId, [...new Set(granteeIds)], clock.now()));
}

/** The grants a partner holds on a tenant that are in force now, oldest first. */
export async function liveGrantsHeld(ctx: Ctx, granteeId: string, grantorId: string): Promise<GrantRow[]> {
  return liveGrantsOf(ctx, granteeId, grantorId, clock.now());
}
