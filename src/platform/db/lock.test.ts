import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const lockFile = (dir: string) => join(dir, 'trellis.lock');
const tempDir = () => mkdtempSync(join(tmpdir(), 'trellis-lock-'));
/** A pid that existed and has exited: a finished child's. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

describe('data folder lock', () => {
  it('a second holder gets a clear error naming the first', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    try {
      assert.throws(
        () => acquireDataDirLock(dir),
        (err: unknown) =>
          err instanceof DataDirLockedError && err.holder?.pid === process.pid && err.message.includes(`process ${process.pid}`),
      );
    } finally {
      release();
    }
    assert.equal(existsSync(lockFile(dir)), false);
  });

  it('a lock left by a process that is gone is taken over', () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: deadPid(), host: hostname(), command: 'old', startedAt: 'then' }));
    const release = acquireDataDirLock(dir);
    assert.equal(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid, process.pid);
    release();
    assert.deepEqual(readdirSync(dir), [], 'no lock, claim or temporary file is left behind');
  });

  it('a takeover left half-way by a process that died is finished by the next one', () => {
    const dir = tempDir();
    const gone = { host: hostname(), command: 'old', startedAt: 'then' };
    writeFileSync(lockFile(dir), JSON.stringify({ ...gone, pid: deadPid(), nonce: 'gone' }));
    writeFileSync(join(dir, 'trellis.lock.takeover.gone'), JSON.stringify({ ...gone, pid: deadPid(), nonce: 'claimer' }));
    const release = acquireDataDirLock(dir);
    assert.equal(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid, process.pid);
    assert.deepEqual(readdirSync(dir), ['trellis.lock']);
    release();
  });

  it('a lock held on another host is never taken over', () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: 1, host: 'elsewhere', command: 'serve', startedAt: 'then' }));
    assert.throws(() => acquireDataDirLock(dir), /in use by process 1 on elsewhere/);
  });

  it('a lock that holds our own pid was left by an earlier life of this process (pid 1 in a container) and is taken over', () => {
    const dir = tempDir();
    writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: process.pid, host: hostname(), command: 'serve', startedAt: 'before the crash', nonce: 'old' }),
    );
    const release = acquireDataDirLock(dir);
    const holder = JSON.parse(readFileSync(lockFile(dir), 'utf8'));
    assert.equal(holder.pid, process.pid);
    assert.notEqual(holder.nonce, 'old');
    release();
  });

  it('an unreadable lock is held while it is young: another process may be writing it', () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '');
    assert.throws(() => acquireDataDirLock(dir), DataDirLockedError);
    assert.equal(readFileSync(lockFile(dir), 'utf8'), '', 'the young lock is left alone');
    writeFileSync(lockFile(dir), '{"pid": 12');
    assert.throws(() => acquireDataDirLock(dir), DataDirLockedError);
  });

  it('an unreadable lock a minute old is taken over', () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(dir), old, old);
    const release = acquireDataDirLock(dir);
    assert.equal(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid, process.pid);
    release();
  });

  it('release leaves alone a lock that is no longer ours', () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    const other = JSON.stringify({ pid: 1, host: 'elsewhere', command: 'serve', startedAt: 'now', nonce: 'theirs' });
    writeFileSync(lockFile(dir), other);
    release();
    assert.equal(readFileSync(lockFile(dir), 'utf8'), other);
  });
});

/** A contender process (test/support/lock-contender.ts) answering one line per command. */
class Contender {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  readonly child: ChildProcess;

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/lock-contender.ts')], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(line);
      else this.lines.push(line);
    });
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  send(command: string): Promise<string> {
    this.child.stdin!.write(`${command}\n`);
    return this.next();
  }
}

describe('data folder lock between processes started at once', () => {
  const contenders: Contender[] = [];
  before(async () => {
    for (let i = 0; i < 8; i++) contenders.push(new Contender());
    for (const c of contenders) assert.equal(await c.next(), 'ready');
  });
  after(() => {
    for (const c of contenders) c.child.kill();
  });

  /** All eight try at once; each holds what it won until all have answered. */
  async function round(dir: string): Promise<string[]> {
    const answers = await Promise.all(contenders.map((c) => c.send(`take ${dir}`)));
    for (const answer of await Promise.all(contenders.map((c) => c.send('release')))) assert.equal(answer, 'released');
    return answers;
  }

  it('eight processes taking a free folder: exactly one holds it, round after round', async () => {
    const dir = tempDir();
    for (let i = 0; i < 12; i++) {
      const answers = await round(dir);
      assert.equal(answers.filter((a) => a === 'won').length, 1, `round ${i}: ${answers.join(', ')}`);
      assert.equal(answers.filter((a) => a === 'lost').length, 7, `round ${i}: ${answers.join(', ')}`);
    }
  });

  it('eight processes taking over a lock left by a dead process: exactly one holds it, round after round', async () => {
    const dir = tempDir();
    for (let i = 0; i < 12; i++) {
      writeFileSync(lockFile(dir), JSON.stringify({ pid: deadPid(), host: hostname(), command: 'old', startedAt: 'then' }));
      const answers = await round(dir);
      assert.equal(answers.filter((a) => a === 'won').length, 1, `round ${i}: ${answers.join(', ')}`);
      assert.equal(answers.filter((a) => a === 'lost').length, 7, `round ${i}: ${answers.join(', ')}`);
    }
  });
});
