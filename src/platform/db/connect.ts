import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { NodePgDatabase, NodePgSession } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { secureDataDir, tighten } from './data-dir.ts';
import { acquireDataDirLock } from './lock.ts';
import { autoPrepare } from './prepare.ts';
import { DbScope, RequestPool, ScopedPool } from './scope.ts';

export { DbScope } from './scope.ts';

/**
 * A Drizzle handle without the relational query API (`db.query.<table>`): nothing uses it, and
 * with the schema Drizzle builds a query builder per table for every handle and transaction,
 * two handles a request (about 25 µs of CPU each, in a profile under row-level security).
 */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Runs raw SQL with positional parameters: for pg-boss and the few statements Drizzle cannot say. */
export type RawQuery = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Whether handles are bound by row-level security: PostgreSQL, unless a benchmark's baseline turned it off. */
  rowLevelSecurity: boolean;
  /** System mode: background work, the operator's CLI, and what runs before a caller is known. */
  db: Db;
  /**
   * A handle that sees only what `scope` lets it (row-level security on PostgreSQL, as the
   * `trellis_app` role); the scope object stays live: adding a tenant to it widens the handle.
   * PGlite's single user is a superuser, whom policies do not bind: there it is `db`.
   */
  scoped: (scope: DbScope) => Db;
  /**
   * As `scoped`, for one request: its queries share one connection, set to the scope once,
   * handed back by `end` (when the response is over) once nothing holds it any more. With
   * `lookupFirst`, the first statement is the caller's lookup (`trellis_principal`), which
   * scopes the connection itself; `settled` then records the tenant it left set.
   */
  forRequest: (scope: DbScope, options?: { lookupFirst?: boolean }) => RequestHandle;
  /** The database owner, outside row-level security: migrations only. */
  ownerDb: Db;
  /** As the owner: pg-boss, health checks, and the few statements Drizzle cannot say (no tenant tables). */
  raw: RawQuery;
  /** pg-boss's executor: multi-statement SQL must go through PGlite's exec. */
  exec: RawQuery;
  /** PGlite only: the whole database as a tarball, to load into another instance (test templates). */
  dump?: () => Promise<Blob>;
  /**
   * Calls `listener` with every statement sent from now on and its parameters, Drizzle's and raw
   * ones; returns the function that stops it. Tests count a route's queries with it, benchmarks
   * explain them.
   */
  observe: (listener: QueryListener) => () => void;
  close(): Promise<void>;
}

export type QueryListener = (text: string, params: readonly unknown[]) => void;

export interface RequestHandle {
  db: Db;
  end: () => void;
  settled: (tenantIds: string) => Promise<void>;
}

/** Listeners of one connection, and the wrappers that tell them each statement. */
function observers() {
  const listeners = new Set<QueryListener>();
  const tell = (text: string, params: readonly unknown[]) => {
    for (const l of listeners) l(text, params);
  };
  return {
    observe: (listener: QueryListener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    logger: { logQuery: (text: string, params: unknown[]) => listeners.size > 0 && tell(text, params) },
    raw(query: RawQuery): RawQuery {
      return (text, values) => {
        if (listeners.size > 0) tell(text, values ?? []);
        return query(text, values);
      };
    },
  };
}

export interface ConnectOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** An in-memory PGlite loaded from a dump of a migrated database (tests). */
  loadDataDir?: Blob;
  poolSize?: number;
  /**
   * PostgreSQL: `false` runs every handle as the owner, outside the policies, as before they
   * existed. Only for bench/rls.ts's baseline: no configuration turns the wall off.
   */
  rowLevelSecurity?: boolean;
  /**
   * PostgreSQL: parameterized statements kept prepared per connection of the request and system
   * pools (see prepare.ts; 0 prepares none). Default 64: a statement under the policies keeps
   * 100 to 200 kB of plans on the server (bench/rls.ts measures it), so 64 bound a connection
   * to about 10 MB.
   */
  preparedStatements?: number;
}

const dialect = new PgDialect();

/** A Drizzle handle on one scoped view of the pool, made per request: without the relational API (see `Db`) it costs two small objects. */
function handleOn(pool: ScopedPool | RequestPool, logger: { logQuery(text: string, params: unknown[]): void }): Db {
  const session = new NodePgSession(pool as never, dialect, undefined, { logger });
  return new NodePgDatabase(dialect, session, undefined);
}

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) {
    // Three pools, so that a connection keeps its role and settings between uses: requests'
    // (scoped to their caller), system work's (the worker, timers, sign-in look-ups) and the
    // owner's (migrations, pg-boss). One pool for all made most checkouts switch settings.
    const size = options.poolSize ?? 10;
    const capacity = options.preparedStatements ?? 64;
    const newPool = (max: number, prepared: boolean) => {
      // A connection idle for a minute closes (pg's default is 10 s): a new one pays its start
      // and plans each statement again, which under the policies costs more than the query.
      const p = new pg.Pool({ connectionString: options.databaseUrl, max, idleTimeoutMillis: 60_000 });
      p.on('error', () => {}); // an idle client's error surfaces on its next query
      // Each connection plans a statement once, not on every request (prepare.ts). The owner's
      // pool (migrations, which change the tables, and pg-boss) runs its statements unnamed.
      if (prepared) p.on('connect', (client) => autoPrepare(client, { capacity }));
      return p;
    };
    const pool = newPool(size, true);
    const systemPool = newPool(Math.max(2, Math.ceil(size / 2)), true);
    const ownerPool = newPool(3, false);
    const seen = observers();
    const rowLevelSecurity = options.rowLevelSecurity ?? true;
    // Without the policies (a benchmark's baseline) requests run as the owner on the main pool.
    const owner = new ScopedPool(rowLevelSecurity ? ownerPool : pool, null);
    const raw = seen.raw(async (text, values) => owner.query(text, values));
    const pgHandle = (connection: ScopedPool | RequestPool) => handleOn(connection, seen.logger);
    const ownerDb = pgHandle(owner);
    return {
      kind: 'postgres',
      rowLevelSecurity,
      db: rowLevelSecurity ? pgHandle(new ScopedPool(systemPool, DbScope.system())) : ownerDb,
      scoped: rowLevelSecurity ? (scope) => pgHandle(new ScopedPool(scope.system ? systemPool : pool, scope)) : () => ownerDb,
      forRequest: (scope, options) => {
        if (!rowLevelSecurity) return { db: ownerDb, end: () => {}, settled: async () => {} };
        const connection = new RequestPool(scope.system ? systemPool : pool, scope, options);
        return { db: pgHandle(connection), end: () => connection.end(), settled: (ids) => connection.settled(ids) };
      },
      ownerDb,
      raw,
      exec: raw,
      observe: seen.observe,
      close: async () => {
        await Promise.all([pool.end(), systemPool.end(), ownerPool.end()]);
      },
    };
  }
  const dataDir = options.loadDataDir ? undefined : options.dataDir;
  const release = dataDir ? acquireDataDirLock(dataDir) : () => {};
  try {
    if (dataDir) secureDataDir(dataDir);
    // pg_trgm backs name and domain search (its indexes are made by a migration).
    const extensions = { pg_trgm };
    const client = options.loadDataDir
      ? await PGlite.create({ loadDataDir: options.loadDataDir, extensions })
      : await PGlite.create(dataDir ? { dataDir, extensions } : { extensions });
    // A new database's files are unpacked world-readable: private from the start.
    if (dataDir) tighten(dataDir);
    const seen = observers();
    const raw = seen.raw(async (text, values) => {
      const r = await client.query<Record<string, unknown>>(text, values as unknown[]);
      return { rows: r.rows };
    });
    const exec = seen.raw(async (text, values) => {
      if (values && values.length > 0) {
        const r = await client.query<Record<string, unknown>>(text, values);
        return { rows: r.rows };
      }
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    });
    const db = drizzlePglite(client, { logger: seen.logger }) as unknown as Db;
    return {
      kind: 'pglite',
      rowLevelSecurity: false,
      db,
      scoped: () => db,
      forRequest: () => ({ db, end: () => {}, settled: async () => {} }),
      ownerDb: db,
      raw,
      exec,
      observe: seen.observe,
      dump: async () => client.dumpDataDir('none'),
      close: async () => {
        try {
          await client.close();
          if (dataDir) tighten(dataDir);
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Whether a database error is a unique-constraint violation (optionally of one named index). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return constraint === undefined || e.constraint === constraint;
  }
  return false;
}
