import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useAssignLicense,
  useLicenseAssignments,
  useRemoveLicense,
  type Assignment,
  type LicensePool,
} from '../../../api/licenses';
import { FieldAlert } from '../../../components/FieldAlert';
import { ListTable, type Column } from '../../../components/ListTable';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';
import type { Person } from './LicensesPanel';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  assign: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  field: { flexGrow: 1, minWidth: 0, maxWidth: '100%', gridTemplateColumns: 'minmax(0, 1fr)' },
  select: { width: '100%', maxWidth: '100%' },
  inner: { minWidth: 0, textOverflow: 'ellipsis' },
});

/**
 * One subscription's licenses: who holds them, and (for the caller who manages them, R-CUS-7)
 * a license assigned to a user of the customer or removed from one. A refusal stays here with
 * its rule: every license assigned (R-LIC-1), a subscription not active or a disabled user (R-LIC-2).
 */
export function LicenseDialog({
  customerId,
  pool,
  people,
  onClose,
}: {
  customerId: string;
  pool: LicensePool;
  people: Person[];
  onClose: () => void;
}) {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const format = useFormat();
  const s = pool.subscription;
  const assignments = useLicenseAssignments(customerId, { subscriptionId: s.id });
  const assign = useAssignLicense(customerId);
  const remove = useRemoveLicense(customerId);
  const [userId, setUserId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const holding = new Set(assignments.items.map((a) => a.user.id));
  const candidates = people.filter((p) => !holding.has(p.id) && p.status !== 'disabled');
  const columns: Column<Assignment>[] = [
    {
      key: 'user',
      header: t('licenses.columns.user'),
      cell: (a) => t('licenses.person', { name: a.user.name, email: a.user.email }),
    },
    { key: 'since', header: t('licenses.columns.assignedAt'), cell: (a) => format.date(a.assignedAt) },
  ];
  if (pool.mayManage) {
    columns.push({
      key: 'remove',
      header: t('licenses.columns.remove'),
      cell: (a) => (
        <Button
          size="small"
          disabled={remove.isPending}
          aria-label={t('licenses.removeFrom', { offer: s.offer.name, user: a.user.name })}
          onClick={() => {
            setDone(null);
            assign.reset();
            remove.mutate(
              { subscriptionId: s.id, userId: a.user.id },
              { onSuccess: () => setDone(t('licenses.removed', { offer: s.offer.name, user: a.user.name })) },
            );
          }}
        >
          {t('licenses.remove')}
        </Button>
      ),
    });
  }
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('licenses.dialogTitle', { offer: s.offer.name })}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text as="p" data-testid="license-counts">
              {t('licenses.counts', {
                assigned: format.number(pool.assigned),
                quantity: format.number(s.quantity),
                available: format.number(pool.available),
              })}
            </Text>
            {done && (
              <MessageBar intent="success" role="status">
                <MessageBarBody>{done}</MessageBarBody>
              </MessageBar>
            )}
            <ProblemBar error={remove.error} />
            {!pool.mayManage && <Text as="p">{t('licenses.readOnly')}</Text>}
            {pool.mayManage && (
              <form
                noValidate
                className={styles.assign}
                onSubmit={(e) => {
                  e.preventDefault();
                  setDone(null);
                  remove.reset();
                  const person = people.find((p) => p.id === userId);
                  assign.mutate(
                    { subscriptionId: s.id, userId },
                    {
                      onSuccess: () => {
                        setUserId('');
                        setDone(t('licenses.assigned', { offer: s.offer.name, user: person?.name ?? '' }));
                      },
                    },
                  );
                }}
              >
                <FieldAlert className={styles.field} label={t('licenses.assignTo')} required error={assign.error} path="/userId">
                  <Select
                    className={styles.select}
                    select={{ className: styles.inner }}
                    value={userId}
                    onChange={(_e, d) => setUserId(d.value)}
                  >
                    <option value="">{t('licenses.chooseUser')}</option>
                    {candidates.map((p) => (
                      <option key={p.id} value={p.id}>
                        {t('licenses.person', { name: p.name, email: p.email })}
                      </option>
                    ))}
                  </Select>
                </FieldAlert>
                <Button type="submit" appearance="primary" disabled={assign.isPending || userId === ''}>
                  {t('licenses.assign')}
                </Button>
              </form>
            )}
            <ProblemBar error={formProblem(assign.error)} />
            <ListTable
              label={t('licenses.holders', { offer: s.offer.name })}
              list={assignments}
              columns={columns}
              rowKey={(a) => a.id}
              empty={t('licenses.none')}
              loading={t('loading')}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t('subscriptions.close')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
