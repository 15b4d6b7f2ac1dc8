import { Badge, Card, CardHeader, Link, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useProgramInfo, type ProgramInfo } from '../../api/program';
import { AppLink } from '../../components/AppLink';
import { ProblemBar } from '../../components/ProblemBar';
import { Blocker, useProgramWords } from '../../components/ProgramWords';
import { useFormat } from '../../i18n/format';
import { SettingsPage } from './SettingsNav';

const useStyles = makeStyles({
  grid: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))' },
  card: { padding: tokens.spacingHorizontalL },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalS },
});

/** The page the enrollment mails link to: capabilities, enrollments, and every reason the partner may not transact yet. */
export default function ProgramInfoPage() {
  const { t } = useTranslation('settings');
  const program = useProgramInfo();
  return (
    <SettingsPage title={t('programInfo.title')} intro={t('programInfo.intro')}>
      {program.isPending && <Spinner label={t('loading')} />}
      <ProblemBar error={program.error} />
      {program.data && <Info info={program.data} />}
    </SettingsPage>
  );
}

function Rule({ rule }: { rule: string }) {
  const { t } = useTranslation();
  return (
    <Link href={`/rules#${rule.toLowerCase()}`} target="_blank" rel="noreferrer">
      {t('problems.rule', { rule })}
    </Link>
  );
}

function Yes({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return <Badge color={value ? 'success' : 'danger'}>{t(value ? 'yes' : 'no')}</Badge>;
}

function Info({ info }: { info: ProgramInfo }) {
  const { t } = useTranslation('settings');
  const words = useProgramWords();
  const styles = useStyles();
  const format = useFormat();
  return (
    <>
      <section aria-labelledby="blockers-title">
        <Text as="h2" id="blockers-title" size={500} weight="semibold">
          {t('programInfo.readiness')}
        </Text>
        <Text as="p" block>
          {t('programInfo.canTransact')} <Yes value={info.canTransact} />
        </Text>
        {info.blockers.length > 0 && (
          <ul className={styles.list} aria-label={t('programInfo.blockers')} data-testid="blockers">
            {info.blockers.map((b) => (
              <li key={b.code}>
                <Blocker blocker={b} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className={styles.grid}>
        <Card className={styles.card}>
          <CardHeader
            header={
              <Text as="h2" weight="semibold">
                {t('programInfo.capabilities')}
              </Text>
            }
          />
          {info.capabilities.length === 0 && <Text>{t('programInfo.noCapabilities')}</Text>}
          <ul className={styles.list}>
            {info.capabilities.map((c) => (
              <li key={c.capability}>
                {t(`programInfo.capability.${c.capability}`)}{' '}
                <Badge color={c.status === 'active' ? 'success' : c.status === 'pending' ? 'warning' : 'danger'}>
                  {t(`programInfo.capabilityStatus.${c.status}`)}
                </Badge>{' '}
                {c.activatedAt && t('programInfo.since', { date: format.date(c.activatedAt) })}
              </li>
            ))}
          </ul>
        </Card>
        <Card className={styles.card}>
          <CardHeader
            header={
              <Text as="h2" weight="semibold">
                {t('programInfo.enrollments')}
              </Text>
            }
          />
          {info.enrollments.length === 0 && <Text>{t('programInfo.noEnrollments')}</Text>}
          <ul className={styles.list}>
            {info.enrollments.map((e) => (
              <li key={e.id}>
                {t(`programInfo.capability.${e.program}`)} ·{' '}
                <Badge appearance="outline">{t(`programInfo.enrollmentStatus.${e.status}`)}</Badge> · {format.date(e.createdAt)}
                {e.rejectionReason && ` · ${e.rejectionReason}`}
              </li>
            ))}
          </ul>
        </Card>
        <Card className={styles.card}>
          <CardHeader
            header={
              <Text as="h2" weight="semibold">
                {t('programInfo.membership')}
              </Text>
            }
          />
          <ul className={styles.list}>
            <li>{t('programInfo.partnerId', { id: info.partnerId ?? t('programInfo.noPartnerId') })}</li>
            <li>
              {t('programInfo.onboarded')} <Yes value={info.onboarded} />
            </li>
            <li>
              {t('programInfo.profileComplete')} <Yes value={info.profile.complete} />{' '}
              {!info.profile.complete && (
                <AppLink to="/settings/profile">
                  {t('programInfo.completeProfile', { missing: info.profile.missing.join(', ') })}
                </AppLink>
              )}
            </li>
            {info.agreementsToAccept.map((a) => (
              <li key={a.type}>
                <AppLink to="/settings/agreements">
                  {t('programInfo.toAccept', { name: words.agreement(a.type), version: a.version })}
                </AppLink>
              </li>
            ))}
            <li>
              {t('programInfo.mayAddDirectCustomers')} <Yes value={info.mayAddDirectCustomers} /> <Rule rule="R-TRN-5" />
            </li>
          </ul>
        </Card>
        <Card className={styles.card}>
          <CardHeader
            header={
              <Text as="h2" weight="semibold">
                {t('programInfo.resellerReadiness')}
              </Text>
            }
          />
          <ul className={styles.list}>
            <li>
              {t('programInfo.ready')} <Yes value={info.resellerReadiness.ready} /> <Rule rule="R-AGR-2" />
            </li>
            <li>
              {t('programInfo.onboarded')} <Yes value={info.resellerReadiness.onboarded} />
            </li>
            <li>
              {t('programInfo.indirectResellerActive')} <Yes value={info.resellerReadiness.indirectResellerActive} />
            </li>
            <li>
              {t('programInfo.partnerAgreementAccepted')} <Yes value={info.resellerReadiness.partnerAgreementAccepted} />
            </li>
          </ul>
        </Card>
      </div>
    </>
  );
}
