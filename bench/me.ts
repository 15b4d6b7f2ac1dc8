/**
 * Baseline: an authenticated GET /v1/me through all of Trellis (hooks, authorization,
 * schemas, two service reads) against a bare Fastify route doing only the same session
 * lookup, on the same database, in the same run. Both on PGlite, then on PostgreSQL
 * when it answers (BENCH_DATABASE_URL, default the local test server).
 *
 *   npm run bench                  10 s per measurement
 *   BENCH_SECONDS=3 npm run bench
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { createTrellis, type Trellis } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { connect, type Database } from '../src/platform/db/connect.ts';
import { sha256 } from '../src/platform/secrets.ts';
import { createTenant } from '../src/modules/tenants/service.ts';
import { systemCtx } from '../src/platform/context.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const SESSION_SQL = `
  SELECT u.id, u.tenant_id, u.email, u.name, u.roles, t.kind, t.name AS tenant_name
  FROM sessions s JOIN users u ON u.id = s.user_id JOIN tenants t ON t.id = u.tenant_id
  WHERE s.token_hash = $1 AND s.expires_at > now() AND u.status = 'active'`;

async function load(url: string, cookie: string) {
  const r = await autocannon({ url, connections, duration: seconds, headers: { cookie } });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function bare(database: Database) {
  const app = Fastify({ logger: false });
  app.get('/me', async (request, reply) => {
    const cookie = /trellis_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    if (!cookie) return reply.code(401).send();
    const { rows } = await database.raw(SESSION_SQL, [sha256(cookie)]);
    if (rows.length === 0) return reply.code(401).send();
    return rows[0];
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

async function measure(label: string, database: Database, cleanup: () => Promise<void>) {
  // The database is handed in open; the config's own database settings are not used.
  const config = loadConfig({}, { demo: false, logLevel: 'silent' });
  const trellis: Trellis = await createTrellis({ config, database, logger: false });
  const email = `bench-${Date.now()}@bench.example`;
  await createTenant(systemCtx(trellis.platform, 'bench'), {
    kind: 'partner',
    name: 'Bench Partner',
    countryCode: 'US',
    admin: { email, name: 'Bench', password: 'bench-password-123' },
  });
  const signIn = await trellis.server.inject({
    method: 'POST',
    url: '/v1/sessions',
    payload: { email, password: 'bench-password-123' },
  });
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  await trellis.server.listen({ port: 0, host: '127.0.0.1' });
  const trellisUrl = `http://127.0.0.1:${(trellis.server.server.address() as { port: number }).port}/v1/me`;
  const bareApp = await bare(database);
  const bareUrl = `http://127.0.0.1:${(bareApp.server.address() as { port: number }).port}/me`;

  await load(trellisUrl, cookie); // warm-up, not counted
  const full = await load(trellisUrl, cookie);
  const base = await load(bareUrl, cookie);
  await bareApp.close();
  await trellis.close();
  await cleanup();
  return { label, full, base, ratio: full.rps / base.rps };
}

async function main() {
  const results = [];
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-'));
  results.push(
    await measure('PGlite', await connect({ dataDir: dir }), async () => rmSync(dir, { recursive: true, force: true })),
  );

  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
    const name = `trellis_bench_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const database = await connect({ databaseUrl: url.toString(), poolSize: 10 });
    results.push(
      await measure('PostgreSQL', database, async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }),
    );
  } catch (err) {
    console.error(`PostgreSQL skipped: ${(err as Error).message}`);
  }

  console.log(`\nGET /v1/me, ${connections} connections, ${seconds} s each (load generator in the same process)\n`);
  console.log('database    | Trellis req/s | p50 ms | p99 ms | bare req/s | p50 ms | p99 ms | Trellis / bare');
  console.log('------------|---------------|--------|--------|------------|--------|--------|---------------');
  for (const r of results) {
    console.log(
      `${r.label.padEnd(11)} | ${r.full.rps.toFixed(0).padStart(13)} | ${String(r.full.p50).padStart(6)} | ${String(r.full.p99).padStart(6)} | ${r.base.rps.toFixed(0).padStart(10)} | ${String(r.base.p50).padStart(6)} | ${String(r.base.p99).padStart(6)} | ${r.ratio.toFixed(2).padStart(14)}`,
    );
  }
}

await main();
