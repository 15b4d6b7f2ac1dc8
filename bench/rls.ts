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
 * Then the database's own time for one request of each route, each side (EXPLAIN ANALYZE of the
 * statements it sent: planning and execution); BENCH_RLS_PLANS=1 prints the plans too.
 *
 *   node --import tsx bench/rls.ts          BENCH_SECONDS (default 10) per measurement, BENCH_ROUNDS (2) a side,
 *                                           BENCH_RLS_RATE_SHARE (0.6) the paced rate, of the unbound side's flat-out rate
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createTrellis, type Trellis } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createTenant } from '../src/modules/tenants/service.ts';
import { systemCtx } from '../src/platform/context.ts';
import { connect } from '../src/platform/db/connect.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { APP_ROLE } from '../src/platform/db/scope.ts';
import { benchPgUrl, pgAnswers } from './postgres.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Measurements a side, alternated: more rounds average out a busy machine. */
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
/**
 * CPU per request is compared at one rate for both sides, this share of what the side without
 * the policies answers flat out: at full load the slower side batches less per wake-up, and its
 * CPU per request rises for that alone.
 */
const rateShare = Number(process.env.BENCH_RLS_RATE_SHARE ?? 0.6);
const TENANTS = 20;
/** Customers per partner: their rows are reached through tenant_links, one probe a row. */
const CUSTOMERS_PER_TENANT = Number(process.env.BENCH_RLS_CUSTOMERS ?? 50);
const USERS_PER_TENANT = 25;
const PASSWORD = 'bench-password-123';
/** Linux's clock ticks (USER_HZ), the unit of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = 100;

const routes = ['/v1/me', '/v1/users?limit=20', '/v1/customers?limit=50'];

/** CPU time (ms) process `pid` has used (utime + stime of /proc/<pid>/stat). */
function processCpu(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / TICKS_PER_SECOND);
}

/**
 * CPU time (ms) the database's server processes have used, by process id, when PostgreSQL runs
 * on this machine (its processes' /proc/<pid>/stat are readable): throughput on a shared, busy
 * machine says more about the other jobs than about the policies, CPU time per request does not.
 */
async function backendCpu(admin: pg.Client, database: string): Promise<Map<number, number> | undefined> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, processCpu(pid));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // ended since the query: idle, its time lost
      return undefined; // not this machine's, or not readable
    }
  }
  return cpu;
}

interface Probe {
  admin: pg.Client;
  database: string;
  /** The loaded server's process. */
  server: number;
}

/** Load on `url` for BENCH_SECONDS: as fast as it answers, or at `rate` requests a second. */
async function load(url: string, cookies: string[], probe?: Probe, rate?: number) {
  let next = 0;
  const cpuBefore = probe && (await backendCpu(probe.admin, probe.database));
  const serverBefore = probe && processCpu(probe.server);
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    // One partner per load connection: the server's pool serves them all, interleaved.
    setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length]! }),
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const server = probe && processCpu(probe.server) - serverBefore!;
  const cpuAfter = probe && (await backendCpu(probe.admin, probe.database));
  let database: number | undefined;
  if (cpuBefore && cpuAfter) {
    database = 0;
    // A process that started during the load counts from its start; one that ended is lost.
    for (const [pid, ms] of cpuAfter) database += ms - (cpuBefore.get(pid) ?? 0);
  }
  const requests = r.requests.total;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    /** CPU ms per request: the server's process and the database's. */
    serverMs: server === undefined ? Number.NaN : server / requests,
    databaseMs: database === undefined ? undefined : database / requests,
  };
}

/**
 * The same server in a process of its own (this file with `--serve on|off <url>`), so that its
 * CPU time is its own: not the load generator's, nor the other side's idle server's.
 */
async function serveApart(url: string, rowLevelSecurity: boolean): Promise<{ child: ChildProcess; pid: number; base: string }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--serve', rowLevelSecurity ? 'on' : 'off', url],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`server (${rowLevelSecurity ? 'on' : 'off'}) exited: ${code}`)));
    lines.once('line', (line) => done((JSON.parse(line) as { base: string }).base));
  });
  return { child, pid: child.pid!, base };
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
async function seed(url: string): Promise<{ cookies: string[]; tenantIds: string[] }> {
  const { trellis, base } = await serve(url, true);
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  const cookies: string[] = [];
  const tenantIds: string[] = [];
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
      tenantIds.push(tenant.id);
    }
  } finally {
    await owner.end();
    await trellis.close();
  }
  return { cookies, tenantIds };
}

interface Explained {
  statements: number;
  /** Statements setting a connection's scope (set_config), not counted in `statements`. */
  scoping: number;
  planning: number;
  execution: number;
  /** Statements that PostgreSQL ran on a generic plan once prepared (after 8 runs, as a pooled connection would). */
  generic: number;
  /** Server memory the prepared statements took, in bytes (their cached plans). */
  memory: number;
}

/**
 * The database's own time for one request of `route` to `server`: each statement it sent, run
 * again under EXPLAIN ANALYZE as it ran (the app role and the caller's tenant when `tenantId` is
 * given, else the owner), summed. Planning is what an unprepared statement pays on every run;
 * execution is what is left. Each is run twice, the second counted (the first warms the caches).
 */
async function explain(
  server: { trellis: Trellis; base: string },
  url: string,
  route: string,
  cookie: string,
  tenantId: string | null,
) {
  const sent: [string, readonly unknown[]][] = [];
  const stop = server.trellis.platform.database.observe((text, params) => sent.push([text, params]));
  const res = await fetch(`${server.base}${route}`, { headers: { cookie } });
  await res.arrayBuffer();
  stop();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const total: Explained = { statements: 0, scoping: 0, planning: 0, execution: 0, generic: 0, memory: 0 };
    const scoped = async () => {
      await c.query('BEGIN');
      if (tenantId) {
        await c.query(`SET LOCAL ROLE ${APP_ROLE}`);
        await c.query("SELECT set_config('trellis.tenant_ids', $1, true)", [tenantId]);
      }
    };
    const plans = async () =>
      Number(
        (
          await c.query<{ bytes: string }>(
            "SELECT coalesce(sum(total_bytes), 0) AS bytes FROM pg_backend_memory_contexts WHERE name IN ('CachedPlan', 'CachedPlanSource', 'CachedPlanQuery')",
          )
        ).rows[0]!.bytes,
      );
    const before = await plans();
    for (const [i, [text, params]] of sent.entries()) {
      // The scope's own statement is not the request's work.
      if (text.includes('set_config(')) total.scoping++;
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(text) || text.includes('set_config(')) continue;
      if (/^\s*(select|with)\b/i.test(text)) {
        await scoped();
        try {
          for (let run = 0; run < 8; run++) await c.query({ name: `bench_${i}`, text, values: [...params] });
          const { rows } = await c.query<{ generic: number }>(
            'SELECT generic_plans::int AS generic FROM pg_prepared_statements WHERE name = $1',
            [`bench_${i}`],
          );
          if (rows[0]!.generic > 0) total.generic++;
        } finally {
          await c.query('ROLLBACK');
        }
      }
      for (let pass = 0; pass < 2; pass++) {
        await scoped();
        try {
          const { rows } = await c.query<{ 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }] }>(
            `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
            [...params],
          );
          if (pass === 0) continue;
          const plan = rows[0]!['QUERY PLAN'][0];
          total.statements++;
          total.planning += plan['Planning Time'];
          total.execution += plan['Execution Time'];
          if (process.env.BENCH_RLS_PLANS) {
            const shown = await c.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, [...params]);
            console.log(
              `\n${route} (${tenantId ? 'policies' : 'owner'}): ${text}\n${shown.rows.map((r) => r['QUERY PLAN']).join('\n')}`,
            );
          }
        } finally {
          await c.query('ROLLBACK');
        }
      }
    }
    total.memory = (await plans()) - before;
    return total;
  } finally {
    await c.end();
  }
}

/** The servers in processes of their own: stopped before the database is dropped, whatever happens. */
const apart: ChildProcess[] = [];
async function stopApart(): Promise<void> {
  for (const child of apart.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
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
    const { cookies, tenantIds } = await seed(url.toString());
    // As autovacuum would have by then (this machine's PostgreSQL runs without it): statistics for
    // the planner, and the visibility map that lets the policies' tenant_links probes read the
    // index alone rather than visit the table for each row.
    const vacuum = new pg.Client({ connectionString: url.toString() });
    await vacuum.connect();
    await vacuum.query('VACUUM (ANALYZE)');
    await vacuum.end();
    const on = await serveApart(url.toString(), true);
    apart.push(on.child);
    const off = await serveApart(url.toString(), false);
    apart.push(off.child);
    type Side = { rps: number[]; p99: number[]; serverMs: number[]; databaseMs: (number | undefined)[] };
    const side = (): Side => ({ rps: [], p99: [], serverMs: [], databaseMs: [] });
    const results: { route: string; rate: number; on: Side; off: Side }[] = [];
    for (const route of routes) {
      await load(`${on.base}${route}`, cookies); // warm-up, not counted
      const rate = Math.max(1, Math.round((await load(`${off.base}${route}`, cookies)).rps * rateShare));
      const r = { route, rate, on: side(), off: side() };
      for (let round = 0; round < rounds; round++) {
        for (const [{ base, pid }, into] of [
          [on, r.on],
          [off, r.off],
        ] as const) {
          const flat = await load(`${base}${route}`, cookies);
          into.rps.push(flat.rps);
          into.p99.push(flat.p99);
          const paced = await load(`${base}${route}`, cookies, { admin, database: name, server: pid }, rate);
          into.serverMs.push(paced.serverMs);
          into.databaseMs.push(paced.databaseMs);
        }
      }
      results.push(r);
    }
    await stopApart();
    // The statements are read off a server in this process (Trellis tells its listeners each one).
    const onHere = await serve(url.toString(), true);
    const offHere = await serve(url.toString(), false);
    const explained: { route: string; on: Explained; off: Explained }[] = [];
    for (const route of routes) {
      explained.push({
        route,
        on: await explain(onHere, url.toString(), route, cookies[0]!, tenantIds[0]!),
        off: await explain(offHere, url.toString(), route, cookies[0]!, null),
      });
    }
    await onHere.trellis.close();
    await offHere.trellis.close();

    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    console.log(
      `\nRow-level security on vs off, PostgreSQL, ${TENANTS} partners (${CUSTOMERS_PER_TENANT} customers, ${USERS_PER_TENANT + 1} users each),` +
        ` ${connections} connections, ${rounds} x ${seconds} s each side flat out and as many paced\n`,
    );
    console.log('route               | RLS on req/s | p99 ms | RLS off req/s | p99 ms | overhead');
    console.log('--------------------|--------------|--------|---------------|--------|---------');
    for (const { route, on: a, off: b } of results) {
      const overhead = 1 - mean(a.rps) / mean(b.rps);
      console.log(
        [
          route.padEnd(19),
          mean(a.rps).toFixed(0).padStart(12),
          mean(a.p99).toFixed(0).padStart(6),
          mean(b.rps).toFixed(0).padStart(13),
          mean(b.p99).toFixed(0).padStart(6),
          `${(overhead * 100).toFixed(1).padStart(7)}%`,
        ].join(' | '),
      );
    }
    // PostgreSQL's time counts only when it was read on every load of both sides.
    const withDb = (a: Side, b: Side) => [...a.databaseMs, ...b.databaseMs].every((x) => x !== undefined);
    const total = (s: Side, i: number, db: boolean) => s.serverMs[i]! + (db ? s.databaseMs[i]! : 0);
    console.log(
      '\nCPU time per request (ms) at the same rate for both sides (req/s): the server\'s process and PostgreSQL,' +
        '\nRLS on / off; the overhead in CPU (1 - off / on) over all rounds, and the median' +
        '\nand range of the rounds\' own; a busy machine disturbs it less than throughput:\n',
    );
    console.log('route               | rate | server on | off  | PostgreSQL on | off  | CPU overhead | rounds: median (range)');
    console.log('--------------------|------|-----------|------|---------------|------|--------------|-----------------------');
    for (const { route, rate, on: a, off: b } of results) {
      const db = withDb(a, b);
      const ms = (v: (number | undefined)[]) => (v.every((x) => x !== undefined) ? mean(v).toFixed(2) : '-');
      const each = a.serverMs.map((_, i) => (1 - total(b, i, db) / total(a, i, db)) * 100);
      const overall = (1 - mean(b.serverMs.map((_, i) => total(b, i, db))) / mean(a.serverMs.map((_, i) => total(a, i, db)))) * 100;
      console.log(
        [
          route.padEnd(19),
          String(rate).padStart(4),
          ms(a.serverMs).padStart(9),
          ms(b.serverMs).padStart(4),
          ms(a.databaseMs).padStart(13),
          ms(b.databaseMs).padStart(4),
          `${overall.toFixed(1).padStart(11)}%`,
          `${median(each).toFixed(1)}% (${Math.min(...each).toFixed(1)}% to ${Math.max(...each).toFixed(1)}%)`,
        ].join(' | '),
      );
    }
    console.log(
      "\nThe database's own time for one request (EXPLAIN ANALYZE of each statement it sent, as the caller, summed, ms; RLS on / off);\n" +
        'statements on a generic plan once prepared, and the server memory their plans take (RLS on):\n',
    );
    console.log(
      'route               | statements | scope | planning on | off  | execution on | off  | generic plans | plan memory',
    );
    console.log(
      '--------------------|------------|-------|-------------|------|--------------|------|---------------|------------',
    );
    const ms = (x: number) => x.toFixed(2);
    for (const { route, on: e, off: o } of explained) {
      console.log(
        [
          route.padEnd(19),
          `${e.statements} / ${o.statements}`.padStart(10),
          `${e.scoping} / ${o.scoping}`.padStart(5),
          ms(e.planning).padStart(11),
          ms(o.planning).padStart(4),
          ms(e.execution).padStart(12),
          ms(o.execution).padStart(4),
          `${e.generic} of ${e.statements}`.padStart(13),
          `${Math.round(e.memory / 1024)} kB`.padStart(11),
        ].join(' | '),
      );
    }
  } finally {
    await stopApart();
    const dropper = new pg.Client({ connectionString: benchPgUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
    await admin.end().catch(() => {});
  }
}

if (process.argv[2] === '--serve') {
  const { trellis, base } = await serve(process.argv[4]!, process.argv[3] === 'on');
  process.once('SIGTERM', () => void trellis.close().then(() => process.exit(0)));
  console.log(JSON.stringify({ base }));
} else {
  await main();
}
