import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { connect } from '../../src/platform/db/connect.ts';
import { migrate } from '../../src/platform/db/migrate.ts';

export interface Template {
  name: string;
  env: Record<string, string>;
}

/** A database URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Migrates a database once (Trellis's tables and the job queue's) for every test file to copy. */
export async function prepareTemplate(work: string): Promise<Template> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `trellis_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const database = await connect({ databaseUrl: withDatabase(url, name) });
    await migrate(database);
    await database.close();
    const boss = new PgBoss({ connectionString: withDatabase(url, name), max: 2, schedule: false, supervise: false });
    await boss.start();
    await boss.stop({ graceful: false, close: true, wait: true });
    return { name, env: { TRELLIS_TEST_PG_TEMPLATE: name } };
  }
  const database = await connect({});
  await migrate(database);
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.exec(text, values) },
    schedule: false,
    supervise: false,
  });
  await boss.start();
  await boss.stop({ graceful: false, close: false, wait: true });
  const dump = await database.dump!();
  await database.close();
  const path = join(work, 'pglite-template.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  return { name: path, env: { TRELLIS_TEST_PGLITE_DUMP: path } };
}

export async function dropTemplate(template: Template): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template.name} WITH (FORCE)`);
  await admin.end();
}
