/**
 * Mutation testing (StrykerJS 9, tap runner on node:test with tsx): authorization, links,
 * grants and idempotency. Each group of files is mutated against its own tests only: the
 * HTTP tests run the whole server, so letting every test that happens to pass through a file
 * judge its mutants would cost minutes per mutant. Too slow for every CI run; run it when
 * those files change. The tests' template database is made once here, as `npm test` does.
 *
 *   npm run mutation                   every group
 *   npm run mutation -- guards auth    some groups (by name, below)
 *
 * Reports: reports/mutation/<group>/index.html. Shared options: stryker.config.json.
 * Exits non-zero when the score over the groups run is below 75%.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dropTemplate, prepareTemplate } from '../test/support/template.ts';

const groups: Record<string, { mutate: string[]; tests: string[] }> = {
  roles: {
    mutate: ['src/domain/roles.ts', 'src/domain/delegated.ts', 'src/domain/grants.ts'],
    tests: ['src/domain/roles.test.ts', 'src/domain/delegated.test.ts', 'src/domain/grants.test.ts'],
  },
  guards: { mutate: ['src/platform/http/guards.ts'], tests: ['src/platform/http/guards.test.ts'] },
  auth: { mutate: ['src/platform/http/auth.ts'], tests: ['src/platform/http/auth.test.ts'] },
  idempotency: { mutate: ['src/platform/http/idempotency.ts'], tests: ['src/platform/http/idempotency.test.ts'] },
  access: { mutate: ['src/modules/grants/access.ts'], tests: ['src/modules/grants/access.test.ts'] },
  links: { mutate: ['src/modules/links/service.ts'], tests: ['src/modules/links/links.test.ts'] },
};
const THRESHOLD = 75;

const root = resolve(import.meta.dirname, '..');
const chosen = process.argv.slice(2);
for (const name of chosen) if (!groups[name]) throw new Error(`no group ${name}: one of ${Object.keys(groups).join(', ')}`);
const names = chosen.length > 0 ? chosen : Object.keys(groups);

const base = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8')) as Record<string, unknown>;
delete base.$schema;
const configs = join(root, 'reports', 'mutation', 'configs');
mkdirSync(configs, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'trellis-mutation-'));
// PGlite: each test process loads the template from a file, with no server to share.
delete process.env.DATABASE_URL;
const template = await prepareTemplate(work);
const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');

type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: Status;
  location: { start: { line: number; column: number } };
}
const counts: Partial<Record<Status, number>> = {};
const survivors: string[] = [];
try {
  for (const name of names) {
    const report = join('reports', 'mutation', name);
    const config = {
      ...base,
      mutate: groups[name]!.mutate,
      tap: { ...(base.tap as object), testFiles: groups[name]!.tests },
      htmlReporter: { fileName: join(report, 'index.html') },
      jsonReporter: { fileName: join(report, 'mutation.json') },
      // The threshold is the whole run's, below.
      thresholds: { high: 85, low: THRESHOLD, break: null },
    };
    const file = join(configs, `${name}.json`);
    writeFileSync(file, JSON.stringify(config, null, 2));
    console.log(`\n=== ${name}: ${groups[name]!.mutate.join(', ')} against ${groups[name]!.tests.join(', ')}`);
    const child = spawn(process.execPath, [stryker, 'run', file], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...template.env },
    });
    const code: number = await new Promise((done) => child.on('exit', (c, signal) => done(c ?? (signal ? 1 : 0))));
    if (code !== 0) throw new Error(`stryker failed on ${name} (${code})`);
    const result = JSON.parse(readFileSync(join(root, report, 'mutation.json'), 'utf8')) as {
      files: Record<string, { mutants: Mutant[] }>;
    };
    for (const [path, { mutants }] of Object.entries(result.files)) {
      for (const m of mutants) {
        counts[m.status] = (counts[m.status] ?? 0) + 1;
        if (m.status === 'Survived' || m.status === 'NoCoverage') {
          survivors.push(
            `${path}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} ${JSON.stringify(m.replacement ?? '')}`,
          );
        }
      }
    }
  }
} finally {
  await dropTemplate(template);
  rmSync(work, { recursive: true, force: true });
}

const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const undetected = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
const score = (100 * detected) / Math.max(1, detected + undetected);
console.log(`\nMutants not detected (${survivors.length}):\n${survivors.map((s) => `  ${s}`).join('\n')}`);
console.log(`\nGroups: ${names.join(', ')}. ${JSON.stringify(counts)}`);
console.log(`Mutation score: ${score.toFixed(2)}% (${detected} of ${detected + undetected} detected; threshold ${THRESHOLD}%)`);
// A timeout counts as detected (Stryker's rule), but a loaded machine times out mutants that would have survived: the
// score of the mutants that ran to an end says how much of the score that could be.
const killed = counts.Killed ?? 0;
console.log(
  `Without timeouts: ${((100 * killed) / Math.max(1, killed + undetected)).toFixed(2)}% (${killed} killed, ${counts.Timeout ?? 0} timed out)`,
);
process.exit(score >= THRESHOLD ? 0 : 1);
