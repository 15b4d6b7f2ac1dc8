import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

describe('data folder lock', () => {
  it('a second holder gets a clear error naming the first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-lock-'));
    const release = acquireDataDirLock(dir);
    try {
      assert.throws(
        () => acquireDataDirLock(dir),
        (err: unknown) =>
          err instanceof DataDirLockedError && err.holder.pid === process.pid && err.message.includes(`process ${process.pid}`),
      );
    } finally {
      release();
    }
    assert.equal(existsSync(join(dir, 'trellis.lock')), false);
  });

  it('a lock left by a process that is gone is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-lock-'));
    // A pid that existed and has exited: a finished child's.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, 'trellis.lock'), JSON.stringify({ pid: dead, host: hostname(), command: 'old', startedAt: 'then' }));
    const release = acquireDataDirLock(dir);
    assert.equal(JSON.parse(readFileSync(join(dir, 'trellis.lock'), 'utf8')).pid, process.pid);
    release();
  });

  it('a lock held on another host is never taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-lock-'));
    writeFileSync(join(dir, 'trellis.lock'), JSON.stringify({ pid: 1, host: 'elsewhere', command: 'serve', startedAt: 'then' }));
    assert.throws(() => acquireDataDirLock(dir), /in use by process 1 on elsewhere/);
  });
});
