import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

interface Holder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** Tells this holder from an earlier process that had the same pid (absent in locks of older versions). */
  nonce?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    /** Undefined while the lock file cannot be read: its writer may be half-way. */
    readonly holder: Holder | undefined,
  ) {
    super(
      holder
        ? `The data folder ${dir} is in use by process ${holder.pid} on ${holder.host} ` +
            `("${holder.command}", since ${holder.startedAt}). PGlite allows one process: stop that one, ` +
            `or point DATABASE_URL at a PostgreSQL server to run several.`
        : `The data folder ${dir} is being locked by another process (its lock file ${join(dir, LOCK)} cannot be read yet). ` +
            `PGlite allows one process: stop that one, or point DATABASE_URL at a PostgreSQL server to run several.`,
    );
  }
}

const LOCK = 'trellis.lock';
/** A claim to replace one stale lock: `trellis.lock.takeover.<key of what it replaces>`. */
const CLAIM = `${LOCK}.takeover.`;
/** Our temporary files: `trellis.lock.tmp.<nonce>`. */
const TEMP = `${LOCK}.tmp.`;
/** A lock file that cannot be parsed is someone's being written, unless it is older than this. */
const UNREADABLE_GRACE_MS = 10_000;
/** How long a contender waits for a live process that is replacing a stale lock. */
const TAKEOVER_WAIT_MS = 5_000;

/** Nonces of the locks this process holds: only these are ours, whatever pid a file names. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface Seen {
  holder: Holder | undefined;
  /** What identifies this very file: its nonce, or for an unreadable one its inode and time. */
  key: string;
  mtimeMs: number;
}

/** The file at `path` as it is now; undefined when there is none. */
function look(path: string): Seen | undefined {
  let raw: string;
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let holder: Holder | undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<Holder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') holder = parsed as Holder;
  } catch {
    holder = undefined;
  }
  const key = holder?.nonce ?? `${stat.ino}-${Math.trunc(stat.mtimeMs)}-${holder ? `pid${holder.pid}` : 'unreadable'}`;
  return { holder, key: key.replace(/[^A-Za-z0-9_-]/g, '_'), mtimeMs: stat.mtimeMs };
}

/**
 * Whether a lock (or a claim) belongs to no running process. One on another host is never
 * stale: we cannot see its processes. A pid equal to ours is an earlier life of this process
 * (pid 1 in a container restarted after a crash), unless the nonce is one we hold.
 */
function stale(seen: Seen, host: string): boolean {
  const { holder } = seen;
  if (!holder) return Date.now() - seen.mtimeMs > UNREADABLE_GRACE_MS;
  if (holder.host !== host) return false;
  if (holder.pid === process.pid) return !(holder.nonce && held.has(holder.nonce));
  return holder.pid <= 0 || !alive(holder.pid);
}

/** Links a complete file to `path`: it appears whole or not at all, and only if `path` is free. */
function linkInto(temp: string, path: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Takes the data folder's exclusive lock file, PGlite having no lock between processes.
 *
 * The lock appears atomically (written to a temporary file, then hard-linked into place, which
 * fails if one exists), so no process ever reads a lock half-written by a live one. A lock of
 * a process that is gone is replaced under a claim: the one process that links the claim file
 * named after that stale lock may rename its own over it; the others wait and find it held.
 * A claimer that died half-way is itself superseded the same way, by a claim named after it.
 */
export function acquireDataDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, LOCK);
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(' '),
    startedAt: new Date().toISOString(),
    nonce: randomUUID(),
  };
  const temp = join(dir, `${TEMP}${me.nonce}`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(me));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  held.add(me.nonce!);
  try {
    take(dir, path, temp, me);
  } catch (err) {
    held.delete(me.nonce!);
    unlinkQuietly(temp);
    throw err;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(me.nonce!);
    // Only our own: a lock replaced by another process (it judged us gone) is theirs now.
    if (look(path)?.holder?.nonce === me.nonce) unlinkQuietly(path);
  };
}

function take(dir: string, path: string, temp: string, me: Holder): void {
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    if (linkInto(temp, path)) return unlinkQuietly(temp);
    const lock = look(path);
    if (!lock) continue; // released between our link and our look
    if (!stale(lock, me.host)) throw new DataDirLockedError(dir, lock.holder);
    // Stale: follow the claims on it to the newest one; a live claimer is about to replace it.
    let key = lock.key;
    for (;;) {
      const claim = join(dir, `${CLAIM}${key}`);
      if (linkInto(temp, claim)) {
        // The lock cannot have changed since we read it: only the holder of a claim on it may
        // replace it, and its holder is gone. Rename swaps it for ours in one step.
        if (look(path)?.key === lock.key) {
          renameSync(temp, path);
          return cleanUp(dir, me);
        }
        unlinkQuietly(claim); // replaced before we claimed it: start again
        break;
      }
      const claimer = look(claim);
      if (!claimer) break; // cleaned up after a takeover: start again
      if (!stale(claimer, me.host)) {
        if (Date.now() > deadline) throw new DataDirLockedError(dir, lock.holder);
        sleep(10);
        break;
      }
      key = claimer.key;
    }
  }
}

/**
 * Once the lock is ours, claims are garbage: a contender whose claim goes finds the lock
 * changed and starts again. Temporary files are removed only when their process is gone.
 */
function cleanUp(dir: string, me: Holder): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(CLAIM)) unlinkQuietly(join(dir, name));
    else if (name.startsWith(TEMP)) {
      const seen = look(join(dir, name));
      if (seen && stale(seen, me.host)) unlinkQuietly(join(dir, name));
    }
  }
}
