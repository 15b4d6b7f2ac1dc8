/**
 * The monthly invoice run (issue 11, part 7) over 10,000 subscriptions (BENCH_SUBSCRIPTIONS),
 * written with SQL: 1,000 customers of 10 direct-bill partners and of 2 providers through 20
 * resellers, half of the subscriptions indirect, bought over the six months before the one
 * invoiced (monthly billing of one-year terms, so each has a billing period in it), a tenth of
 * them with a quantity change inside the month and one in fifty cancelled in it. One
 * `runInvoices` of that month timed, with the heap sampled every 20 ms and the process's peak
 * resident memory; then the same run again (it finds the month done). On PGlite (whose database
 * lives in the process, so its resident memory counts the database too) and on PostgreSQL when
 * it answers (BENCH_DATABASE_URL, default the local test server).
 *
 *   node --import tsx bench/invoices.ts
 *   BENCH_SUBSCRIPTIONS=50000 node --import tsx bench/invoices.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createTrellis } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { addMonths } from '../src/domain/subscriptions.ts';
import { BATCH, runInvoices } from '../src/modules/invoices/service.ts';
import { clock, DAY_MS } from '../src/platform/clock.ts';
import { systemCtx, type Ctx } from '../src/platform/context.ts';
import { connect, type Database } from '../src/platform/db/connect.ts';
import {
  offers,
  orders,
  subscriptionQuantityChanges,
  subscriptions,
  subscriptionTerms,
  tenants,
} from '../src/platform/db/schema.ts';
import { benchPgUrl, pgAnswers } from './postgres.ts';

const N = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const CUSTOMERS = 1000;
const DIRECT = 10;
const PROVIDERS = 2;
const RESELLERS = 20;
/** The month invoiced, and the run half a minute into the next. */
const MONTH = '2027-01';
const MONTH_START = new Date('2027-01-01T00:00:00Z');
const pgUrl = (await pgAnswers()) ? benchPgUrl : undefined;

async function insertTenants(ctx: Ctx, kind: 'operator' | 'partner' | 'customer', count: number, prefix: string) {
  const now = clock.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    kind,
    name: `${prefix} ${i}`,
    countryCode: 'US',
    customerType: kind === 'customer' ? ('standard' as const) : null,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 1000) await ctx.db.insert(tenants).values(rows.slice(i, i + 1000));
  return rows.map((r) => r.id);
}

async function seed(ctx: Ctx) {
  await insertTenants(ctx, 'operator', 1, 'Bench operator');
  const direct = await insertTenants(ctx, 'partner', DIRECT, 'Bench direct');
  const providers = await insertTenants(ctx, 'partner', PROVIDERS, 'Bench provider');
  const resellers = await insertTenants(ctx, 'partner', RESELLERS, 'Bench reseller');
  const customers = await insertTenants(ctx, 'customer', CUSTOMERS, 'Bench customer');
  const [offer] = await ctx.db
    .insert(offers)
    .values({
      sku: `BENCH-${Date.now()}`,
      name: 'Bench offer',
      kind: 'license_subscription',
      term: 'P1Y',
      billingCycle: 'monthly',
      minQuantity: 1,
      maxQuantity: 10_000,
      createdAt: clock.now(),
    })
    .returning();
  for (let start = 0; start < N; start += 1000) {
    const orderRows = [];
    const subRows = [];
    const termRows = [];
    const changeRows = [];
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const customerId = customers[i % CUSTOMERS]!;
      const indirect = i % 2 === 1;
      const partnerId = indirect ? providers[i % PROVIDERS]! : direct[i % DIRECT]!;
      const resellerId = indirect ? resellers[i % RESELLERS]! : null;
      // Bought in the six months before January, at some minute of some day.
      const bought = new Date(addMonths(MONTH_START, -1 - (i % 6)).getTime() + ((i * 7919) % (27 * 24 * 60)) * 60_000);
      const quantity = 1 + (i % 50);
      const orderId = randomUUID();
      const subscriptionId = randomUUID();
      orderRows.push({
        id: orderId,
        customerId,
        partnerId,
        relationshipRole: indirect ? ('indirect_provider' as const) : ('direct_partner' as const),
        resellerId,
        placedBy: randomUUID(),
        market: 'United States',
        currency: 'USD',
        totalMinor: quantity * 1000,
        createdAt: bought,
      });
      // One in fifty cancelled in January (a refund), as if within its change window.
      const cancelledAt = i % 50 === 7 ? new Date(MONTH_START.getTime() + (i % 28) * DAY_MS) : null;
      subRows.push({
        id: subscriptionId,
        customerId,
        partnerId,
        resellerId,
        offerId: offer!.id,
        orderId,
        quantity,
        status: cancelledAt ? ('disabled' as const) : ('active' as const),
        term: 'P1Y' as const,
        billingCycle: 'monthly' as const,
        autoRenew: !cancelledAt,
        termStart: bought,
        renewsAt: addMonths(bought, 12),
        cancelledAt,
        createdAt: bought,
      });
      termRows.push({
        subscriptionId,
        start: bought,
        customerId,
        partnerId,
        resellerId,
        currency: 'USD',
        partnerUnitPriceMinor: 1000,
        resellerUnitPriceMinor: indirect ? 1100 : null,
        customerUnitPriceMinor: 1200,
      });
      // A tenth change quantity in January.
      if (i % 10 === 3 && !cancelledAt) {
        changeRows.push({
          subscriptionId,
          customerId,
          partnerId,
          resellerId,
          fromQuantity: quantity,
          toQuantity: quantity + 5,
          changedBy: randomUUID(),
          at: new Date(MONTH_START.getTime() + ((i * 13) % 30) * DAY_MS + 3_600_000),
        });
      }
    }
    await ctx.db.insert(orders).values(orderRows);
    await ctx.db.insert(subscriptions).values(subRows);
    await ctx.db.insert(subscriptionTerms).values(termRows);
    if (changeRows.length > 0) await ctx.db.insert(subscriptionQuantityChanges).values(changeRows);
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function measure(label: string, database: Database, cleanup: () => Promise<void>) {
  const config = loadConfig({}, { demo: false, logLevel: 'silent' });
  const trellis = await createTrellis({ config, database, logger: false });
  const ctx = systemCtx(trellis.platform, 'bench');
  try {
    const t0 = performance.now();
    await seed(ctx);
    for (const table of ['subscriptions', 'subscription_terms', 'subscription_quantity_changes'])
      await database.raw(`ANALYZE ${table}`);
    const seeded = (performance.now() - t0) / 1000;

    clock.freeze(new Date('2027-02-01T00:00:30Z'));
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 20);
    const t1 = performance.now();
    const result = await runInvoices(ctx, MONTH);
    const seconds = (performance.now() - t1) / 1000;
    clearInterval(sampler);
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    const maxRssMb = process.resourceUsage().maxRSS / 1024;

    const t2 = performance.now();
    const again = await runInvoices(ctx, MONTH);
    const againMs = performance.now() - t2;
    const row = (
      await database.raw(
        `SELECT count(*)::int AS invoices, sum(line_count)::int AS lines, sum(total_minor)::bigint AS total FROM invoices WHERE period = '${MONTH}'`,
      )
    ).rows[0]!;
    const totals = { invoices: Number(row.invoices), lines: Number(row.lines), total: String(row.total) };
    return { label, seeded, seconds, result, heapBefore, heapPeak, maxRssMb, again, againMs, totals };
  } finally {
    clock.reset();
    await trellis.close();
    await cleanup();
  }
}

async function main() {
  const results = [];
  // PostgreSQL first: the process's peak resident memory only grows, and PGlite's database lives in it.
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
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-'));
  results.push(
    await measure('PGlite', await connect({ dataDir: dir }), async () => rmSync(dir, { recursive: true, force: true })),
  );
  for (const r of results) {
    console.log(`\n${r.label}: ${N} subscriptions seeded in ${r.seeded.toFixed(1)} s (batches of ${BATCH})`);
    console.log(
      `  runInvoices ${MONTH}: ${r.seconds.toFixed(2)} s = ${(N / r.seconds).toFixed(0)} subscriptions/s; ` +
        `${r.totals.invoices} invoices, ${r.totals.lines} lines (${r.result.lines} written), total ${r.totals.total} minor units`,
    );
    console.log(
      `  memory: heap ${mb(r.heapBefore)} MB before, peak ${mb(r.heapPeak)} MB during (+${mb(r.heapPeak - r.heapBefore)} MB); ` +
        `process peak RSS ${r.maxRssMb.toFixed(0)} MB${r.label === 'PGlite' ? ' (the database included)' : ''}`,
    );
    console.log(`  run again: ${JSON.stringify(r.again)} in ${r.againMs.toFixed(1)} ms (the month is done)`);
  }
}

await main();
