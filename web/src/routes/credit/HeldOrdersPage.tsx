import { Badge, Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDecideOrder, useHeldOrders, useResellerCredit, type HeldOrder } from '../../api/credit';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { ResellerCreditCell } from './CreditSummary';

const useStyles = makeStyles({
  lines: { margin: 0, paddingInlineStart: 0, listStyle: 'none' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  done: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  reseller: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

type Decision = 'approval' | 'rejection';

/**
 * Orders through the provider's resellers held past their credit limit (R-CRD-1), oldest first:
 * for whom, what, at the reseller's prices, and the reseller's balance and limit. A billing admin
 * approves one (its subscriptions start now) or rejects it (nothing is made) after a confirmation;
 * a decided order leaves the list. The held-order mail links here with ?order=, that order first.
 */
export default function HeldOrdersPage() {
  const { t } = useTranslation('credit');
  const styles = useStyles();
  const format = useFormat();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const mailed = params.get('order');
  const list = useHeldOrders();
  const decide = useDecideOrder();
  // The dialog closes (open false) rather than leaving the page: Fluent then gives the page back to assistive technology.
  const [confirming, setConfirming] = useState<{ order: HeldOrder; decision: Decision } | null>(null);
  const [open, setOpen] = useState(false);
  const ask = (order: HeldOrder, decision: Decision) => {
    decide.reset();
    setConfirming({ order, decision });
    setOpen(true);
  };
  const [done, setDone] = useState<{ order: HeldOrder; decision: Decision } | null>(null);
  const mayDecide = (o: HeldOrder) => can(me, 'billing.manage') && o.orderedBy.partnerId === me.tenant.id;
  const money = (o: HeldOrder, minor: number | null) => format.money(minor ?? o.totalMinor, o.currency);
  // The order the mail named comes first, marked as such.
  const items = mailed
    ? [...list.items.filter((o) => o.id === mailed), ...list.items.filter((o) => o.id !== mailed)]
    : list.items;
  const mailedGone =
    Boolean(mailed) && !list.isPending && !list.error && !list.hasNextPage && !items.some((o) => o.id === mailed);

  const columns: Column<HeldOrder>[] = [
    {
      key: 'placed',
      header: t('held.columns.placed'),
      cell: (o) => (
        <>
          {format.dateTime(o.createdAt)}
          {o.id === mailed && (
            <>
              {' '}
              <Badge color="brand" appearance="tint">
                {t('held.fromMail')}
              </Badge>
            </>
          )}
        </>
      ),
    },
    {
      // The reseller, and beneath it what it owes against its limit (held orders included).
      key: 'reseller',
      header: t('held.columns.reseller'),
      cell: (o) =>
        o.resellerOfRecord ? (
          <span className={styles.reseller}>
            <Text weight="semibold">{o.resellerOfRecord.name}</Text>
            <ResellerCreditCell resellerId={o.resellerOfRecord.id} brief />
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'customer',
      header: t('held.columns.customer'),
      cell: (o) => <AppLink to={`/customers/${o.customer.id}?tab=orders`}>{o.customer.name}</AppLink>,
    },
    {
      key: 'lines',
      header: t('held.columns.lines'),
      cell: (o) => (
        <ul className={styles.lines}>
          {o.lines.map((l, i) => (
            <li key={`${l.offerId}-${i}`}>
              {t('held.line', {
                quantity: format.number(l.quantity),
                name: l.name,
                price: money(o, l.saleUnitPriceMinor ?? l.unitPriceMinor),
              })}
            </li>
          ))}
        </ul>
      ),
    },
    { key: 'total', header: t('held.columns.total'), cell: (o) => money(o, o.saleTotalMinor) },
    {
      key: 'actions',
      header: t('held.columns.actions'),
      cell: (o) =>
        mayDecide(o) ? (
          <span className={styles.actions}>
            <Button
              size="small"
              appearance="primary"
              aria-label={t('held.approveFor', { customer: o.customer.name })}
              onClick={() => ask(o, 'approval')}
            >
              {t('held.approve')}
            </Button>
            <Button
              size="small"
              aria-label={t('held.rejectFor', { customer: o.customer.name })}
              onClick={() => ask(o, 'rejection')}
            >
              {t('held.reject')}
            </Button>
          </span>
        ) : (
          <Text>{t('held.waiting', { provider: o.orderedBy.partnerName })}</Text>
        ),
    },
  ];

  return (
    <Page title={t('held.title')} intro={t('held.intro')}>
      {done && (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody className={styles.done}>
            <MessageBarTitle>{t(done.decision === 'approval' ? 'held.approvedTitle' : 'held.rejectedTitle')}</MessageBarTitle>
            {t(done.decision === 'approval' ? 'held.approved' : 'held.rejected', {
              customer: done.order.customer.name,
              reseller: done.order.resellerOfRecord?.name ?? '',
            })}{' '}
            <AppLink to={`/customers/${done.order.customer.id}?tab=${done.decision === 'approval' ? 'subscriptions' : 'orders'}`}>
              {t(done.decision === 'approval' ? 'held.seeSubscriptions' : 'held.seeOrders', {
                customer: done.order.customer.name,
              })}
            </AppLink>
          </MessageBarBody>
        </MessageBar>
      )}
      {mailedGone && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t('held.gone')}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar error={open ? null : decide.error} />
      <ListTable
        label={t('held.title')}
        list={{ ...list, items }}
        columns={columns}
        rowKey={(o) => o.id}
        empty={t('held.empty')}
        loading={t('held.loading')}
      />
      {confirming && (
        <ConfirmDecision
          open={open}
          order={confirming.order}
          decision={confirming.decision}
          pending={decide.isPending}
          onCancel={() => setOpen(false)}
          onConfirm={() =>
            decide.mutate(confirming, {
              onSuccess: () => {
                setDone(confirming);
                // Decided here: the mail's order is no longer one to point at.
                if (confirming.order.id === mailed) setParams({}, { replace: true });
              },
              onError: () => setDone(null),
              onSettled: () => setOpen(false),
            })
          }
        />
      )}
    </Page>
  );
}

/** What approving or rejecting does, said before it is done. */
function ConfirmDecision({
  open,
  order,
  decision,
  pending,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  order: HeldOrder;
  decision: Decision;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation('credit');
  const format = useFormat();
  const reseller = order.resellerOfRecord;
  const credit = useResellerCredit(reseller?.id ?? '', Boolean(reseller));
  const c = credit.data;
  const values = {
    customer: order.customer.name,
    reseller: reseller?.name ?? '',
    total: format.money(order.saleTotalMinor ?? order.totalMinor, order.currency),
  };
  const approve = decision === 'approval';
  return (
    <ConfirmDialog
      open={open}
      title={t(approve ? 'held.confirm.approveTitle' : 'held.confirm.rejectTitle')}
      confirmLabel={t(approve ? 'held.confirm.approve' : 'held.confirm.reject')}
      keepLabel={t('held.confirm.cancel')}
      pending={pending}
      onConfirm={onConfirm}
      onDismiss={onCancel}
    >
      <Text as="p" block>
        {t(approve ? 'held.confirm.approveText' : 'held.confirm.rejectText', values)}
      </Text>
      {c && c.limitMinor !== null && (
        <Text as="p" block>
          {t('held.confirm.balance', {
            reseller: values.reseller,
            balance: format.money(c.openBalanceMinor, c.currency),
            limit: format.money(c.limitMinor, c.currency),
          })}
        </Text>
      )}
    </ConfirmDialog>
  );
}
