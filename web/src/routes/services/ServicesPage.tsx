import { Spinner, Tab, TabList } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../api/session';
import { useUsers } from '../../api/settings';
import { Page } from '../../components/Page';
import { OrdersPanel } from '../customers/commerce/OrdersPanel';
import { SubscriptionsPanel } from '../customers/commerce/SubscriptionsPanel';

const LicensesPanel = lazy(() => import('../customers/commerce/LicensesPanel'));

const tabs = ['subscriptions', 'orders', 'licenses'] as const;
type ServicesTab = (typeof tabs)[number];

/**
 * The customer's own services, as its global admin sees them (R-CUS-8): every subscription
 * whoever sold it, the order history of all its partners, and its licenses, which it assigns
 * to its users itself as its partner of record may (R-CUS-7).
 */
export default function ServicesPage() {
  const { t } = useTranslation('commerce');
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const tab: ServicesTab = tabs.includes(params.get('tab') as ServicesTab) ? (params.get('tab') as ServicesTab) : 'subscriptions';
  const users = useUsers();
  const customerId = me.tenant.id;
  return (
    <Page title={t('services.title')} intro={t('services.intro')}>
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <TabList selectedValue={tab} onTabSelect={(_e, d) => setParams({ tab: String(d.value) }, { replace: true })}>
          {tabs.map((x) => (
            <Tab key={x} value={x}>
              {t(`services.tabs.${x}`)}
            </Tab>
          ))}
        </TabList>
      </div>
      {tab === 'subscriptions' && <SubscriptionsPanel customerId={customerId} intro={t('services.subscriptionsIntro')} />}
      {tab === 'orders' && <OrdersPanel customerId={customerId} />}
      {tab === 'licenses' && (
        <Suspense fallback={<Spinner label={t('loading')} />}>
          <LicensesPanel
            customerId={customerId}
            directory={{ people: users.error ? null : users.items, pending: users.isPending }}
          />
        </Suspense>
      )}
    </Page>
  );
}
