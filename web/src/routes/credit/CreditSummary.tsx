import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useProviderCredit, useResellerCredit, type Credit } from '../../api/credit';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  summary: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingBlock: tokens.spacingVerticalXS },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

/**
 * One reseller's credit with one provider in three short lines (R-CRD-1): what it owes and its
 * limit, what is left (or by how much it is past the limit), and its terms. `side` words it for
 * the provider ("owes") or the reseller ("you owe").
 */
export function CreditSummary({
  credit,
  side,
  brief = false,
}: {
  credit: Credit;
  side: 'provider' | 'reseller';
  /** Balance and limit only, without the terms (a list of orders). */
  brief?: boolean;
}) {
  const { t } = useTranslation('credit');
  const format = useFormat();
  const styles = useStyles();
  const money = (minor: number) => format.money(minor, credit.currency);
  const owes = side === 'provider' ? 'summary.owes' : 'summary.youOwe';
  return (
    <span className={styles.summary} data-testid="credit-summary">
      <Text>
        {credit.limitMinor === null
          ? t(`${owes}NoLimit`, { balance: money(credit.openBalanceMinor) })
          : t(owes, { balance: money(credit.openBalanceMinor), limit: money(credit.limitMinor) })}
      </Text>
      {credit.availableMinor !== null &&
        (credit.availableMinor >= 0 ? (
          <Text>{t('summary.available', { amount: money(credit.availableMinor) })}</Text>
        ) : (
          <Text className={styles.over}>{t('summary.over', { amount: money(-credit.availableMinor) })}</Text>
        ))}
      {!brief && (
        <Text size={200}>
          {t('summary.terms', { days: credit.paymentTermDays, overLimit: t(`overLimit.${credit.overLimit}`) })}
        </Text>
      )}
    </span>
  );
}

/** A provider's list cell: the reseller's credit, read for that row. */
export function ResellerCreditCell({ resellerId, brief = false }: { resellerId: string; brief?: boolean }) {
  const credit = useResellerCredit(resellerId);
  return <CreditState query={credit} side="provider" brief={brief} />;
}

/** A reseller's list cell: its credit with that provider. */
export function ProviderCreditCell({ providerId }: { providerId: string }) {
  const credit = useProviderCredit(providerId);
  return <CreditState query={credit} side="reseller" />;
}

function CreditState({
  query,
  side,
  brief = false,
}: {
  query: { data?: Credit | undefined; isPending: boolean; error: unknown };
  side: 'provider' | 'reseller';
  brief?: boolean;
}) {
  const { t } = useTranslation('credit');
  if (query.data) return <CreditSummary credit={query.data} side={side} brief={brief} />;
  if (query.error) return <Text>{t('summary.unavailable')}</Text>;
  return <Spinner size="extra-tiny" label={t('summary.loading')} />;
}
