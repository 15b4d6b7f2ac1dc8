import { Badge } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useOperatorOffers, type OperatorOffer } from '../../api/commerce';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ListTable, wholeList, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import { offerTerms } from '../catalog/OfferTerms';

/**
 * The operator's catalog (R-CAT-1): every offer, oldest first, with its terms, quantity range,
 * how many markets price it and whether it is retired. The operator admin adds offers; each
 * offer's page keeps its prices and retires it.
 */
export default function OffersPage() {
  const { t } = useTranslation('commerce');
  const format = useFormat();
  const me = useMe().data;
  const offers = useOperatorOffers();
  const columns: Column<OperatorOffer>[] = [
    { key: 'name', header: t('offers.columns.name'), cell: (o) => <AppLink to={`/operator/offers/${o.id}`}>{o.name}</AppLink> },
    { key: 'sku', header: t('offers.columns.sku'), cell: (o) => o.sku },
    { key: 'terms', header: t('offers.columns.terms'), cell: (o) => offerTerms(t, o) },
    {
      key: 'quantity',
      header: t('offers.columns.quantity'),
      cell: (o) => t('catalog.range', { min: format.number(o.minQuantity), max: format.number(o.maxQuantity) }),
    },
    {
      key: 'prices',
      header: t('offers.columns.prices'),
      cell: (o) =>
        o.prices.length === 0 ? (
          <Badge color="warning">{t('offers.unpriced')}</Badge>
        ) : (
          t('offers.priceCount', { count: o.prices.length })
        ),
    },
    {
      key: 'status',
      header: t('offers.columns.status'),
      cell: (o) =>
        o.retiredAt ? (
          <Badge color="subtle">{t('offers.retiredOn', { date: format.date(o.retiredAt) })}</Badge>
        ) : (
          <Badge color="success">{t('offers.onSale')}</Badge>
        ),
    },
  ];
  return (
    <Page
      title={t('offers.title')}
      intro={t('offers.intro')}
      actions={can(me, 'operator.admin') && <AppLink to="/operator/offers/new">{t('offers.add')}</AppLink>}
    >
      <ListTable
        label={t('offers.title')}
        list={wholeList(offers)}
        columns={columns}
        rowKey={(o) => o.id}
        empty={t('offers.empty')}
        loading={t('loading')}
      />
    </Page>
  );
}
