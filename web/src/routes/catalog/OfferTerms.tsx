import { Badge } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** An offer's kind, term and billing cycle in words: "License subscription · 1 year · billed monthly". */
export function offerTerms(t: TFunction, offer: { kind: string; term: string; billingCycle: string }): string {
  return [t(`kind.${offer.kind}`), t(`term.${offer.term}`), t(`billing.${offer.billingCycle}`)].join(' · ');
}

/** Whether an offer is sold by direct-bill partners only (reservations and perpetual software: R-CUS-5, R-CUS-7). */
export function directBillOnly(kind: string): boolean {
  return kind === 'reservation' || kind === 'perpetual_software';
}

/** The badge of an offer sold to direct-bill customers only. */
export function DirectOnlyBadge({ kind }: { kind: string }) {
  const { t } = useTranslation('commerce');
  if (!directBillOnly(kind)) return null;
  return (
    <Badge appearance="outline" color="informative">
      {t('catalog.directOnly')}
    </Badge>
  );
}

/** Whether an offer matches what the person typed: its name or SKU. */
export function matches(offer: { name: string; sku: string }, search: string): boolean {
  const s = search.trim().toLowerCase();
  return s === '' || offer.name.toLowerCase().includes(s) || offer.sku.toLowerCase().includes(s);
}
