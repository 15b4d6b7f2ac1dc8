import { makeStyles, MessageBar, MessageBarBody, Spinner, Tab, TabList, tokens } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useCustomer } from '../../api/customers';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { OrdersPanel } from './commerce/OrdersPanel';
import { SubscriptionsPanel } from './commerce/SubscriptionsPanel';
import { CustomerSummary } from './CustomerSummary';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

/** Its licenses load with the first visit of their tab. */
const LicensesPanel = lazy(() => import('./commerce/LicensesPanel'));

/** The record's tabs; price books and invoices join them as they come (issue 11). */
const tabs = ['account', 'subscriptions', 'orders', 'licenses'] as const;
type CustomerTab = (typeof tabs)[number];

/**
 * One customer's record, at its own address (`/customers/{id}` reloads to it), a tab an area
 * (the tab is in the address): its account, its subscriptions with their actions, its orders,
 * its licenses (R-CUS-8). A partner that orders for it (its direct-bill partner, or its provider)
 * has the order form; its reseller, whose provider orders, is told so (R-CUS-7).
 */
export default function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const styles = useStyles();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const tab: CustomerTab = tabs.includes(params.get('tab') as CustomerTab) ? (params.get('tab') as CustomerTab) : 'account';
  const customer = useCustomer(id);
  if (customer.isPending) return <Spinner label={t('loading')} />;
  if (customer.error) return <ProblemBar error={customer.error} />;
  // R-TRN-8, R-CUS-4: the direct-bill partner orders for its direct customers, the provider for its indirect ones.
  const orders = customer.data.relationships.some((r) => r.role === 'direct_partner' || r.role === 'indirect_provider');
  const throughProvider = !orders && customer.data.relationships.some((r) => r.role === 'indirect_reseller');
  return (
    <Page
      title={customer.data.name}
      actions={
        <div className={styles.actions}>
          {orders && can(me, 'orders.place') && <AppLink to={`/customers/${id}/orders/new`}>{t('detail.order')}</AppLink>}
          <AppLink to="/customers">{t('detail.back')}</AppLink>
        </div>
      }
    >
      {throughProvider && (
        <MessageBar intent="info" layout="multiline" data-testid="provider-orders">
          <MessageBarBody>{t('detail.providerOrders')}</MessageBarBody>
        </MessageBar>
      )}
      {/* On a narrow screen the tabs scroll sideways rather than widen the whole page. */}
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <TabList selectedValue={tab} onTabSelect={(_e, d) => setParams({ tab: String(d.value) }, { replace: true })}>
          {tabs.map((x) => (
            <Tab key={x} value={x}>
              {t(`detail.tabs.${x}`)}
            </Tab>
          ))}
        </TabList>
      </div>
      {tab === 'account' && <CustomerSummary id={id} />}
      {tab === 'subscriptions' && <SubscriptionsPanel customerId={id} />}
      {tab === 'orders' && <OrdersPanel customerId={id} />}
      {tab === 'licenses' && (
        <Suspense fallback={<Spinner label={t('loading')} />}>
          <LicensesPanel
            customerId={id}
            directory={{ people: customer.data.users, pending: false }}
            providerOnly={customer.data.relationships.every((r) => r.role === 'indirect_provider')}
          />
        </Suspense>
      )}
    </Page>
  );
}
