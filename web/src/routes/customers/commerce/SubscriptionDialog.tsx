import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api/client';
import { useChangeSubscription, type Subscription, type SubscriptionPatch } from '../../../api/commerce';
import { FieldAlert } from '../../../components/FieldAlert';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';

export type SubscriptionAction = 'quantity' | 'cancel' | 'suspend' | 'reactivate' | 'autoRenewOn' | 'autoRenewOff' | 'nextTerm';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** The patch each confirmed action sends: only the fields it changes (R-SUB-1..3). */
function patchFor(action: SubscriptionAction, quantity: number): SubscriptionPatch {
  switch (action) {
    case 'quantity':
      return { quantity };
    case 'nextTerm':
      return { nextTermQuantity: quantity };
    case 'cancel':
      return { status: 'cancelled' };
    case 'suspend':
      return { status: 'suspended' };
    case 'reactivate':
      return { status: 'active' };
    case 'autoRenewOn':
      return { autoRenew: true };
    case 'autoRenewOff':
      return { autoRenew: false };
  }
}

/**
 * One change to a subscription, confirmed in a dialog: a quantity (now, or for the next term)
 * or a change of status or renewal. A refusal stays in the dialog with its rule (a reduction
 * after the change window names R-SUB-1 and the day the window closed).
 */
export function SubscriptionDialog({
  customerId,
  subscription: s,
  action,
  onClose,
}: {
  customerId: string;
  subscription: Subscription;
  action: SubscriptionAction;
  onClose: (changed: Subscription | null) => void;
}) {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const format = useFormat();
  const change = useChangeSubscription(customerId);
  const [quantity, setQuantity] = useState(String(action === 'nextTerm' ? (s.nextTermQuantity ?? s.quantity) : s.quantity));
  const asksQuantity = action === 'quantity' || action === 'nextTerm';
  const path = action === 'nextTerm' ? '/nextTermQuantity' : '/quantity';
  const closes = format.date(s.changeWindowCloses);
  const closed = change.error instanceof ApiProblem ? change.error.body.windowClosed : undefined;
  const title = t(`subscriptions.actions.${action}`);
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose(null)}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate({ id: s.id, patch: patchFor(action, Number(quantity)) }, { onSuccess: (changed) => onClose(changed) });
          }}
        >
          <DialogBody>
            <DialogTitle>{t('subscriptions.dialogTitle', { action: title, offer: s.offer.name })}</DialogTitle>
            <DialogContent className={styles.content}>
              <Text as="p">{t(`subscriptions.explain.${action}`, { date: closes, quantity: format.number(s.quantity) })}</Text>
              {asksQuantity && (
                <FieldAlert
                  label={t(action === 'nextTerm' ? 'subscriptions.nextTermQuantity' : 'subscriptions.newQuantity')}
                  required
                  error={change.error}
                  path={path}
                >
                  <Input type="number" inputMode="numeric" min={0} value={quantity} onChange={(_e, d) => setQuantity(d.value)} />
                </FieldAlert>
              )}
              <ProblemBar error={formProblem(change.error)} />
              {typeof closed === 'string' && (
                <Text as="p">{t('subscriptions.windowClosed', { date: format.dateTime(closed) })}</Text>
              )}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={change.isPending || (asksQuantity && !/^\d+$/.test(quantity))}>
                {t(`subscriptions.confirm.${action}`)}
              </Button>
              <Button onClick={() => onClose(null)}>{t('subscriptions.close')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
