import { Badge, Button, Link, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { reconciliationUrl, useInvoice, useInvoiceLines, useMarkPaid, type InvoiceLine } from '../../api/invoices';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Facts } from '../../components/Facts';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { statusColor } from './InvoicesPage';

/**
 * One invoice: who sells to whom, the month billed, its total and due date, its lines a page at
 * a time, its reconciliation CSV, and, for its seller, recording that the buyer paid.
 */
export default function InvoicePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('invoices');
  const format = useFormat();
  const me = useMe().data!;
  const operator = me.tenant.kind === 'operator';
  const invoice = useInvoice(operator, id);
  const lines = useInvoiceLines(operator, id);
  const pay = useMarkPaid(operator);
  const [confirming, setConfirming] = useState(false);
  const back = operator ? '/operator/invoices' : '/invoices';
  const data = invoice.data;
  if (invoice.isPending) return <Spinner label={t('loading')} />;
  if (invoice.error || !data) {
    return (
      <Page title={t('title')}>
        <ProblemBar error={invoice.error} />
        <div>
          <AppLink to={back}>{t('detail.back')}</AppLink>
        </div>
      </Page>
    );
  }
  const seller = data.seller.id === me.tenant.id;
  const mayPay = seller && data.status === 'open' && can(me, operator ? 'operator.admin' : 'billing.manage');
  const columns: Column<InvoiceLine>[] = [
    { key: 'customer', header: t('lines.customer'), cell: (l) => l.customer },
    { key: 'offer', header: t('lines.offer'), cell: (l) => `${l.offer.name} (${l.offer.sku})` },
    { key: 'charge', header: t('lines.charge'), cell: (l) => t(`charge.${l.charge}`) },
    { key: 'chargedAt', header: t('lines.chargedAt'), cell: (l) => format.date(l.chargedAt) },
    { key: 'quantity', header: t('lines.quantity'), cell: (l) => format.number(l.quantity) },
    { key: 'unitPrice', header: t('lines.unitPrice'), cell: (l) => format.money(l.unitPriceMinor, data.currency) },
    { key: 'amount', header: t('lines.amount'), cell: (l) => format.money(l.amountMinor, data.currency) },
    { key: 'partnerOfRecord', header: t('lines.partnerOfRecord'), cell: (l) => l.partnerOfRecord },
  ];
  return (
    <Page
      title={t('detail.title', { seller: data.seller.name, period: format.month(data.period) })}
      actions={mayPay && <Button onClick={() => setConfirming(true)}>{t('pay.open')}</Button>}
    >
      {pay.isSuccess && (
        <MessageBar intent="success">
          <MessageBarBody>{t('pay.done')}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar error={pay.error} />
      <Facts
        label={t('detail.facts')}
        rows={[
          [t('columns.seller'), data.seller.name],
          [t('columns.buyer'), data.buyer.name],
          [t('columns.period'), format.month(data.period)],
          [t('columns.total'), format.money(data.totalMinor, data.currency)],
          [
            t('columns.status'),
            <Badge key="status" color={statusColor[data.status]} data-testid="invoice-status">
              {t(`status.${data.status}`)}
            </Badge>,
          ],
          [t('detail.issued'), format.date(data.issuedAt)],
          [t('columns.due'), format.date(data.dueAt)],
          ...(data.paidAt ? [[t('detail.paid'), format.date(data.paidAt)] as const] : []),
        ]}
      />
      <div>
        <Link href={reconciliationUrl(operator, id)} download={`invoice-${data.period}-${id}.csv`}>
          {t('detail.csv')}
        </Link>
      </div>
      <Text as="h2" size={500} weight="semibold">
        {t('detail.lines', { n: format.number(data.lineCount) })}
      </Text>
      <ListTable
        label={t('detail.lines', { n: format.number(data.lineCount) })}
        list={lines}
        columns={columns}
        rowKey={(l) => `${l.subscriptionId}:${l.charge}:${l.chargedAt}:${l.periodStart}`}
        empty={t('detail.empty')}
        loading={t('loading')}
      />
      <div>
        <AppLink to={back}>{t('detail.back')}</AppLink>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('pay.title')}
          confirmLabel={t('pay.confirm')}
          keepLabel={t('pay.keep')}
          pending={pay.isPending}
          onConfirm={() => pay.mutate(id, { onSettled: () => setConfirming(false) })}
          onDismiss={() => setConfirming(false)}
        >
          <Text>{t('pay.detail', { buyer: data.buyer.name, total: format.money(data.totalMinor, data.currency) })}</Text>
        </ConfirmDialog>
      )}
    </Page>
  );
}
