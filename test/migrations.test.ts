import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..');

describe('migrations', () => {
  it('the committed migrations describe the schema exactly: generating again finds nothing', () => {
    const copy = mkdtempSync(join(tmpdir(), 'trellis-migrations-'));
    try {
      cpSync(join(root, 'migrations'), copy, { recursive: true });
      const before = readdirSync(copy).sort();
      // drizzle-kit wants a path relative to the working folder.
      const res = spawnSync(
        process.execPath,
        [
          join(root, 'node_modules/drizzle-kit/bin.cjs'),
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          './src/platform/db/schema.ts',
          '--out',
          relative(root, copy),
        ],
        { cwd: root, encoding: 'utf8' },
      );
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /No schema changes/);
      assert.deepEqual(readdirSync(copy).sort(), before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
