import { Badge, Dropdown, Field, makeStyles, Option, Spinner, tokens } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { enrollmentStatuses, programs, useReviewQueue, type Enrollment, type QueueFilters } from '../../api/operator';
import { AppLink } from '../../components/AppLink';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import { DueCell, StatusBadge } from './EnrollmentBadges';
import { FilterDropdown } from '../../components/FilterDropdown';
import { Contact } from '../../components/Email';

// The chart library is large: it arrives after the queue, which is what a reviewer opens the page for.
const EnrollmentCharts = lazy(() => import('./EnrollmentCharts'));

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
});

/**
 * The review queue, oldest first (R-ENR-3): in review by default, each with its deadline and
 * an overdue flag once a transition's deadline passed (R-TRN-2). A row opens its decision.
 */
export default function ReviewsPage() {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'pending_review') as QueueFilters['status'] | 'all';
  const program = params.get('program') as QueueFilters['program'] | null;
  const list = useReviewQueue({
    ...(status !== 'all' ? { status } : {}),
    ...(program ? { program } : {}),
  });
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const columns: Column<Enrollment>[] = [
    {
      key: 'partner',
      header: t('reviews.columns.partner'),
      cell: (e) => <AppLink to={`/operator/enrollments/${e.id}`}>{e.partnerName}</AppLink>,
    },
    {
      key: 'program',
      header: t('reviews.columns.program'),
      cell: (e) => (
        <>
          {t(`programs.${e.program}`)} {e.transition && <Badge appearance="outline">{t('reviews.transition')}</Badge>}
        </>
      ),
    },
    { key: 'status', header: t('reviews.columns.status'), cell: (e) => <StatusBadge status={e.status} /> },
    {
      key: 'contact',
      header: t('reviews.columns.contact'),
      cell: (e) => <Contact contact={e.primaryContact} />,
    },
    { key: 'submitted', header: t('reviews.columns.submitted'), cell: (e) => format.date(e.createdAt) },
    { key: 'due', header: t('reviews.columns.due'), cell: (e) => <DueCell enrollment={e} /> },
  ];

  return (
    <Page title={t('reviews.title')} intro={t('reviews.intro')}>
      <div className={styles.filters} role="search" aria-label={t('reviews.filters.label')}>
        <Field label={t('reviews.filters.status')}>
          <Dropdown
            value={status === 'all' ? t('reviews.filters.all') : t(`status.${status}`)}
            selectedOptions={[status ?? 'all']}
            onOptionSelect={(_e, d) => setParam('status', d.optionValue === 'pending_review' ? null : (d.optionValue ?? null))}
          >
            <Option value="all">{t('reviews.filters.all')}</Option>
            {enrollmentStatuses.map((s) => (
              <Option key={s} value={s}>
                {t(`status.${s}`)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <FilterDropdown
          label={t('reviews.filters.program')}
          value={program}
          options={programs}
          anyLabel={t('reviews.filters.allPrograms')}
          labelOf={(p) => t(`programs.${p}`)}
          onChange={(v) => setParam('program', v)}
        />
      </div>
      <ListTable
        label={t('reviews.title')}
        list={list}
        columns={columns}
        rowKey={(e) => e.id}
        empty={t('reviews.empty')}
        loading={t('loading')}
      />
      <Suspense fallback={<Spinner label={t('loading')} />}>
        <EnrollmentCharts />
      </Suspense>
    </Page>
  );
}
