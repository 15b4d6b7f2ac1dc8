import { Badge, makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useEnrollment, type Enrollment } from '../../api/enrollments';
import { AppLink } from '../../components/AppLink';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { Contact } from '../../components/Email';

const useStyles = makeStyles({
  summary: { margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL },
});

const color: Record<Enrollment['status'], 'warning' | 'informative' | 'success' | 'danger' | 'subtle'> = {
  pending_verification: 'warning',
  pending_review: 'informative',
  approved: 'success',
  rejected: 'danger',
  ended: 'subtle',
};

/** Where an enrollment stands (R-ENR-2, R-ENR-3, R-TRN-2), and what comes next. */
export default function EnrollmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('enroll');
  const styles = useStyles();
  const format = useFormat();
  const enrollment = useEnrollment(id);
  if (enrollment.isPending) return <Spinner label={t('loading')} />;
  if (enrollment.error) {
    return (
      <Page title={t('status.title')}>
        <ProblemBar error={enrollment.error} />
      </Page>
    );
  }
  const e = enrollment.data;
  const next =
    e.status === 'pending_review' && e.transition
      ? t('status.next.transition', { date: format.date(e.reviewDueAt) })
      : t(`status.next.${e.status}`, { email: e.primaryContact.email, reason: e.rejectionReason ?? '' });
  return (
    <Page title={t('status.title')} intro={t(`programs.${e.program}`)}>
      <MessageBar intent={e.status === 'rejected' ? 'error' : e.status === 'approved' ? 'success' : 'info'} layout="multiline">
        <MessageBarBody>{next}</MessageBarBody>
      </MessageBar>
      <dl className={styles.summary}>
        <dt>{t('status.status')}</dt>
        <dd>
          <Badge color={color[e.status]} data-testid="enrollment-status">
            {t(`status.values.${e.status}`)}
          </Badge>
          {e.overdue && ` ${t('status.overdue')}`}
        </dd>
        <dt>{t('status.submitted')}</dt>
        <dd>{format.dateTime(e.createdAt)}</dd>
        <dt>{t('contacts.primary')}</dt>
        <dd>
          <Contact contact={e.primaryContact} />
        </dd>
        {e.transition && (
          <>
            <dt>{t('status.reviewDue')}</dt>
            <dd>{format.date(e.reviewDueAt)}</dd>
          </>
        )}
        {e.decidedAt && (
          <>
            <dt>{t('status.decided')}</dt>
            <dd>{format.dateTime(e.decidedAt)}</dd>
          </>
        )}
      </dl>
      <div>
        <AppLink to="/">{t('status.overview')}</AppLink>
      </div>
    </Page>
  );
}
