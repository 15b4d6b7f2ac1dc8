import { Field, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { BulkMove } from '../../api/bulkMoves';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
});

export const statusColor: Record<BulkMove['status'], 'informative' | 'brand' | 'success' | 'subtle' | 'danger'> = {
  queued: 'informative',
  running: 'brand',
  completed: 'success',
  cancelled: 'subtle',
  failed: 'danger',
};

/** How far a move went: the bar counts every customer processed (sent, failed or cancelled) out of all. */
export function MoveProgress({ move, compact = false }: { move: BulkMove; compact?: boolean }) {
  const { t } = useTranslation('bulkMoves');
  const styles = useStyles();
  const format = useFormat();
  const processed = move.total - move.remaining;
  const value = move.total === 0 ? 1 : processed / move.total;
  const label = t('progress.label', { processed: format.number(processed), total: format.number(move.total) });
  const running = move.status === 'queued' || move.status === 'running';
  const bar = (
    <ProgressBar
      value={value}
      max={1}
      thickness="large"
      color={move.status === 'failed' ? 'error' : move.status === 'completed' ? 'success' : 'brand'}
      aria-label={label}
      aria-valuetext={label}
    />
  );
  if (compact) {
    return (
      <>
        {bar}
        <Text size={200}>{label}</Text>
      </>
    );
  }
  return (
    <Field label={label} validationState="none" hint={running ? t('progress.running') : undefined}>
      {bar}
      <div className={styles.counts} data-testid="move-counts">
        <Text data-testid="count-done">{t('progress.done', { n: format.number(move.done) })}</Text>
        <Text data-testid="count-failed">{t('progress.failed', { n: format.number(move.failed) })}</Text>
        <Text data-testid="count-remaining">{t('progress.remaining', { n: format.number(move.remaining) })}</Text>
        {move.cancelled > 0 && (
          <Text data-testid="count-cancelled">{t('progress.cancelled', { n: format.number(move.cancelled) })}</Text>
        )}
        <Text data-testid="count-accepted">{t('progress.accepted', { n: format.number(move.accepted) })}</Text>
      </div>
    </Field>
  );
}
