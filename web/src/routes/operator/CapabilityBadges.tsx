import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { PartnerItem } from '../../api/operator';

const useStyles = makeStyles({ list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS } });
const colors = { active: 'success', pending: 'warning', suspended: 'danger' } as const;

/** A partner's capabilities, each with its status in words. */
export function CapabilityBadges({ list }: { list: PartnerItem['capabilities'] }) {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  if (list.length === 0) return <>{t('partners.noCapability')}</>;
  return (
    <span className={styles.list}>
      {list.map((c) => (
        <Badge key={c.capability} appearance="tint" color={colors[c.status]}>
          {t('partners.capability', { capability: t(`programs.${c.capability}`), status: t(`capabilityStatus.${c.status}`) })}
        </Badge>
      ))}
    </span>
  );
}
