/**
 * What row-level security costs (issue 9, part 2, item 5): the same Trellis on the same
 * PostgreSQL database, served once with the policies binding every request (the `trellis_app`
 * role, the caller's tenant set once per request on its connection, other tenants' rows
 * reached through tenant_links) and once as the owner outside them, as before they existed. Alternated
 * (on, off, on, off) so drift on a shared machine falls on both sides.
 *
 * Many tenants call at once (each load connection signs in as a different partner, each with
 * customers and users), so pooled connections keep changing scope: the costly case.
 *
 *   node --import tsx bench/rls.ts          BENCH_SECONDS (default 10) per measurement, BENCH_ROUNDS (2) a side
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { createTrellis, type Trellis } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createTenant } from '../src/modules/tenants/service.ts';
import { systemCtx } from '../src/platform/context.ts';
import { connect } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { benchPgUrl, pgAnswers } from './postgres.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Measurements a side, alternated: more rounds average out a busy machine. */
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const TENANTS = 20;
/** Customers per partner: their rows are reached through tenant_links, one probe a row. */
const CUSTOMERS_PER_TENANT = Number(process.env.BENCH_RLS_CUSTOMERS ?? 50);
const USERS_PER_TENANT = 25;
const PASSWORD = 'bench-password-123';

const routes = ['/v1/me', '/v1/users?limit=20', '/v1/customers?limit=50'];

async function load(url: string, cookies: string[]) {
  let next = 0;
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    // One partner per load connection: the server's pool serves them all, interleaved.
    setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length]! }),
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function serve(url: string, rowLevelSecurity: boolean): Promise<{ trellis: Trellis; base: string }> {
  const database = await connect({ databaseUrl: url, poolSize: 10, rowLevelSecurity });
  // Twenty sign-ins from one address in a second are the seed's, not an attack's.
  const config = loadConfig({}, { demo: false, logLevel: 'silent', signInRateLimit: { max: 10_000, windowMs: 60_000 } });
  const trellis = await createTrellis({ config, database, logger: false, migrate: false });
  await trellis.server.listen({ port: 0, host: '127.0.0.1' });
  return { trellis, base: `http://127.0.0.1:${(trellis.server.server.address() as { port: number }).port}` };
}

/** Partners, each with customers (what /v1/customers lists, other tenants' rows) and users (what /v1/users lists). */
async function seed(url: string): Promise<string[]> {
  const { trellis, base } = await serve(url, true);
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  const cookies: string[] = [];
  try {
    for (let i = 0; i < TENANTS; i++) {
      const email = `bench-${i}@partner-${i}.example`;
      const { tenant, admin } = await createTenant(systemCtx(trellis.platform, 'bench'), {
        kind: 'partner',
        name: `Bench Partner ${i}`,
        countryCode: 'US',
        admin: { email, name: `Bench ${i}`, password: PASSWORD },
      });
      await owner.query(
        `WITH c AS (
           INSERT INTO tenants (kind, name, country_code, customer_type, created_at, updated_at)
           SELECT 'customer', 'Customer ' || $1::text || '-' || g, 'US', 'standard', now(), now() FROM generate_series(1, $2::int) g
           RETURNING id)
         , a AS (
           INSERT INTO customer_accounts (tenant_id, name, primary_domain, country_code, market, created_at)
           SELECT id, 'Customer ' || $1::text || '-' || row_number() OVER (), 'customer-' || id || '.example', 'US', 'United States', now() FROM c)
         INSERT INTO customer_relationships (customer_id, partner_id, role, status, created_at)
         SELECT id, $3, 'direct_partner', 'active', now() FROM c`,
        [i, CUSTOMERS_PER_TENANT, tenant.id],
      );
      await owner.query(
        `INSERT INTO users (tenant_id, email, name, roles, status, password_hash, language, created_at, updated_at)
         SELECT tenant_id, 'user-' || g || '-' || email, 'User ' || g, '{}', status, password_hash, language, now(), now()
           FROM users, generate_series(1, $2::int) g WHERE id = $1`,
        [admin.id, USERS_PER_TENANT],
      );
      const signIn = await fetch(`${base}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      if (signIn.status !== 201 && signIn.status !== 200) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
      cookies.push(signIn.headers.getSetCookie()[0]!.split(';')[0]!);
    }
  } finally {
    await owner.end();
    await trellis.close();
  }
  return cookies;
}

async function main() {
  if (!(await pgAnswers())) return;
  const admin = new pg.Client({ connectionString: benchPgUrl });
  admin.on('error', () => {}); // a shared server may end idle sessions; the drop below reconnects
  await admin.connect();
  const name = `trellis_bench_rls_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(benchPgUrl);
  url.pathname = `/${name}`;
  try {
    const migrating = await connect({ databaseUrl: url.toString() });
    await migrate(migrating);
    await migrating.close();
    const cookies = await seed(url.toString());
    const on = await serve(url.toString(), true);
    const off = await serve(url.toString(), false);
    const results: { route: string; on: number[]; off: number[]; p99: { on: number[]; off: number[] } }[] = [];
    for (const route of routes) {
      await load(`${on.base}${route}`, cookies); // warm-up, not counted
      await load(`${off.base}${route}`, cookies);
      const r = { route, on: [] as number[], off: [] as number[], p99: { on: [] as number[], off: [] as number[] } };
      for (let round = 0; round < rounds; round++) {
        const a = await load(`${on.base}${route}`, cookies);
        const b = await load(`${off.base}${route}`, cookies);
        r.on.push(a.rps);
        r.off.push(b.rps);
        r.p99.on.push(a.p99);
        r.p99.off.push(b.p99);
      }
      results.push(r);
    }
    await on.trellis.close();
    await off.trellis.close();

    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    console.log(
      `\nRow-level security on vs off, PostgreSQL, ${TENANTS} partners (${CUSTOMERS_PER_TENANT} customers, ${USERS_PER_TENANT + 1} users each),` +
        ` ${connections} connections, ${rounds} x ${seconds} s each side\n`,
    );
    console.log('route               | RLS on req/s | p99 ms | RLS off req/s | p99 ms | overhead');
    console.log('--------------------|--------------|--------|---------------|--------|---------');
    for (const r of results) {
      const overhead = 1 - mean(r.on) / mean(r.off);
      console.log(
        `${r.route.padEnd(19)} | ${mean(r.on).toFixed(0).padStart(12)} | ${mean(r.p99.on).toFixed(0).padStart(6)} | ${mean(r.off)
          .toFixed(0)
          .padStart(13)} | ${mean(r.p99.off).toFixed(0).padStart(6)} | ${(overhead * 100).toFixed(1).padStart(7)}%`,
      );
    }
  } finally {
    const dropper = new pg.Client({ connectionString: benchPgUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
    await admin.end().catch(() => {});
  }
}

await main();
