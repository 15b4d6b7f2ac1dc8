import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';

const root = resolve(import.meta.dirname, '..');

/** The CLI on its own PGlite data folder, whatever database the suite runs on. */
function env(dataDir: string, port: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, TRELLIS_TEST_PG_TEMPLATE: _t, TRELLIS_TEST_PGLITE_DUMP: _d, ...rest } = process.env;
  return { ...rest, TRELLIS_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}` };
}

function run(args: string[], environment: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), ...args], {
      env: environment,
      cwd: root,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => done({ code: code ?? 1, out, err }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

describe('the trellis CLI on the embedded database', () => {
  let dataDir: string;
  let port: number;
  let serve: ChildProcess | undefined;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'trellis-cli-'));
    port = await freePort();
  });
  after(() => {
    serve?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serve --demo seeds an empty data folder, prints the sign-in details and answers', async () => {
    serve = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), 'serve', '--demo'], {
      env: env(dataDir, port),
      cwd: root,
    });
    let out = '';
    serve.stdout!.on('data', (d) => (out += d));
    serve.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 60_000;
    while (!out.includes('Trellis is running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(out, /Trellis is running at http:\/\/127\.0\.0\.1:\d+ on PGlite/);
    assert.match(out, new RegExp(`password for all: ${DEMO_PASSWORD}`));
    assert.match(out, /admin@northwind\.example/);

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    const signIn = await fetch(`http://127.0.0.1:${port}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@contoso.example', password: DEMO_PASSWORD }),
    });
    assert.equal(signIn.status, 201);
    const me = await fetch(`http://127.0.0.1:${port}/v1/me`, {
      headers: { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! },
    });
    assert.equal(((await me.json()) as { tenant: { name: string } }).tenant.name, 'Contoso Direct');
  });

  it('a second process on the same data folder is refused with the holder named', async () => {
    const second = await run(['migrate'], env(dataDir, port));
    assert.equal(second.code, 1);
    assert.match(second.err, new RegExp(`in use by process ${serve!.pid}`));
  });

  it('serve stops cleanly on SIGTERM and releases the folder', async () => {
    const exited = new Promise<number | null>((done) => serve!.on('exit', (code) => done(code)));
    serve!.kill('SIGTERM');
    assert.equal(await exited, 0);
    serve = undefined;
    const again = await run(['migrate'], env(dataDir, port));
    assert.equal(again.code, 0, again.err);
  });

  it('operator create adds an operator admin and shows its password once', async () => {
    const res = await run(['operator', 'create', '--email', 'ops@example.com', '--name', 'Ops'], env(dataDir, port));
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /operator admin ops@example\.com created; password \(shown once\): \S{20}/);
  });

  it('seed --demo does not seed twice', async () => {
    const res = await run(['seed', '--demo'], env(dataDir, port));
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /already has an operator/);
  });

  it('mail list prints the outbox', async () => {
    const res = await run(['mail', 'list', '--to', 'admin@hanbit.example'], env(dataDir, port));
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /to admin@hanbit\.example \(ko\)/);
    assert.match(res.out, /Subject: Trellis에 오신 것을 환영합니다/);
  });

  it('worker refuses to run on PGlite, saying why', async () => {
    const res = await run(['worker'], env(dataDir, port));
    assert.equal(res.code, 1);
    assert.match(res.err, /needs DATABASE_URL/);
  });

  it('an unknown command prints the usage and fails', async () => {
    const res = await run(['frobnicate'], env(dataDir, port));
    assert.equal(res.code, 2);
    assert.match(res.out, /trellis <command>/);
  });
});
