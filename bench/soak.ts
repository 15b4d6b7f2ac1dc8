/**
 * Soak: `trellis serve --demo` in its own process under a mixed load of reads and writes
 * across the demo's tenants (partners and customers), first driven flat out to measure its
 * capacity, then held at a share of it for a long run. Reports errors, latency, the
 * database connections at the start and the end of the run (a leak shows as a rise), and
 * the server's memory (resident set and V8 heap, from its /metrics) at both ends.
 *
 *   npm run soak                                   on PostgreSQL (BENCH_DATABASE_URL, default the local test server), 10 min
 *   SOAK_MINUTES=2 npm run soak                    a shorter run
 *   SOAK_DATABASE=pglite npm run soak              on PGlite (no connection count)
 *   SOAK_SHARE=0.7 SOAK_CAPACITY_SECONDS=30 SOAK_CONCURRENCY=16 npm run soak
 *   SOAK_RATE=300 npm run soak                     hold 300 req/s whatever the capacity
 *
 * Capacity counts the time the server then takes to finish the work those requests left
 * (events to dispatch, mail to deliver; PostgreSQL only), and each sample says how much waits.
 * On a PostgreSQL without autovacuum the soak vacuums its database every 30 s, as the daemon would.
 *
 * Exits non-zero when a request failed, the server fell behind the schedule (more than
 * SOAK_MAX_IN_FLIGHT requests waiting), connections grew, or memory grew by 10% or more.
 * Each route's latency is reported for the first and the last minute, so a route that slows
 * as the data grows shows itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { TrellisProcess } from '../test/support/process.ts';
import { withDatabase } from '../test/support/template.ts';
import { benchPgUrl, pgAnswers } from './postgres.ts';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const share = Number(process.env.SOAK_SHARE ?? 0.7);
const capacitySeconds = Number(process.env.SOAK_CAPACITY_SECONDS ?? 30);
const concurrency = Number(process.env.SOAK_CONCURRENCY ?? 16);
const onPglite = process.env.SOAK_DATABASE === 'pglite';
/** A fixed rate instead of a share of the measured capacity (the capacity is still measured). */
const fixedRate = process.env.SOAK_RATE ? Number(process.env.SOAK_RATE) : undefined;
/**
 * More requests than this waiting for their answers means the server no longer keeps the rate:
 * the run stops there and fails, instead of queueing until the load generator runs out of sockets.
 */
const MAX_IN_FLIGHT = Number(process.env.SOAK_MAX_IN_FLIGHT ?? 1000);
/** Memory is sampled this often; growth compares the first samples of the run with the last ones. */
const SAMPLE_MS = 10_000;
const MEMORY_TARGET = 0.1;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

// ---------------------------------------------------------------- the server and its database

const port = await freePort();
const metricsPort = await freePort();
const base = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(port),
  PUBLIC_URL: base,
  METRICS_PORT: String(metricsPort),
  LOG_LEVEL: 'warn',
  TRELLIS_SECRET: randomBytes(32).toString('hex'),
  // Every client signs in once, from one address.
  SIGN_IN_RATE_LIMIT: '1000',
};
delete env.DATABASE_URL;
let cleanup = async () => {};
let connectionsOf: (() => Promise<number>) | undefined;
/**
 * The work a request leaves for later (events to dispatch, mail to deliver) still waiting, on
 * PostgreSQL: read beside the server, which does that work in its own process.
 */
let backlogOf: (() => Promise<{ events: number; mail: number }>) | undefined;
/**
 * On a PostgreSQL server running without autovacuum (this project's development machines), the
 * vacuuming its daemon would do, every 30 s: the outbox and pg-boss update rows at every write,
 * and left dead those rows slow every scan of them until the server falls behind. Answers the
 * function that stops it, or nothing when the server vacuums by itself.
 */
let vacuumLikeTheDaemon: (() => Promise<() => void>) | undefined;
if (onPglite) {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-soak-'));
  env.TRELLIS_DATA_DIR = dir;
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
} else {
  if (!(await pgAnswers())) process.exit(1);
  const name = `trellis_soak_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: benchPgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  env.DATABASE_URL = withDatabase(benchPgUrl, name);
  connectionsOf = async () =>
    Number(
      (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name])).rows[0]!.n,
    );
  const watcher = new pg.Client({ connectionString: env.DATABASE_URL });
  await watcher.connect();
  backlogOf = async () => {
    const { rows } = await watcher.query<{ events: number; mail: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE dispatched_at IS NULL) AS events,
              (SELECT count(*)::int FROM mail_messages WHERE status = 'queued') AS mail`,
    );
    return rows[0]!;
  };
  vacuumLikeTheDaemon = async () => {
    const { rows } = await watcher.query<{ autovacuum: string }>('SHOW autovacuum');
    if (rows[0]!.autovacuum === 'on') return () => {};
    console.log('  this PostgreSQL runs without autovacuum: the soak vacuums its database every 30 s, as the daemon would');
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(() => watcher.query('VACUUM (ANALYZE)')).catch(() => undefined);
    }, 30_000);
    return () => clearInterval(timer);
  };
  cleanup = async () => {
    await watcher.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}

const server = new TrellisProcess(['serve', '--demo'], env);
// The server and its database go whatever happens from here: a failed sign-in, a crash, Ctrl-C.
let stopped = false;
async function stop(): Promise<void> {
  if (stopped) return;
  stopped = true;
  await server.stop('SIGTERM');
  await cleanup();
}
process.once('SIGINT', () => void stop().then(() => process.exit(130)));
let failed = false;
try {
  await server.waitFor(/Trellis is running at http:\/\/127\.0\.0\.1:\d+ on /);

  async function memory(): Promise<{ rss: number; heap: number }> {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
    return { rss: value('trellis_process_resident_memory_bytes'), heap: value('trellis_nodejs_heap_size_used_bytes') };
  }

  // ---------------------------------------------------------------- the callers and what they do

  interface Caller {
    email: string;
    kind: 'partner' | 'customer';
    cookie: string;
    tenantId: string;
    /** Customers this partner serves (partners only), to read one by id. */
    customers: string[];
    /** Whether it may add customers (a direct-bill partner). */
    createsCustomers: boolean;
  }

  async function call(
    caller: Caller,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; text: string }> {
    const res = await fetch(base + path, {
      method,
      headers: { cookie: caller.cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, text: await res.text() };
  }

  const partnerEmails = ['admin@contoso.example', 'admin@fabrikam.example', 'admin@northwind.example', 'admin@tailspin.example'];
  const customerEmails = ['it@adatum.example', 'it@litware.example', 'it@proseware.example', 'it@margie.example'];
  const callers: Caller[] = [];
  for (const email of [...partnerEmails, ...customerEmails]) {
    const res = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    if (res.status !== 201) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
    const caller: Caller = {
      email,
      kind: partnerEmails.includes(email) ? 'partner' : 'customer',
      cookie: res.headers.get('set-cookie')!.split(';')[0]!,
      tenantId: '',
      customers: [],
      createsCustomers: false,
    };
    caller.tenantId = (JSON.parse((await call(caller, 'GET', '/v1/me')).text) as { tenant: { id: string } }).tenant.id;
    if (caller.kind === 'partner') {
      const page = JSON.parse((await call(caller, 'GET', '/v1/customers?limit=50')).text) as { items: { id: string }[] };
      caller.customers = page.items.map((c) => c.id);
    }
    callers.push(caller);
  }

  let serial = 0;
  const tag = randomBytes(3).toString('hex');
  interface Op {
    name: string;
    weight: number;
    who: (c: Caller) => boolean;
    run: (c: Caller) => Promise<{ status: number; text: string }>;
  }
  const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
  const ops: Op[] = [
    { name: 'GET /v1/me', weight: 20, who: () => true, run: (c) => call(c, 'GET', '/v1/me') },
    { name: 'GET /v1/users', weight: 10, who: () => true, run: (c) => call(c, 'GET', '/v1/users?limit=20') },
    { name: 'GET /v1/admin-grants', weight: 8, who: () => true, run: (c) => call(c, 'GET', '/v1/admin-grants') },
    { name: 'GET /v1/audit-events', weight: 6, who: () => true, run: (c) => call(c, 'GET', '/v1/audit-events?limit=20') },
    {
      name: 'GET /v1/customers',
      weight: 15,
      who: (c) => c.kind === 'partner',
      run: (c) => call(c, 'GET', '/v1/customers?limit=20'),
    },
    {
      name: 'GET /v1/customers/:id',
      weight: 10,
      who: (c) => c.customers.length > 0,
      run: (c) => call(c, 'GET', `/v1/customers/${pick(c.customers)}`),
    },
    {
      name: 'GET /v1/relationship-requests',
      weight: 6,
      who: (c) => c.kind === 'partner',
      run: (c) => call(c, 'GET', '/v1/relationship-requests?limit=20'),
    },
    {
      name: 'PATCH /v1/me',
      weight: 10,
      who: () => true,
      run: (c) => call(c, 'PATCH', '/v1/me', { name: `Soak ${serial++ % 1000}` }),
    },
    {
      name: 'POST /v1/users',
      weight: 5,
      who: (c) => c.kind === 'customer',
      run: (c) => {
        const n = serial++;
        return call(c, 'POST', '/v1/users', { email: `soak-${tag}-${n}@soak.example`, name: `Soak ${n}`, roles: ['user'] });
      },
    },
    {
      name: 'POST /v1/customers',
      weight: 5,
      who: (c) => c.createsCustomers,
      run: (c) => {
        const n = serial++;
        return call(
          c,
          'POST',
          '/v1/customers',
          {
            companyName: `Soak ${tag} ${n}`,
            primaryDomain: `soak-${tag}-${n}.example`,
            countryCode: 'US',
            admin: { name: `Soak admin ${n}`, email: `admin@soak-${tag}-${n}.example` },
          },
          { 'idempotency-key': `soak-${tag}-${n}` },
        );
      },
    },
  ];

  // Which partners may add customers: a probe each, outside the measurements.
  for (const caller of callers.filter((c) => c.kind === 'partner')) {
    caller.createsCustomers = true;
    const probe = await ops.find((o) => o.name === 'POST /v1/customers')!.run(caller);
    caller.createsCustomers = probe.status === 201;
  }
  if (!callers.some((c) => c.createsCustomers)) throw new Error('no demo partner may add customers');

  /** One request of the mix: a caller, then an operation that caller does, by weight. */
  function nextRequest(): { op: Op; caller: Caller } {
    const caller = pick(callers);
    const mine = ops.filter((o) => o.who(caller));
    let roll = Math.random() * mine.reduce((sum, o) => sum + o.weight, 0);
    for (const op of mine) {
      roll -= op.weight;
      if (roll <= 0) return { op, caller };
    }
    return { op: mine[0]!, caller };
  }

  // ---------------------------------------------------------------- measuring

  class Tally {
    latencies: number[] = [];
    /** Each answer's route, when it was sent and how long it took, for the routes' trends. */
    answers: { op: string; at: number; ms: number }[] = [];
    errors = new Map<string, number>();
    requests = 0;
    async once(): Promise<void> {
      const { op, caller } = nextRequest();
      const started = performance.now();
      this.requests++;
      try {
        const res = await op.run(caller);
        const ms = performance.now() - started;
        this.latencies.push(ms);
        this.answers.push({ op: op.name, at: started, ms });
        if (res.status >= 400) this.error(`${op.name}: ${res.status} ${res.text.slice(0, 160)}`);
      } catch (err) {
        this.error(`${op.name}: ${(err as Error).message}`);
      }
    }
    private error(what: string) {
      this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
    }
    percentile(p: number): number {
      const sorted = [...this.latencies].sort((a, b) => a - b);
      return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
    }
    get errorCount(): number {
      return [...this.errors.values()].reduce((a, b) => a + b, 0);
    }
    /** Each route's median latency in the first and in the last minute sent. */
    trends(): { op: string; first: number; last: number; count: number }[] {
      if (this.answers.length === 0) return [];
      const start = this.answers[0]!.at;
      const end = this.answers.reduce((latest, a) => Math.max(latest, a.at), start);
      const minute = Math.min(60_000, (end - start) / 2);
      const p50 = (values: number[]) => (values.length === 0 ? NaN : median(values));
      return [...new Set(this.answers.map((a) => a.op))].map((op) => {
        const mine = this.answers.filter((a) => a.op === op);
        return {
          op,
          first: p50(mine.filter((a) => a.at < start + minute).map((a) => a.ms)),
          last: p50(mine.filter((a) => a.at > end - minute).map((a) => a.ms)),
          count: mine.length,
        };
      });
    }
  }

  /**
   * Closed loop: `concurrency` callers, each sending its next request as soon as the last
   * answered; then, on PostgreSQL, the wait until the work those requests left behind (events
   * to dispatch, mail to deliver) is done, counted in the time. A rate measured without it is
   * one the server keeps only while that work piles up: held for minutes, it fell behind.
   */
  async function capacity(): Promise<{ rps: number; burstRps: number; drainSeconds: number; tally: Tally }> {
    const tally = new Tally();
    const until = performance.now() + capacitySeconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) await tally.once();
      }),
    );
    const burst = performance.now();
    if (backlogOf) {
      const drainUntil = burst + 300_000;
      for (;;) {
        const b = await backlogOf();
        if ((b.events === 0 && b.mail === 0) || performance.now() > drainUntil) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const ended = performance.now();
    return {
      rps: tally.requests / ((ended - started) / 1000),
      burstRps: tally.requests / ((burst - started) / 1000),
      drainSeconds: (ended - burst) / 1000,
      tally,
    };
  }

  /** Open loop: requests start on a schedule, whether or not earlier ones have answered. */
  async function soak(rps: number, onSample: () => Promise<void>): Promise<{ tally: Tally; behind?: string }> {
    const tally = new Tally();
    const interval = 1000 / rps;
    const started = performance.now();
    const until = started + minutes * 60_000;
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    let nextSample = started + SAMPLE_MS;
    while (performance.now() < until) {
      const due = Math.floor((performance.now() - started) / interval);
      while (sent < due) {
        const p = tally.once().finally(() => inFlight.delete(p));
        inFlight.add(p);
        sent++;
      }
      if (inFlight.size > MAX_IN_FLIGHT) {
        const after = ((performance.now() - started) / 60_000).toFixed(1);
        await Promise.all(inFlight);
        return { tally, behind: `fell behind after ${after} min: more than ${MAX_IN_FLIGHT} requests waiting` };
      }
      if (performance.now() >= nextSample) {
        nextSample += SAMPLE_MS;
        void onSample();
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(interval, 20))));
    }
    await Promise.all(inFlight);
    return { tally };
  }

  const quiet = () => new Promise((resolve) => setTimeout(resolve, 2000));
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  {
    console.log(
      `Measuring capacity: ${concurrency} callers flat out for ${capacitySeconds} s (${onPglite ? 'PGlite' : 'PostgreSQL'})`,
    );
    await capacity(); // warm-up, not counted: JIT, caches, the pools filled
    const measured = await capacity();
    const rate = fixedRate ?? measured.rps * share;
    console.log(
      `  capacity ${measured.rps.toFixed(0)} req/s (p50 ${measured.tally.percentile(50).toFixed(1)} ms, ` +
        `p99 ${measured.tally.percentile(99).toFixed(1)} ms, ${measured.tally.errorCount} errors)` +
        (backlogOf
          ? `: ${measured.burstRps.toFixed(0)} req/s answered, then ${measured.drainSeconds.toFixed(1)} s until the events and mail they left were done`
          : ''),
    );

    await quiet();
    const connectionsAtStart = await connectionsOf?.();
    const samples: { at: number; rss: number; heap: number; connections?: number }[] = [];
    const sample = async () => {
      const m = await memory();
      samples.push({ at: performance.now(), ...m, ...(connectionsOf ? { connections: await connectionsOf() } : {}) });
      const last = samples.at(-1)!;
      const backlog = await backlogOf?.();
      console.log(
        `  ${((samples.length * SAMPLE_MS) / 60_000).toFixed(1)} min: rss ${mb(last.rss)}, heap ${mb(last.heap)}` +
          (last.connections !== undefined ? `, ${last.connections} connections` : '') +
          (backlog ? `, waiting: ${backlog.events} events, ${backlog.mail} mails` : ''),
      );
    };
    const stopVacuum = (await vacuumLikeTheDaemon?.()) ?? (() => {});
    const startMemory = await memory();
    console.log(
      `Soak: ${rate.toFixed(0)} req/s (${fixedRate ? 'as asked' : `${Math.round(share * 100)}% of capacity`}) for ${minutes} min`,
    );
    const { tally, behind } = await soak(rate, sample);
    stopVacuum();
    await quiet();
    const connectionsAtEnd = await connectionsOf?.();
    const endMemory = await memory();

    // Growth compares the steady state at both ends: the median of the first and of the last
    // few samples, so one sample caught before a collection does not decide it.
    const window = Math.max(1, Math.min(6, Math.floor(samples.length / 4)));
    const growth = (key: 'rss' | 'heap') =>
      median(samples.slice(-window).map((s) => s[key])) / median(samples.slice(0, window).map((s) => s[key])) - 1;
    const rssGrowth = growth('rss');
    const heapGrowth = growth('heap');

    console.log(`\nSoak result (${minutes} min at ${rate.toFixed(0)} req/s, ${onPglite ? 'PGlite' : 'PostgreSQL'})`);
    console.log(`  requests      ${tally.requests} (${(tally.requests / (minutes * 60)).toFixed(0)} req/s achieved)`);
    console.log(`  errors        ${tally.errorCount}`);
    for (const [what, n] of [...tally.errors].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`    ${n} × ${what}`);
    console.log(`  latency       p50 ${tally.percentile(50).toFixed(1)} ms, p99 ${tally.percentile(99).toFixed(1)} ms`);
    console.log('  by route      median ms in the first minute → in the last minute (answers)');
    for (const t of tally.trends().sort((a, b) => b.last / b.first - a.last / a.first)) {
      console.log(`    ${t.op.padEnd(32)} ${t.first.toFixed(1).padStart(8)} → ${t.last.toFixed(1).padStart(8)}  (${t.count})`);
    }
    if (behind) console.log(`  schedule      ${behind}`);
    if (connectionsAtStart !== undefined) {
      console.log(`  connections   ${connectionsAtStart} at the start, ${connectionsAtEnd} at the end (database sessions, idle)`);
    }
    console.log(
      `  memory        rss ${mb(startMemory.rss)} → ${mb(endMemory.rss)}, heap ${mb(startMemory.heap)} → ${mb(endMemory.heap)}; ` +
        `steady-state growth rss ${(rssGrowth * 100).toFixed(1)}%, heap ${(heapGrowth * 100).toFixed(1)}% (target < ${MEMORY_TARGET * 100}%)`,
    );
    if (tally.errorCount > 0 || behind) failed = true;
    if (connectionsAtStart !== undefined && connectionsAtEnd! > connectionsAtStart) failed = true;
    if (rssGrowth >= MEMORY_TARGET || heapGrowth >= MEMORY_TARGET) failed = true;
    console.log(failed ? '\nFAILED' : '\nPASSED');
  }
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  await stop();
}
process.exit(failed ? 1 : 0);
