import { Badge, Button, Card, Checkbox, Link, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/session';
import { useAcceptAgreement, useAgreement, type AgreementSlug, type CurrentAgreement } from '../../api/settings';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { SettingsPage } from './SettingsNav';

const useStyles = makeStyles({
  list: { display: 'grid', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS },
  text: {
    maxHeight: '320px',
    overflowY: 'auto',
    whiteSpace: 'pre-wrap',
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

/** Which agreements each kind of tenant accepts. */
const agreementsOf = { partner: ['partner-agreement', 'indirect-reseller-agreement'], customer: ['customer-agreement'] } as const;

/** The agreements in effect for the tenant: read each, accept those not yet accepted (a global admin does, R-AGR-1). */
export default function AgreementsPage() {
  const { t } = useTranslation('settings');
  const me = useMe().data!;
  const styles = useStyles();
  const types = me.tenant.kind === 'operator' ? [] : agreementsOf[me.tenant.kind];
  return (
    <SettingsPage title={t('agreements.title')} intro={t('agreements.intro')}>
      <div className={styles.list}>
        {types.map((type) => (
          <Agreement key={type} type={type} mayAccept={can(me, 'agreements.accept')} />
        ))}
      </div>
    </SettingsPage>
  );
}

function Agreement({ type, mayAccept }: { type: AgreementSlug; mayAccept: boolean }) {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  const current = useAgreement(type);
  if (current.isPending) return <Spinner label={t('loading')} />;
  if (current.error) return <ProblemBar error={current.error} />;
  return (
    <Card className={styles.card}>
      <Text as="h2" size={500} weight="semibold">
        {t(`agreements.type.${type}`)}
      </Text>
      {current.data === null ? (
        <Text>{t('agreements.nonePublished')}</Text>
      ) : (
        <Published current={current.data} type={type} mayAccept={mayAccept} />
      )}
    </Card>
  );
}

function Published({ current, type, mayAccept }: { current: CurrentAgreement; type: AgreementSlug; mayAccept: boolean }) {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  const format = useFormat();
  const accept = useAcceptAgreement();
  const [read, setRead] = useState(false);
  const { agreement, acceptance } = current;
  const name = t(`agreements.type.${type}`);
  return (
    <section aria-label={name} data-agreement={type}>
      <Text as="p" block>
        {agreement.title} · {t('agreements.version', { version: agreement.version })} ·{' '}
        {t('agreements.effective', { date: format.date(agreement.effectiveAt) })}{' '}
        {acceptance ? (
          <Badge color="success">{t('agreements.accepted', { date: format.date(acceptance.acceptedAt) })}</Badge>
        ) : (
          <Badge color="warning">{t('agreements.toAccept')}</Badge>
        )}
      </Text>
      {agreement.body && (
        <div className={styles.text} tabIndex={0} role="document" aria-label={t('agreements.text', { name })}>
          {agreement.body}
        </div>
      )}
      {agreement.url && (
        <Text as="p" block>
          <Link href={agreement.url} target="_blank" rel="noreferrer">
            {t('agreements.readOnline')}
          </Link>
        </Text>
      )}
      {!acceptance && mayAccept && (
        <>
          <Checkbox
            checked={read}
            onChange={(_e, d) => setRead(Boolean(d.checked))}
            label={t('agreements.haveRead', { name, version: agreement.version })}
          />
          <div>
            <Button
              appearance="primary"
              disabled={!read || accept.isPending}
              onClick={() => accept.mutate({ type, version: agreement.version })}
            >
              {t('agreements.accept', { version: agreement.version })}
            </Button>
          </div>
          <ProblemBar error={accept.error} />
        </>
      )}
      {!acceptance && !mayAccept && <Text as="p">{t('agreements.adminAccepts')}</Text>}
    </section>
  );
}
