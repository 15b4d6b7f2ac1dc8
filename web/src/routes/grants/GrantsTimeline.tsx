import { useTranslation } from 'react-i18next';
import type { Grant } from '../../api/grants';
import { ChartFigure } from '../../components/ChartFigure';
import { Timeline } from '../../components/charts/lazy';
import { useFormat } from '../../i18n/format';

/** The grants a tenant gave, each from its start to its end (or the day it ended early), today marked. */
export function GrantsTimeline({ grants }: { grants: Grant[] }) {
  const { t } = useTranslation('grants');
  const format = useFormat();
  if (grants.length === 0) return null;
  const seen = new Map<string, number>();
  const spans = grants.map((g) => {
    // Two grants to one partner need two rows: the chart's rows are its labels.
    const n = (seen.get(g.granteeName) ?? 0) + 1;
    seen.set(g.granteeName, n);
    const label = n === 1 ? g.granteeName : `${g.granteeName} (${n})`;
    return { id: g.id, label, start: new Date(g.startsAt), end: new Date(g.endedAt ?? g.endsAt), active: g.status === 'active' };
  });
  return (
    <ChartFigure
      title={t('timeline.title')}
      table={{
        columns: [t('timeline.grantColumn'), t('timeline.periodColumn')],
        rows: spans.map((s) => ({
          key: s.id,
          cells: [s.label, t('timeline.period', { start: format.date(s.start), end: format.date(s.end) })],
        })),
      }}
    >
      <Timeline title={t('timeline.title')} spans={spans} today={new Date()} todayLabel={t('timeline.today')} />
    </ChartFigure>
  );
}
