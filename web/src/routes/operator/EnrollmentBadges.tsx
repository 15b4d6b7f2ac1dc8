import { Badge } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Enrollment, EnrollmentStatus } from '../../api/operator';
import { useFormat } from '../../i18n/format';

const colors: Record<EnrollmentStatus, 'informative' | 'warning' | 'success' | 'danger' | 'subtle'> = {
  pending_verification: 'informative',
  pending_review: 'warning',
  approved: 'success',
  rejected: 'danger',
  ended: 'subtle',
};

export function StatusBadge({ status }: { status: EnrollmentStatus }) {
  const { t } = useTranslation('operator');
  return <Badge color={colors[status]}>{t(`status.${status}`)}</Badge>;
}

/** The review deadline (R-TRN-2), with the overdue flag in words, not in colour alone. */
export function DueCell({ enrollment: e }: { enrollment: Enrollment }) {
  const { t } = useTranslation('operator');
  const format = useFormat();
  if (!e.reviewDueAt) return <>{t('reviews.noDeadline')}</>;
  return (
    <>
      {format.date(e.reviewDueAt)}{' '}
      {e.overdue ? (
        <Badge color="danger">{t('reviews.overdue')}</Badge>
      ) : (
        e.status === 'pending_review' && <span>({format.relative(e.reviewDueAt)})</span>
      )}
    </>
  );
}
