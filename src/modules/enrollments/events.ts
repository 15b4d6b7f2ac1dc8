import type { EventHandlers, EventRow } from '../../platform/events/dispatch.ts';
import type { Ctx } from '../../platform/context.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { getTenant } from '../tenants/service.ts';
import { enrollmentById } from './store.ts';

/** R-ENR-3: every status change is mailed to the enrollment's primary contact. */
function mailStatus(template: 'enrollmentUnderReview' | 'enrollmentApproved' | 'enrollmentRejected') {
  return async (ctx: Ctx, event: EventRow) => {
    const enrollment = await enrollmentById(ctx, event.tenantId, event.subjectId);
    if (!enrollment) return;
    const tenant = await getTenant(ctx, enrollment.tenantId);
    await enqueueMail(ctx, {
      to: { address: enrollment.primaryContactEmail, name: enrollment.primaryContactName, language: tenant.language },
      template,
      tenantId: tenant.id,
      eventId: event.id,
      data: {
        name: enrollment.primaryContactName,
        tenantName: tenant.name,
        program: enrollment.program,
        ...(enrollment.rejectionReason ? { reason: enrollment.rejectionReason } : {}),
        programInfoUrl: `${ctx.platform.config.publicUrl}/settings/program-info`,
      },
    });
  };
}

const underReview = mailStatus('enrollmentUnderReview');

export const enrollmentEventHandlers: EventHandlers = {
  'enrollment.email_verified': [underReview],
  // Submitted straight into review: the contact had confirmed before, or it is a transition.
  'enrollment.submitted': [
    async (ctx, event) => {
      if ((event.after as { status?: string } | null)?.status === 'pending_review') await underReview(ctx, event);
    },
  ],
  'enrollment.approved': [mailStatus('enrollmentApproved')],
  'enrollment.rejected': [mailStatus('enrollmentRejected')],
};
