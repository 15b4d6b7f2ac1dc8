import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { TrellisProcess } from './support/process.ts';

const root = resolve(import.meta.dirname, '..');

/** Production as a deployment sets it: its own secret, and password hashing at OWASP's minimum (the suite's cheaper cost is refused there). */
const PRODUCTION = {
  NODE_ENV: 'production',
  TRELLIS_SECRET: 'p'.repeat(40),
  PASSWORD_HASH_MEMORY_KIB: '19456',
  PASSWORD_HASH_ITERATIONS: '2',
};

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

/** Running means the banner, printed once the server listens. */
const BANNER = /Trellis is running at http:\/\/127\.0\.0\.1:\d+ on PGlite[^\n]*\n(.*\n)*\n/;

describe('the trellis CLI on the embedded database', () => {
  let dataDir: string;
  let port: number;
  let serve: TrellisProcess | undefined;
  let cursor: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'trellis-cli-'));
    port = await freePort();
  });
  after(async () => {
    await serve?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serve --demo seeds an empty data folder, prints the sign-in details and answers', async () => {
    serve = new TrellisProcess(['serve', '--demo'], env(dataDir, port));
    await serve.waitFor(BANNER);
    const out = serve.output;
    assert.match(out, new RegExp(`password for all: ${DEMO_PASSWORD}`));
    assert.match(out, /admin@northwind\.example/);
    assert.doesNotMatch(out, /WARNING/);

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
    const page = (await (await fetch(`http://127.0.0.1:${port}/v1/markets?limit=1`)).json()) as { nextCursor: string };
    cursor = page.nextCursor;
    assert.ok(cursor);
  });

  it('a second process on the same data folder is refused with the holder named', async () => {
    const second = await run(['migrate'], env(dataDir, port));
    assert.equal(second.code, 1);
    assert.match(second.err, new RegExp(`in use by process ${serve!.child.pid}`));
  });

  it('a second server on a busy port fails before it migrates or seeds anything', async () => {
    const elsewhere = join(dataDir, '..', `${dataDir.split('/').pop()}-second`);
    const second = await run(['serve', '--demo'], env(elsewhere, port));
    assert.equal(second.code, 1, second.out);
    assert.match(second.err, new RegExp(`127\\.0\\.0\\.1:${port} is in use.*PORT`));
    assert.equal(existsSync(elsewhere), false, 'no data folder was made, so nothing was migrated or seeded');
  });

  it('serve stops cleanly on SIGTERM and releases the folder', async () => {
    assert.equal(await serve!.stop('SIGTERM'), 0);
    serve = undefined;
    const again = await run(['migrate'], env(dataDir, port));
    assert.equal(again.code, 0, again.err);
  });

  it('without TRELLIS_SECRET, a restarted server still reads what the last one signed (the secret is kept in the data folder); METRICS_PORT serves metrics apart', async () => {
    const metricsPort = await freePort();
    serve = new TrellisProcess(['serve'], { ...env(dataDir, port), METRICS_PORT: String(metricsPort) });
    await serve.waitFor(BANNER);
    const next = await fetch(`http://127.0.0.1:${port}/v1/markets?limit=1&cursor=${encodeURIComponent(cursor)}`);
    assert.equal(next.status, 200, await next.clone().text());
    // Metrics are on their own port, not the API's.
    assert.match(serve.output, new RegExp(`Metrics: +http://127\\.0\\.0\\.1:${metricsPort}/metrics`));
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^trellis_http_requests_total\{method="GET",route="\/v1\/markets",status="200"\} 1$/m);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 404);
    assert.equal(await serve.stop('SIGTERM'), 0);
    serve = undefined;
  });

  it('demo mode is refused in production and beyond loopback, with the way to force it', async () => {
    for (const [extra, reason] of [
      [PRODUCTION, /NODE_ENV is production/],
      [{ HOST: '0.0.0.0' }, /HOST 0\.0\.0\.0 is reachable from other machines/],
    ] as const) {
      const refused = new TrellisProcess(['serve', '--demo'], { ...env(dataDir, port), ...extra });
      const outcome = await Promise.race([refused.exited, refused.waitFor(BANNER).then(() => 'listening')]);
      await refused.stop('SIGKILL');
      assert.equal(outcome, 1, refused.output);
      assert.match(refused.output, /trellis: demo mode refused: /);
      assert.match(refused.output, reason);
      assert.match(refused.output, /--unsafe-demo/);
    }
  });

  it('serve --unsafe-demo forces demo mode in production, warning that its mailbox is public', async () => {
    serve = new TrellisProcess(['serve', '--unsafe-demo'], {
      ...env(dataDir, port),
      ...PRODUCTION,
    });
    await serve.waitFor(BANNER);
    assert.match(serve.output, /WARNING: demo mode forced although NODE_ENV is production.*\/v1\/dev\/mailbox/);
    assert.equal((await fetch(`http://127.0.0.1:${port}/v1/dev/mailbox`)).status, 200);
    assert.equal(await serve.stop('SIGTERM'), 0);
    serve = undefined;
  });

  it('operator create adds an operator admin and shows its password once', async () => {
    const res = await run(['operator', 'create', '--email', 'ops@example.com', '--name', 'Ops'], env(dataDir, port));
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, /operator admin ops@example\.com created; password \(shown once\): \S{20}/);
  });

  it('seed --demo does not seed twice, and says so with a failing exit', async () => {
    const res = await run(['seed', '--demo'], env(dataDir, port));
    assert.equal(res.code, 1, res.out);
    assert.match(res.err, /already has an operator: demo not seeded/);
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

describe('starting while clients knock', () => {
  it('a client that connects while the server starts (a health check, a browser) does not keep it from listening', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trellis-knock-'));
    const port = await freePort();
    const server = new TrellisProcess(['serve'], env(dataDir, port));
    const { connect } = await import('node:net');
    // Knock until the port answers, then hold that connection open without a word, as a
    // health checker does while it waits: the port is held by the start-up probe by then.
    let held: import('node:net').Socket | undefined;
    while (!held && server.child.exitCode === null) {
      held = await new Promise<import('node:net').Socket | undefined>((done) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => done(socket));
        socket.once('error', () => setTimeout(() => done(undefined), 20));
      });
    }
    try {
      assert.ok(held, `the port never answered:\n${server.output}`);
      // Before the fix, the probe waited for this connection to end and the banner never came.
      await server.waitFor(BANNER);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.equal(health.status, 200);
    } finally {
      held?.destroy();
      await server.stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
