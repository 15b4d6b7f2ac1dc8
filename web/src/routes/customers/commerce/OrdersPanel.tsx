import { makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useCustomerOrders, type Order } from '../../../api/commerce';
import { ListTable, type Column } from '../../../components/ListTable';
import { useFormat } from '../../../i18n/format';

const useStyles = makeStyles({
  lines: { margin: 0, paddingInlineStart: 0, listStyle: 'none' },
});

/**
 * A customer's order history, newest first: when, who ordered (the partner and its user),
 * through which relationship and for which reseller of record (R-CUS-4, R-CUS-7), what and
 * for how much. A partner sees its own orders and those naming it (R-CUS-9).
 */
export function OrdersPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const format = useFormat();
  const orders = useCustomerOrders(customerId);
  const columns: Column<Order>[] = [
    { key: 'date', header: t('orders.columns.date'), cell: (o) => format.dateTime(o.createdAt) },
    {
      key: 'orderedBy',
      header: t('orders.columns.orderedBy'),
      cell: (o) => (o.orderedBy.userName ? `${o.orderedBy.partnerName} (${o.orderedBy.userName})` : o.orderedBy.partnerName),
    },
    { key: 'relationship', header: t('orders.columns.relationship'), cell: (o) => t(`relationship.${o.relationship}`) },
    { key: 'reseller', header: t('orders.columns.reseller'), cell: (o) => o.resellerOfRecord?.name ?? '—' },
    {
      key: 'lines',
      header: t('orders.columns.lines'),
      cell: (o) => (
        <ul className={styles.lines}>
          {o.lines.map((l, i) => (
            // A held or rejected order's lines have no subscription: the line's place keys it.
            <li key={`${l.offerId}-${i}`}>
              {t('orders.line', {
                quantity: format.number(l.quantity),
                name: l.name,
                price: format.money(l.unitPriceMinor, o.currency),
              })}
            </li>
          ))}
        </ul>
      ),
    },
    { key: 'total', header: t('orders.columns.total'), cell: (o) => format.money(o.totalMinor, o.currency) },
    // A reseller's order past its credit limit waits for its provider (R-CRD-1).
    { key: 'status', header: t('orders.columns.status'), cell: (o) => t(`orders.status.${o.status}`) },
  ];
  return (
    <ListTable
      label={t('orders.title')}
      list={orders}
      columns={columns}
      rowKey={(o) => o.id}
      empty={t('orders.empty')}
      loading={t('loading')}
    />
  );
}
