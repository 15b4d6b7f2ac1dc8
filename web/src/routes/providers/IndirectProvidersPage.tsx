import { Tab, TabList } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useIndirectProviders, type Provider } from '../../api/partnerships';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import { ProviderCreditCell } from '../credit/CreditSummary';

/**
 * The reseller's providers (R-PRT-2): the customers it shares with each (R-CUS-6), the joint
 * invitation that gives both of them a reseller relationship with a new customer (R-CUS-2), and,
 * for its billing readers, what it owes each, its credit limit and payment terms (R-CRD-1).
 */
export default function IndirectProvidersPage() {
  const { t } = useTranslation('providers');
  const format = useFormat();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const status = params.get('view') === 'ended' ? 'ended' : 'active';
  const list = useIndirectProviders(status);
  const credit = useTranslation('credit').t;
  const showCredit = status === 'active' && can(me, 'billing.read');
  const columns: Column<Provider>[] = [
    { key: 'name', header: t('columns.name'), cell: (p) => p.provider.name },
    { key: 'partnerId', header: t('columns.partnerId'), cell: (p) => p.provider.partnerId ?? '—' },
    { key: 'country', header: t('columns.country'), cell: (p) => format.country(p.provider.countryCode) },
    {
      key: 'since',
      header: t(status === 'ended' ? 'columns.ended' : 'columns.since'),
      cell: (p) => format.date(p.endedAt ?? p.since),
    },
    ...(showCredit
      ? [{ key: 'credit', header: credit('column'), cell: (p: Provider) => <ProviderCreditCell providerId={p.provider.id} /> }]
      : []),
    {
      key: 'actions',
      header: t('columns.actions'),
      cell: (p) =>
        status === 'active' && (
          <>
            <AppLink to={`/customers?providerId=${p.provider.id}`}>{t('actions.viewCustomers')}</AppLink>
            {can(me, 'relationship_requests.send') && (
              <>
                {' · '}
                <AppLink to={`/relationship-requests/new?providerId=${p.provider.id}`}>{t('actions.inviteCustomers')}</AppLink>
              </>
            )}
          </>
        ),
    },
  ];
  return (
    <Page title={t('title')} intro={t('intro')} actions={<AppLink to="/directory/providers">{t('findProvider')}</AppLink>}>
      <TabList selectedValue={status} onTabSelect={(_e, d) => setParams({ view: String(d.value) })}>
        <Tab value="active">{t('tabs.active')}</Tab>
        <Tab value="ended">{t('tabs.ended')}</Tab>
      </TabList>
      <ListTable
        label={t(`tabs.${status}`)}
        list={list}
        columns={columns}
        rowKey={(p) => p.partnershipId}
        empty={t(`empty.${status}`)}
        loading={t('loading')}
      />
    </Page>
  );
}
