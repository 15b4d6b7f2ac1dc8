import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { connect } from './connect.ts';
import { dataDirSecret } from './data-dir.ts';

/** Every file and folder under `dir` (itself included) that its group or others may use. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.mode & 0o077) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

function loosen(path: string): void {
  const stat = lstatSync(path);
  chmodSync(path, stat.isDirectory() ? 0o755 : 0o666);
  if (stat.isDirectory()) for (const name of readdirSync(path)) loosen(join(path, name));
}

async function useDatabase(dir: string, table: string): Promise<string[]> {
  const database = await connect({ dataDir: dir });
  await database.raw(`CREATE TABLE ${table} (id int PRIMARY KEY, body text)`);
  await database.raw(`INSERT INTO ${table} SELECT g, repeat('x', 500) FROM generate_series(1, 5000) g`);
  const whileOpen = openToOthers(dir);
  await database.close();
  return whileOpen;
}

describe('PGlite data folder', () => {
  it('a new data folder is private: the folder 0700, nothing in it readable by others, open or closed', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trellis-data-')), 'data');
    assert.deepEqual((await useDatabase(dir, 'first')).slice(0, 5), [], 'while open');
    assert.deepEqual(openToOthers(dir).slice(0, 5), [], 'after close');
    assert.deepEqual((await useDatabase(dir, 'second')).slice(0, 5), [], 'reopened');
    assert.deepEqual(openToOthers(dir).slice(0, 5), []);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('a data folder left readable by an older version is mended at start', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trellis-data-')), 'data');
    await useDatabase(dir, 'old');
    loosen(dir);
    assert.ok(openToOthers(dir).length > 900, 'as old installations are');
    const database = await connect({ dataDir: dir });
    assert.deepEqual(openToOthers(dir).slice(0, 5), []);
    await database.close();
  });

  it('without TRELLIS_SECRET, a PGlite installation keeps one generated secret in its data folder, readable by its user only', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trellis-data-')), 'data');
    const secret = dataDirSecret(dir);
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.equal(dataDirSecret(dir), secret, 'the same after a restart');
    assert.equal(statSync(join(dir, 'secret')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['secret'], 'no temporary file is left');
    writeFileSync(join(dir, 'secret'), 'short\n');
    assert.throws(() => dataDirSecret(dir), /holds no usable secret/);
  });
});
