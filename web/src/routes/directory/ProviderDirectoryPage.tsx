import {
  Badge,
  Card,
  CardHeader,
  Checkbox,
  Field,
  Link,
  makeStyles,
  SearchBox,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OFFERS, useProviderDirectory } from '../../api/partnerships';
import { CountrySelect } from '../../components/CountrySelect';
import { MoreButton } from '../../components/MoreButton';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { Email } from '../../components/Email';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  offers: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  grid: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))' },
  card: { padding: tokens.spacingHorizontalL },
});

/**
 * The operator's directory of official indirect providers (R-DIR-1): a reseller looking for a
 * provider filters by country and by what it needs (training, financing, support …).
 */
export default function ProviderDirectoryPage() {
  const { t } = useTranslation('providers');
  const styles = useStyles();
  const format = useFormat();
  const [country, setCountry] = useState('');
  const [offers, setOffers] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const list = useProviderDirectory({ country, offers: offers.join(','), ...(deferred.length >= 2 ? { search: deferred } : {}) });
  return (
    <Page title={t('directory.title')} intro={t('directory.intro')}>
      <div className={styles.filters} role="search">
        <Field label={t('directory.search')}>
          <SearchBox value={search} onChange={(_e, d) => setSearch(d.value)} />
        </Field>
        <Field label={t('directory.country')}>
          <CountrySelect value={country} onChange={setCountry} placeholder={t('directory.anyCountry')} />
        </Field>
        <fieldset className={styles.offers}>
          <legend>{t('directory.offers')}</legend>
          {OFFERS.map((o) => (
            <Checkbox
              key={o}
              label={t(`offers.${o}`)}
              checked={offers.includes(o)}
              onChange={(_e, d) => setOffers(d.checked ? [...offers, o] : offers.filter((x) => x !== o))}
            />
          ))}
        </fieldset>
      </div>
      {list.isPending && !list.error && <Spinner label={t('loading')} />}
      <ProblemBar error={list.error} />
      {!list.isPending && !list.error && list.items.length === 0 && <Text as="p">{t('directory.empty')}</Text>}
      <div className={styles.grid}>
        {list.items.map((p) => (
          <Card key={p.providerId} className={styles.card}>
            <CardHeader
              header={<Text weight="semibold">{p.name}</Text>}
              description={`${format.country(p.countryCode)} · ${p.market}`}
            />
            <Text>{p.description}</Text>
            <div className={styles.offers}>
              {p.offers.map((o) => (
                <Badge key={o} appearance="tint">
                  {t(`offers.${o}`)}
                </Badge>
              ))}
            </div>
            <Text>
              <Email address={p.contactEmail} />
              {p.website && (
                <>
                  {' · '}
                  <Link href={p.website} target="_blank" rel="noreferrer">
                    {t('directory.website')}
                  </Link>
                </>
              )}
            </Text>
          </Card>
        ))}
      </div>
      <MoreButton list={list} />
    </Page>
  );
}
