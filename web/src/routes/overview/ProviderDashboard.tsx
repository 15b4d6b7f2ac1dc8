import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useProviderDashboard } from '../../api/dashboard';
import { ChartFigure } from '../../components/ChartFigure';
import { Bars, Columns, Donut } from '../../components/charts/lazy';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  grid: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' },
});

/** A provider's resellers and customers at a glance, each chart with its table (counted by the API, never paged here). */
export function ProviderDashboard() {
  const { t } = useTranslation('overview');
  const styles = useStyles();
  const format = useFormat();
  const dashboard = useProviderDashboard(true);
  const d = dashboard.data;
  const readiness = d
    ? [
        { label: t('dashboard.ready'), value: d.resellers.ready, tone: 'good' as const },
        { label: t('dashboard.blocked'), value: d.resellers.blocked, tone: 'bad' as const },
      ]
    : [];
  const byReseller = d
    ? [
        ...d.customersByReseller.items.map((i) => ({ key: i.reseller.id, label: i.reseller.name, value: i.customers })),
        ...(d.customersByReseller.others.resellers > 0
          ? [
              {
                key: 'others',
                label: t('dashboard.others', { count: d.customersByReseller.others.resellers }),
                value: d.customersByReseller.others.customers,
              },
            ]
          : []),
      ]
    : [];
  const byMonth = d ? d.newCustomersByMonth.map((m) => ({ key: m.month, label: format.month(m.month), value: m.customers })) : [];
  return (
    <section aria-labelledby="dashboard-title">
      <Text as="h2" id="dashboard-title" size={500} weight="semibold">
        {t('dashboard.title')}
      </Text>
      {dashboard.isPending && <Spinner size="small" label={t('dashboard.loading')} />}
      <ProblemBar error={dashboard.error} />
      {d && (
        <div className={styles.grid}>
          <ChartFigure
            title={t('dashboard.readiness')}
            table={{
              columns: [t('dashboard.readinessColumn'), t('dashboard.resellersColumn')],
              rows: readiness.map((r) => ({ key: r.label, cells: [r.label, format.number(r.value)] })),
            }}
          >
            <Donut
              title={t('dashboard.readiness')}
              slices={readiness}
              total={format.number(d.resellers.ready + d.resellers.blocked)}
            />
          </ChartFigure>
          <ChartFigure
            title={t('dashboard.byReseller')}
            table={{
              columns: [t('dashboard.resellerColumn'), t('dashboard.customersColumn')],
              rows: byReseller.map((r) => ({ key: r.key, cells: [r.label, format.number(r.value)] })),
            }}
          >
            {byReseller.length === 0 ? (
              <Text>{t('dashboard.noCustomers')}</Text>
            ) : (
              <Bars title={t('dashboard.byReseller')} bars={byReseller.map((r) => ({ ...r, tone: 'brand' as const }))} />
            )}
          </ChartFigure>
          <ChartFigure
            title={t('dashboard.byMonth')}
            table={{
              columns: [t('dashboard.monthColumn'), t('dashboard.newColumn')],
              rows: byMonth.map((m) => ({ key: m.key, cells: [m.label, format.number(m.value)] })),
            }}
          >
            <Columns title={t('dashboard.byMonth')} columns={byMonth.map((m) => ({ ...m, tone: 'brand' as const }))} />
          </ChartFigure>
        </div>
      )}
    </section>
  );
}
