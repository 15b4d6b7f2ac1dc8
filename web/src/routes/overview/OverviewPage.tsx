import {
  Badge,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useHeldOrderCount } from '../../api/credit';
import { useProgramInfo, type ProgramInfo } from '../../api/program';
import { usePendingRequestCount } from '../../api/relationships';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { Blocker, useProgramWords } from '../../components/ProgramWords';
import { useFormat } from '../../i18n/format';
import { ProviderDashboard } from './ProviderDashboard';

const useStyles = makeStyles({
  grid: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))' },
  card: { padding: tokens.spacingHorizontalL },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

/** The first page: what waits for this user, then where its tenant stands in the program. */
export default function OverviewPage() {
  const { t } = useTranslation('overview');
  const me = useMe().data!;
  const partner = me.tenant.kind === 'partner' && can(me, 'program.read');
  const program = useProgramInfo(partner);
  return (
    <Page title={t('title', { name: me.user.name })} intro={t(`intro.${me.tenant.kind}`, { tenant: me.tenant.name })}>
      {partner && program.isPending && <Spinner label={t('loading')} />}
      <ProblemBar error={program.error} />
      {me.tenant.kind === 'customer' && can(me, 'relationships.read') && (
        <div>
          <AppLink to="/partners">{t('customer.partners')}</AppLink>
        </div>
      )}
      {me.tenant.kind === 'customer' && can(me, 'relationships.accept') && <PendingRequests />}
      {partner && program.data && <PartnerOverview info={program.data} mayEnroll={can(me, 'program.enroll')} />}
      {partner && program.data && can(me, 'customers.read') && isProvider(program.data) && <ProviderDashboard />}
    </Page>
  );
}

/** The customer's task: relationship requests waiting for its answer, counted by the server (?status=pending). */
function PendingRequests() {
  const { t } = useTranslation('overview');
  const format = useFormat();
  const styles = useStyles();
  const pending = usePendingRequestCount();
  if (pending.error) return <ProblemBar error={pending.error} />;
  if (!pending.data) return null;
  const { count, more } = pending.data;
  return (
    <Card className={styles.card}>
      <CardHeader header={<Text weight="semibold">{t('tasks.title')}</Text>} />
      {count === 0 ? (
        <Text data-testid="pending-requests">{t('customer.noPendingRequests')}</Text>
      ) : (
        <span data-testid="pending-requests">
          <AppLink to="/partners#received-requests">
            {more ? t('customer.pendingRequestsMore', { count: format.number(count) }) : t('customer.pendingRequests', { count })}
          </AppLink>
        </span>
      )}
    </Card>
  );
}

const isProvider = (info: ProgramInfo) =>
  info.capabilities.some((c) => c.capability === 'indirect_provider' && c.status === 'active');

/** Enrollment tasks: an open enrollment's status, else the move to indirect reseller (seed 000), else a first program. */
function enrollmentTasks(info: ProgramInfo, t: (key: string, values?: Record<string, string>) => string) {
  const open = info.enrollments.filter((e) => e.status === 'pending_verification' || e.status === 'pending_review');
  const held = new Set(info.capabilities.map((c) => c.capability));
  const directBill = info.capabilities.some((c) => c.capability === 'direct_bill' && c.status === 'active');
  return [
    ...open.map((e) => ({
      key: `enrollment-${e.id}`,
      text: t('tasks.enrollment', { program: t(`capabilities.${e.program}`), status: t(`enrollmentStatus.${e.status}`) }),
      to: `/enrollments/${e.id}`,
    })),
    ...(directBill && !held.has('indirect_reseller') && !open.some((e) => e.program === 'indirect_reseller')
      ? [{ key: 'become-reseller', text: t('tasks.becomeReseller'), to: '/enrollments/new?program=indirect_reseller' }]
      : []),
    ...(held.size === 0 && open.length === 0 ? [{ key: 'enroll', text: t('tasks.enroll'), to: '/enrollments/new' }] : []),
  ];
}

function PartnerOverview({ info, mayEnroll }: { info: ProgramInfo; mayEnroll: boolean }) {
  const { t } = useTranslation('overview');
  const words = useProgramWords();
  const styles = useStyles();
  const format = useFormat();
  const me = useMe().data!;
  // R-CRD-1: orders through the provider's resellers held past their credit limit wait for its decision.
  const held = useHeldOrderCount(isProvider(info) && can(me, 'billing.read')).data;
  const tasks = [
    ...(held && held.count > 0
      ? [
          {
            key: 'held-orders',
            text: held.more
              ? t('tasks.heldOrdersMore', { count: format.number(held.count) })
              : t('tasks.heldOrders', { count: held.count }),
            to: '/held-orders',
          },
        ]
      : []),
    ...(mayEnroll ? enrollmentTasks(info, t) : []),
    ...info.agreementsToAccept.map((a) => ({
      key: `agreement-${a.type}`,
      text: t('tasks.agreement', { type: words.agreement(a.type), version: a.version }),
      to: `/settings/agreements`,
    })),
    ...(info.profile.complete
      ? []
      : [{ key: 'profile', text: t('tasks.profile', { missing: info.profile.missing.join(', ') }), to: '/settings/profile' }]),
  ];
  return (
    <>
      <section aria-labelledby="tasks-title">
        <Text as="h2" id="tasks-title" size={500} weight="semibold" block>
          {t('tasks.title')}
        </Text>
        {tasks.length === 0 ? (
          <Text as="p" block>
            {t('tasks.none')}
          </Text>
        ) : (
          <ul className={styles.list} data-testid="tasks">
            {tasks.map((task) => (
              <li key={task.key}>
                <AppLink to={task.to}>{task.text}</AppLink>
              </li>
            ))}
          </ul>
        )}
      </section>
      {info.blockers.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('blockers.title')}</MessageBarTitle>
            <ul className={styles.list}>
              {info.blockers.map((b) => (
                <li key={b.code}>
                  <Blocker blocker={b} />
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.grid}>
        <Card className={styles.card}>
          <CardHeader header={<Text weight="semibold">{t('program.capabilities')}</Text>} />
          {info.capabilities.length === 0 && <Text>{t('program.noCapabilities')}</Text>}
          {info.capabilities.map((c) => (
            <Text key={c.capability}>
              {t(`capabilities.${c.capability}`, { defaultValue: c.capability })}{' '}
              <Badge color={c.status === 'active' ? 'success' : 'warning'}>
                {t(`status.${c.status}`, { defaultValue: c.status })}
              </Badge>{' '}
              {c.activatedAt && format.date(c.activatedAt)}
            </Text>
          ))}
        </Card>
        <Card className={styles.card}>
          <CardHeader header={<Text weight="semibold">{t('program.readiness')}</Text>} />
          <Text>
            {t('program.canTransact')}:{' '}
            <Badge color={info.canTransact ? 'success' : 'danger'}>{t(info.canTransact ? 'yes' : 'no')}</Badge>
          </Text>
          <Text>
            {t('program.partnerId')}: {info.partnerId ?? t('program.noPartnerId')}
          </Text>
        </Card>
      </div>
    </>
  );
}
