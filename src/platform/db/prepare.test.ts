import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { onPostgres, TestTrellis } from '../../../test/support/harness.ts';
import { connect, DbScope, type Database } from './connect.ts';
import { autoPrepare } from './prepare.ts';
import { APP_ROLE } from './scope.ts';
import { users } from './schema.ts';

/**
 * Prepared statements (prepare.ts) on PostgreSQL: each connection of the request and system
 * pools parses and plans a parameterized statement once. PGlite runs in-process: nothing to save.
 */
describe('prepared statements (PostgreSQL)', { skip: !onPostgres && 'PGlite: statements are not prepared' }, () => {
  let t: TestTrellis;
  let a: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
  let b: Awaited<ReturnType<TestTrellis['tenantWithAdmin']>>;
  const opened: Database[] = [];

  /** A database whose request pool has one connection: every scoped handle shares it. */
  async function oneConnection(preparedStatements?: number): Promise<Database> {
    const database = await connect({
      databaseUrl: t.databaseUrl!,
      poolSize: 1,
      ...(preparedStatements === undefined ? {} : { preparedStatements }),
    });
    opened.push(database);
    return database;
  }

  type Prepared = { name: string; statement: string; generic_plans: number };
  /** The statements prepared on the connection `db` runs on (asked without parameters: not prepared itself). */
  async function prepared(db: Database['db']): Promise<Prepared[]> {
    const result = (await db.execute<Prepared>(
      sql.raw('SELECT name, statement, generic_plans::int FROM pg_prepared_statements ORDER BY name'),
    )) as { rows: Prepared[] };
    return result.rows;
  }

  before(async () => {
    t = await TestTrellis.start();
    a = await t.tenantWithAdmin('partner');
    b = await t.tenantWithAdmin('partner');
  });
  after(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await t?.close();
  });

  it('a statement run for tenant A and then for tenant B on one connection, under one generic plan, returns the rows of the tenant set at each run', async () => {
    const database = await oneConnection();
    const as = (id: string) => database.scoped(DbScope.tenants([id]));
    // No custom plan, ever: the plan made once must still filter by the tenant set when it runs.
    await as(a.tenant.id).execute(sql.raw('SET plan_cache_mode = force_generic_plan'));
    for (let i = 0; i < 8; i++) {
      const tenant = i % 2 === 0 ? a : b;
      const rows = await as(tenant.tenant.id)
        .select({ id: users.id, tenantId: users.tenantId })
        .from(users)
        .where(eq(users.status, 'active'));
      assert.deepEqual(rows, [{ id: tenant.admin.id, tenantId: tenant.tenant.id }], `run ${i}`);
      // And by id: the other tenant's admin is not there.
      const other = i % 2 === 0 ? b : a;
      assert.deepEqual(await as(tenant.tenant.id).select({ id: users.id }).from(users).where(eq(users.id, other.admin.id)), []);
    }
    const statements = await prepared(as(a.tenant.id));
    const list = statements.find((s) => s.statement.includes('"users"."status" = $1'));
    assert.ok(list, `not prepared: ${JSON.stringify(statements)}`);
    assert.equal(list.generic_plans, 8, 'each run used the one generic plan');
    assert.equal(statements.filter((s) => s.statement === list.statement).length, 1, 'prepared once on the connection');
  });

  it('a prepared statement is planned again for another role: the policies bind the app role and not the owner', async () => {
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      autoPrepare(c, { capacity: 10 });
      await c.query('SET plan_cache_mode = force_generic_plan');
      await c.query("SELECT set_config('trellis.tenant_ids', $1, false)", [a.tenant.id]);
      const count = async () =>
        (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE id = ANY ($1)', [[a.admin.id, b.admin.id]]))
          .rows[0]!.n;
      assert.equal(await count(), 2, 'the owner (a superuser here) is outside the policies');
      await c.query(`SET ROLE ${APP_ROLE}`);
      assert.equal(await count(), 1, "the app role reads A's row only, through the statement the owner prepared");
      await c.query('RESET ROLE');
      assert.equal(await count(), 2);
      const { rows } = await c.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE 'SELECT count(*)::int AS n FROM users%'",
      );
      assert.equal(rows[0]!.n, 1, 'one statement served all three');
    } finally {
      await c.end();
    }
  });

  it('a connection keeps at most its capacity of statements, the least recently used dropped, and runs a dropped one again', async () => {
    const database = await oneConnection(3);
    const db = database.scoped(DbScope.tenants([a.tenant.id]));
    // An IN list of each length is a statement of its own.
    const ids = [a.admin.id, b.admin.id, ...Array.from({ length: 4 }, () => crypto.randomUUID())];
    const find = (n: number) =>
      db
        .select({ id: users.id })
        .from(users)
        .where(inArray(users.id, ids.slice(0, n)));
    for (let n = 1; n <= 6; n++) assert.deepEqual(await find(n), [{ id: a.admin.id }]);
    assert.equal((await prepared(db)).length, 3);
    assert.deepEqual(await find(1), [{ id: a.admin.id }], 'dropped and prepared again');
    const left = await prepared(db);
    assert.equal(left.length, 3);
    assert.deepEqual(
      left.map((s) => (s.statement.match(/\$\d+/g) ?? []).length).sort(),
      [1, 5, 6],
      'the most recently used are kept',
    );
  });

  it('a statement prepared in a transaction that rolled back, or refused in a failed one, runs after it', async () => {
    const database = await oneConnection(1);
    const db = database.scoped(DbScope.tenants([a.tenant.id]));
    const byId = (id: string) => db.select({ id: users.id }).from(users).where(eq(users.id, id));
    const byEmail = () => db.select({ id: users.id }).from(users).where(eq(users.email, a.admin.email));
    await assert.rejects(
      db.transaction(async (tx) => {
        assert.equal((await tx.select({ id: users.id }).from(users).where(eq(users.id, a.admin.id))).length, 1);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await byId(a.admin.id), [{ id: a.admin.id }], 'prepared statements outlive a rollback');
    await assert.rejects(
      db.transaction(async (tx) => {
        // Parsed, then refused at Bind: the transaction fails.
        await tx
          .select({ id: users.id })
          .from(users)
          .where(eq(users.id, 'not-a-uuid'))
          .catch(() => {});
        // Refused too (the transaction failed): nothing can be deallocated now.
        await tx.select({ id: users.id }).from(users).where(eq(users.email, a.admin.email));
      }),
    );
    assert.deepEqual(await byEmail(), [{ id: a.admin.id }]);
    assert.deepEqual(await byId(a.admin.id), [{ id: a.admin.id }]);
    assert.equal((await prepared(db)).length, 1, 'what was left to drop was dropped after the transaction');
  });

  it('statements without parameters, and ones that bring their own name, are left as they are', async () => {
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      autoPrepare(c, { capacity: 10 });
      await c.query('SELECT 1');
      await c.query({ name: 'mine', text: 'SELECT $1::int AS n', values: [1] });
      const { rows } = await c.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      assert.deepEqual(rows, [{ name: 'mine' }]);
    } finally {
      await c.end();
    }
  });
});
