import pg from 'pg';

/** The PostgreSQL server the benchmarks also run on: BENCH_DATABASE_URL, by default the local test server. */
export const benchPgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether it answers; a machine without PostgreSQL measures PGlite only. */
export async function pgAnswers(url = benchPgUrl): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    console.error(`PostgreSQL skipped (${url}): ${(err as Error).message}`);
    return false;
  }
}
