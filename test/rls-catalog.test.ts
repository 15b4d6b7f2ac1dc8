import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DbScope } from '../src/platform/db/connect.ts';
import { sha256 } from '../src/platform/secrets.ts';
import { APP_ROLE } from '../src/platform/db/scope.ts';
import { users } from '../src/platform/db/schema.ts';
import { eq } from 'drizzle-orm';
import { onPostgres, TestTrellis } from './support/harness.ts';

/**
 * Isolation in the database (issue 9, part 2, item 5): on PostgreSQL every table that holds a
 * tenant's rows has row-level security enabled and forced, with a policy, and the role the
 * server runs as cannot bypass it. PGlite's one user is a superuser, whom policies do not bind:
 * these run on PostgreSQL only.
 */

/** Columns that name a tenant (uuid): a table holding one is a tenant table. */
const TENANT_COLUMNS = [
  'tenant_id',
  'partner_id',
  'customer_id',
  'grantor_id',
  'grantee_id',
  'provider_id',
  'reseller_id',
  'accepted_customer_id',
  'actor_tenant_id',
  'seller_id',
  'buyer_id',
];

/** Tenant tables left without row-level security, each with why: none today. */
const KNOWN_GAPS: Record<string, string> = {};

let t: TestTrellis;
let url: string;

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** Runs `fn` on a connection as the app's role with the given settings, in a transaction rolled back after. */
async function asApp<T>(settings: { system?: boolean; tenantIds?: string[] }, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await client();
  try {
    await c.query('BEGIN');
    await c.query(`SET LOCAL ROLE ${APP_ROLE}`);
    if (settings.system) await c.query("SELECT set_config('trellis.system', 'on', true)");
    if (settings.tenantIds) await c.query("SELECT set_config('trellis.tenant_ids', $1, true)", [settings.tenantIds.join(',')]);
    return await fn(c);
  } finally {
    await c.query('ROLLBACK').catch(() => {});
    await c.end();
  }
}

/** The error a statement fails with, or undefined. */
async function failure(c: pg.Client, text: string, values: unknown[] = []): Promise<(Error & { code?: string }) | undefined> {
  await c.query('SAVEPOINT probe');
  try {
    await c.query(text, values);
    await c.query('RELEASE SAVEPOINT probe');
    return undefined;
  } catch (err) {
    await c.query('ROLLBACK TO SAVEPOINT probe');
    return err as Error & { code?: string };
  }
}

describe('row-level security (PostgreSQL)', { skip: !onPostgres && 'PGlite: its superuser is not bound by policies' }, () => {
  let a: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
  let b: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;

  before(async () => {
    t = await TestTrellis.start();
    url = t.databaseUrl!;
    a = await t.tenantWithAdmin('partner');
    b = await t.tenantWithAdmin('customer');
  });
  after(async () => t?.close());

  it('every table with a tenant column has row-level security enabled and forced, and a policy on its tenant columns', async () => {
    const c = await client();
    try {
      const { rows } = await c.query<{ table: string; columns: string[]; enabled: boolean; forced: boolean; policies: string[] }>(
        `SELECT cl.relname AS table,
                array_agg(DISTINCT col.column_name::text) FILTER (WHERE col.column_name = ANY ($1) AND col.data_type = 'uuid') AS columns,
                cl.relrowsecurity AS enabled, cl.relforcerowsecurity AS forced,
                coalesce((SELECT array_agg(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''))
                            FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = cl.relname), '{}') AS policies
           FROM pg_class cl
           JOIN pg_namespace ns ON ns.oid = cl.relnamespace AND ns.nspname = 'public'
           JOIN information_schema.columns col ON col.table_schema = 'public' AND col.table_name = cl.relname
          WHERE cl.relkind = 'r'
          GROUP BY cl.relname, cl.relrowsecurity, cl.relforcerowsecurity
         HAVING bool_or(col.column_name = ANY ($1) AND col.data_type = 'uuid') OR cl.relname = 'tenants'`,
        [TENANT_COLUMNS],
      );
      // The catalog found the tables this test is about (a renamed column would empty it silently).
      assert.ok(rows.length >= 25, `only ${rows.length} tenant tables found`);
      const missing: string[] = [];
      for (const row of rows) {
        if (KNOWN_GAPS[row.table]) continue;
        const columns = row.table === 'tenants' ? ['id'] : (row.columns ?? []);
        const problems = [
          !row.enabled && 'not enabled',
          !row.forced && 'not forced',
          row.policies.length === 0 && 'no policy',
          // Each tenant column is a way to the row: the policy must hold all of them.
          ...columns
            .filter((col) => !row.policies.some((p) => p.includes(`${col} = ANY`) && p.includes('trellis_system()')))
            .map((col) => `no policy on ${col}`),
        ].filter(Boolean);
        if (problems.length > 0) missing.push(`${row.table}: ${problems.join(', ')}`);
      }
      assert.deepEqual(missing, [], 'tenant tables without row-level security');
      for (const gap of Object.keys(KNOWN_GAPS)) {
        assert.ok(
          rows.some((r) => r.table === gap && !r.enabled),
          `${gap} is listed as a gap but is covered now: take it off`,
        );
      }
    } finally {
      await c.end();
    }
  });

  it('the role the server runs as is neither a superuser nor exempt from policies', async () => {
    const c = await client();
    try {
      const { rows } = await c.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
      assert.deepEqual(rows, [{ rolsuper: false, rolbypassrls: false }]);
    } finally {
      await c.end();
    }
  });

  it('requests reach the database as that role, scoped to the caller: their session settings say so', async () => {
    // The scoped handle the authorization hook gives a request, asked what it runs as.
    const db = t.platform.database.scoped(DbScope.tenants([a.tenant.id]));
    const result = (await db.execute<Record<string, string>>(
      "SELECT current_user AS role, current_setting('trellis.tenant_ids') AS tenants, current_setting('trellis.system') AS system",
    )) as { rows: Record<string, string>[] };
    assert.deepEqual(result.rows, [{ role: APP_ROLE, tenants: a.tenant.id, system: 'off' }]);
  });

  it("the caller's lookup (trellis_principal) leaves its connection scoped to the caller's tenant, or to none, and out of system mode", async () => {
    const token = a.cookie.split('=')[1]!;
    await asApp({ tenantIds: [b.tenant.id] }, async (c) => {
      const setting = async () =>
        (await c.query("SELECT current_setting('trellis.tenant_ids') AS tenants, current_setting('trellis.system') AS system"))
          .rows[0];
      const found = await c.query('SELECT tenant_id, tenant_kind FROM trellis_principal($1, $2, now())', [
        'session',
        sha256(token),
      ]);
      assert.deepEqual(found.rows, [{ tenant_id: a.tenant.id, tenant_kind: 'partner' }]);
      // System mode was the lookup's own: the connection's setting is what it was before.
      assert.deepEqual(await setting(), { tenants: a.tenant.id, system: '' });
      const none = await c.query('SELECT * FROM trellis_principal($1, $2, now())', ['session', sha256(`${token}x`)]);
      assert.equal(none.rowCount, 0);
      assert.deepEqual(await setting(), { tenants: '', system: '' });
      assert.equal((await c.query('SELECT 1 FROM users')).rowCount, 0, 'an unknown credential leaves no tenant to read');
    });
    const c = await client();
    try {
      const { rows } = await c.query(
        "SELECT count(*)::int AS n FROM pg_proc p, aclexplode(p.proacl) acl WHERE p.proname = 'trellis_principal' AND acl.grantee = 0",
      );
      assert.deepEqual(rows, [{ n: 0 }], 'anyone may call trellis_principal');
    } finally {
      await c.end();
    }
  });

  it('with no tenant set, the app role reads no tenant row and can write none (failing closed)', async () => {
    await asApp({}, async (c) => {
      for (const table of ['tenants', 'users', 'events', 'sessions', 'customer_relationships', 'admin_grants']) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
        assert.equal(rows[0].n, 0, `${table} shows rows with no tenant set`);
      }
      const insert = await failure(
        c,
        `INSERT INTO events (tenant_id, actor_kind, type, subject_type, subject_id, created_at) VALUES ($1::uuid, 'system', 'probe', 'tenant', $1::text, now())`,
        [a.tenant.id],
      );
      assert.equal(insert?.code, '42501', `an insert with no tenant set was not refused: ${insert?.message}`);
      const update = await c.query('UPDATE users SET name = $1', ['nobody']);
      assert.equal(update.rowCount, 0);
    });
  });

  it("tenant A's scope reads none of tenant B's rows, even by id, and cannot write them", async () => {
    await asApp({ tenantIds: [a.tenant.id] }, async (c) => {
      const mine = await c.query('SELECT id FROM users WHERE id = $1', [a.admin.id]);
      assert.equal(mine.rowCount, 1, 'A does not see its own admin');
      for (const [text, values] of [
        ['SELECT * FROM users WHERE id = $1', [b.admin.id]],
        ['SELECT * FROM tenants WHERE id = $1', [b.tenant.id]],
        ['SELECT * FROM users WHERE tenant_id = $1', [b.tenant.id]],
        ['SELECT * FROM events WHERE tenant_id = $1', [b.tenant.id]],
      ] as const) {
        const { rowCount } = await c.query(text, [...values]);
        assert.equal(rowCount, 0, `${text} found B's rows from A's scope`);
      }
      const all = await c.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM users');
      assert.deepEqual(
        all.rows.map((r) => r.tenant_id),
        [a.tenant.id],
      );
      const renamed = await c.query('UPDATE users SET name = $1 WHERE id = $2', ['taken over', b.admin.id]);
      assert.equal(renamed.rowCount, 0, "A renamed B's admin");
      const deleted = await c.query('DELETE FROM sessions WHERE tenant_id = $1', [b.tenant.id]);
      assert.equal(deleted.rowCount, 0, "A deleted B's sessions");
      const moved = await failure(c, 'UPDATE users SET tenant_id = $1 WHERE id = $2', [b.tenant.id, a.admin.id]);
      assert.equal(moved?.code, '42501', 'A moved its user into B');
      const planted = await failure(
        c,
        `INSERT INTO events (tenant_id, actor_kind, type, subject_type, subject_id, created_at) VALUES ($1::uuid, 'system', 'probe', 'tenant', $1::text, now())`,
        [b.tenant.id],
      );
      assert.equal(planted?.code, '42501', "A wrote an event into B's log");
    });
    // And through the app's own handle, as a request of A's would query.
    const scoped = t.platform.database.scoped(DbScope.tenants([a.tenant.id]));
    assert.deepEqual(await scoped.select().from(users).where(eq(users.id, b.admin.id)), []);
    assert.equal((await scoped.select().from(users).where(eq(users.id, a.admin.id))).length, 1);
  });

  it('a row that joins two tenants opens each to the other (tenant_links, kept by triggers), and to no one else', async () => {
    const c3 = await t.tenantWithAdmin('partner');
    await asApp({ system: true }, async (c) => {
      const linked = async (viewer: string) => {
        await c.query("SELECT set_config('trellis.system', 'off', true), set_config('trellis.tenant_ids', $1, true)", [viewer]);
        const { rows } = await c.query<{ id: string }>(
          'SELECT tenant_id AS id FROM users WHERE tenant_id = ANY ($1) ORDER BY 1',
          [[a.tenant.id, b.tenant.id]],
        );
        await c.query("SELECT set_config('trellis.system', 'on', true)");
        return new Set(rows.map((r) => r.id));
      };
      assert.deepEqual(await linked(a.tenant.id), new Set([a.tenant.id]), 'A sees B before any row joins them');
      // An affiliation (operator data) is one of the rows that join a partner and a customer.
      await c.query('INSERT INTO affiliations (partner_id, customer_id, created_at) VALUES ($1, $2, now())', [
        a.tenant.id,
        b.tenant.id,
      ]);
      const { rows } = await c.query('SELECT viewer_id, target_id FROM tenant_links WHERE $1 IN (viewer_id, target_id)', [
        a.tenant.id,
      ]);
      assert.equal(rows.length, 2, 'one link each way');
      assert.deepEqual(await linked(a.tenant.id), new Set([a.tenant.id, b.tenant.id]), "A reads B's users once joined");
      assert.deepEqual(await linked(b.tenant.id), new Set([a.tenant.id, b.tenant.id]), "B reads A's users once joined");
      assert.deepEqual(await linked(c3.tenant.id), new Set(), 'a third tenant reads neither');
      // A tenant sees only the links from itself: not who else a linked tenant is linked to.
      await c.query("SELECT set_config('trellis.system', 'off', true), set_config('trellis.tenant_ids', $1, true)", [
        c3.tenant.id,
      ]);
      assert.equal((await c.query('SELECT 1 FROM tenant_links')).rowCount, 0);
    });
  });

  it('system mode (worker, timers, operator) is explicit, and sees every tenant', async () => {
    await asApp({ system: true }, async (c) => {
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants WHERE id = ANY ($1)', [
        [a.tenant.id, b.tenant.id],
      ]);
      assert.equal(rows[0]!.n, 2);
    });
  });

  it('a connection handed back to the pool does not carry one scope into the next handle', async () => {
    const database = t.platform.database;
    const asA = database.scoped(DbScope.tenants([a.tenant.id]));
    const asNobody = database.scoped(DbScope.tenants([]));
    // Interleaved on a pool of reused connections: each query sees its own handle's scope only.
    for (let i = 0; i < 20; i++) {
      const [mine, none] = await Promise.all([
        asA.select({ id: users.id }).from(users).where(eq(users.id, a.admin.id)),
        asNobody.select({ id: users.id }).from(users).where(eq(users.id, a.admin.id)),
      ]);
      assert.equal(mine.length, 1);
      assert.equal(none.length, 0);
    }
  });

  it('a request of a partner reads its own tenant, and a stranger tenant answers 404', async () => {
    const own = await a.api.get(`/v1/users/${a.admin.id}`);
    assert.equal(own.status, 200, own.raw);
    const other = await a.api.get(`/v1/users/${b.admin.id}`);
    assert.equal(other.status, 404, other.raw);
  });
});
