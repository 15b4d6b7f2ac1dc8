import { Button, makeStyles, MessageBar, MessageBarBody, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  useCreateList,
  useDelete,
  usePriceBooks,
  usePriceGroups,
  useRename,
  type Audience,
  type PriceBook,
  type PriceGroup,
} from '../../api/pricing';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FilterDropdown } from '../../components/FilterDropdown';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import { NameDialog } from './parts';
import { usePricingAccess } from './usePricing';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

type View = 'books' | 'groups';
type Kind = 'book' | 'group';

/**
 * A partner's price books and price groups (issue 11, part 8): a provider's for its resellers, a
 * direct-bill partner's or reseller's for its customers, filtered by audience where it has both.
 * Billing admins make, rename and delete them; readers (billing.read) see the same lists.
 */
export default function PriceBooksPage() {
  const { t } = useTranslation('pricing');
  const styles = useStyles();
  const navigate = useNavigate();
  const { audiences, manage } = usePricingAccess();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'groups' ? 'groups' : 'books';
  const audience = audiences.includes(params.get('audience') as Audience) ? (params.get('audience') as Audience) : undefined;
  const kind: Kind = view === 'books' ? 'book' : 'group';
  const [making, setMaking] = useState(false);
  const create = useCreateList(kind);
  const set = (name: string, value: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  const intro = audiences.length === 1 ? t(`intro.${audiences[0]!}`) : t('intro.both');
  return (
    <Page
      title={t('title')}
      intro={intro}
      actions={
        manage &&
        audiences.length > 0 && (
          <Button appearance="primary" onClick={() => setMaking(true)}>
            {t(view === 'books' ? 'books.new' : 'groups.new')}
          </Button>
        )
      }
    >
      {!manage && (
        <MessageBar intent="info">
          <MessageBarBody>{t('readOnly')}</MessageBarBody>
        </MessageBar>
      )}
      <TabList selectedValue={view} onTabSelect={(_e, d) => set('view', d.value === 'groups' ? 'groups' : null)}>
        <Tab value="books">{t('tabs.books')}</Tab>
        <Tab value="groups">{t('tabs.groups')}</Tab>
      </TabList>
      {audiences.length > 1 && (
        <div className={styles.filters}>
          <FilterDropdown
            label={t('audience.label')}
            value={audience}
            options={audiences}
            anyLabel={t('audience.any')}
            labelOf={(a) => t(`audience.${a}`)}
            onChange={(a) => set('audience', a)}
          />
        </div>
      )}
      {view === 'books' ? (
        <Lists kind="book" audience={audience} manage={manage} showAudience={audiences.length > 1} />
      ) : (
        <>
          <Text as="p">{t('groups.intro')}</Text>
          <Lists kind="group" audience={audience} manage={manage} showAudience={audiences.length > 1} />
        </>
      )}
      {making && (
        <NameDialog
          title={t(view === 'books' ? 'books.new' : 'groups.new')}
          submit={t('form.create')}
          audiences={audience ? [audience] : audiences}
          busy={create.isPending}
          error={create.error}
          onClose={() => {
            setMaking(false);
            create.reset();
          }}
          onSubmit={({ name, audience: a }) =>
            create.mutate(
              { name, audience: a ?? audiences[0]! },
              {
                onSuccess: (made) => {
                  setMaking(false);
                  void navigate(kind === 'book' ? `/price-books/${made.id}` : `/price-books/groups/${made.id}`);
                },
              },
            )
          }
        />
      )}
    </Page>
  );
}

/** The books or the groups: each a link to its page, and, for billing admins, rename and delete. */
function Lists({
  kind,
  audience,
  manage,
  showAudience,
}: {
  kind: Kind;
  audience: Audience | undefined;
  manage: boolean;
  showAudience: boolean;
}) {
  const { t } = useTranslation('pricing');
  const styles = useStyles();
  const format = useFormat();
  const books = usePriceBooks(audience, kind === 'book');
  const groups = usePriceGroups(audience, kind === 'group');
  const rename = useRename(kind);
  const remove = useDelete(kind);
  const [renaming, setRenaming] = useState<PriceBook | PriceGroup | null>(null);
  const [deleting, setDeleting] = useState<PriceBook | PriceGroup | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ns = kind === 'book' ? 'books' : 'groups';
  const path = (id: string) => (kind === 'book' ? `/price-books/${id}` : `/price-books/groups/${id}`);
  type Row = PriceBook | PriceGroup;
  const columns: Column<Row>[] = [
    { key: 'name', header: t(`${ns}.columns.name`), cell: (r) => <AppLink to={path(r.id)}>{r.name}</AppLink> },
    ...(showAudience
      ? [{ key: 'audience', header: t(`${ns}.columns.audience`), cell: (r: Row) => t(`audience.${r.audience}`) }]
      : []),
    ...(kind === 'book'
      ? [
          {
            key: 'rules',
            header: t('books.columns.rules'),
            cell: (r: Row) => t('books.rules', { count: (r as PriceBook).ruleCount }),
          },
        ]
      : []),
    kind === 'book'
      ? { key: 'updated', header: t('books.columns.updated'), cell: (r) => format.dateTime((r as PriceBook).updatedAt) }
      : { key: 'created', header: t('groups.columns.created'), cell: (r) => format.date(r.createdAt) },
    ...(manage
      ? [
          {
            key: 'actions',
            header: t(`${ns}.columns.actions`),
            cell: (r: Row) => (
              <span className={styles.actions}>
                <Button size="small" aria-label={t(`${ns}.renameOf`, { name: r.name })} onClick={() => setRenaming(r)}>
                  {t('books.rename')}
                </Button>
                <Button size="small" aria-label={t(`${ns}.deleteOf`, { name: r.name })} onClick={() => setDeleting(r)}>
                  {t('books.delete')}
                </Button>
              </span>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      {done && (
        <MessageBar intent="success">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <ListTable<Row>
        label={t(`${ns}.title`)}
        list={kind === 'book' ? books : groups}
        columns={columns}
        rowKey={(r) => r.id}
        empty={t(`${ns}.empty`)}
        loading={t('loading')}
      />
      {renaming && (
        <NameDialog
          title={t(`${ns}.renameOf`, { name: renaming.name })}
          submit={t('form.save')}
          initialName={renaming.name}
          busy={rename.isPending}
          error={rename.error}
          onClose={() => {
            setRenaming(null);
            rename.reset();
          }}
          onSubmit={({ name }) => rename.mutate({ id: renaming.id, name }, { onSuccess: () => setRenaming(null) })}
        />
      )}
      {deleting && (
        <ConfirmDialog
          alert
          title={t(`${ns}.deleteTitle`, { name: deleting.name })}
          confirmLabel={t(`${ns}.deleteConfirm`)}
          keepLabel={t('form.keep')}
          pending={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setDeleting(null);
            remove.reset();
          }}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                setDone(t(`${ns}.deleted`, { name: deleting.name }));
                setDeleting(null);
              },
            })
          }
        >
          <Text as="p" block>
            {kind === 'group'
              ? t('groups.deleteDetail')
              : (deleting as PriceBook).ruleCount === 0
                ? t('books.deleteEmpty')
                : t('books.deleteDetail', { rules: t('books.rules', { count: (deleting as PriceBook).ruleCount }) })}
          </Text>
        </ConfirmDialog>
      )}
    </>
  );
}
