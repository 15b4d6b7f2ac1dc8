/**
 * Mutation testing (StrykerJS, stryker.config.json): authorization, links, grants and
 * idempotency, against the tests of those modules. Too slow for every CI run; run it when
 * those modules change. The tests' template database is made once here, as `npm test` does.
 *
 *   npm run mutation                                   every mutated file
 *   npm run mutation -- --mutate src/domain/roles.ts   one file (any stryker option passes through)
 *
 * The report: reports/mutation/index.html. Fails below a mutation score of 75%.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dropTemplate, prepareTemplate } from '../test/support/template.ts';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'trellis-mutation-'));
// PGlite: each test process loads the template from a file, with no server to share.
delete process.env.DATABASE_URL;
const template = await prepareTemplate(work);
const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const child = spawn(process.execPath, [stryker, 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...template.env },
});
const code: number = await new Promise((done) => child.on('exit', (c, signal) => done(c ?? (signal ? 1 : 0))));
await dropTemplate(template);
rmSync(work, { recursive: true, force: true });
process.exit(code);
