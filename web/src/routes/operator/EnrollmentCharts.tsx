import { FunnelChart } from '@fluentui/react-charts';
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
import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnrollmentStats, type EnrollmentStats } from '../../api/operator';
import { Bars } from '../../components/charts/Bars';
import type { Slice } from '../../components/charts/slices';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  charts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
  // minWidth 0: the section narrows with the screen, and the funnel is drawn to its width.
  chart: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    flex: '1 1 360px',
    maxWidth: '520px',
    minWidth: 0,
  },
});

// Fluent's palette, as colours the chart's SVG takes (it takes no CSS variables).
const colors = { brand: '#0f6cbd', green: '#107c10', orange: '#bc4b09', grey: '#616161' };

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

/** The enrollments in review by deadline (R-TRN-2), coloured by urgency. */
function deadlineRows(stats: EnrollmentStats, t: (key: string) => string): Required<Slice>[] {
  return [
    { label: t('charts.deadlines.overdue'), value: stats.deadlines.overdue, tone: 'bad' },
    { label: t('charts.deadlines.soon'), value: stats.deadlines.soon, tone: 'warning' },
    { label: t('charts.deadlines.later'), value: stats.deadlines.later, tone: 'brand' },
    { label: t('charts.deadlines.none'), value: stats.deadlines.none, tone: 'neutral' },
  ];
}

/** The width of an element, followed as the screen changes, at most `max`: what the funnel is drawn to. */
function useWidth(max: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(max);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.min(max, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [max]);
  return { ref, width };
}

/** The numbers behind a chart, for screen readers and for anyone who wants them exact. */
function ChartTable({ label, header, rows }: { label: string; header: string; rows: { label: string; value: number }[] }) {
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
  const stats = useEnrollmentStats();
  if (stats.isPending) return <Spinner label={t('loading')} />;
  if (stats.error) return <ProblemBar error={stats.error} />;
  return <Charts stats={stats.data} />;
}

function Charts({ stats }: { stats: EnrollmentStats }) {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const { ref: funnelRef, width: funnelWidth } = useWidth(480);
  const funnel = funnelRows(stats, t);
  const deadlines = deadlineRows(stats, t);
  return (
    <div className={styles.charts}>
      <section className={styles.chart} aria-labelledby="funnel-title">
        <Title3 as="h2" id="funnel-title">
          {t('charts.funnel.title')}
        </Title3>
        <div inert ref={funnelRef}>
          <FunnelChart
            data={funnel.map((r) => ({ stage: r.label, value: r.value, color: r.color }))}
            width={funnelWidth}
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
          <Bars title={t('charts.deadlines.title')} bars={deadlines} />
        </div>
        <ChartTable label={t('charts.deadlines.title')} header={t('charts.deadlines.when')} rows={deadlines} />
      </section>
    </div>
  );
}
