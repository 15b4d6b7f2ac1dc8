/**
 * A distributor's customer list: 100,000 customers behind one provider, through ten resellers,
 * in an installation that has them all. Reports, against GET /v1/me in the same run, the
 * requests per second of the list's first page, of a page 2,000 pages deep (the last), of a
 * search for a rare name and for a common one, and the time of the whole CSV export. The
 * target: every page and search at half of /v1/me's throughput or more.
 *
 *   node --import tsx bench/customers-100k.ts                    PGlite
 *   DATABASE_URL=postgres://... node --import tsx bench/customers-100k.ts   PostgreSQL
 *   BENCH_LIST_CUSTOMERS=20000 BENCH_SECONDS=3 ...                    fewer customers, shorter runs
 *
 * The provider and its resellers are made through the API; the customers are written with SQL
 * (one statement per table), since making 100,000 through the API would take an hour.
 */
import autocannon from 'autocannon';
import { TestTrellis } from '../test/support/harness.ts';
import { ProgramFlow } from '../test/support/program.ts';

const N = Number(process.env.BENCH_LIST_CUSTOMERS ?? 100_000);
const RESELLERS = 10;
const PAGE = 50;
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** One customer has this in its name; every other has COMMON. */
const RARE = 'zyxwvu';
const COMMON = 'cloud';

async function load(url: string, cookie: string) {
  const r = await autocannon({ url, connections, duration: seconds, headers: { cookie } });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The scans of a plan: which index, or which table read whole. */
function scansOf(node: PlanNode): string[] {
  const own = node['Node Type'].includes('Scan')
    ? [`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? ''}`.trim()]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

async function main() {
  const t = await TestTrellis.start({ config: { logLevel: 'silent' } });
  const database = t.platform.database;
  try {
    const flow = new ProgramFlow(t, (await t.operator()).api);
    const provider = await flow.partnerIn('indirect_provider');
    const resellers: string[] = [];
    for (let i = 0; i < RESELLERS; i++) resellers.push((await t.signUp('partner', { name: `Reseller ${i}` })).tenant.id);

    const loading = Date.now();
    // Customers i = 1..N, the newest last; every 100,000th is the rare one.
    await database.raw(
      `CREATE TEMP TABLE bench_customers AS
      SELECT i, gen_random_uuid() AS id, now() - make_interval(secs => $1::int - i) AS at,
        CASE WHEN i = $1::int / 2 THEN 'Zyxwvu Holdings ' || i ELSE 'Contoso Cloud ' || i END AS name
      FROM generate_series(1, $1::int) AS i`,
      [N],
    );
    await database.raw(`INSERT INTO tenants (id, kind, name, country_code, customer_type, created_at, updated_at)
      SELECT id, 'customer', name, 'US', 'standard', at, at FROM bench_customers`);
    await database.raw(`INSERT INTO customer_accounts (tenant_id, name, primary_domain, country_code, market, created_at)
      SELECT id, name, 'customer-' || i || '.example', 'US', 'United States', at FROM bench_customers`);
    await database.raw(
      `INSERT INTO customer_domains (domain, tenant_id) SELECT 'customer-' || i || '.example', id FROM bench_customers`,
    );
    await database.raw(
      `INSERT INTO customer_relationships (customer_id, partner_id, role, reseller_id, status, created_at)
      SELECT id, $1, 'indirect_provider'::relationship_role, ($2::uuid[])[1 + i % $3], 'active'::relationship_status, at FROM bench_customers
      UNION ALL
      SELECT id, ($2::uuid[])[1 + i % $3], 'indirect_reseller', NULL, 'active', at FROM bench_customers`,
      [provider.tenant.id, resellers, RESELLERS],
    );
    await database.raw('DROP TABLE bench_customers');
    for (const table of ['tenants', 'customer_accounts', 'customer_domains', 'customer_relationships']) {
      await database.raw(`ANALYZE ${table}`);
    }
    const loadSeconds = (Date.now() - loading) / 1000;

    await t.trellis.server.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.trellis.server.server.address() as { port: number }).port}`;
    // The cursor of the last page, as the list signs it after the page before.
    const deepest = await database.raw(
      `SELECT created_at, id FROM customer_relationships WHERE partner_id = $1 AND status = 'active'
       ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [provider.tenant.id, (Math.ceil(N / PAGE) - 1) * PAGE - 1],
    );
    const row = deepest.rows[0]!;
    const cursor = t.trellis.server.paginator.encode(`customers:${provider.tenant.id}:{}`, [
      new Date(row.created_at as string).toISOString(),
      String(row.id),
    ]);
    const deepPage = Math.ceil(N / PAGE);
    const urls: [string, string][] = [
      ['GET /v1/me', '/v1/me'],
      ['customers, first page', `/v1/customers?limit=${PAGE}`],
      [`customers, page ${deepPage.toLocaleString('en')}`, `/v1/customers?limit=${PAGE}&cursor=${cursor}`],
      [`search, rare ("${RARE}")`, `/v1/customers?limit=${PAGE}&search=${RARE}`],
      [`search, common ("${COMMON}")`, `/v1/customers?limit=${PAGE}&search=${COMMON}`],
    ];
    const check = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie: provider.cookie } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { items?: unknown[] };
    };
    const counts = new Map<string, number>();
    // Each list's page query as the request sent it, explained: the database's own time for it.
    const plans = new Map<string, { ms: number; scans: string[] }>();
    for (const [label, path] of urls) {
      const sent: [string, readonly unknown[]][] = [];
      const stop = database.observe((text, params) => sent.push([text, params]));
      counts.set(label, (await check(path)).items?.length ?? 1);
      stop();
      const page = sent.find(([text]) => text.includes('"customer_relationships"') && /\blimit\b/i.test(text));
      if (!page) continue;
      const explained = await database.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${page[0]}`, [...page[1]]);
      const plan = (explained.rows[0]!['QUERY PLAN'] as [{ Plan: PlanNode; 'Execution Time': number }])[0];
      plans.set(label, { ms: plan['Execution Time'], scans: scansOf(plan.Plan) });
    }

    const results: { label: string; rps: number; p50: number; p99: number }[] = [];
    for (const [label, path] of urls) {
      await load(`${base}${path}`, provider.cookie); // warm-up, not counted
      results.push({ label, ...(await load(`${base}${path}`, provider.cookie)) });
    }

    const exportStarted = Date.now();
    const res = await fetch(`${base}/v1/customers/export`, { headers: { cookie: provider.cookie } });
    const csv = await res.text();
    const exportSeconds = (Date.now() - exportStarted) / 1000;
    const exported = csv.trim().split('\n').length - 1;
    if (res.status !== 200 || exported !== N) throw new Error(`export: ${res.status}, ${exported} rows`);

    const me = results[0]!.rps;
    console.log(
      `\n${N.toLocaleString('en')} customers behind one provider on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}` +
        ` (loaded in ${loadSeconds.toFixed(1)} s); ${connections} connections, ${seconds} s each\n`,
    );
    console.log('request                        | rows | req/s | p50 ms | p99 ms | of /v1/me');
    console.log('-------------------------------|------|-------|--------|--------|----------');
    for (const r of results) {
      console.log(
        `${r.label.padEnd(30)} | ${String(counts.get(r.label)).padStart(4)} | ${r.rps.toFixed(0).padStart(5)} | ${String(r.p50).padStart(6)} | ${String(r.p99).padStart(6)} | ${(r.rps / me).toFixed(2).padStart(9)}`,
      );
    }
    console.log('\nthe page query, explained (EXPLAIN ANALYZE of the statement the request sent):\n');
    for (const [label, plan] of plans)
      console.log(`${label.padEnd(30)} | ${plan.ms.toFixed(2).padStart(7)} ms | ${plan.scans.join(', ')}`);
    console.log(`\nCSV export: ${exported.toLocaleString('en')} rows in ${exportSeconds.toFixed(2)} s`);
    const slow = results.slice(1).filter((r) => r.rps < me / 2);
    console.log(
      slow.length === 0
        ? 'target met: every page and search at half of /v1/me or more'
        : `target missed by: ${slow.map((r) => r.label).join(', ')}`,
    );
  } finally {
    await t.close();
  }
}

await main();
