import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Tab,
  TabList,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  useGrantAction,
  useGrantRequestAction,
  useGrantRequests,
  useGrants,
  type Grant,
  type GrantRequest,
  type GrantSide,
  type RequestSide,
} from '../../api/grants';
import { can, useMe } from '../../api/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable, type Column } from '../../components/ListTable';
import { useAdminRoleWords } from '../../components/AdminRoles';
import { RoleBadges } from '../../components/RoleBadges';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { GrantsTimeline } from './GrantsTimeline';

/**
 * Delegated admin grants from both sides: a partner's held grants with their countdown, and
 * the grants a customer (or a reseller) gave, which it narrows or ends at once (R-GRT-3).
 */
export default function GrantsPage() {
  const { t } = useTranslation('grants');
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  type View = GrantSide | RequestSide;
  const sides: View[] = me.tenant.kind === 'partner' ? ['held', 'given', 'sent', 'received'] : ['given', 'received'];
  const side = sides.includes(params.get('side') as View) ? (params.get('side') as View) : sides[0]!;
  return (
    <Page title={t('title')} intro={t(`intro.${me.tenant.kind === 'partner' ? 'partner' : 'customer'}`)}>
      {sides.length > 1 && (
        <TabList selectedValue={side} onTabSelect={(_e, d) => setParams({ side: String(d.value) })}>
          {sides.map((s) => (
            <Tab key={s} value={s}>
              {t(`tabs.${s}`)}
            </Tab>
          ))}
        </TabList>
      )}
      {side === 'sent' || side === 'received' ? (
        <Requests side={side} manage={can(me, 'grants.manage')} />
      ) : (
        <Grants side={side} manage={side === 'given' && can(me, 'grants.manage')} />
      )}
    </Page>
  );
}

function Grants({ side, manage }: { side: GrantSide; manage: boolean }) {
  const { t } = useTranslation('grants');
  const format = useFormat();
  const list = useGrants(side);
  const action = useGrantAction();
  const [ending, setEnding] = useState<Grant | null>(null);
  const [narrowing, setNarrowing] = useState<Grant | null>(null);
  const columns: Column<Grant>[] = [
    {
      key: 'who',
      header: t(`columns.${side === 'held' ? 'grantor' : 'grantee'}`),
      cell: (g) => (side === 'held' ? g.grantorName : g.granteeName),
    },
    {
      key: 'roles',
      header: t('columns.roles'),
      cell: (g) => <RoleBadges kind="admin" roles={g.roles} />,
    },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (g) => (
        <Badge color={g.status === 'active' ? 'success' : 'subtle'}>
          {t(`status.${g.status}`)}
          {g.endedReason ? ` (${t(`endedReason.${g.endedReason}`)})` : ''}
        </Badge>
      ),
    },
    {
      key: 'ends',
      header: t('columns.ends'),
      cell: (g) =>
        g.status === 'active' ? (
          <span title={format.dateTime(g.endsAt)}>
            {t('endsIn', { relative: format.relative(g.endsAt) })}
            {g.autoExtend ? ` · ${t('autoExtend')}` : ''}
          </span>
        ) : (
          format.date(g.endedAt ?? g.endsAt)
        ),
    },
    ...(manage
      ? [
          {
            key: 'actions',
            header: t('columns.actions'),
            cell: (g: Grant) =>
              g.status === 'active' && (
                <>
                  {g.roles.length > 1 && (
                    <Button size="small" onClick={() => setNarrowing(g)}>
                      {t('narrow.open')}
                    </Button>
                  )}{' '}
                  <Button size="small" onClick={() => setEnding(g)}>
                    {t('end.open')}
                  </Button>
                </>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <ProblemBar error={action.error} />
      {side === 'given' && <GrantsTimeline grants={list.items} />}
      <ListTable
        label={t(`tabs.${side}`)}
        list={list}
        columns={columns}
        rowKey={(g) => g.id}
        empty={t(`empty.${side}`)}
        loading={t('loading')}
      />
      {ending && (
        <ConfirmDialog
          title={t('end.title', { name: ending.granteeName })}
          confirmLabel={t('end.confirm')}
          keepLabel={t('cancel')}
          pending={action.isPending}
          onConfirm={() => action.mutate({ id: ending.id, end: true }, { onSettled: () => setEnding(null) })}
          onDismiss={() => setEnding(null)}
        >
          <Text>{t('end.detail', { name: ending.granteeName })}</Text>
        </ConfirmDialog>
      )}
      {narrowing && <NarrowDialog grant={narrowing} onClose={() => setNarrowing(null)} />}
    </>
  );
}

function NarrowDialog({ grant, onClose }: { grant: Grant; onClose: () => void }) {
  const { t } = useTranslation('grants');
  const adminRole = useAdminRoleWords();
  const [roles, setRoles] = useState(grant.roles);
  const action = useGrantAction();
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('narrow.title', { name: grant.granteeName })}</DialogTitle>
          <DialogContent>
            <Text as="p">{t('narrow.detail')}</Text>
            {grant.roles.map((r) => (
              <Checkbox
                key={r}
                label={adminRole(r).name}
                checked={roles.includes(r)}
                onChange={(_e, d) => setRoles(d.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              />
            ))}
            <ProblemBar error={action.error} />
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={action.isPending || roles.length === 0 || roles.length === grant.roles.length}
              onClick={() => action.mutate({ id: grant.id, roles }, { onSuccess: onClose })}
            >
              {t('narrow.confirm')}
            </Button>
            <Button onClick={onClose}>{t('cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Requests({ side, manage }: { side: RequestSide; manage: boolean }) {
  const { t } = useTranslation('grants');
  const format = useFormat();
  const list = useGrantRequests(side);
  const action = useGrantRequestAction();
  const columns: Column<GrantRequest>[] = [
    {
      key: 'who',
      header: t(`columns.${side === 'sent' ? 'askedOf' : 'askedBy'}`),
      cell: (r) => (side === 'sent' ? r.grantorName : r.granteeName),
    },
    {
      key: 'roles',
      header: t('columns.roles'),
      cell: (r) => <RoleBadges kind="admin" roles={r.approvedRoles ?? r.roles} />,
    },
    { key: 'days', header: t('columns.days'), cell: (r) => t('days', { count: r.approvedDays ?? r.days }) },
    { key: 'message', header: t('columns.message'), cell: (r) => r.message ?? r.rejectionReason ?? '' },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (r) => (
        <Badge color={r.status === 'approved' ? 'success' : r.status === 'pending' ? 'informative' : 'subtle'}>
          {t(`requestStatus.${r.status}`)}
        </Badge>
      ),
    },
    { key: 'asked', header: t('columns.asked'), cell: (r) => format.date(r.createdAt) },
    ...(manage
      ? [
          {
            key: 'actions',
            header: t('columns.actions'),
            cell: (r: GrantRequest) =>
              r.status === 'pending' &&
              (side === 'received' ? (
                <>
                  <Button
                    size="small"
                    appearance="primary"
                    disabled={action.isPending}
                    onClick={() => action.mutate({ id: r.id, action: 'approval' })}
                  >
                    {t('requests.approve')}
                  </Button>{' '}
                  <Button
                    size="small"
                    disabled={action.isPending}
                    onClick={() => action.mutate({ id: r.id, action: 'rejection' })}
                  >
                    {t('requests.reject')}
                  </Button>
                </>
              ) : (
                <Button
                  size="small"
                  disabled={action.isPending}
                  onClick={() => action.mutate({ id: r.id, action: 'revocation' })}
                >
                  {t('requests.revoke')}
                </Button>
              )),
          },
        ]
      : []),
  ];
  return (
    <>
      <ProblemBar error={action.error} />
      <ListTable
        label={t(`tabs.${side}`)}
        list={list}
        columns={columns}
        rowKey={(r) => r.id}
        empty={t(`empty.${side}`)}
        loading={t('loading')}
      />
    </>
  );
}
