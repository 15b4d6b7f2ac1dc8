import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems } from '../../platform/http/errors.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { capabilities, requirePartner, transitionedPartners } from '../partners/service.ts';
import { getSetting } from '../settings/service.ts';
import { getTenant } from '../tenants/service.ts';
import {
  enrollmentsOf,
  incentiveEnrollment,
  insertIncentiveEnrollment,
  insertInvitation,
  insertProgram,
  invitationsOf,
  programById,
  programs,
  type IncentiveProgramRow,
} from './store.ts';

export function publicProgram(p: IncentiveProgramRow) {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    description: p.description,
    active: p.active,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function createProgram(
  ctx: Ctx,
  input: { name: string; kind: IncentiveProgramRow['kind']; description?: string | undefined },
) {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await insertProgram(tx, {
      name: input.name,
      kind: input.kind,
      description: input.description ?? null,
      active: true,
      createdAt: clock.now(),
    });
    await recordEvent(tx, {
      type: 'incentive_program.created',
      tenantId: actor.tenantId,
      subjectType: 'incentive_program',
      subjectId: row.id,
      after: row,
    });
    return row;
  });
}

export async function allPrograms(ctx: Ctx) {
  return programs(ctx, false);
}

/** The active programs as the calling partner sees them: eligible, invited, enrolled. */
export async function programsForPartner(ctx: Ctx) {
  const { tenantId } = requirePartner(ctx);
  const [held, invited, enrolled, list] = [
    await capabilities(ctx, tenantId),
    await invitationsOf(ctx, tenantId),
    await enrollmentsOf(ctx, tenantId),
    await programs(ctx, true),
  ];
  return list.map((p) => ({
    ...publicProgram(p),
    eligible: held.some((c) => c.capability === p.kind && c.status === 'active'),
    invitedAt: invited.find((i) => i.programId === p.id)?.sentAt.toISOString() ?? null,
    enrolledAt: enrolled.find((e) => e.programId === p.id)?.createdAt.toISOString() ?? null,
  }));
}

export async function invitationsForPartner(ctx: Ctx) {
  const { tenantId } = requirePartner(ctx);
  return invitationsOf(ctx, tenantId);
}

/**
 * R-INC-1: each incentive program is enrolled in separately, by an incentive admin or a
 * global admin, and only by partners holding the capability it is for: direct-bill
 * programs stay open to a partner that moved to indirect (R-TRN-7).
 */
export async function enrollInProgram(ctx: Ctx, programId: string) {
  const actor = requirePartner(ctx);
  return inTransaction(ctx, async (tx) => {
    const program = await programById(tx, programId);
    if (!program || !program.active) throw problems.notFound('incentive program');
    const held = await capabilities(tx, actor.tenantId);
    if (!held.some((c) => c.capability === program.kind && c.status === 'active')) {
      throw problems.rule(
        'R-INC-1',
        'not_eligible',
        'Not eligible',
        `${program.name} is for partners with an active ${program.kind} capability.`,
      );
    }
    const row = await insertIncentiveEnrollment(tx, {
      tenantId: actor.tenantId,
      programId,
      enrolledBy: actor.userId,
      createdAt: clock.now(),
    });
    if (!row) {
      const existing = await incentiveEnrollment(tx, actor.tenantId, programId);
      throw problems.conflict(
        'already_enrolled',
        'Already enrolled',
        `Enrolled in ${program.name} on ${existing?.createdAt.toISOString()}.`,
      );
    }
    await recordEvent(tx, {
      type: 'incentive.enrolled',
      tenantId: actor.tenantId,
      subjectType: 'incentive_program',
      subjectId: programId,
      after: row,
    });
    return row;
  });
}

/**
 * R-TRN-7: the invitation to the indirect reseller incentive programs goes to the partner
 * ID's account e-mail, the operator-set number of days (at most 30) after the transition.
 */
export async function incentiveTimers(ctx: Ctx): Promise<void> {
  const open = (await programs(ctx, true)).filter((p) => p.kind === 'indirect_reseller');
  if (open.length === 0) return;
  const days = Math.min(30, await getSetting(ctx, 'incentiveInvitationAfterDays'));
  const cutoff = new Date(clock.now().getTime() - days * DAY_MS);
  for (const partner of await transitionedPartners(ctx, cutoff)) {
    if (!partner.accountEmail) continue;
    const tenant = await getTenant(ctx, partner.tenantId);
    for (const program of open) {
      await inTransaction(ctx, async (tx) => {
        const invitation = await insertInvitation(tx, {
          tenantId: partner.tenantId,
          programId: program.id,
          sentTo: partner.accountEmail!,
          sentAt: clock.now(),
        });
        if (!invitation) return; // sent before
        await recordEvent(tx, {
          type: 'incentive.invitation_sent',
          tenantId: partner.tenantId,
          subjectType: 'incentive_program',
          subjectId: program.id,
          after: invitation,
        });
        await enqueueMail(tx, {
          to: { address: partner.accountEmail!, name: partner.organization ?? tenant.name, language: tenant.language },
          template: 'incentiveInvitation',
          tenantId: partner.tenantId,
          data: {
            organization: partner.organization ?? tenant.name,
            programName: program.name,
            url: `${tx.platform.config.publicUrl}/incentives`,
          },
        });
      });
    }
  }
}
