import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { secureDataDir, tighten } from './data-dir.ts';
import { acquireDataDirLock } from './lock.ts';
import { schema, type Schema } from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Runs raw SQL with positional parameters: for pg-boss and the few statements Drizzle cannot say. */
export type RawQuery = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
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
  observe(listener: QueryListener): () => void;
  close(): Promise<void>;
}

export type QueryListener = (text: string, params: readonly unknown[]) => void;

/** Listeners of one connection, and the wrappers that tell them each statement. */
function observers() {
  const listeners = new Set<QueryListener>();
  const tell = (text: string, params: readonly unknown[]) => {
    for (const l of listeners) l(text, params);
  };
  return {
    observe(listener: QueryListener) {
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
}

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', () => {}); // an idle client's error surfaces on its next query
    const seen = observers();
    const raw = seen.raw(async (text, values) => pool.query(text, values as unknown[]));
    return {
      kind: 'postgres',
      db: drizzlePg(pool, { schema, logger: seen.logger }) as unknown as Db,
      raw,
      exec: raw,
      observe: seen.observe,
      close: () => pool.end(),
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
        const r = await client.query<Record<string, unknown>>(text, values as unknown[]);
        return { rows: r.rows };
      }
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    });
    return {
      kind: 'pglite',
      db: drizzlePglite(client, { schema, logger: seen.logger }) as unknown as Db,
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
