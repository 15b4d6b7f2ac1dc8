import { Badge, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useCustomer } from '../../api/customers';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { Contact } from '../../components/Email';
import { RoleBadges } from '../../components/RoleBadges';

const useStyles = makeStyles({
  grid: { display: 'grid', gap: tokens.spacingHorizontalXL, gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

/**
 * What a customer's record shows when expanded: its account, its users where a live grant lets
 * the caller read them (R-CUS-8, R-GRT-3), and the caller's own relationships with it (R-CUS-9).
 */
export function CustomerSummary({ id }: { id: string }) {
  const { t } = useTranslation('customers');
  const styles = useStyles();
  const format = useFormat();
  const customer = useCustomer(id);
  if (customer.isPending) return <Spinner size="tiny" label={t('loading')} />;
  if (customer.error) return <ProblemBar error={customer.error} />;
  const c = customer.data;
  const address = c.account.address;
  return (
    <div className={styles.grid} data-testid={`customer-summary-${id}`}>
      <section aria-label={t('detail.account')}>
        <Text as="h3" weight="semibold">
          {t('detail.account')}
        </Text>
        <Text as="p" block>
          {c.name} · {c.primaryDomain}
          <br />
          {address && [address.line1, address.line2, address.city, address.region, address.postalCode].filter(Boolean).join(', ')}
          {address && <br />}
          {format.country(c.countryCode)} · {t('detail.market', { market: c.market })}
        </Text>
      </section>
      <section aria-label={t('detail.relationships')}>
        <Text as="h3" weight="semibold">
          {t('detail.relationships')}
        </Text>
        <ul className={styles.list}>
          {c.relationships.map((r) => (
            <li key={r.id}>
              {t(`role.${r.role}`, { defaultValue: r.role })} · {t('detail.since', { date: format.date(r.since) })}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label={t('detail.users')}>
        <Text as="h3" weight="semibold">
          {t('detail.users')}
        </Text>
        {c.users === null ? (
          <Text as="p">{t('detail.noGrant')}</Text>
        ) : (
          <ul className={styles.list}>
            {c.users.map((u) => (
              <li key={u.id}>
                <Contact contact={u} /> <RoleBadges kind="user" roles={u.roles} />
                {u.status !== 'active' && <Badge color="warning">{t(`userStatus.${u.status}`)}</Badge>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
