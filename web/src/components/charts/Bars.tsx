import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useFormat } from '../../i18n/format';
import { toneColour, type Slice } from './slices';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  // The name wraps: a long reseller name or a long label in French is read whole, on any screen.
  label: { overflowWrap: 'anywhere' },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  track: { flex: '1 1 auto', minWidth: 0 },
  // A transparent border shows as a line in forced colours (Windows high contrast), where backgrounds go.
  bar: {
    height: '20px',
    minWidth: '2px',
    borderRadius: tokens.borderRadiusSmall,
    border: `${tokens.strokeWidthThin} solid transparent`,
    boxSizing: 'border-box',
  },
  // Nothing is drawn for none: the count beside it says 0.
  empty: { minWidth: 0, border: 'none' },
  value: { flex: '0 0 auto', fontVariantNumeric: 'tabular-nums' },
});

/**
 * Horizontal bars, each under its category's full name, with its count at its end. Drawn in
 * HTML rather than on an SVG axis, whose category labels were cut at a phone's width; the bars
 * are scaled to the largest count, so no axis is needed.
 */
export function Bars({ title, bars }: { title: string; bars: Slice[] }) {
  const styles = useStyles();
  const format = useFormat();
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ul className={styles.list} aria-label={title}>
      {bars.map((b, i) => (
        <li key={`${i}:${b.label}`} className={styles.item}>
          <Text size={200} className={styles.label}>
            {b.label}
          </Text>
          <div className={styles.row}>
            <div className={styles.track}>
              <div
                className={mergeClasses(styles.bar, b.value === 0 && styles.empty)}
                style={{ width: `${(b.value / max) * 100}%`, backgroundColor: toneColour(b.tone) }}
              />
            </div>
            <Text size={200} weight="semibold" className={styles.value}>
              {format.number(b.value)}
            </Text>
          </div>
        </li>
      ))}
    </ul>
  );
}
