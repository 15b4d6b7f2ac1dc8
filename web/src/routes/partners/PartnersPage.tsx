import { Badge, Button, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGrants } from '../../api/grants';
import { useEndRelationship, useRelationships, type Relationship } from '../../api/relationships';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { RoleBadges } from '../../components/RoleBadges';
import { useFormat } from '../../i18n/format';
import { ReceivedRequests } from './ReceivedRequests';

/**
 * The customer's side (R-CUS-9, R-GRT-3): its partners, what each may do under the admin grants
 * it gave them, and ending a relationship; then the relationship requests it received (R-CUS-1,
 * R-CUS-2), each opened to what accepting authorizes and accepted here or from its link.
 */
export default function PartnersPage() {
  const { t } = useTranslation('partners');
  const format = useFormat();
  const me = useMe().data!;
  const relationships = useRelationships(me.tenant.id);
  const grants = useGrants('given');
  const end = useEndRelationship(me.tenant.id);
  const [ending, setEnding] = useState<Relationship | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const manage = can(me, 'relationships.manage');
  const list = {
    items: relationships.data?.items ?? [],
    isPending: relationships.isPending,
    error: relationships.error,
    hasNextPage: false,
    isFetchingNextPage: false,
    fetchNextPage: () => undefined,
  };
  const byId = new Map(list.items.map((r) => [r.partner.id, r.partner.name]));
  const activeGrants = (partnerId: string) => grants.items.filter((g) => g.granteeId === partnerId && g.status === 'active');
  const columns: Column<Relationship>[] = [
    { key: 'partner', header: t('columns.partner'), cell: (r) => r.partner.name },
    {
      key: 'role',
      header: t('columns.role'),
      cell: (r) => (
        <>
          <Badge color="informative">{t(`role.${r.role}`, { defaultValue: r.role })}</Badge>
          {r.resellerId && ` ${t('through', { reseller: byId.get(r.resellerId) ?? '…' })}`}
        </>
      ),
    },
    {
      key: 'grants',
      header: t('columns.grants'),
      cell: (r) => {
        const held = activeGrants(r.partner.id);
        return held.length === 0 ? t('noGrant') : held.map((g) => <RoleBadges key={g.id} kind="admin" roles={g.roles} />);
      },
    },
    { key: 'since', header: t('columns.since'), cell: (r) => format.date(r.since) },
    ...(manage
      ? [
          {
            key: 'actions',
            header: t('columns.actions'),
            cell: (r: Relationship) => (
              <Button size="small" onClick={() => (end.reset(), setEnding(r))}>
                {t('end.open')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Page
      title={t('title')}
      intro={t('intro', { tenant: me.tenant.name })}
      actions={can(me, 'grants.read') && <AppLink to="/admin-grants">{t('manageGrants')}</AppLink>}
    >
      {ended && (
        <MessageBar intent="success">
          <MessageBarBody>{t('end.done', { name: ended })}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar error={end.error} />
      <ListTable
        label={t('title')}
        list={list}
        columns={columns}
        rowKey={(r) => r.id}
        empty={t('empty')}
        loading={t('loading')}
      />
      {can(me, 'relationships.accept') && <ReceivedRequests customerId={me.tenant.id} />}
      {ending && (
        <ConfirmDialog
          title={t('end.title', { name: ending.partner.name })}
          confirmLabel={t('end.confirm')}
          keepLabel={t('end.keep')}
          pending={end.isPending}
          onConfirm={() =>
            end.mutate(ending.id, {
              onSuccess: () => setEnded(ending.partner.name),
              onSettled: () => setEnding(null),
            })
          }
          onDismiss={() => setEnding(null)}
        >
          <Text>
            {t('end.detail', { name: ending.partner.name })}
            {ending.role === 'indirect_reseller' && ` ${t('end.throughToo')}`}
          </Text>
        </ConfirmDialog>
      )}
    </Page>
  );
}
