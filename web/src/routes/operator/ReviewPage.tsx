import {
  Button,
  Card,
  Checkbox,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Textarea,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useDecide, useReview, type Enrollment } from '../../api/operator';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { Form, Page } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { DueCell, StatusBadge } from './EnrollmentBadges';
import { Facts } from '../../components/Facts';
import { Contact } from '../../components/Email';
import { FieldAlert } from '../../components/FieldAlert';

const useStyles = makeStyles({
  decisions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  card: { maxWidth: '480px', flexGrow: 1 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

/** One enrollment: what the partner gave, its deadline, and the reviewer's decision (R-ENR-3, R-ENR-5). */
export default function ReviewPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('operator');
  const format = useFormat();
  const review = useReview(id);
  if (review.isPending) return <Spinner label={t('loading')} />;
  if (review.error) return <ProblemBar error={review.error} />;
  const e = review.data;
  return (
    <Page
      title={t('review.title', { name: e.partnerName, program: t(`programs.${e.program}`) })}
      actions={<AppLink to="/operator/enrollments">{t('review.back')}</AppLink>}
    >
      <Facts
        label={t('review.facts')}
        rows={[
          [t('reviews.columns.partner'), <AppLink to={`/operator/partners/${e.tenantId}`}>{e.partnerName}</AppLink>],
          [t('reviews.columns.program'), t(`programs.${e.program}`)],
          [t('reviews.columns.status'), <StatusBadge status={e.status} />],
          [t('review.transition'), t(e.transition ? 'review.yes' : 'review.no')],
          [t('reviews.columns.contact'), <Contact contact={e.primaryContact} />],
          [t('reviews.columns.submitted'), format.dateTime(e.createdAt)],
          [t('review.emailVerified'), format.dateTime(e.emailVerifiedAt)],
          ...(e.program === 'direct_bill'
            ? [[t('review.requirementsConfirmed'), format.dateTime(e.requirementsConfirmedAt)] as const]
            : []),
          [t('reviews.columns.due'), <DueCell enrollment={e} />],
          [t('review.decided'), format.dateTime(e.decidedAt)],
          ...(e.rejectionReason ? [[t('review.reason'), e.rejectionReason] as const] : []),
        ]}
      />
      <Decisions enrollment={e} />
    </Page>
  );
}

function Decisions({ enrollment: e }: { enrollment: Enrollment }) {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const me = useMe().data;
  const decide = useDecide(e.id);
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState({ apiIntegration: false, billing: false, support: false });
  if (!can(me, 'operator.review')) return null;
  if (e.status !== 'pending_review') {
    return (
      <MessageBar intent={e.status === 'approved' ? 'success' : 'info'}>
        <MessageBarBody>{t(`review.settled.${e.status}`)}</MessageBarBody>
      </MessageBar>
    );
  }
  const needsRequirements = e.program === 'direct_bill' && !e.requirementsConfirmedAt;
  return (
    <>
      <ProblemBar error={formProblem(decide.error)} />
      <div className={styles.decisions}>
        {needsRequirements && (
          <Card className={styles.card}>
            <Title3 as="h2">{t('review.requirements.title')}</Title3>
            <Form label={t('review.requirements.title')} onSubmit={() => decide.mutate({ kind: 'requirements' })}>
              {(['apiIntegration', 'billing', 'support'] as const).map((k) => (
                <Checkbox
                  key={k}
                  label={t(`review.requirements.${k}`)}
                  checked={checked[k]}
                  onChange={(_ev, d) => setChecked({ ...checked, [k]: Boolean(d.checked) })}
                />
              ))}
              <Button type="submit" disabled={decide.isPending || !Object.values(checked).every(Boolean)} appearance="primary">
                {t('review.requirements.confirm')}
              </Button>
            </Form>
          </Card>
        )}
        <Card className={styles.card}>
          <Title3 as="h2">{t('review.approve.title')}</Title3>
          <p>{t(needsRequirements ? 'review.approve.afterRequirements' : 'review.approve.detail')}</p>
          <div className={styles.row}>
            <Button
              appearance="primary"
              disabled={decide.isPending || needsRequirements}
              onClick={() => decide.mutate({ kind: 'approval' })}
            >
              {t('review.approve.submit')}
            </Button>
          </div>
        </Card>
        <Card className={styles.card}>
          <Title3 as="h2">{t('review.reject.title')}</Title3>
          <Form label={t('review.reject.title')} onSubmit={() => decide.mutate({ kind: 'rejection', reason: reason.trim() })}>
            <FieldAlert
              label={t('review.reject.reason')}
              hint={t('review.reject.hint')}
              required
              error={decide.error}
              path="/reason"
            >
              <Textarea value={reason} onChange={(_ev, d) => setReason(d.value)} maxLength={2000} resize="vertical" />
            </FieldAlert>
            <Button type="submit" disabled={decide.isPending || reason.trim().length === 0}>
              {t('review.reject.submit')}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  );
}
