import {
  Badge,
  Button,
  Field,
  Link,
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
  useCustomerLicenses,
  useLicenseAssignments,
  useRemoveLicense,
  type Assignment,
  type LicensePool,
} from '../../../api/licenses';
import { ListTable, type Column } from '../../../components/ListTable';
import { MoreButton } from '../../../components/MoreButton';
import { ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';
import { LicenseDialog } from './LicenseDialog';

/** A user of the customer a license may go to. */
export interface Person {
  id: string;
  name: string;
  email: string;
  status: 'invited' | 'active' | 'disabled';
}

/**
 * Who the caller may pick: the customer's directory where it reads it (its own admin, or a
 * partner whose grant reads the directory, R-GRT-3); `null` where it does not, and the panel
 * offers the users already holding licenses instead, saying why.
 */
export interface Directory {
  people: Person[] | null;
  pending: boolean;
}

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  picker: { width: '100%', maxWidth: '420px' },
  // A native select is as wide as its longest option: on a phone it keeps to the screen.
  // (and its field's grid column may shrink below it).
  field: { gridTemplateColumns: 'minmax(0, 1fr)' },
  select: { width: '100%', maxWidth: '100%' },
  inner: { minWidth: 0, textOverflow: 'ellipsis' },
});

/** The users holding licenses, once each: whom a caller that cannot read the directory may still manage. */
export function holders(assignments: Assignment[]): Person[] {
  const seen = new Map<string, Person>();
  for (const a of assignments) if (!seen.has(a.user.id)) seen.set(a.user.id, a.user);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A customer's licenses (R-CUS-8): each subscription the caller sees (R-CUS-9) with its
 * licenses assigned and available, opening onto its assignments to assign or remove one
 * (R-LIC-1, R-LIC-2), and one user's licenses. Who manages them follows R-CUS-7: the reseller
 * of record of an indirect subscription, the direct-bill partner of a direct one, the customer's
 * own global admin; a partner under a grant with license_admin or global_admin (R-GRT-3).
 */
export default function LicensesPanel({
  customerId,
  directory,
  providerOnly = false,
}: {
  customerId: string;
  directory: Directory;
  /** The caller is only the customer's indirect provider: it orders, its reseller of record manages licenses (R-CUS-7). */
  providerOnly?: boolean;
}) {
  const { t } = useTranslation('commerce');
  const { t: tc } = useTranslation('common');
  const ruleLink = (
    <Link href="/rules#r-cus-7" target="_blank" rel="noreferrer">
      {tc('problems.rule', { rule: 'R-CUS-7' })}
    </Link>
  );
  const styles = useStyles();
  const format = useFormat();
  const pools = useCustomerLicenses(customerId);
  const held = useLicenseAssignments(customerId, {}, directory.people === null && !directory.pending);
  const [open, setOpen] = useState<LicensePool | null>(null);
  const people = directory.people ?? holders(held.items);
  const columns: Column<LicensePool>[] = [
    {
      key: 'offer',
      header: t('licenses.columns.offer'),
      cell: (p) => `${p.subscription.offer.name} (${p.subscription.offer.sku})`,
    },
    {
      key: 'status',
      header: t('licenses.columns.status'),
      cell: (p) =>
        p.subscription.status === 'active' ? (
          t('status.active')
        ) : (
          <Badge color="warning">{t(`status.${p.subscription.status}`)}</Badge>
        ),
    },
    { key: 'quantity', header: t('licenses.columns.quantity'), cell: (p) => format.number(p.subscription.quantity) },
    { key: 'assigned', header: t('licenses.columns.assigned'), cell: (p) => format.number(p.assigned) },
    { key: 'available', header: t('licenses.columns.available'), cell: (p) => format.number(p.available) },
    { key: 'partner', header: t('licenses.columns.partnerOfRecord'), cell: (p) => p.subscription.partnerOfRecord.name },
    {
      key: 'open',
      header: t('licenses.columns.users'),
      cell: (p) => (
        <Button
          id={`licenses-open-${p.subscription.id}`}
          size="small"
          onClick={() => setOpen(p)}
          aria-label={t(p.mayManage ? 'licenses.manageOf' : 'licenses.viewOf', { offer: p.subscription.offer.name })}
        >
          {t(p.mayManage ? 'licenses.manage' : 'licenses.view')}
        </Button>
      ),
    },
  ];
  const readOnly = pools.items.some((p) => !p.mayManage);
  return (
    <div className={styles.section}>
      <Text as="p">{t('licenses.intro')}</Text>
      {providerOnly ? (
        <MessageBar intent="info" layout="multiline" data-testid="licenses-provider">
          <MessageBarBody>
            {t('licenses.providerOnly')} {ruleLink}
          </MessageBarBody>
        </MessageBar>
      ) : (
        readOnly && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              {t('licenses.readOnly')} {ruleLink}
            </MessageBarBody>
          </MessageBar>
        )
      )}
      {directory.people === null && !directory.pending && (
        <MessageBar intent="info" layout="multiline" data-testid="licenses-no-directory">
          <MessageBarBody>{t('licenses.noDirectory')}</MessageBarBody>
        </MessageBar>
      )}
      {/* More license holders to choose from, a page of assignments at a time. */}
      {directory.people === null && <MoreButton list={held} />}
      <ListTable
        label={t('licenses.title')}
        list={pools}
        columns={columns}
        rowKey={(p) => p.subscription.id}
        empty={t('licenses.empty')}
        loading={t('loading')}
      />
      {pools.items.length > 0 && <UserLicenses customerId={customerId} people={people} pools={pools.items} />}
      {open && (
        <LicenseDialog
          customerId={customerId}
          pool={pools.items.find((p) => p.subscription.id === open.subscription.id) ?? open}
          people={people}
          onClose={() => {
            const trigger = `licenses-open-${open.subscription.id}`;
            requestAnimationFrame(() => document.getElementById(trigger)?.focus());
            setOpen(null);
          }}
        />
      )}
    </div>
  );
}

/** One user's licenses, the user picked from those the caller may read; each removable where the caller manages it. */
function UserLicenses({ customerId, people, pools }: { customerId: string; people: Person[]; pools: LicensePool[] }) {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const format = useFormat();
  const [userId, setUserId] = useState('');
  const licenses = useLicenseAssignments(customerId, { userId }, userId !== '');
  const remove = useRemoveLicense(customerId);
  const [done, setDone] = useState<string | null>(null);
  const manages = new Set(pools.filter((p) => p.mayManage).map((p) => p.subscription.id));
  const columns: Column<Assignment>[] = [
    { key: 'offer', header: t('licenses.columns.offer'), cell: (a) => `${a.offer.name} (${a.offer.sku})` },
    { key: 'since', header: t('licenses.columns.assignedAt'), cell: (a) => format.date(a.assignedAt) },
    {
      key: 'remove',
      header: t('licenses.columns.remove'),
      cell: (a) =>
        manages.has(a.subscriptionId) ? (
          <Button
            size="small"
            disabled={remove.isPending}
            aria-label={t('licenses.removeFrom', { offer: a.offer.name, user: a.user.name })}
            onClick={() => {
              setDone(null);
              remove.mutate(
                { subscriptionId: a.subscriptionId, userId: a.user.id },
                { onSuccess: () => setDone(t('licenses.removed', { offer: a.offer.name, user: a.user.name })) },
              );
            }}
          >
            {t('licenses.remove')}
          </Button>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <section className={styles.section} aria-labelledby="user-licenses">
      <Text as="h3" id="user-licenses" weight="semibold">
        {t('licenses.perUser')}
      </Text>
      <div className={styles.picker}>
        <Field className={styles.field} label={t('licenses.user')}>
          <Select
            value={userId}
            onChange={(_e, d) => {
              setDone(null);
              setUserId(d.value);
            }}
          >
            <option value="">{t('licenses.chooseUser')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {t('licenses.person', { name: p.name, email: p.email })}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <ProblemBar error={remove.error} />
      {userId !== '' && (
        <ListTable
          label={t('licenses.userLicenses', { user: people.find((p) => p.id === userId)?.name ?? '' })}
          list={licenses}
          columns={columns}
          rowKey={(a) => a.id}
          empty={t('licenses.userNone')}
          loading={t('loading')}
        />
      )}
    </section>
  );
}
