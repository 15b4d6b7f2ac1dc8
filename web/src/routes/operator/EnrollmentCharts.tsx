import { FunnelChart, VerticalBarChart } from '@fluentui/react-charts';
import {
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useEnrollmentStats, type EnrollmentStats } from '../../api/operator';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  charts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
  // minWidth 0 and overflow: a chart drawn 480 px wide scrolls inside its section on a phone.
  chart: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    flex: '1 1 360px',
    maxWidth: '520px',
    minWidth: 0,
    overflowX: 'auto',
  },
});

// Fluent's palette, as colours the chart's SVG takes (it takes no CSS variables).
const colors = { brand: '#0f6cbd', green: '#107c10', orange: '#bc4b09', red: '#c50f1f', grey: '#616161' };

type Row = { label: string; value: number; color: string };

/** The funnel: submitted, confirmed by the primary contact, decided, approved. */
function funnelRows(stats: EnrollmentStats, t: (key: string) => string): Row[] {
  const total = (statuses: string[]) =>
    stats.funnel.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.count, 0);
  return [
    {
      label: t('charts.funnel.submitted'),
      value: total(['pending_verification', 'pending_review', 'approved', 'rejected', 'ended']),
      color: colors.grey,
    },
    {
      label: t('charts.funnel.confirmed'),
      value: total(['pending_review', 'approved', 'rejected', 'ended']),
      color: colors.brand,
    },
    { label: t('charts.funnel.decided'), value: total(['approved', 'rejected', 'ended']), color: colors.orange },
    { label: t('charts.funnel.approved'), value: total(['approved', 'ended']), color: colors.green },
  ];
}

function deadlineRows(stats: EnrollmentStats, t: (key: string) => string): Row[] {
  return [
    { label: t('charts.deadlines.overdue'), value: stats.deadlines.overdue, color: colors.red },
    { label: t('charts.deadlines.soon'), value: stats.deadlines.soon, color: colors.orange },
    { label: t('charts.deadlines.later'), value: stats.deadlines.later, color: colors.brand },
    { label: t('charts.deadlines.none'), value: stats.deadlines.none, color: colors.grey },
  ];
}

/** The numbers behind a chart, for screen readers and for anyone who wants them exact. */
function ChartTable({ label, header, rows }: { label: string; header: string; rows: Row[] }) {
  const { t } = useTranslation('operator');
  const format = useFormat();
  return (
    <Table size="extra-small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{header}</TableHeaderCell>
          <TableHeaderCell>{t('charts.count')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.label}>
            <TableCell>{r.label}</TableCell>
            <TableCell>{format.number(r.value)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The enrollment funnel and the review deadlines ahead (R-TRN-2), each drawn and then given
 * as a table. The drawing is inert (out of the tab order and of the accessibility tree): the
 * table below it says the same to everyone. Loaded apart from the queue: the chart library is large and the queue comes first.
 */
export default function EnrollmentCharts() {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const stats = useEnrollmentStats();
  if (stats.isPending) return <Spinner label={t('loading')} />;
  if (stats.error) return <ProblemBar error={stats.error} />;
  const funnel = funnelRows(stats.data, t);
  const deadlines = deadlineRows(stats.data, t);
  return (
    <div className={styles.charts}>
      <section className={styles.chart} aria-labelledby="funnel-title">
        <Title3 as="h2" id="funnel-title">
          {t('charts.funnel.title')}
        </Title3>
        <div inert>
          <FunnelChart
            data={funnel.map((r) => ({ stage: r.label, value: r.value, color: r.color }))}
            width={480}
            height={240}
            hideLegend
          />
        </div>
        <ChartTable label={t('charts.funnel.title')} header={t('charts.funnel.stage')} rows={funnel} />
      </section>
      <section className={styles.chart} aria-labelledby="deadlines-title">
        <Title3 as="h2" id="deadlines-title">
          {t('charts.deadlines.title')}
        </Title3>
        <div inert>
          <VerticalBarChart
            data={deadlines.map((r) => ({ x: r.label, y: r.value, color: r.color, legend: r.label }))}
            width={480}
            height={240}
            hideLegend
            barWidth={40}
          />
        </div>
        <ChartTable label={t('charts.deadlines.title')} header={t('charts.deadlines.when')} rows={deadlines} />
      </section>
    </div>
  );
}
