/**
 * Runs every test file once: files are found here (Node 20's --test does not expand **),
 * a migrated template database is made once, and each test file copies it.
 *
 *   npm test                       on PGlite
 *   DATABASE_URL=... npm test      on PostgreSQL (a fresh database per test file)
 *   npm test -- src/modules/users  only the files under the given paths
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { prepareTemplate, dropTemplate } from '../test/support/template.ts';
import { chromiumPath, INSTALL_HINT } from '../test/browser/support.ts';
import { ensureWebBuilt } from './build-web.ts';
import { bundleTests } from './bundle-tests.ts';

const root = resolve(import.meta.dirname, '..');

/**
 * The files that take minutes (large proofs, spawned servers, browsers) start first: two run
 * at a time, and one of them left for last would keep the run going alone at the end.
 */
const SLOW = [
  'test/bulk-move.test.ts',
  'test/fuzz.test.ts',
  'test/crash-consistency.test.ts',
  'test/cli.test.ts',
  'test/authorization-matrix.test.ts',
  'test/browser/',
];
const slowness = (file: string) => {
  const i = SLOW.findIndex((s) => relative(root, file).startsWith(s));
  return i === -1 ? 0 : SLOW.length - i;
};
const filters = process.argv.slice(2).map((p) => resolve(p));

const files = ['src', 'test']
  .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(root, dir, f)))
  .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'))
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)))
  .sort()
  .sort((a, b) => slowness(b) - slowness(a));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// Browser walks drive the built console and the bundle test weighs it: build it first when its
// sources changed, once, before test processes could race to build it.
if (files.some((f) => f.endsWith(join('test', 'web', 'bundle.test.ts')))) await ensureWebBuilt({ quiet: true });
if (files.some((f) => f.includes(`${join('test', 'browser')}/`)) && !process.env.TRELLIS_SKIP_BROWSER) {
  if (existsSync(chromiumPath)) {
    if ((await ensureWebBuilt({ quiet: true })) === 'built') console.log('built the console (web/dist) for the browser walks');
  } else {
    console.log(`no Chromium at ${chromiumPath}: the browser walks will be skipped (install it with: ${INSTALL_HINT})`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'trellis-test-'));
const template = await prepareTemplate(work);
const db = process.env.DATABASE_URL ? `PostgreSQL (${template.name})` : 'PGlite';
console.log(`running ${files.length} test files on ${db}`);
writeFileSync(join(work, 'files.txt'), files.map((f) => relative(root, f)).join('\n'));

// Each run compiles into a folder of its own: runs side by side (worktrees share
// node_modules) must not clobber each other's.
const compiledDir = join(root, 'node_modules', '.cache', 'trellis-tests', String(process.pid));
const compiled = await bundleTests(root, files, compiledDir);

const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-reporter=spec', ...compiled],
  {
    stdio: 'inherit',
    env: {
      // argon2id at its smallest for the thousands of accounts the suite makes (and the servers it
      // spawns): production's cost, OWASP's minimum, makes each one 30 ms of CPU.
      PASSWORD_HASH_MEMORY_KIB: '64',
      PASSWORD_HASH_ITERATIONS: '1',
      ...process.env,
      ...template.env,
    },
  },
);
const code: number = await new Promise((done) => child.on('exit', (c, signal) => done(c ?? (signal ? 1 : 0))));
await dropTemplate(template);
rmSync(work, { recursive: true, force: true });
rmSync(compiledDir, { recursive: true, force: true });
process.exit(code);
