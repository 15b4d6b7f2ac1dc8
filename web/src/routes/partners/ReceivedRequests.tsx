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
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAcceptReceivedRequest, useReceivedRequests, type ReceivedRequest } from '../../api/relationships';
import { Facts } from '../../components/Facts';
import { ListTable, type Column } from '../../components/ListTable';
import { ProblemBar } from '../../components/ProblemBar';
import { RoleBadges } from '../../components/RoleBadges';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const statusColor = { pending: 'informative', accepted: 'success', expired: 'subtle', revoked: 'subtle' } as const;

/**
 * R-CUS-1, R-CUS-2: the relationship requests the customer's tenant received, by link or by
 * e-mail to one of its users: who asks and when, their status, and, opened, what accepting
 * authorizes and where it is accepted (here when the request names the tenant, else its link).
 */
export function ReceivedRequests({ customerId }: { customerId: string }) {
  const { t } = useTranslation('partners');
  const format = useFormat();
  const styles = useStyles();
  const list = useReceivedRequests();
  const [open, setOpen] = useState<ReceivedRequest | null>(null);
  const columns: Column<ReceivedRequest>[] = [
    {
      key: 'partner',
      header: t('received.columns.partner'),
      cell: (r) => (
        <>
          {r.partner.name}
          {r.provider && (
            <Text size={200} block>
              {t('received.withProvider', { provider: r.provider.name })}
            </Text>
          )}
        </>
      ),
    },
    { key: 'asked', header: t('received.columns.asked'), cell: (r) => format.date(r.createdAt) },
    {
      key: 'status',
      header: t('received.columns.status'),
      cell: (r) => <Badge color={statusColor[r.status]}>{t(`received.status.${r.status}`)}</Badge>,
    },
    {
      key: 'actions',
      header: t('received.columns.actions'),
      cell: (r) => (
        <Button size="small" onClick={() => setOpen(r)}>
          {t('received.open')}
        </Button>
      ),
    },
  ];
  return (
    <section aria-labelledby="received-requests" className={styles.section}>
      <Title3 as="h2" id="received-requests">
        {t('received.title')}
      </Title3>
      <Text as="p">{t('received.intro')}</Text>
      <ListTable
        label={t('received.title')}
        list={list}
        columns={columns}
        rowKey={(r) => r.id}
        empty={t('received.empty')}
        loading={t('received.loading')}
      />
      {open && <RequestDialog request={open} customerId={customerId} onClose={() => setOpen(null)} />}
    </section>
  );
}

function RequestDialog({ request, customerId, onClose }: { request: ReceivedRequest; customerId: string; onClose: () => void }) {
  const { t } = useTranslation('partners');
  const format = useFormat();
  const styles = useStyles();
  const accept = useAcceptReceivedRequest(customerId);
  const [authorized, setAuthorized] = useState(false);
  const r = accept.data ?? request;
  const when: [string, string][] =
    r.status === 'accepted'
      ? [[t('received.facts.accepted'), format.dateTime(r.acceptedAt)]]
      : r.status === 'pending'
        ? [[t('received.facts.until'), `${format.dateTime(r.expiresAt)} (${format.relative(r.expiresAt)})`]]
        : r.status === 'expired'
          ? [[t('received.facts.expired'), format.dateTime(r.expiresAt)]]
          : [];
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('received.dialog.title', { name: r.partner.name })}</DialogTitle>
          <DialogContent className={styles.body}>
            <Facts
              label={t('received.dialog.facts')}
              rows={[
                [t('received.facts.partner'), r.partner.name],
                ...(r.provider ? [[t('received.facts.provider'), r.provider.name] as const] : []),
                [t('received.facts.asked'), format.dateTime(r.createdAt)],
                [
                  t('received.facts.addressed'),
                  r.namesYou ? t('received.addressed.tenant') : t('received.addressed.email', { email: r.email ?? '—' }),
                ],
                [t('received.facts.status'), t(`received.status.${r.status}`)],
                ...when,
              ]}
            />
            {r.authorizes && <Authorizes request={r} authorizes={r.authorizes} />}
            {accept.isSuccess ? (
              <MessageBar intent="success">
                <MessageBarBody>{t('received.accept.done', { name: r.partner.name })}</MessageBarBody>
              </MessageBar>
            ) : r.acceptance === 'here' ? (
              <>
                <ProblemBar error={accept.error} />
                <Checkbox
                  checked={authorized}
                  onChange={(_e, d) => setAuthorized(Boolean(d.checked))}
                  label={t('received.accept.checkbox', { name: r.partner.name })}
                />
              </>
            ) : r.acceptance === 'link' ? (
              <MessageBar intent="info" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('received.byLink.title')}</MessageBarTitle>
                  {t('received.byLink.detail', { email: r.email ?? '—' })}
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            {r.acceptance === 'here' && !accept.isSuccess && (
              <Button appearance="primary" disabled={!authorized || accept.isPending} onClick={() => accept.mutate(r.id)}>
                {t('received.accept.submit')}
              </Button>
            )}
            <Button onClick={onClose}>{t('received.close')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** What accepting a pending request authorizes, as the API says it now (R-CUS-1, R-CUS-2, R-TRN-9). */
function Authorizes({
  request: r,
  authorizes: a,
}: {
  request: ReceivedRequest;
  authorizes: NonNullable<ReceivedRequest['authorizes']>;
}) {
  const { t } = useTranslation('partners');
  const styles = useStyles();
  return (
    <section aria-labelledby="received-authorizes">
      <Text weight="semibold" id="received-authorizes">
        {t('received.authorizes.title')}
      </Text>
      <ul className={styles.list}>
        {a.keepsGrant || !a.adminGrant ? (
          <li>{t('received.authorizes.keepsGrant', { name: r.partner.name })}</li>
        ) : (
          <li>
            {t('received.authorizes.reseller', { name: r.partner.name, count: a.adminGrant.days })}{' '}
            <RoleBadges kind="admin" roles={a.adminGrant.roles} />
            {a.adminGrant.autoExtend && ` ${t('received.authorizes.autoExtend')}`}
          </li>
        )}
        {a.providerOrders && r.provider && <li>{t('received.authorizes.provider', { name: r.provider.name })}</li>}
      </ul>
    </section>
  );
}
