/**
 * Lints the OpenAPI document as the server serves it (made in-process, as api-client.ts makes
 * it) with Spectral: the `spectral:oas` and OWASP API rulesets, as .spectral.yaml tunes them.
 *
 *   npm run lint:api     prints every finding; fails on any error or warning
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openApiDocument } from './api-client.ts';

const root = resolve(import.meta.dirname, '..');
const severities = ['error', 'warning', 'information', 'hint'] as const;

export interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: (typeof severities)[number];
}

/** Every finding of Spectral on the served document. */
export async function lintApi(doc?: Record<string, unknown>): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    // Linted as an installation behind https serves it: the only way Trellis is meant to face the internet.
    writeFileSync(file, JSON.stringify(doc ?? (await openApiDocument('https://trellis.example.com')), null, 2));
    const spectral = join(root, 'node_modules', '.bin', 'spectral');
    const args = [
      'lint',
      file,
      '--ruleset',
      join(root, '.spectral.yaml'),
      '--format',
      'json',
      '--quiet',
      '--fail-severity',
      'hint',
    ];
    // Spectral exits 1 when it finds anything; its findings are on stdout either way.
    const stdout = await promisify(execFile)(spectral, args, { cwd: root, maxBuffer: 256 * 1024 * 1024 }).then(
      (r) => r.stdout,
      (err: Error & { stdout?: string; stderr?: string }) => {
        if (!err.stdout?.trim().startsWith('[')) throw new Error(`spectral failed: ${err.stderr || err.message}`);
        return err.stdout;
      },
    );
    const raw = JSON.parse(stdout || '[]') as { code: string; message: string; path: string[]; severity: number }[];
    return raw.map((f) => ({ code: f.code, message: f.message, path: f.path, severity: severities[f.severity] ?? 'hint' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function summary(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.severity} ${f.code}`, (counts.get(`${f.severity} ${f.code}`) ?? 0) + 1);
  const bySeverity = severities.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}s`).join(', ');
  return [bySeverity, ...[...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${n} ${k}`)].join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const findings = await lintApi();
  for (const f of findings) console.log(`${f.severity.padEnd(11)} ${f.code}  ${f.path.join('.')}  ${f.message}`);
  console.log(summary(findings));
  if (findings.some((f) => f.severity === 'error' || f.severity === 'warning')) process.exit(1);
}
