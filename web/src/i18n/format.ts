import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates, numbers and money in the console's language, through Intl (one object per language: a stable dependency). */
export function useFormat() {
  const locale = useTranslation().i18n.language;
  return useMemo(() => formatters(locale), [locale]);
}

function formatters(locale: string) {
  return {
    date: (value: string | Date | null | undefined) =>
      value ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(value)) : '—',
    dateTime: (value: string | Date | null | undefined) =>
      value ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value)) : '—',
    /** A calendar day given as YYYY-MM-DD (business days are counted in UTC), with its weekday: "Friday, December 25, 2026". */
    day: (value: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`)),
    /** A calendar month given as YYYY-MM (the API's UTC months): "Mar 2026". */
    month: (value: string) =>
      new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${value}-01T00:00:00Z`),
      ),
    number: (value: number) => new Intl.NumberFormat(locale).format(value),
    /** Money kept in minor units with its currency (never floating point on the wire): "$12.00", "₩15,000", "12,00 €". */
    money: (minor: number, currency: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** minorDigits(currency)),
    /** "in 3 days", "2 hours ago". */
    relative: (value: string | Date) => {
      const seconds = (new Date(value).getTime() - Date.now()) / 1000;
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ['day', 86_400],
        ['hour', 3_600],
        ['minute', 60],
      ];
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
      return rtf.format(Math.round(seconds), 'second');
    },
    country: (code: string) => new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code,
  };
}

/** Minor digits of a currency as Intl knows them (USD 2, KRW 0, KWD 3): the server's src/domain/money.ts minorDigits. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * A price as a person types it ("12", "12.5", "12,50") in minor units of `currency`, exactly
 * (no floating point on the way); null when it is no amount, is negative, or has more decimals
 * than the currency has.
 */
export function parseMinor(text: string, currency: string): number | null {
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  const digits = minorDigits(currency);
  if (fraction.length > digits) return null;
  const value = Number(whole + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/** Minor units as the plain decimal a price field shows for editing ("12.00"; "15000" for KRW). */
export function minorText(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const text = String(minor).padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
