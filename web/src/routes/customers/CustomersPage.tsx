import {
  Badge,
  Button,
  Dropdown,
  Field,
  makeStyles,
  mergeClasses,
  Option,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { Fragment, useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { exportUrl, useCustomers, type CustomerFilters } from '../../api/customers';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { useStackedTableStyles } from '../../components/ListTable';
import { MoreButton } from '../../components/MoreButton';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { CustomerSummary } from './CustomerSummary';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  expanded: { backgroundColor: tokens.colorNeutralBackground2, padding: tokens.spacingHorizontalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

/**
 * Every customer the caller has a relationship with (R-CUS-5, R-CUS-9): search, the
 * acquisition filter, a reseller's or provider's customers, rows that expand to the
 * customer's account, users and relationships, the CSV export, and the two ways to add one.
 */
export default function CustomersPage() {
  const { t } = useTranslation('customers');
  const styles = useStyles();
  const stacked = useStackedTableStyles();
  const format = useFormat();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('search') ?? '');
  const deferred = useDeferredValue(search.trim());
  const acquired = params.get('acquired') as CustomerFilters['acquired'] | null;
  const filters: CustomerFilters = {
    ...(deferred.length >= 2 ? { search: deferred } : {}),
    ...(acquired ? { acquired } : {}),
    ...(params.get('resellerId') ? { resellerId: params.get('resellerId')! } : {}),
    ...(params.get('providerId') ? { providerId: params.get('providerId')! } : {}),
  };
  const list = useCustomers(filters);
  const [open, setOpen] = useState<string | null>(null);
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const scoped = filters.resellerId ?? filters.providerId;

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        <div className={styles.actions}>
          {can(me, 'relationship_requests.send') && (
            <AppLink to="/relationship-requests/new">{t('actions.requestRelationship')}</AppLink>
          )}
          {can(me, 'customers.create') && <AppLink to="/customers/new">{t('actions.add')}</AppLink>}
          <Button as="a" href={exportUrl(filters)} download>
            {t('actions.export')}
          </Button>
        </div>
      }
    >
      <div className={styles.filters} role="search">
        <Field label={t('filters.search')}>
          <SearchBox value={search} onChange={(_e, d) => setSearch(d.value)} placeholder={t('filters.searchHint')} />
        </Field>
        <Field label={t('filters.acquired')}>
          <Dropdown
            value={t(`acquired.${acquired ?? 'all'}`)}
            selectedOptions={[acquired ?? 'all']}
            onOptionSelect={(_e, d) => setParam('acquired', d.optionValue === 'all' ? null : (d.optionValue ?? null))}
          >
            {(['all', 'direct', 'indirect'] as const).map((a) => (
              <Option key={a} value={a}>
                {t(`acquired.${a}`)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {scoped && (
          <Button
            onClick={() => {
              const next = new URLSearchParams(params);
              next.delete('resellerId');
              next.delete('providerId');
              setParams(next, { replace: true });
            }}
          >
            {t('filters.clearScope')}
          </Button>
        )}
      </div>
      {list.isPending && !list.error ? (
        <Spinner label={t('loading')} />
      ) : list.error ? (
        <ProblemBar error={list.error} />
      ) : list.items.length === 0 ? (
        <Text as="p">{t(deferred || acquired || scoped ? 'emptyFiltered' : 'empty')}</Text>
      ) : (
        <div className={stacked.scroll}>
          <Table aria-label={t('title')} className={stacked.table} size="small">
            <TableHeader className={stacked.head}>
              <TableRow>
                <TableHeaderCell>{t('columns.name')}</TableHeaderCell>
                <TableHeaderCell>{t('columns.domain')}</TableHeaderCell>
                <TableHeaderCell>{t('columns.country')}</TableHeaderCell>
                <TableHeaderCell>{t('columns.acquired')}</TableHeaderCell>
                <TableHeaderCell>{t('columns.reseller')}</TableHeaderCell>
                <TableHeaderCell>{t('columns.since')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody className={stacked.body}>
              {list.items.map((c) => (
                <Fragment key={c.id}>
                  <TableRow data-row={c.id} className={stacked.row}>
                    <TableCell className={stacked.cell} data-label={t('columns.name')}>
                      <span>
                        <Button
                          appearance="transparent"
                          size="small"
                          icon={open === c.id ? <ChevronDownRegular /> : <ChevronRightRegular />}
                          aria-expanded={open === c.id}
                          aria-label={t('actions.expand', { name: c.name })}
                          onClick={() => setOpen(open === c.id ? null : c.id)}
                        />
                        <AppLink to={`/customers/${c.id}`}>{c.name}</AppLink>{' '}
                        {c.storeChannel && <Badge appearance="outline">{t('storeChannel')}</Badge>}
                      </span>
                    </TableCell>
                    <TableCell className={stacked.cell} data-label={t('columns.domain')}>
                      {c.primaryDomain}
                    </TableCell>
                    <TableCell className={stacked.cell} data-label={t('columns.country')}>
                      {format.country(c.countryCode)}
                    </TableCell>
                    <TableCell className={stacked.cell} data-label={t('columns.acquired')}>
                      <Badge color={c.acquired === 'direct' ? 'brand' : 'informative'}>{t(`acquired.${c.acquired}`)}</Badge>
                    </TableCell>
                    <TableCell className={stacked.cell} data-label={t('columns.reseller')}>
                      {c.reseller?.name ?? '—'}
                    </TableCell>
                    <TableCell className={stacked.cell} data-label={t('columns.since')}>
                      {format.date(c.since)}
                    </TableCell>
                  </TableRow>
                  {open === c.id && (
                    <TableRow className={stacked.row}>
                      <TableCell colSpan={6} className={mergeClasses(styles.expanded, stacked.whole)}>
                        <CustomerSummary id={c.id} />
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
          <MoreButton list={list} />
        </div>
      )}
    </Page>
  );
}
