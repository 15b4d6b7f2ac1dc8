/**
 * Orders per second through the whole rule chain (issue 11), against a bare insert of the same
 * rows in the same run. `trellis serve --demo` runs on PostgreSQL in its own process; this
 * process is the load generator: a direct-bill partner (Contoso) orders for its direct customers
 * and a provider (Northwind) for its resellers' customers, each order under its own
 * Idempotency-Key, `BENCH_CONCURRENCY` at a time. The baseline then writes the very rows those
 * orders made (order, line, subscription, term) again under new ids, one transaction per order,
 * over a pool of the same size: what the rules, authorization, events and HTTP cost on top.
 *
 *   node --import tsx bench/orders.ts           (BENCH_DATABASE_URL, default the local test server)
 *   BENCH_ORDERS=2000 BENCH_CONCURRENCY=8 ...   orders measured (default 1,000) and callers (default 8)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { TrellisProcess } from '../test/support/process.ts';
import { withDatabase } from '../test/support/template.ts';
import { benchPgUrl, pgAnswers } from './postgres.ts';

const N = Number(process.env.BENCH_ORDERS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

if (!(await pgAnswers())) process.exit(1);

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

const name = `trellis_orders_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: benchPgUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = withDatabase(benchPgUrl, name);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: url,
  PORT: String(port),
  PUBLIC_URL: base,
  METRICS_PORT: String(await freePort()),
  LOG_LEVEL: 'warn',
  TRELLIS_SECRET: randomBytes(32).toString('hex'),
};
const server = new TrellisProcess(['serve', '--demo'], env);
const pool = new pg.Pool({ connectionString: url, max: concurrency });

interface Caller {
  cookie: string;
  /** The customers it orders for, with the reseller of record a provider names. */
  targets: { customerId: string; resellerId?: string }[];
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${base}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function get<T>(cookie: string, path: string): Promise<T> {
  const res = await fetch(base + path, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The customers a partner has already ordered for in the demo: their agreements are in place. */
async function targetsOf(cookie: string): Promise<Caller['targets']> {
  const customers = await get<{ items: { id: string }[] }>(cookie, '/v1/customers?limit=50');
  const targets: Caller['targets'] = [];
  for (const c of customers.items) {
    const orders = await get<{ items: { resellerOfRecord: { id: string } | null }[] }>(cookie, `/v1/customers/${c.id}/orders`);
    const first = orders.items[0];
    if (first) targets.push({ customerId: c.id, ...(first.resellerOfRecord ? { resellerId: first.resellerOfRecord.id } : {}) });
  }
  return targets;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** `count` tasks, `concurrency` at a time; the latency of each and the rate of all. */
async function run(count: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

try {
  await server.waitFor(/Trellis is running at http:\/\/127\.0\.0\.1:\d+ on /);
  const callers: Caller[] = [];
  for (const email of ['admin@contoso.example', 'admin@northwind.example']) {
    const cookie = await signIn(email);
    callers.push({ cookie, targets: await targetsOf(cookie) });
  }
  const offers = await get<{ items: { id: string; sku: string }[] }>(callers[0]!.cookie, '/v1/offers?country=US&limit=100');
  const offerId = offers.items.find((o) => o.sku === 'OFFICE-E3-P1Y')!.id;
  const runTag = randomBytes(4).toString('hex');

  const order = async (i: number) => {
    const caller = callers[i % callers.length]!;
    const target = caller.targets[i % caller.targets.length]!;
    const res = await fetch(`${base}/v1/customers/${target.customerId}/orders`, {
      method: 'POST',
      headers: { cookie: caller.cookie, 'content-type': 'application/json', 'idempotency-key': `bench-${runTag}-${i}` },
      body: JSON.stringify({
        lines: [{ offerId, quantity: 1 + (i % 20) }],
        ...(target.resellerId ? { resellerId: target.resellerId } : {}),
      }),
    });
    if (res.status !== 201) throw new Error(`order ${i}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  console.log(`Orders on PostgreSQL, ${concurrency} callers, ${callers.reduce((n, c) => n + c.targets.length, 0)} customers`);
  await run(Math.min(200, N), (i) => order(N + i)); // warm-up, not counted: JIT, caches, pools
  const rules = await run(N, order);

  // The rows the measured orders made, to write again as bare inserts.
  const made = await pool.query<{ id: string }>(
    `SELECT id FROM orders WHERE created_at >= now() - interval '1 hour' ORDER BY created_at DESC LIMIT $1`,
    [N],
  );
  const bare = async (i: number) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const orderId = randomUUID();
      const subscriptionId = randomUUID();
      const source = made.rows[i % made.rows.length]!.id;
      await client.query(
        `INSERT INTO orders (id, customer_id, partner_id, relationship_role, reseller_id, placed_by, market, currency, total_minor, created_at)
         SELECT $2, customer_id, partner_id, relationship_role, reseller_id, placed_by, market, currency, total_minor, now() FROM orders WHERE id = $1`,
        [source, orderId],
      );
      await client.query(
        `INSERT INTO subscriptions (id, customer_id, partner_id, reseller_id, offer_id, order_id, quantity, status, term, billing_cycle,
           auto_renew, term_start, renews_at, next_check_at, created_at)
         SELECT $3, customer_id, partner_id, reseller_id, offer_id, $2, quantity, status, term, billing_cycle,
           auto_renew, term_start, renews_at, next_check_at, now()
         FROM subscriptions WHERE order_id = $1`,
        [source, orderId, subscriptionId],
      );
      await client.query(
        `INSERT INTO order_lines (order_id, position, customer_id, offer_id, quantity, unit_price_minor, amount_minor,
           reseller_unit_price_minor, customer_unit_price_minor, subscription_id)
         SELECT $2, position, customer_id, offer_id, quantity, unit_price_minor, amount_minor,
           reseller_unit_price_minor, customer_unit_price_minor, $3
         FROM order_lines WHERE order_id = $1`,
        [source, orderId, subscriptionId],
      );
      await client.query(
        `INSERT INTO subscription_terms (subscription_id, start, customer_id, partner_id, reseller_id, currency,
           partner_unit_price_minor, reseller_unit_price_minor, customer_unit_price_minor)
         SELECT $2, t.start, t.customer_id, t.partner_id, t.reseller_id, t.currency,
           t.partner_unit_price_minor, t.reseller_unit_price_minor, t.customer_unit_price_minor
         FROM subscription_terms t JOIN subscriptions s ON s.id = t.subscription_id WHERE s.order_id = $1`,
        [source, subscriptionId],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  };
  await run(Math.min(200, N), (i) => bare(i)); // warm-up
  const baseline = await run(N, bare);

  const row = (label: string, r: { perSecond: number; p50: number; p99: number }) =>
    `  ${label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} orders/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms`;
  console.log(row(`${N} orders through the rules (HTTP)`, rules));
  console.log(row(`${N} bare inserts of the same rows`, baseline));
  console.log(`  the rule chain runs at ${((rules.perSecond / baseline.perSecond) * 100).toFixed(1)}% of the bare insert's rate`);
} finally {
  await pool.end();
  await server.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
