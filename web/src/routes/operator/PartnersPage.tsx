import { Badge, Button, Field, makeStyles, SearchBox, tokens } from '@fluentui/react-components';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { programs, useOperatorPartners, type PartnerFilters, type PartnerItem } from '../../api/operator';
import { AppLink } from '../../components/AppLink';
import { CountrySelect } from '../../components/CountrySelect';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import { CapabilityBadges } from './CapabilityBadges';
import { FilterDropdown } from '../../components/FilterDropdown';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
});

const capabilityStatuses = ['pending', 'active', 'suspended'] as const;

/** Every partner of the program, newest first: by part of the name, country, capability and its status. */
export default function PartnersPage() {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('search') ?? '');
  const deferred = useDeferredValue(search.trim());
  const country = params.get('country') ?? '';
  const capability = params.get('capability') as PartnerFilters['capability'] | null;
  const status = params.get('status') as PartnerFilters['status'] | null;
  const list = useOperatorPartners({
    ...(deferred ? { search: deferred } : {}),
    ...(country ? { country } : {}),
    ...(capability ? { capability } : {}),
    ...(status ? { status } : {}),
  });
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const filtered = Boolean(deferred || country || capability || status);

  const columns: Column<PartnerItem>[] = [
    {
      key: 'name',
      header: t('partners.columns.name'),
      cell: (p) => (
        <>
          <AppLink to={`/operator/partners/${p.id}`}>{p.name}</AppLink>{' '}
          {p.offboardingIdentifiedAt && <Badge appearance="outline">{t('partners.offboarding')}</Badge>}
        </>
      ),
    },
    { key: 'country', header: t('partners.columns.country'), cell: (p) => format.country(p.countryCode) },
    { key: 'market', header: t('partners.columns.market'), cell: (p) => p.market ?? '—' },
    { key: 'partnerId', header: t('partners.columns.partnerId'), cell: (p) => p.partnerId ?? '—' },
    { key: 'capabilities', header: t('partners.columns.capabilities'), cell: (p) => <CapabilityBadges list={p.capabilities} /> },
    { key: 'since', header: t('partners.columns.since'), cell: (p) => format.date(p.createdAt) },
  ];

  return (
    <Page title={t('partners.title')} intro={t('partners.intro')}>
      <div className={styles.filters} role="search" aria-label={t('partners.filters.label')}>
        <Field label={t('partners.filters.search')}>
          <SearchBox value={search} onChange={(_e, d) => setSearch(d.value)} maxLength={100} />
        </Field>
        <Field label={t('partners.filters.country')}>
          <CountrySelect
            value={country}
            onChange={(code) => setParam('country', code)}
            placeholder={t('partners.filters.anyCountry')}
          />
        </Field>
        <FilterDropdown
          label={t('partners.filters.capability')}
          value={capability}
          options={programs}
          anyLabel={t('partners.filters.any')}
          labelOf={(p) => t(`programs.${p}`)}
          onChange={(v) => setParam('capability', v)}
        />
        <FilterDropdown
          label={t('partners.filters.status')}
          value={status}
          options={capabilityStatuses}
          anyLabel={t('partners.filters.any')}
          labelOf={(s) => t(`capabilityStatus.${s}`)}
          onChange={(v) => setParam('status', v)}
        />
        {filtered && (
          <Button
            onClick={() => {
              setSearch('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('partners.filters.clear')}
          </Button>
        )}
      </div>
      <ListTable
        label={t('partners.title')}
        list={list}
        columns={columns}
        rowKey={(p) => p.id}
        empty={t(filtered ? 'partners.emptyFiltered' : 'partners.empty')}
        loading={t('loading')}
      />
    </Page>
  );
}
