/**
 * Money as integer minor units of a currency (cents, yen, fils), never floating point: what
 * orders, price books and invoices add up. Each currency has its own number of minor digits
 * (ISO 4217: USD 2, JPY and KRW 0, KWD and BHD 3), which the platform's Intl knows.
 */

export interface Money {
  /** Whole minor units (may be negative: a refund). */
  amountMinor: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

const digitsCache = new Map<string, number>();

/** Minor digits of `currency` (2 for USD, 0 for JPY, 3 for KWD); throws for a code Intl does not know. */
export function minorDigits(currency: string): number {
  const known = digitsCache.get(currency);
  if (known !== undefined) return known;
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`${currency} is not an ISO 4217 currency code`);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  digitsCache.set(currency, digits);
  return digits;
}

/**
 * A decimal amount as written by people and price lists ("12.34", "-0.5", "1000") in minor
 * units of `currency`: exact, no float on the way. More decimals than the currency has is an
 * error, not a silent rounding.
 */
export function parseAmount(text: string, currency: string): number {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`${JSON.stringify(text)} is not a decimal amount`);
  const [, minus, whole, fraction = ''] = match;
  const digits = minorDigits(currency);
  if (fraction.length > digits) throw new RangeError(`${currency} has ${digits} minor digits: ${text} has ${fraction.length}`);
  const units = BigInt(whole!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  const value = Number(minus ? -units : units);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${text} ${currency} is too large`);
  return value;
}

/** Minor units back to the decimal text `parseAmount` reads ("12.30", "-0.05", "1200" for JPY): for CSV files and APIs. */
export function formatAmount(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${amount} is not a whole number of minor units`);
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** `numerator / denominator` rounded half away from zero, exactly (BigInt): every rounding of money goes through here. */
export function divideRounded(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) throw new RangeError('the denominator must be positive');
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator * sign;
  const value = Number(((magnitude * 2n + denominator) / (denominator * 2n)) * sign);
  if (!Number.isSafeInteger(value)) throw new RangeError('the result is too large');
  return value;
}

/** `amount` raised (or lowered, when negative) by `basisPoints` hundredths of a percent, to a whole minor unit. */
export function withMarkup(amount: number, basisPoints: number): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(basisPoints)) throw new RangeError('whole numbers only');
  if (basisPoints <= -10_000) throw new RangeError('a markdown of 100% or more leaves nothing to sell');
  return divideRounded(BigInt(amount) * BigInt(10_000 + basisPoints), 10_000n);
}

/** The sum of amounts in one currency; mixing currencies is a programming error, not a conversion. */
export function total(items: readonly Money[], currency: string): Money {
  let sum = 0;
  for (const item of items) {
    if (item.currency !== currency) throw new RangeError(`cannot add ${item.currency} to ${currency}`);
    sum += item.amountMinor;
  }
  if (!Number.isSafeInteger(sum)) throw new RangeError('the total is too large');
  return { amountMinor: sum, currency };
}
