import { Badge, Button, Link, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isRunning, useBulkMove, useBulkMoveItems, useCancelBulkMove, type BulkMoveItem } from '../../api/bulkMoves';
import { can, useMe } from '../../api/session';
import { keys } from '../../api/keys';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { MoveProgress, statusColor } from './MoveProgress';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

const itemColor: Record<BulkMoveItem['status'], 'informative' | 'success' | 'danger' | 'subtle'> = {
  pending: 'informative',
  sent: 'success',
  failed: 'danger',
  cancelled: 'subtle',
};

/**
 * One bulk move (R-TRN-9): its progress bar, asked again every few seconds while the job runs,
 * the report customer by customer (sent with the request's status, or failed with its reason
 * and rule), and cancelling what is not sent yet.
 */
export default function BulkMovePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('bulkMoves');
  const styles = useStyles();
  const format = useFormat();
  const me = useMe().data!;
  const client = useQueryClient();
  const move = useBulkMove(id);
  const items = useBulkMoveItems(id);
  const cancel = useCancelBulkMove();
  const [confirming, setConfirming] = useState(false);
  const data = move.data;
  const processed = data ? `${data.sent}/${data.failed}/${data.cancelled}/${data.accepted}` : '';
  // The report follows the bar: each change of the counts brings the customers it concerns.
  useEffect(() => {
    if (processed) void client.invalidateQueries({ queryKey: keys.bulkMoveItems(id) });
  }, [client, id, processed]);

  if (move.isPending) return <Spinner label={t('loading')} />;
  if (move.error || !data) {
    return (
      <Page title={t('title')}>
        <ProblemBar error={move.error} />
      </Page>
    );
  }
  const running = isRunning(data);
  const columns: Column<BulkMoveItem>[] = [
    { key: 'position', header: t('columns.position'), cell: (i) => format.number(i.position) },
    { key: 'customer', header: t('columns.customer'), cell: (i) => i.customerName ?? i.customerId },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (i) => <Badge color={itemColor[i.status]}>{t(`itemStatus.${i.status}`)}</Badge>,
    },
    {
      key: 'outcome',
      header: t('columns.outcome'),
      cell: (i) =>
        i.status === 'sent' && i.requestStatus ? (
          t(`requestStatus.${i.requestStatus}`)
        ) : i.detail ? (
          <>
            {t(`reasons.${i.code}`, { defaultValue: i.detail })}
            {i.rule && (
              <>
                {' '}
                <Link href={`/rules#${i.rule.toLowerCase()}`} target="_blank" rel="noreferrer">
                  {i.rule}
                </Link>
              </>
            )}
          </>
        ) : (
          '—'
        ),
    },
    { key: 'processed', header: t('columns.processed'), cell: (i) => format.dateTime(i.processedAt) },
  ];
  return (
    <Page
      title={t('detail.title', { provider: data.providerName })}
      intro={t('detail.intro')}
      actions={
        running &&
        can(me, 'relationship_requests.send') && <Button onClick={() => setConfirming(true)}>{t('cancel.open')}</Button>
      }
    >
      <div className={styles.head}>
        <Badge color={statusColor[data.status]} data-testid="move-status">
          {t(`status.${data.status}`)}
        </Badge>
        <Text>
          {data.startedAt
            ? t('detail.started', { time: format.dateTime(data.startedAt) })
            : t('detail.created', { time: format.dateTime(data.createdAt) })}
        </Text>
        {data.finishedAt && <Text>{t('detail.finished', { time: format.dateTime(data.finishedAt) })}</Text>}
      </div>
      <MoveProgress move={data} />
      {data.error && (
        <MessageBar intent="error">
          <MessageBarBody>{data.error}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar error={cancel.error} />
      <Text as="h2" size={500} weight="semibold">
        {t('detail.report')}
      </Text>
      <ListTable
        label={t('detail.report')}
        list={items}
        columns={columns}
        rowKey={(i) => String(i.position)}
        empty={t('detail.empty')}
        loading={t('loading')}
      />
      <div>
        <AppLink to="/bulk-moves">{t('detail.back')}</AppLink>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('cancel.title')}
          confirmLabel={t('cancel.confirm')}
          keepLabel={t('cancel.keep')}
          pending={cancel.isPending}
          onConfirm={() => cancel.mutate(id, { onSettled: () => setConfirming(false) })}
          onDismiss={() => setConfirming(false)}
        >
          <Text>{t('cancel.detail', { n: format.number(data.remaining) })}</Text>
        </ConfirmDialog>
      )}
    </Page>
  );
}
