import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopback, loadConfig } from './config.ts';

const SECRET = 'k'.repeat(32);

describe('configuration', () => {
  it('demo mode is refused in production, naming the mailbox and the way to force it', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', TRELLIS_SECRET: SECRET }, { demo: true }),
      /demo mode refused: NODE_ENV is production.*\/v1\/dev\/mailbox.*--unsafe-demo/s,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', TRELLIS_SECRET: SECRET, TRELLIS_DEMO: 'true' }),
      /demo mode refused/,
    );
  });

  it('demo mode is refused when listening beyond loopback', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10', 'trellis.example.com']) {
      assert.throws(
        () => loadConfig({ HOST: host }, { demo: true }),
        new RegExp(`HOST ${host} is reachable from other machines`),
      );
    }
  });

  it('forced demo mode starts, with a warning to print', () => {
    const forced = loadConfig({ HOST: '0.0.0.0', TRELLIS_DEMO_FORCE: 'true' }, { demo: true });
    assert.equal(forced.demo, true);
    assert.match(forced.demoWarning ?? '', /WARNING: demo mode forced although HOST 0\.0\.0\.0 .*mailbox/);
    const flag = loadConfig({ NODE_ENV: 'production', TRELLIS_SECRET: SECRET }, { demo: true, demoForced: true });
    assert.match(flag.demoWarning ?? '', /NODE_ENV is production/);
  });

  it('demo mode on a loopback address outside production starts without a warning', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.1.1']) {
      assert.ok(isLoopback(host), host);
      assert.equal(loadConfig({ HOST: host }, { demo: true }).demoWarning, undefined);
    }
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).demoWarning, undefined, 'not in demo mode: nothing to warn about');
  });

  it('a TRELLIS_SECRET shorter than 32 bytes is refused', () => {
    assert.throws(() => loadConfig({ TRELLIS_SECRET: 'k'.repeat(31) }), /TRELLIS_SECRET must be at least 32 bytes, got 31/);
    assert.equal(loadConfig({ TRELLIS_SECRET: SECRET }).secret, SECRET);
    assert.equal(loadConfig({ TRELLIS_SECRET: SECRET }).secretConfigured, true);
  });

  it('production without TRELLIS_SECRET is refused, whatever the database and demo or not', () => {
    for (const env of [
      { NODE_ENV: 'production' },
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example/trellis' },
      { NODE_ENV: 'production', TRELLIS_DEMO: 'true', TRELLIS_DEMO_FORCE: 'true' },
    ]) {
      assert.throws(() => loadConfig(env), /TRELLIS_SECRET must be set in production/, JSON.stringify(env));
    }
    const dev = loadConfig({});
    assert.equal(dev.secretConfigured, false);
    assert.ok(Buffer.byteLength(dev.secret) >= 32);
  });

  it('password hashing never goes below OWASP minimum in production; elsewhere it may (the test suite does)', () => {
    assert.deepEqual(loadConfig({}).passwordHashCost, { memoryKib: 19_456, iterations: 2 });
    const prod = { NODE_ENV: 'production', TRELLIS_SECRET: SECRET };
    assert.deepEqual(loadConfig({ ...prod, PASSWORD_HASH_MEMORY_KIB: '65536', PASSWORD_HASH_ITERATIONS: '3' }).passwordHashCost, {
      memoryKib: 65_536,
      iterations: 3,
    });
    for (const weaker of [{ PASSWORD_HASH_MEMORY_KIB: '64' }, { PASSWORD_HASH_ITERATIONS: '1' }]) {
      assert.throws(() => loadConfig({ ...prod, ...weaker }), /may not go below OWASP's minimum in production/);
    }
    assert.deepEqual(loadConfig({ PASSWORD_HASH_MEMORY_KIB: '64', PASSWORD_HASH_ITERATIONS: '1' }).passwordHashCost, {
      memoryKib: 64,
      iterations: 1,
    });
    assert.throws(() => loadConfig({ PASSWORD_HASH_MEMORY_KIB: '4' }), /at least 8/);
  });
});
