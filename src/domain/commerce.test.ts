import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { directBillOnly, lineAmount, quantityAllowed } from './commerce.ts';

describe('offers and order lines', () => {
  it('a line is price times quantity, exactly, and refuses what a safe integer cannot hold', () => {
    assert.equal(lineAmount(1200, 25), 30000);
    assert.equal(lineAmount(0, 10), 0);
    assert.throws(() => lineAmount(2_147_483_647, 1_000_000_000), RangeError);
  });

  it("a quantity is a whole number within the offer's bounds, both included", () => {
    const offer = { minQuantity: 5, maxQuantity: 10 };
    assert.deepEqual(
      [4, 5, 7, 10, 11, 5.5].map((q) => quantityAllowed(offer, q)),
      [false, true, true, true, false, false],
    );
  });

  it('R-CUS-5, R-CUS-7: reservations and perpetual software are direct bill only; license subscriptions are not', () => {
    assert.equal(directBillOnly('reservation'), true);
    assert.equal(directBillOnly('perpetual_software'), true);
    assert.equal(directBillOnly('license_subscription'), false);
  });
});
