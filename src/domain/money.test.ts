import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { divideRounded, formatAmount, minorDigits, parseAmount, total, withMarkup } from './money.ts';

describe('money in minor units', () => {
  it('each currency has its own minor digits: dollars and euros 2, yen and won 0, Kuwaiti dinars 3', () => {
    assert.deepEqual(
      ['USD', 'EUR', 'JPY', 'KRW', 'KWD'].map((c) => minorDigits(c)),
      [2, 2, 0, 0, 3],
    );
    assert.throws(() => minorDigits('usd'), /ISO 4217/);
  });

  it('decimal text reads exactly into minor units, and back', () => {
    assert.equal(parseAmount('12.34', 'USD'), 1234);
    assert.equal(parseAmount('12.3', 'USD'), 1230);
    assert.equal(parseAmount('-0.05', 'EUR'), -5);
    assert.equal(parseAmount('1200', 'JPY'), 1200);
    assert.equal(parseAmount('1.234', 'KWD'), 1234);
    // 0.1 + 0.2 is not 0.3 in floating point; in minor units it is.
    assert.equal(parseAmount('0.1', 'USD') + parseAmount('0.2', 'USD'), parseAmount('0.3', 'USD'));
    assert.equal(formatAmount(1230, 'USD'), '12.30');
    assert.equal(formatAmount(-5, 'EUR'), '-0.05');
    assert.equal(formatAmount(1200, 'JPY'), '1200');
    assert.equal(formatAmount(7, 'KWD'), '0.007');
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('USD', 'JPY', 'KWD'), (amount, currency) => {
        return parseAmount(formatAmount(amount, currency), currency) === amount;
      }),
    );
  });

  it('more decimals than the currency has, or no number at all, is refused rather than rounded', () => {
    assert.throws(() => parseAmount('1.5', 'JPY'), /0 minor digits/);
    assert.throws(() => parseAmount('1.005', 'USD'), /2 minor digits/);
    for (const text of ['', '1e3', '1,50', '.5', 'NaN', '--1']) assert.throws(() => parseAmount(text, 'USD'), RangeError, text);
    assert.throws(() => parseAmount('99999999999999999999', 'USD'), /too large/);
  });

  it('rounding is half away from zero, the same for charges and refunds', () => {
    assert.equal(divideRounded(5n, 2n), 3);
    assert.equal(divideRounded(-5n, 2n), -3);
    assert.equal(divideRounded(4n, 3n), 1);
    assert.equal(divideRounded(-4n, 3n), -1);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        return divideRounded(-n, d) === -divideRounded(n, d) && Math.abs(Number(n) / Number(d) - divideRounded(n, d)) <= 0.5;
      }),
    );
  });

  it('a markup in basis points lands on a whole minor unit; a markdown cannot reach 100%', () => {
    assert.equal(withMarkup(1000, 1500), 1150);
    assert.equal(withMarkup(999, 250), 1024); // 1023.975
    assert.equal(withMarkup(1000, -1000), 900);
    assert.equal(withMarkup(1000, 0), 1000);
    assert.throws(() => withMarkup(1000, -10_000), /100%/);
  });

  it('totals add one currency only', () => {
    assert.deepEqual(
      total(
        [
          { amountMinor: 1050, currency: 'USD' },
          { amountMinor: -50, currency: 'USD' },
        ],
        'USD',
      ),
      { amountMinor: 1000, currency: 'USD' },
    );
    assert.throws(() => total([{ amountMinor: 1, currency: 'EUR' }], 'USD'), /cannot add EUR to USD/);
  });
});
