import { Field, makeStyles, SearchBox, tokens } from '@fluentui/react-components';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCountryOffers, type CountryOffer } from '../../api/commerce';
import { useMe } from '../../api/session';
import { CountrySelect } from '../../components/CountrySelect';
import { ListTable, wholeList, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import { DirectOnlyBadge, matches, offerTerms } from './OfferTerms';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
});

/**
 * What a country can buy (R-CAT-1), in its currencies: each offer's terms, quantity range and
 * unit price. The partner's own country first; the country is in the address.
 */
export default function CatalogPage() {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const format = useFormat();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const country = params.get('country') ?? me.tenant.countryCode;
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const offers = useCountryOffers(country);
  const shown = { ...offers, data: offers.data?.filter((o) => matches(o, deferred)) };
  const columns: Column<CountryOffer>[] = [
    {
      key: 'name',
      header: t('catalog.columns.offer'),
      cell: (o) => (
        <>
          {o.name} <DirectOnlyBadge kind={o.kind} />
        </>
      ),
    },
    { key: 'sku', header: t('catalog.columns.sku'), cell: (o) => o.sku },
    { key: 'terms', header: t('catalog.columns.terms'), cell: (o) => offerTerms(t, o) },
    {
      key: 'quantity',
      header: t('catalog.columns.quantity'),
      cell: (o) => t('catalog.range', { min: format.number(o.minQuantity), max: format.number(o.maxQuantity) }),
    },
    { key: 'price', header: t('catalog.columns.price'), cell: (o) => format.money(o.unitPriceMinor, o.currency) },
  ];
  return (
    <Page title={t('catalog.title')} intro={t('catalog.intro')}>
      <div className={styles.filters} role="search">
        <Field label={t('catalog.country')}>
          <CountrySelect
            value={country}
            onChange={(code) => setParams({ country: code }, { replace: true })}
            placeholder={t('catalog.country')}
          />
        </Field>
        <Field label={t('catalog.search')}>
          <SearchBox value={search} onChange={(_e, d) => setSearch(d.value)} placeholder={t('catalog.searchHint')} />
        </Field>
      </div>
      <ListTable
        label={t('catalog.title')}
        list={wholeList(shown)}
        columns={columns}
        rowKey={(o) => `${o.id}:${o.currency}`}
        empty={t(deferred.trim() ? 'catalog.emptyFiltered' : 'catalog.empty')}
        loading={t('loading')}
      />
    </Page>
  );
}
