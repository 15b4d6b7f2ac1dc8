import { businessDaysBetween } from '../../domain/calendar.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { getSetting } from '../settings/service.ts';
import { findOperatorTenant, getTenant } from '../tenants/service.ts';
import { usersWithRoles } from '../users/service.ts';
import { enrollmentById, transitionsAwaitingTimers, updateEnrollmentRow } from './store.ts';

/**
 * R-TRN-2 deadlines, run by the worker every minute (and by tests after moving the clock):
 * reviewers are mailed when one business day is left; a missed deadline is recorded. Each
 * enrollment is decided on under its row lock, as it is then: two runs at once (two worker
 * processes) do each thing once.
 */
export async function enrollmentTimers(ctx: Ctx): Promise<void> {
  const due = await transitionsAwaitingTimers(ctx);
  if (due.length === 0) return;
  const holidays = new Set(await getSetting(ctx, 'holidays'));
  const operator = await findOperatorTenant(ctx);
  for (const candidate of due) {
    const now = clock.now();
    await inTransaction(ctx, async (tx) => {
      const e = await enrollmentById(tx, null, candidate.id, true);
      if (!e || e.status !== 'pending_review' || !e.reviewDueAt) return;
      const deadline = e.reviewDueAt;
      if (deadline <= now && !e.overdueRecordedAt) {
        const after = await updateEnrollmentRow(tx, e.id, { overdueRecordedAt: now, reminderSentAt: e.reminderSentAt ?? now });
        await recordEvent(tx, {
          type: 'enrollment.review_overdue',
          tenantId: e.tenantId,
          subjectType: 'enrollment',
          subjectId: e.id,
          before: e,
          after,
        });
      } else if (deadline > now && !e.reminderSentAt && businessDaysBetween(now, deadline, holidays) <= 1) {
        const after = await updateEnrollmentRow(tx, e.id, { reminderSentAt: now });
        await recordEvent(tx, {
          type: 'enrollment.review_reminder_sent',
          tenantId: e.tenantId,
          subjectType: 'enrollment',
          subjectId: e.id,
          before: e,
          after,
        });
        if (!operator) return;
        const tenant = await getTenant(tx, e.tenantId);
        for (const reviewer of await usersWithRoles(tx, operator.id, ['reviewer', 'operator_admin'])) {
          await enqueueMailTo(tx, reviewer, 'reviewDeadlineReminder', {
            name: reviewer.name,
            tenantName: tenant.name,
            dueAt: deadline.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
            queueUrl: `${tx.platform.config.publicUrl}/operator/enrollments?status=pending_review`,
          });
        }
      }
    });
  }
}
