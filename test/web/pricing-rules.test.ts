import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { audiencesOf, basisPoints, percentInput, percentText } from '../../web/src/routes/pricing/rules.ts';

/** The price books pages read a markup as people type it and show it as they read it. */
describe('price book rules in the console', () => {
  it('reads a typed percentage as whole basis points, exactly, or refuses it', () => {
    const cases: [string, number | null][] = [
      ['8', 800],
      ['+8', 800],
      ['-5', -500],
      ['\u22125', -500],
      ['12.5', 1250],
      ['12,5', 1250],
      ['0.01', 1],
      [' 15 % ', 1500],
      ['-150', -15_000], // the API words the range: a discount stops at 99.99%
      ['8.125', null],
      ['eight', null],
      ['', null],
      ['1e3', null],
    ];
    for (const [typed, expected] of cases) assert.equal(basisPoints(typed), expected, typed);
  });

  it('shows basis points back for editing and as a signed percentage in the reader’s language', () => {
    assert.deepEqual([800, -500, 1250, 0, 10_000].map(percentInput), ['8', '-5', '12.5', '0', '100']);
    assert.equal(percentText(800, 'en'), '+8%');
    assert.equal(percentText(-500, 'en'), '-5%');
    assert.equal(percentText(1250, 'en'), '+12.5%');
    assert.match(percentText(1500, 'fr'), /^\+15\s%$/);
  });

  it('a provider prices its resellers; a direct-bill partner or a reseller its customers', () => {
    assert.deepEqual(audiencesOf(new Set(['indirect_provider'])), ['resellers']);
    assert.deepEqual(audiencesOf(new Set(['indirect_reseller'])), ['customers']);
    assert.deepEqual(audiencesOf(new Set(['indirect_provider', 'direct_bill'])), ['resellers', 'customers']);
    assert.deepEqual(audiencesOf(new Set()), []);
  });
});
