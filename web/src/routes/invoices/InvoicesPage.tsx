import { Badge, Field, Input, makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  useBillingPreview,
  useInvoices,
  type BillingPreview,
  type Invoice,
  type InvoiceSide,
  type InvoiceStatus,
} from '../../api/invoices';
import { useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { FilterDropdown } from '../../components/FilterDropdown';
import { ListTable, wholeList, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

type View = InvoiceSide | 'preview';
const STATUSES: readonly InvoiceStatus[] = ['open', 'paid'];
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The sides a tenant's invoices have: a partner issues and receives, a customer receives, the operator issues. */
export function invoiceSides(kind: string): InvoiceSide[] {
  return kind === 'partner' ? ['issued', 'received'] : kind === 'customer' ? ['received'] : ['issued'];
}

export const statusColor: Record<InvoiceStatus, 'warning' | 'success'> = { open: 'warning', paid: 'success' };

/**
 * Invoices issued and received, month by month (issue 11), filtered by month billed and status,
 * and the running month's invoices as they stand (the preview). The operator reads the invoices
 * it issued to direct-bill partners and providers.
 */
export default function InvoicesPage() {
  const { t } = useTranslation('invoices');
  const me = useMe().data!;
  const operator = me.tenant.kind === 'operator';
  const [params, setParams] = useSearchParams();
  const views: View[] = [...invoiceSides(me.tenant.kind), 'preview'];
  const view = views.includes(params.get('side') as View) ? (params.get('side') as View) : views[0]!;
  return (
    <Page title={t('title')} intro={t(`intro.${me.tenant.kind}`)}>
      <TabList selectedValue={view} onTabSelect={(_e, d) => setParams({ side: String(d.value) })}>
        {views.map((v) => (
          <Tab key={v} value={v}>
            {t(`tabs.${v}`)}
          </Tab>
        ))}
      </TabList>
      {view === 'preview' ? (
        invoiceSides(me.tenant.kind).map((side) => <Preview key={side} operator={operator} side={side} />)
      ) : (
        <Invoices operator={operator} side={view} />
      )}
    </Page>
  );
}

function Invoices({ operator, side }: { operator: boolean; side: InvoiceSide }) {
  const { t } = useTranslation('invoices');
  const styles = useStyles();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const period = PERIOD.test(params.get('period') ?? '') ? params.get('period')! : undefined;
  const status = STATUSES.includes(params.get('status') as InvoiceStatus) ? (params.get('status') as InvoiceStatus) : undefined;
  const list = useInvoices(operator, side, { period, status });
  const set = (name: string, value: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  const base = operator ? '/operator/invoices' : '/invoices';
  const columns: Column<Invoice>[] = [
    {
      key: 'number',
      header: t('columns.invoice'),
      cell: (i) => <AppLink to={`${base}/${i.id}`}>{t('invoiceOf', { period: format.month(i.period) })}</AppLink>,
    },
    { key: 'seller', header: t('columns.seller'), cell: (i) => i.seller.name },
    { key: 'buyer', header: t('columns.buyer'), cell: (i) => i.buyer.name },
    { key: 'period', header: t('columns.period'), cell: (i) => format.month(i.period) },
    { key: 'total', header: t('columns.total'), cell: (i) => format.money(i.totalMinor, i.currency) },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (i) => <Badge color={statusColor[i.status]}>{t(`status.${i.status}`)}</Badge>,
    },
    { key: 'due', header: t('columns.due'), cell: (i) => format.date(i.dueAt) },
  ];
  return (
    <>
      <div className={styles.filters}>
        <Field label={t('filters.period')}>
          <Input type="month" value={period ?? ''} onChange={(_e, d) => set('period', PERIOD.test(d.value) ? d.value : null)} />
        </Field>
        <FilterDropdown
          label={t('filters.status')}
          value={status}
          options={STATUSES}
          anyLabel={t('filters.anyStatus')}
          labelOf={(s) => t(`status.${s}`)}
          onChange={(s) => set('status', s)}
        />
      </div>
      <ListTable
        label={t(`tabs.${side}`)}
        list={list}
        columns={columns}
        rowKey={(i) => i.id}
        empty={t(`empty.${side}`)}
        loading={t('loading')}
      />
    </>
  );
}

/** The running month as it stands: each invoice it will bring, to date and if nothing changes. */
function Preview({ operator, side }: { operator: boolean; side: InvoiceSide }) {
  const { t } = useTranslation('invoices');
  const format = useFormat();
  const styles = useStyles();
  const preview = useBillingPreview(operator, side);
  type Item = BillingPreview['items'][number];
  const columns: Column<Item>[] = [
    { key: 'seller', header: t('columns.seller'), cell: (i) => i.seller.name },
    { key: 'buyer', header: t('columns.buyer'), cell: (i) => i.buyer.name },
    { key: 'toDate', header: t('columns.toDate'), cell: (i) => format.money(i.toDateMinor, i.currency) },
    { key: 'total', header: t('columns.expected'), cell: (i) => format.money(i.totalMinor, i.currency) },
    { key: 'lines', header: t('columns.lines'), cell: (i) => format.number(i.lineCount) },
  ];
  const data = preview.data;
  return (
    <section aria-labelledby={`preview-${side}`} className={styles.section}>
      <Text as="h2" size={500} weight="semibold" id={`preview-${side}`}>
        {t(`preview.${side}`)}
      </Text>
      {data && <Text as="p">{t('preview.asOf', { period: format.month(data.period), time: format.dateTime(data.asOf) })}</Text>}
      <ListTable
        label={t(`preview.${side}`)}
        list={wholeList({ data: data?.items, isPending: preview.isPending, error: preview.error })}
        columns={columns}
        rowKey={(i) => `${i.seller.id}:${i.buyer.id}:${i.currency}`}
        empty={t('preview.empty')}
        loading={t('loading')}
      />
    </section>
  );
}
