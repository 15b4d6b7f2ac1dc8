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

/** The widest a timeline's row labels may be: past it a label ends in "…" (the table behind the chart has it whole). */
const LABEL_MAX = 180;
/** Between a row label and the chart: the axis tick, its padding, and air. */
const LABEL_GAP = 28;

/**
 * The row labels as they will be drawn (bold, the axis's size, the console's font), measured
 * before drawing: the chart measures its own labels only once, sometimes before they exist, and
 * then draws them over its edge and against the axis. Too long, a label is shortened.
 */
function fitLabels(labels: string[]): { width: number; shown: Map<string, string> } {
  const ctx = document.createElement('canvas').getContext('2d');
  const measure = (text: string) => (ctx ? ctx.measureText(text).width : text.length * 8);
  if (ctx) ctx.font = `600 12px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  const shown = new Map<string, string>();
  let width = 0;
  const used = new Set<string>();
  for (const label of labels) {
    let text = label;
    if (measure(text) > LABEL_MAX) {
      while (text.length > 1 && measure(`${text}…`) > LABEL_MAX) text = text.slice(0, -1);
      text = `${text.trimEnd()}…`;
      // Shortened, two rows could read the same (and the chart would merge them): number them.
      if (used.has(text)) text = `${text} (${used.size + 1})`;
    }
    used.add(text);
    shown.set(label, text);
    width = Math.max(width, measure(text));
  }
  return { width: Math.ceil(width), shown };
}

export function Timeline({ title, spans, today, todayLabel }: { title: string; spans: Span[]; today: Date; todayLabel: string }) {
  const { theme } = useThemeChoice();
  const { i18n } = useTranslation();
  const labels = fitLabels(spans.map((s) => s.label));
  const row = (s: Span) => labels.shown.get(s.label) ?? s.label;
  const annotations: ChartAnnotation[] = spans.length
    ? [
        {
          id: 'today',
          text: todayLabel,
          coordinates: { type: 'data', x: today, y: row(spans[0]!) },
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
        y: row(s),
        legend: s.label,
        color: s.active ? theme.colorBrandBackground : theme.colorNeutralStroke1,
      }))}
      height={Math.max(160, spans.length * 40 + 80)}
      hideLegend
      margins={{ left: labels.width + LABEL_GAP, right: 36 }}
      annotations={annotations}
      showYAxisLables
      culture={i18n.language}
    />
  );
}
