import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './connect.ts';
import { markets } from './schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const migrationsFolder = join(root, 'migrations');
/** The vendor's published markets, copied from shared/data/markets.csv (its README tells the quirks). */
export const marketsCsv = join(root, 'reference', 'markets.csv');

/** Applies the committed migrations, then loads reference data the operator starts with. */
export async function migrate(database: Database): Promise<void> {
  // As the owner: the migrations create the tables, the app's role and the policies that bind it.
  if (database.kind === 'pglite') await migratePglite(database.ownerDb as unknown as PgliteDatabase, { migrationsFolder });
  else await migratePg(database.ownerDb as unknown as NodePgDatabase, { migrationsFolder });
  await loadMarkets(database);
}

async function loadMarkets(database: Database): Promise<void> {
  const [{ n } = { n: 0 }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(markets);
  if (n > 0) return; // the operator's table from here on: never overwritten
  const rows = parse<{ market: string; country_code: string; country_name: string; currency: string }>(
    readFileSync(marketsCsv, 'utf8'),
    { columns: true, skip_empty_lines: true, trim: true },
  );
  // Several places may share one ISO code (BQ: Bonaire, Saba and Sint Eustatius): one row, both names.
  const byKey = new Map<string, typeof markets.$inferInsert>();
  for (const r of rows) {
    const key = `${r.country_code}/${r.currency}`;
    const seen = byKey.get(key);
    if (seen) seen.countryName = `${seen.countryName}; ${r.country_name}`;
    else byKey.set(key, { market: r.market, countryCode: r.country_code, countryName: r.country_name, currency: r.currency });
  }
  await database.db
    .insert(markets)
    .values([...byKey.values()])
    .onConflictDoNothing();
}
