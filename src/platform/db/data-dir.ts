import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_SECRET_BYTES } from '../../config.ts';

/**
 * Makes a PGlite data folder private to the user Trellis runs as: the folder and its folders
 * 0700, its files 0600. PGlite unpacks a new database's files 0666 whatever the umask, and
 * older versions of Trellis left them so: this walk mends both. The umask is narrowed for the
 * rest of the process, because PGlite keeps creating files (tables, WAL) as it runs.
 */
export function secureDataDir(dir: string): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads may not change the umask; the walks below still apply.
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir);
}

/** Folders 0700 and files 0600, all the way down; links are left alone (they are not ours to change). */
export function tighten(path: string): void {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) tighten(join(path, name));
  } else if (stat.mode & 0o077) {
    chmodSync(path, 0o600);
  }
}

const SECRET_FILE = 'secret';

/**
 * The server secret of an installation on PGlite that sets no TRELLIS_SECRET: generated once
 * and kept in the data folder (0600), so sealed data and cursors outlive a restart. It sits
 * beside the data it seals: who can copy the folder can open them, which TRELLIS_SECRET,
 * kept elsewhere, avoids. Created whole or not at all (written aside, then linked into
 * place), so two processes starting together read the same one.
 */
export function dataDirSecret(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, SECRET_FILE);
  const existing = readSecret(path);
  if (existing !== undefined) return existing;
  const temp = join(dir, `${SECRET_FILE}.tmp.${randomUUID()}`);
  writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx', flush: true });
  try {
    linkSync(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
  return readSecret(path)!;
}

function readSecret(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (Buffer.byteLength(text, 'utf8') < MIN_SECRET_BYTES) {
    throw new Error(`${path} holds no usable secret (under ${MIN_SECRET_BYTES} bytes): set TRELLIS_SECRET, or remove the file`);
  }
  chmodSync(path, 0o600);
  return text;
}
