/**
 * The grant expiry timer (R-GRT-1, R-GRT-2) over many grants: N grants (ends spread over
 * 730 days; half auto-extending, a quarter holding global admin) bulk-inserted on PGlite,
 * the clock moved 31 days, and one `grantTimers` run timed. Then the due-query with
 * nothing due, and its plan, which must be a scan of admin_grants_next_notice_idx.
 * Then on PostgreSQL when it answers (BENCH_DATABASE_URL, default the local test server).
 *
 *   node --import tsx bench/grant-timers.ts
 *   BENCH_GRANTS=20000 node --import tsx bench/grant-timers.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createTrellis } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { nextGrantCheck } from '../src/domain/grants.ts';
import { grantTimers } from '../src/modules/grants/timers.ts';
import { dueGrantsQuery } from '../src/modules/grants/store.ts';
import { createTenant } from '../src/modules/tenants/service.ts';
import { clock, DAY_MS } from '../src/platform/clock.ts';
import { systemCtx, type Ctx } from '../src/platform/context.ts';
import { connect, type Database } from '../src/platform/db/connect.ts';
import { adminGrants } from '../src/platform/db/schema.ts';
import { benchPgUrl, pgAnswers } from './postgres.ts';

const N = Number(process.env.BENCH_GRANTS ?? 100_000);
const PARTNERS = 10;
const CUSTOMERS = 100;
const pgUrl = (await pgAnswers()) ? benchPgUrl : undefined;

async function tenants(ctx: Ctx, kind: 'partner' | 'customer', count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { tenant } = await createTenant(ctx, {
      kind,
      name: `Bench ${kind} ${i}`,
      countryCode: 'US',
      admin: { email: `bench-${kind}-${i}-${Date.now()}@bench.example`, name: `Admin ${i}`, password: 'bench-password-123' },
    });
    ids.push(tenant.id);
  }
  return ids;
}

/** N grants from customers to partners, in bulk: 1,000 rows a statement. */
async function seed(ctx: Ctx, partners: string[], customers: string[]) {
  const now = clock.now();
  for (let start = 0; start < N; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const kind = i % 4; // 0, 1: auto-extending; 2: fixed; 3: global admin (never extends, R-GRT-2)
      const roles = kind === 3 ? ['global_admin'] : ['user_admin', 'license_admin'];
      const autoExtend = kind < 2;
      const endsAt = new Date(now.getTime() + 60_000 + Math.floor(Math.random() * 730 * DAY_MS));
      rows.push({
        grantorId: customers[i % customers.length]!,
        granteeId: partners[i % partners.length]!,
        roles,
        startsAt: now,
        endsAt,
        autoExtend,
        status: 'active' as const,
        source: 'bench',
        nextNoticeAt: nextGrantCheck({ endsAt, roles, autoExtend, lastNoticeDays: null }),
        lastNoticeDays: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    await ctx.db.insert(adminGrants).values(rows);
  }
}

async function measure(label: string, database: Database, cleanup: () => Promise<void>) {
  const config = loadConfig({}, { demo: false, logLevel: 'silent' });
  const trellis = await createTrellis({ config, database, logger: false });
  const ctx = systemCtx(trellis.platform, 'bench');
  try {
    const t0 = performance.now();
    await seed(ctx, await tenants(ctx, 'partner', PARTNERS), await tenants(ctx, 'customer', CUSTOMERS));
    await database.raw('ANALYZE admin_grants');
    const seeded = (performance.now() - t0) / 1000;

    clock.advance(31 * DAY_MS);
    const t1 = performance.now();
    const checked = await grantTimers(ctx);
    const seconds = (performance.now() - t1) / 1000;
    const mails = Number((await database.raw('SELECT count(*) AS n FROM mail_messages')).rows[0]!.n);

    // Nothing is due now: the cost of the minute-by-minute run that finds nothing, before
    // and after a VACUUM (until then the index still holds the row versions the run replaced).
    const idle = await nothingDue(ctx, database);
    const vacuumed = await nothingDue(ctx, database, true);
    return { label, seeded, checked, seconds, mails, idle, vacuumed };
  } finally {
    clock.reset();
    await trellis.close();
    await cleanup();
  }
}

async function nothingDue(ctx: Ctx, database: Database, vacuum = false) {
  if (vacuum) await database.raw('VACUUM ANALYZE admin_grants');
  const idle = dueGrantsQuery(ctx, clock.now(), undefined, 200);
  const runs = 200;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) assert0((await idle).length);
  const queryMs = (performance.now() - t0) / runs;
  const t1 = performance.now();
  assert0(await grantTimers(ctx));
  const runMs = performance.now() - t1;
  const { sql, params } = idle.toSQL();
  const plan = await database.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
  return { queryMs, runMs, plan: plan.rows.map((r) => `    ${String(r['QUERY PLAN'])}`).join('\n') };
}

function assert0(n: number) {
  if (n !== 0) throw new Error(`expected nothing due, found ${n}`);
}

async function main() {
  const results = [];
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-'));
  results.push(
    await measure('PGlite', await connect({ dataDir: dir }), async () => rmSync(dir, { recursive: true, force: true })),
  );
  if (pgUrl) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const name = `trellis_bench_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const database = await connect({ databaseUrl: url.toString(), poolSize: 4 });
    results.push(
      await measure('PostgreSQL', database, async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }),
    );
  }

  for (const r of results) {
    console.log(`\n${r.label}: ${N} grants seeded in ${r.seeded.toFixed(1)} s; clock moved 31 days`);
    console.log(
      `  grantTimers: ${r.checked} grants checked in ${r.seconds.toFixed(2)} s = ${(r.checked / r.seconds).toFixed(0)} grants/s (${r.mails} mails queued)`,
    );
    for (const [when, idle] of [
      ['right after the run', r.idle],
      ['after VACUUM', r.vacuumed],
    ] as const) {
      console.log(
        `  nothing due, ${when}: due-query ${idle.queryMs.toFixed(3)} ms (mean of 200), whole idle grantTimers run ${idle.runMs.toFixed(2)} ms; plan:`,
      );
      console.log(idle.plan);
    }
  }
}

await main();
