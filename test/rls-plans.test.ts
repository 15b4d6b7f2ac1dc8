import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { lockPendingItems } from '../src/modules/bulk-moves/store.ts';
import { draftsOf } from '../src/modules/invoices/store.ts';
import { inTransaction, systemCtx } from '../src/platform/context.ts';
import { APP_ROLE } from '../src/platform/db/scope.ts';
import { onPostgres, TestTrellis } from './support/harness.ts';

/**
 * Under row-level security a list must still walk its index in order and stop at its page.
 * The policies' quals come first, and a comparison that is not leakproof (an enum's `=`) may
 * not be evaluated before them, so it cannot be an index condition: an index on
 * (partner_id, status, created_at) then gives no order, and the planner reads every row and
 * sorts. A soak found it: a partner's customer list went from 3 ms to 16 ms after 3,000
 * customers. Each list here runs as the request sent it, under the policies, over enough rows
 * that reading them all would show.
 */

const ROWS = 3000;
const PAGE = 20;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe(
  'lists under row-level security (PostgreSQL)',
  { skip: !onPostgres && 'PGlite: its superuser is not bound by policies' },
  () => {
    let t: TestTrellis;
    let owner: pg.Client;
    let operator: Awaited<ReturnType<TestTrellis['operator']>>;

    before(async () => {
      t = await TestTrellis.start();
      owner = new pg.Client({ connectionString: t.databaseUrl! });
      await owner.connect();
      operator = await t.operator();
    });
    after(async () => {
      await owner?.end();
      await t?.close();
    });

    /**
     * The statement a request (or a job) sent on `table` with a LIMIT, explained and run as the app's role
     * in the caller's scope: how many rows the scans of `table` read (those they returned and
     * those their filter removed), or of `counted`, a table the statement reaches (the policies'
     * tenant_links).
     */
    async function rowsRead(
      send: () => Promise<unknown>,
      table: string,
      scope: { tenantIds?: string[]; system?: boolean },
      counted = table,
    ): Promise<{ read: number; plan: string }> {
      const sent: [string, readonly unknown[]][] = [];
      const stop = t.platform.database.observe((text, params) => sent.push([text, params]));
      try {
        await send();
      } finally {
        stop();
      }
      const statement = sent.find(([text]) => text.includes(`from "${table}"`) && /\blimit\b/i.test(text));
      assert.ok(statement, `no page query on ${table} among:\n${sent.map(([s]) => s).join('\n')}`);
      await owner.query('BEGIN');
      try {
        await owner.query(`SET LOCAL ROLE ${APP_ROLE}`);
        await owner.query("SELECT set_config('trellis.system', $1, true)", [scope.system ? 'on' : 'off']);
        await owner.query("SELECT set_config('trellis.tenant_ids', $1, true)", [(scope.tenantIds ?? []).join(',')]);
        const explain = async (text: string, values: unknown[]) => {
          const { rows } = await owner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
          const plan = (rows[0]['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan;
          const scans = nodes(plan).filter((n) => n['Relation Name'] === counted);
          return {
            read: scans.reduce(
              (sum, n) => sum + ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * (n['Actual Loops'] ?? 1),
              0,
            ),
            plan: nodes(plan)
              .map(
                (n) =>
                  `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}`,
              )
              .join(' > '),
          };
        };
        // As planned for these values (an unnamed statement), and as the generic plan a prepared
        // statement settles on (src/platform/db/prepare.ts), which knows no value: both must hold.
        const custom = await explain(statement[0], [...statement[1]]);
        // EXECUTE takes its arguments in its text: the request's values, as literals.
        const literal = (v: unknown): string =>
          v === null || v === undefined
            ? 'NULL'
            : typeof v === 'number' || typeof v === 'boolean'
              ? String(v)
              : owner.escapeLiteral(v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v));
        await owner.query(`PREPARE page_query AS ${statement[0]}`);
        let generic: { read: number; plan: string };
        try {
          await owner.query('SET LOCAL plan_cache_mode = force_generic_plan');
          const args = statement[1].map(literal).join(', ');
          generic = await explain(`EXECUTE page_query${args ? `(${args})` : ''}`, []);
        } finally {
          await owner.query('DEALLOCATE page_query'); // a session's, not the transaction's
        }
        return custom.read >= generic.read
          ? { read: custom.read, plan: `custom plan: ${custom.plan}` }
          : { read: generic.read, plan: `generic plan: ${generic.plan}` };
      } finally {
        await owner.query('ROLLBACK');
      }
    }

    /** `ROWS` customers of `partnerId`, made a second apart (the newest last), each linked to it. */
    async function withCustomers(partnerId: string, domain: string): Promise<void> {
      await owner.query(
        `CREATE TEMP TABLE many AS SELECT i, gen_random_uuid() AS id, now() - make_interval(secs => $1::int - i) AS at
         FROM generate_series(1, $1::int) AS i`,
        [ROWS],
      );
      await owner.query(`INSERT INTO tenants (id, kind, name, country_code, customer_type, created_at, updated_at)
      SELECT id, 'customer', 'Customer ' || i, 'US', 'standard', at, at FROM many`);
      await owner.query(
        `INSERT INTO customer_accounts (tenant_id, name, primary_domain, country_code, market, created_at)
         SELECT id, 'Customer ' || i, $1 || '-' || i || '.example', 'US', 'United States', at FROM many`,
        [domain],
      );
      await owner.query(
        `INSERT INTO customer_relationships (customer_id, partner_id, role, status, created_at)
       SELECT id, $1, 'direct_partner', 'active', at FROM many`,
        [partnerId],
      );
      await owner.query('DROP TABLE many');
    }

    it("a partner's customer list reads its page, not every customer, whatever their number", async () => {
      const partner = await t.tenantWithAdmin('partner');
      await withCustomers(partner.tenant.id, 'rls-plan');
      await owner.query('ANALYZE tenants, customer_accounts, customer_relationships, tenant_links');

      const list = () => partner.api.get(`/v1/customers?limit=${PAGE}`).then((res) => assert.equal(res.status, 200));
      const { read, plan } = await rowsRead(list, 'customer_relationships', {
        tenantIds: [partner.tenant.id],
      });
      assert.ok(read <= PAGE + 1, `the list read ${read} of ${ROWS} relationships for a page of ${PAGE}: ${plan}`);
    });

    it("a partner's customer list probes the links of its page's customers, not all of the partner's links", async () => {
      // A partner with 3,000 customers has 3,000 links: the policies of the tables the page joins
      // (tenants, customer_accounts) reach each of its customers through one. Hashed, as
      // PostgreSQL planned them before migration 0027, every statement read all 3,000.
      const partner = await t.tenantWithAdmin('partner');
      await withCustomers(partner.tenant.id, 'rls-link');
      await owner.query('ANALYZE tenants, customer_accounts, customer_relationships, tenant_links');
      const list = () => partner.api.get(`/v1/customers?limit=${PAGE}`).then((res) => assert.equal(res.status, 200));
      const { read, plan } = await rowsRead(list, 'customer_relationships', { tenantIds: [partner.tenant.id] }, 'tenant_links');
      assert.ok(read <= 3 * (PAGE + 1), `the list read ${read} of the partner's ${ROWS} links for a page of ${PAGE}: ${plan}`);
    });

    it("the operator's partner list reads its page, not every partner", async () => {
      await owner.query(
        `INSERT INTO tenants (id, kind, name, country_code, created_at, updated_at)
       SELECT gen_random_uuid(), 'partner', 'Partner ' || i, 'US', now() - make_interval(secs => i), now()
         FROM generate_series(1, $1::int) AS i`,
        [ROWS],
      );
      await owner.query('ANALYZE tenants');
      const list = () => operator.api.get(`/v1/operator/partners?limit=${PAGE}`).then((res) => assert.equal(res.status, 200));
      const { read, plan } = await rowsRead(list, 'tenants', {
        system: true,
      });
      assert.ok(read <= PAGE + 1 + 5, `the list read ${read} of ${ROWS} tenants for a page of ${PAGE}: ${plan}`);
    });

    it("a bulk move's runner reads its next pending items, not the items already sent", async () => {
      const partner = await t.tenantWithAdmin('partner');
      const provider = await t.tenantWithAdmin('partner');
      const {
        rows: [move],
      } = await owner.query<{ id: string }>(
        `INSERT INTO bulk_moves (partner_id, provider_id, status, total, per_minute, created_by, created_at)
       VALUES ($1, $2, 'running', $3, 60, $4, now()) RETURNING id`,
        [partner.tenant.id, provider.tenant.id, ROWS, partner.admin.id],
      );
      await owner.query(
        `INSERT INTO bulk_move_items (move_id, position, customer_id, status)
       SELECT $1, i, gen_random_uuid(), CASE WHEN i <= $2::int - 100 THEN 'sent' ELSE 'pending' END::bulk_move_item_status
         FROM generate_series(1, $2::int) AS i`,
        [move!.id, ROWS],
      );
      await owner.query('ANALYZE bulk_move_items');
      const next = () => inTransaction(systemCtx(t.platform, 'test'), (tx) => lockPendingItems(tx, move!.id, PAGE));
      const { read, plan } = await rowsRead(next, 'bulk_move_items', { system: true });
      assert.ok(read <= PAGE + 1, `the runner read ${read} of ${ROWS} items for a batch of ${PAGE}: ${plan}`);
    });

    it("the operator's review queue reads its page, not every enrollment decided before", async () => {
      const admin = operator.admin.id;
      await owner.query(
        `CREATE TEMP TABLE applicants AS SELECT i, gen_random_uuid() AS id, now() - make_interval(secs => $1::int - i) AS at
           FROM generate_series(1, $1::int) AS i`,
        [ROWS],
      );
      await owner.query(`INSERT INTO tenants (id, kind, name, country_code, created_at, updated_at)
        SELECT id, 'partner', 'Applicant ' || i, 'US', at, at FROM applicants`);
      // The oldest are decided; the newest 100 wait for review.
      await owner.query(
        `INSERT INTO enrollments (tenant_id, program, status, submitted_by, primary_contact_email, primary_contact_name, created_at, updated_at)
         SELECT id, 'indirect_reseller', CASE WHEN i <= $1::int - 100 THEN 'approved' ELSE 'pending_review' END::enrollment_status,
                $2, 'contact@applicant.example', 'Contact', at, at FROM applicants`,
        [ROWS, admin],
      );
      await owner.query('DROP TABLE applicants');
      await owner.query('ANALYZE tenants, enrollments');
      const queue = () =>
        operator.api
          .get(`/v1/operator/enrollments?status=pending_review&limit=${PAGE}`)
          .then((res) => assert.equal(res.status, 200));
      const { read, plan } = await rowsRead(queue, 'enrollments', { system: true });
      assert.ok(read <= PAGE + 1, `the queue read ${read} of ${ROWS} enrollments for a page of ${PAGE}: ${plan}`);
    });

    it("the invoice run's next drafts are read by index, not among the period's issued invoices", async () => {
      const seller = await t.tenantWithAdmin('partner');
      await owner.query(`CREATE TEMP TABLE buyers AS SELECT i, gen_random_uuid() AS id FROM generate_series(1, $1::int) AS i`, [
        ROWS,
      ]);
      await owner.query(`INSERT INTO tenants (id, kind, name, country_code, customer_type, created_at, updated_at)
        SELECT id, 'customer', 'Buyer ' || i, 'US', 'standard', now(), now() FROM buyers`);
      // Most of the month is issued already; 100 drafts are left.
      await owner.query(
        `INSERT INTO invoices (seller_id, buyer_id, tier, seller_name, buyer_name, period, period_start, period_end, currency,
                               total_minor, line_count, status, issued_at, due_at)
         SELECT $1, id, 'partner', 'Seller', 'Buyer ' || i, '2026-11', '2026-11-01', '2026-12-01', 'USD', 0, 0,
                CASE WHEN i <= $2::int - 100 THEN 'open' ELSE 'draft' END::invoice_status, now(), now() FROM buyers`,
        [seller.tenant.id, ROWS],
      );
      await owner.query('DROP TABLE buyers');
      await owner.query('ANALYZE tenants, invoices');
      const drafts = () => draftsOf(systemCtx(t.platform, 'test'), '2026-11', PAGE);
      const { read, plan } = await rowsRead(drafts, 'invoices', { system: true });
      assert.ok(read <= PAGE + 1, `the run read ${read} of ${ROWS} invoices for ${PAGE} drafts: ${plan}`);
    });
  },
);
