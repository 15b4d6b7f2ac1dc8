import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
  Radio,
  RadioGroup,
  Tab,
  TabList,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  useIndirectResellers,
  useInvitationAction,
  useInvitations,
  useInviteReseller,
  type Invitation,
  type Reseller,
} from '../../api/partnerships';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ListTable, type Column } from '../../components/ListTable';
import { Form, Page } from '../../components/Page';
import { fieldError, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { Email } from '../../components/Email';
import { FieldAlert } from '../../components/FieldAlert';
import { ResellerCreditCell } from '../credit/CreditSummary';
import { CreditTermsDialog } from '../credit/CreditTermsDialog';

type View = 'active' | 'ended' | 'invitations';

/**
 * The provider's resellers (R-PRT-2) with each one's readiness to transact (R-AGR-2) and, for
 * its billing readers, each one's credit (R-CRD-1: balance, limit, terms; a billing admin sets
 * them), the invitations it sent (re-send, revoke), and the way to invite one more (R-PRT-1).
 */
export default function IndirectResellersPage() {
  const { t } = useTranslation('resellers');
  const [params, setParams] = useSearchParams();
  const view = (['active', 'ended', 'invitations'].includes(params.get('view') ?? '') ? params.get('view') : 'active') as View;
  const me = useMe().data!;
  const [inviting, setInviting] = useState(false);
  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        can(me, 'partnerships.invite') && (
          <Button appearance="primary" onClick={() => setInviting(true)}>
            {t('invite.open')}
          </Button>
        )
      }
    >
      <TabList selectedValue={view} onTabSelect={(_e, d) => setParams({ view: String(d.value) })}>
        <Tab value="active">{t('tabs.active')}</Tab>
        <Tab value="ended">{t('tabs.ended')}</Tab>
        {can(me, 'partnerships.invite') && <Tab value="invitations">{t('tabs.invitations')}</Tab>}
      </TabList>
      {view === 'invitations' ? <Invitations /> : <Resellers status={view} />}
      {inviting && (
        <InviteDialog
          onClose={(sent) => {
            setInviting(false);
            if (sent) setParams({ view: 'invitations' });
          }}
        />
      )}
    </Page>
  );
}

function Resellers({ status }: { status: 'active' | 'ended' }) {
  const { t } = useTranslation('resellers');
  const credit = useTranslation('credit').t;
  const format = useFormat();
  const me = useMe().data!;
  const list = useIndirectResellers(status);
  const [crediting, setCrediting] = useState<{ id: string; name: string } | null>(null);
  const [creditOpen, setCreditOpen] = useState(false);
  // R-CRD-1: the credit of the resellers it serves now, read by those who read billing.
  const showCredit = status === 'active' && can(me, 'billing.read');
  const columns: Column<Reseller>[] = [
    { key: 'name', header: t('columns.name'), cell: (r) => r.reseller.name },
    { key: 'partnerId', header: t('columns.partnerId'), cell: (r) => r.reseller.partnerId ?? '—' },
    { key: 'country', header: t('columns.country'), cell: (r) => format.country(r.reseller.countryCode) },
    {
      key: 'readiness',
      header: t('columns.readiness'),
      cell: (r) =>
        r.readiness.ready ? (
          <Badge color="success">{t('readiness.ready')}</Badge>
        ) : (
          <Badge
            color="warning"
            title={missing(r)
              .map((m) => t(`readiness.${m}`))
              .join(', ')}
          >
            {t('readiness.notReady', {
              missing: missing(r)
                .map((m) => t(`readiness.${m}`))
                .join(', '),
            })}
          </Badge>
        ),
    },
    {
      key: 'since',
      header: t(status === 'ended' ? 'columns.ended' : 'columns.since'),
      cell: (r) => format.date(r.endedAt ?? r.since),
    },
    ...(showCredit
      ? [{ key: 'credit', header: credit('column'), cell: (r: Reseller) => <ResellerCreditCell resellerId={r.reseller.id} /> }]
      : []),
    {
      key: 'actions',
      header: t('columns.actions'),
      cell: (r) =>
        status === 'active' && (
          <>
            <AppLink to={`/customers?resellerId=${r.reseller.id}`}>{t('actions.customers')}</AppLink>
            {can(me, 'customers.create') && r.readiness.ready && (
              <>
                {' · '}
                <AppLink to={`/customers/new?resellerId=${r.reseller.id}`}>{t('actions.addCustomer')}</AppLink>
              </>
            )}
            {showCredit && (
              <>
                {' · '}
                <Button
                  size="small"
                  aria-label={credit('edit.openFor', { name: r.reseller.name })}
                  onClick={() => {
                    setCrediting({ id: r.reseller.id, name: r.reseller.name });
                    setCreditOpen(true);
                  }}
                >
                  {credit('edit.open')}
                </Button>
              </>
            )}
          </>
        ),
    },
  ];
  return (
    <>
      <ListTable
        label={t(`tabs.${status}`)}
        list={list}
        columns={columns}
        rowKey={(r) => r.partnershipId}
        empty={t(`empty.${status}`)}
        loading={t('loading')}
      />
      {crediting && (
        <CreditTermsDialog key={crediting.id} open={creditOpen} reseller={crediting} onClose={() => setCreditOpen(false)} />
      )}
    </>
  );
}

function missing(r: Reseller): string[] {
  const out: string[] = [];
  if (!r.readiness.onboarded) out.push('onboarded');
  if (!r.readiness.indirectResellerActive) out.push('indirectResellerActive');
  if (!r.readiness.partnerAgreementAccepted) out.push('partnerAgreementAccepted');
  return out;
}

function Invitations() {
  const { t } = useTranslation('resellers');
  const format = useFormat();
  const list = useInvitations();
  const action = useInvitationAction();
  const columns: Column<Invitation>[] = [
    { key: 'to', header: t('columns.sentTo'), cell: (i) => (i.email ? <Email address={i.email} /> : (i.partnerId ?? i.sentTo)) },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (i) => (
        <Badge color={i.status === 'accepted' ? 'success' : i.status === 'pending' ? 'informative' : 'subtle'}>
          {t(`status.${i.status}`)}
        </Badge>
      ),
    },
    { key: 'sent', header: t('columns.lastSent'), cell: (i) => `${format.dateTime(i.lastSentAt)} (×${i.sendCount})` },
    { key: 'expires', header: t('columns.expires'), cell: (i) => (i.status === 'pending' ? format.relative(i.expiresAt) : '—') },
    {
      key: 'actions',
      header: t('columns.actions'),
      cell: (i) =>
        (i.status === 'pending' || i.status === 'expired') && (
          <>
            <Button size="small" onClick={() => action.mutate({ id: i.id, action: 'resends' })} disabled={action.isPending}>
              {t('actions.resend')}
            </Button>{' '}
            {i.status === 'pending' && (
              <Button size="small" onClick={() => action.mutate({ id: i.id, action: 'revocation' })} disabled={action.isPending}>
                {t('actions.revoke')}
              </Button>
            )}
          </>
        ),
    },
  ];
  return (
    <>
      <ProblemBar error={action.error} />
      <ListTable
        label={t('tabs.invitations')}
        list={list}
        columns={columns}
        rowKey={(i) => i.id}
        empty={t('empty.invitations')}
        loading={t('loading')}
      />
    </>
  );
}

function InviteDialog({ onClose }: { onClose: (sent: boolean) => void }) {
  const { t } = useTranslation('resellers');
  const [by, setBy] = useState<'email' | 'partnerId'>('email');
  const [value, setValue] = useState('');
  const invite = useInviteReseller();
  const submit = () =>
    invite.mutate(by === 'email' ? { email: value.trim() } : { partnerId: value.trim() }, { onSuccess: () => onClose(true) });
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose(false)}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('invite.title')}</DialogTitle>
          <DialogContent>
            <Form onSubmit={submit} label={t('invite.title')}>
              <p>{t('invite.intro')}</p>
              <RadioGroup value={by} onChange={(_e, d) => setBy(d.value as 'email' | 'partnerId')} aria-label={t('invite.by')}>
                <Radio value="email" label={t('invite.byEmail')} />
                <Radio value="partnerId" label={t('invite.byPartnerId')} />
              </RadioGroup>
              <FieldAlert
                label={t(by === 'email' ? 'invite.email' : 'invite.partnerId')}
                required
                error={invite.error}
                path={`/${by}`}
              >
                <Input type={by === 'email' ? 'email' : 'text'} value={value} onChange={(_e, d) => setValue(d.value)} />
              </FieldAlert>
              <ProblemBar error={invite.error && !fieldError(invite.error, `/${by}`) ? invite.error : null} />
              <DialogActions>
                <Button type="submit" appearance="primary" disabled={invite.isPending || !value.trim()}>
                  {t('invite.send')}
                </Button>
                <Button onClick={() => onClose(false)}>{t('invite.cancel')}</Button>
              </DialogActions>
            </Form>
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
