import { DonutChart, GanttChart, VerticalBarChart, type ChartAnnotation } from '@fluentui/react-charts';
import type { Theme } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useThemeChoice } from '../../app/theme';
import type { Slice } from './slices';

/**
 * The console's charts, in their own chunk (loaded through ./lazy): Fluent's chart library is
 * large and no first page needs it. Colours come from the theme in force (light, dark or high
 * contrast) as values: SVG fill attributes do not resolve the CSS variables of `tokens`.
 */

function colourOf(theme: Theme, tone: Slice['tone']) {
  if (tone === 'good') return theme.colorPaletteGreenBorderActive;
  if (tone === 'bad') return theme.colorPaletteRedBorderActive;
  if (tone === 'warning') return theme.colorPaletteDarkOrangeBorderActive;
  if (tone === 'neutral') return theme.colorNeutralForeground3;
  return theme.colorBrandBackground;
}

/** Counts are whole: ticks at whole numbers (about five), so an axis never reads 0.5 customers. */
function wholeTicks(slices: Slice[]): number[] {
  const max = Math.max(1, ...slices.map((s) => s.value));
  const step = Math.ceil(max / 5);
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

export function Donut({ title, slices, total }: { title: string; slices: Slice[]; total: string }) {
  const { theme } = useThemeChoice();
  const { i18n } = useTranslation();
  return (
    <DonutChart
      data={{
        chartTitle: title,
        chartData: slices.map((s) => ({ legend: s.label, data: s.value, color: colourOf(theme, s.tone) })),
      }}
      innerRadius={50}
      height={220}
      valueInsideDonut={total}
      hideLabels
      culture={i18n.language}
    />
  );
}

export function Columns({ title, columns }: { title: string; columns: Slice[] }) {
  const { theme } = useThemeChoice();
  const { i18n } = useTranslation();
  return (
    <VerticalBarChart
      chartTitle={title}
      data={columns.map((c) => ({ x: c.label, y: c.value, legend: title, color: colourOf(theme, c.tone) }))}
      height={240}
      hideLegend
      culture={i18n.language}
      xAxisCategoryOrder="data"
      yAxisTickValues={wholeTicks(columns)}
    />
  );
}

export interface Span {
  label: string;
  start: Date;
  end: Date;
  active: boolean;
}

export function Timeline({ title, spans, today, todayLabel }: { title: string; spans: Span[]; today: Date; todayLabel: string }) {
  const { theme } = useThemeChoice();
  const { i18n } = useTranslation();
  const annotations: ChartAnnotation[] = spans.length
    ? [
        {
          id: 'today',
          text: todayLabel,
          coordinates: { type: 'data', x: today, y: spans[0]!.label },
          style: { textColor: theme.colorNeutralForeground1, borderColor: theme.colorPaletteRedBorderActive },
          connector: { strokeColor: theme.colorPaletteRedBorderActive, dashArray: '4 2' },
        },
      ]
    : [];
  return (
    <GanttChart
      chartTitle={title}
      data={spans.map((s) => ({
        x: { start: s.start, end: s.end },
        y: s.label,
        legend: s.label,
        color: s.active ? theme.colorBrandBackground : theme.colorNeutralStroke1,
      }))}
      height={Math.max(160, spans.length * 40 + 80)}
      hideLegend
      annotations={annotations}
      showYAxisLables
      culture={i18n.language}
    />
  );
}
