import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { hashPassword, OWASP_MINIMUM, setPasswordHashCost, verifyPassword } from './passwords.ts';

describe('password hashes', () => {
  after(() => setPasswordHashCost(OWASP_MINIMUM));

  it('are argon2id with the configured cost, and a hash made at another cost still verifies', async () => {
    setPasswordHashCost(OWASP_MINIMUM);
    const strong = await hashPassword('correct horse');
    assert.match(strong, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    setPasswordHashCost({ memoryKib: 64, iterations: 1 });
    const cheap = await hashPassword('correct horse');
    assert.match(cheap, /^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    for (const stored of [strong, cheap]) {
      assert.equal(await verifyPassword(stored, 'correct horse'), true);
      assert.equal(await verifyPassword(stored, 'wrong horse'), false);
    }
    assert.equal(await verifyPassword(null, 'correct horse'), false);
  });
});
