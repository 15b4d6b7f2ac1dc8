import type { TFunction } from 'i18next';

// Plain shapes, not the client's types: this file imports nothing of the console's, so that the
// tests (test/web/pricing-rules.test.ts) run it under Node as it is.
type Audience = 'resellers' | 'customers';
type PriceRule = { kind: 'markup'; basisPoints: number } | { kind: 'fixed'; amountMinor: number; currency: string };
interface Named {
  buyerId: string | null;
  buyerName: string | null;
  groupId: string | null;
  groupName: string | null;
}

/** Whom a partner prices, by its active capabilities: a provider its resellers; a direct-bill partner or reseller its customers. */
export function audiencesOf(capabilities: ReadonlySet<string>): Audience[] {
  const audiences: Audience[] = [];
  if (capabilities.has('indirect_provider')) audiences.push('resellers');
  if (capabilities.has('direct_bill') || capabilities.has('indirect_reseller')) audiences.push('customers');
  return audiences;
}

/** A markup as a person reads it: "+8%", "-5%", "+12.5%" in the console's language. */
export function percentText(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

/** A rule's price: "+8%", or "$40.00 fixed". */
export function ruleText(
  rule: PriceRule,
  t: TFunction,
  format: { money: (minor: number, currency: string) => string },
  locale: string,
): string {
  return rule.kind === 'markup'
    ? percentText(rule.basisPoints, locale)
    : t('book.fixed', { amount: format.money(rule.amountMinor, rule.currency) });
}

/** Whom an entry prices: a buyer, a group, or everyone. */
export function forText(entry: Named, t: TFunction): string {
  if (entry.buyerId) return entry.buyerName ?? entry.buyerId;
  if (entry.groupId) return t('book.group', { name: entry.groupName ?? entry.groupId });
  return t('book.everyone');
}

/**
 * A percentage as typed ("8", "-5", "+12.5", "12,5", "−5") in whole basis points, exactly;
 * null when it is not one or has more than two decimals.
 */
export function basisPoints(text: string): number | null {
  const match = /^([+\-\u2212]?)(\d{1,7})(?:[.,](\d{0,2}))?$/.exec(text.trim().replace(/\s|%/g, ''));
  if (!match) return null;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' || sign === '\u2212' ? -value : value;
}

/** Basis points as the plain number a percent field shows for editing ("8", "-5", "12.5"). */
export function percentInput(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  const fraction = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 100)}${fraction ? `.${fraction}` : ''}`;
}
