import { Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useMarkets, type Market } from '../../../api/markets';
import { ListTable, type Column } from '../../../components/ListTable';
import { useFormat } from '../../../i18n/format';

/** The operator's markets: which countries sell together, in which currencies (read only: they come with the installation). */
export function MarketsPanel() {
  const { t } = useTranslation('operator');
  const format = useFormat();
  const markets = useMarkets();
  const columns: Column<Market>[] = [
    { key: 'market', header: t('partners.columns.market'), cell: (m) => m.market },
    { key: 'country', header: t('partners.columns.country'), cell: (m) => format.country(m.countryCode) },
    { key: 'currency', header: t('settings.markets.currency'), cell: (m) => m.currency },
  ];
  return (
    <>
      <Text as="p">{t('settings.markets.intro')}</Text>
      <ListTable
        label={t('settings.tabs.markets')}
        list={{
          items: markets.data ?? [],
          isPending: markets.isPending,
          error: markets.error,
          hasNextPage: false,
          isFetchingNextPage: false,
          fetchNextPage: () => undefined,
        }}
        columns={columns}
        rowKey={(m) => `${m.countryCode}:${m.currency}`}
        empty={t('settings.markets.none')}
        loading={t('loading')}
      />
    </>
  );
}
