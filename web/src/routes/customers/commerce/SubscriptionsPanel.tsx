import {
  Badge,
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Text,
} from '@fluentui/react-components';
import { MoreHorizontalRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerSubscriptions, type Subscription } from '../../../api/commerce';
import { can, useMe } from '../../../api/session';
import { ListTable, type Column } from '../../../components/ListTable';
import { useFormat } from '../../../i18n/format';
import { offerTerms } from '../../catalog/OfferTerms';
import { SubscriptionDialog, type SubscriptionAction } from './SubscriptionDialog';

const statusColor = {
  active: 'success',
  suspended: 'warning',
  expired: 'danger',
  disabled: 'danger',
  deleted: 'subtle',
} as const;

/**
 * What the signed-in partner may do with a subscription (R-CUS-7, R-SUB-1..3): the partner that
 * ordered it changes its quantity and status, cancelling only within the change window; it and
 * the reseller of record shape the renewal. Expired, disabled, deleted or cancelled: nothing.
 */
export function actionsFor(s: Subscription, tenantId: string, now = Date.now()): SubscriptionAction[] {
  if ((s.status !== 'active' && s.status !== 'suspended') || s.cancelledAt) return [];
  const actions: SubscriptionAction[] = [];
  if (s.orderedBy.id === tenantId) {
    actions.push('quantity');
    if (new Date(s.changeWindowCloses).getTime() > now) actions.push('cancel');
    actions.push(s.status === 'active' ? 'suspend' : 'reactivate');
  }
  if (s.orderedBy.id === tenantId || s.partnerOfRecord.id === tenantId) {
    actions.push(s.autoRenew ? 'autoRenewOff' : 'autoRenewOn');
    if (s.autoRenew) actions.push('nextTerm');
  }
  return actions;
}

/**
 * A customer's subscriptions as the signed-in partner sees them (R-CUS-9: its own, and those it
 * is reseller of record of): quantity, status, term and renewal, partner of record, and the
 * actions it may take on each (through PATCH /v1/subscriptions/{id}).
 */
export function SubscriptionsPanel({ customerId, intro }: { customerId: string; intro?: string }) {
  const { t } = useTranslation('commerce');
  const format = useFormat();
  const me = useMe().data!;
  const subscriptions = useCustomerSubscriptions(customerId);
  const [open, setOpen] = useState<{ subscription: Subscription; action: SubscriptionAction } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const manage = can(me, 'subscriptions.manage');
  const columns: Column<Subscription>[] = [
    { key: 'offer', header: t('subscriptions.columns.offer'), cell: (s) => `${s.offer.name} (${s.offer.sku})` },
    {
      key: 'quantity',
      header: t('subscriptions.columns.quantity'),
      cell: (s) =>
        s.nextTermQuantity === null
          ? format.number(s.quantity)
          : t('subscriptions.quantityNext', { quantity: format.number(s.quantity), next: format.number(s.nextTermQuantity) }),
    },
    {
      key: 'status',
      header: t('subscriptions.columns.status'),
      cell: (s) =>
        s.cancelledAt ? (
          <Badge color="subtle">{t('status.cancelled')}</Badge>
        ) : (
          <Badge color={statusColor[s.status]}>{t(`status.${s.status}`)}</Badge>
        ),
    },
    { key: 'terms', header: t('subscriptions.columns.terms'), cell: (s) => offerTerms(t, { kind: s.offer.kind, ...s }) },
    {
      key: 'renewal',
      header: t('subscriptions.columns.renewal'),
      cell: (s) =>
        s.cancelledAt ? '—' : t(s.autoRenew ? 'subscriptions.renews' : 'subscriptions.ends', { date: format.date(s.renewsAt) }),
    },
    {
      key: 'window',
      header: t('subscriptions.columns.window'),
      cell: (s) => format.date(s.changeWindowCloses),
    },
    { key: 'partner', header: t('subscriptions.columns.partnerOfRecord'), cell: (s) => s.partnerOfRecord.name },
  ];
  if (manage) {
    columns.push({
      key: 'actions',
      header: t('subscriptions.columns.actions'),
      cell: (s) => {
        const actions = actionsFor(s, me.tenant.id);
        if (actions.length === 0) return '—';
        return (
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button
                id={`subscription-actions-${s.id}`}
                size="small"
                icon={<MoreHorizontalRegular />}
                aria-label={t('subscriptions.actionsFor', { offer: s.offer.name })}
              >
                {t('subscriptions.columns.actions')}
              </Button>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {actions.map((action) => (
                  <MenuItem
                    key={action}
                    onClick={() => {
                      setDone(null);
                      setOpen({ subscription: s, action });
                    }}
                  >
                    {t(`subscriptions.actions.${action}`)}
                  </MenuItem>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
        );
      },
    });
  }
  return (
    <>
      <Text as="p">{intro ?? t('subscriptions.intro')}</Text>
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <ListTable
        label={t('subscriptions.title')}
        list={subscriptions}
        columns={columns}
        rowKey={(s) => s.id}
        empty={t('subscriptions.empty')}
        loading={t('loading')}
      />
      {open && (
        <SubscriptionDialog
          customerId={customerId}
          subscription={open.subscription}
          action={open.action}
          onClose={(changed) => {
            // Focus goes back to the row's Actions button (the menu item that opened the dialog is gone).
            const trigger = `subscription-actions-${open.subscription.id}`;
            requestAnimationFrame(() => document.getElementById(trigger)?.focus());
            setOpen(null);
            if (changed) setDone(t('subscriptions.changed', { offer: changed.offer.name }));
          }}
        />
      )}
    </>
  );
}
