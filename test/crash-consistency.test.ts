import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { connect } from '../src/platform/db/connect.ts';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { TrellisProcess } from './support/process.ts';
import { withDatabase } from './support/template.ts';

/** How many customers are created, how many run at once, and how many answers come before the kill. */
const REQUESTS = Number(process.env.TRELLIS_CRASH_REQUESTS ?? 1000);
const IN_FLIGHT = 50;
const KILL_AFTER = Math.min(200, Math.floor(REQUESTS / 4));

const onPostgres = Boolean(process.env.DATABASE_URL);

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

interface Answer {
  status: number;
  raw: string;
  replayed: boolean;
}

/** Runs `work` over `items`, `limit` at a time, until `stop` says to start no more. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>, stop = () => false) {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

describe(`trellis serve killed in the middle of concurrent idempotent writes (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  const tag = `k${randomBytes(4).toString('hex')}`;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let dropDatabase = async () => {};
  let server: TrellisProcess | undefined;
  let cookie: string;

  before(async () => {
    port = await freePort();
    const { DATABASE_URL: url, TRELLIS_TEST_PG_TEMPLATE: _t, TRELLIS_TEST_PGLITE_DUMP: _d, ...rest } = process.env;
    env = {
      ...rest,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      // Answers sealed before the crash must open after it.
      TRELLIS_SECRET: randomBytes(32).toString('hex'),
    };
    if (url) {
      const name = `trellis_crash_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      databaseUrl = withDatabase(url, name);
      env.DATABASE_URL = databaseUrl;
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'trellis-crash-consistency-'));
      env.TRELLIS_DATA_DIR = dataDir;
    }
  });

  after(async () => {
    await server?.stop('SIGKILL');
    await dropDatabase();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<TrellisProcess> {
    const p = new TrellisProcess(['serve', '--demo'], env);
    await p.waitFor(/Trellis is running at http:\/\/127\.0\.0\.1:\d+ on /);
    return p;
  }

  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const body = (i: number) => ({
    companyName: `Crash ${tag} ${i}`,
    primaryDomain: `c${i}-${tag}.example`,
    countryCode: 'US',
    admin: { name: `Admin ${i}`, email: `admin${i}@${tag}.example` },
  });
  const key = (i: number) => `crash-${tag}-${i}`;

  async function create(i: number): Promise<Answer> {
    const res = await fetch(url('/v1/customers'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': key(i) },
      body: JSON.stringify(body(i)),
    });
    // An answer is only an answer once its body has arrived whole.
    const raw = await res.text();
    return { status: res.status, raw, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }

  async function get<T>(path: string): Promise<T> {
    const res = await fetch(url(path), { headers: { cookie } });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as T;
  }

  it('customer creation: exactly one customer per Idempotency-Key, each answer replayed as first given, every event dispatched', async (t) => {
    const startedAt = performance.now();
    server = await start();
    const signIn = await fetch(url('/v1/sessions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@contoso.example', password: DEMO_PASSWORD }),
    });
    assert.equal(signIn.status, 201, await signIn.text());
    cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

    // Before the crash: 50 at a time, and the server is killed once enough have answered.
    const answered = new Map<number, Answer>();
    const failures: string[] = [];
    let killing: Promise<number | null> | undefined;
    const all = Array.from({ length: REQUESTS }, (_, i) => i);
    await pool(
      all,
      IN_FLIGHT,
      async (i) => {
        try {
          const answer = await create(i);
          if (killing) return; // answered as the process died: treated as unanswered, and retried
          answered.set(i, answer);
          if (answer.status !== 201) failures.push(`${i}: ${answer.status} ${answer.raw}`);
          if (answered.size >= KILL_AFTER) killing ??= server!.stop('SIGKILL');
        } catch {
          // The connection died with the server: no answer, the client retries.
        }
      },
      () => killing !== undefined,
    );
    assert.ok(killing, `the server was killed after ${KILL_AFTER} answers`);
    assert.equal(await killing, null, 'SIGKILL ended the server');
    assert.deepEqual(failures, [], 'every answer before the crash was a 201');
    const beforeCrash = performance.now();

    // After the restart on the same database, the clients retry whatever got no answer, and
    // re-send every fifth answered request to see it replayed.
    server = await start();
    const retried = all.filter((i) => !answered.has(i));
    const resent = [...answered.keys()].filter((i) => i % 5 === 0);
    const after = new Map<number, Answer>();
    await pool([...retried, ...resent], IN_FLIGHT, async (i) => {
      after.set(i, await create(i));
    });
    for (const i of [...retried, ...resent]) {
      const answer = after.get(i)!;
      assert.equal(answer.status, 201, `request ${i} after the restart: ${answer.raw}`);
      const created = JSON.parse(answer.raw) as { customer: { name: string; primaryDomain: string } };
      assert.equal(created.customer.name, body(i).companyName);
      assert.equal(created.customer.primaryDomain, body(i).primaryDomain);
    }
    for (const i of resent) {
      const answer = after.get(i)!;
      assert.equal(answer.replayed, true, `request ${i} answered before the crash is replayed`);
      assert.equal(answer.raw, answered.get(i)!.raw, `request ${i} is replayed byte for byte`);
    }
    // Those that committed before the crash without their answer reaching the client.
    const committedUnanswered = retried.filter((i) => after.get(i)!.replayed).length;
    t.diagnostic(
      `${REQUESTS} requests, ${IN_FLIGHT} in flight: ${answered.size} answered before SIGKILL ` +
        `(${Math.round(beforeCrash - startedAt)} ms from start), ${retried.length} retried after the restart ` +
        `(${committedUnanswered} of them had committed unanswered and were replayed), ${resent.length} answered ones re-sent; ` +
        `restart and retries took ${Math.round(performance.now() - beforeCrash)} ms`,
    );
    const afterRetries = performance.now();

    // Exactly one customer per key: every id answered, none twice, none more.
    const ids = new Map<number, string>();
    for (const i of all)
      ids.set(i, (JSON.parse((after.get(i) ?? answered.get(i))!.raw) as { customer: { id: string } }).customer.id);
    assert.equal(new Set(ids.values()).size, REQUESTS, 'each key answered with its own customer');
    type Item = { id: string; name: string; primaryDomain: string };
    const listed: Item[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/customers?search=${tag}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { items: Item[]; nextCursor: string | null } = await get(query);
      listed.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(listed.length, REQUESTS, 'as many customers as keys');
    assert.equal(new Set(listed.map((c) => c.name)).size, REQUESTS, 'no name twice');
    assert.equal(new Set(listed.map((c) => c.primaryDomain)).size, REQUESTS, 'no domain twice');
    assert.deepEqual(new Set(listed.map((c) => c.id)), new Set(ids.values()), 'the customers listed are those answered');

    // Every committed event dispatched. A last customer marks the end of the outbox: the
    // dispatcher takes events in order, so its welcome mail comes after every earlier event.
    const sentinel = REQUESTS;
    const last = await create(sentinel);
    assert.equal(last.status, 201, last.raw);
    for (;;) {
      const mail = await get<{ items: unknown[] }>(`/v1/dev/mailbox?to=${encodeURIComponent(body(sentinel).admin.email)}`);
      if (mail.items.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (databaseUrl) {
      const database = await connect({ databaseUrl, poolSize: 1 });
      try {
        // Several dispatchers may run at once on PostgreSQL: wait until those before the sentinel are done.
        for (;;) {
          const { rows } = await database.raw(
            `SELECT e.seq, (SELECT count(*)::int FROM events WHERE dispatched_at IS NULL AND seq < e.seq) AS pending
                 FROM events e WHERE e.type = 'tenant.created' AND e.subject_id = $1`,
            [JSON.parse(last.raw).customer.id],
          );
          if (rows[0]!.pending === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await database.close();
      }
    }

    // A clean stop releases the data folder, which this process then reads.
    assert.equal(await server.stop('SIGTERM'), 0, server.output);
    server = undefined;
    const database = await connect(databaseUrl ? { databaseUrl, poolSize: 1 } : { dataDir: dataDir! });
    try {
      const q = async (text: string, values: unknown[] = []) => (await database.raw(text, values)).rows;
      const [marker] = await q(`SELECT seq FROM events WHERE type = 'tenant.created' AND subject_id = $1`, [
        JSON.parse(last.raw).customer.id,
      ]);
      const upTo = Number(marker!.seq);
      assert.deepEqual(
        await q(
          `SELECT seq, type, dispatch_attempts, dispatch_error FROM events
            WHERE seq < $1 AND (dispatched_at IS NULL OR dispatch_error IS NOT NULL)`,
          [upTo],
        ),
        [],
        'every event committed before the last customer was dispatched, none failing',
      );
      const customerIds = [...ids.values()];
      const [created] = await q(
        `SELECT count(*)::int AS n, count(DISTINCT subject_id)::int AS distinct FROM events
          WHERE type = 'tenant.created' AND subject_id = ANY($1::text[])`,
        [customerIds],
      );
      assert.deepEqual(created, { n: REQUESTS, distinct: REQUESTS }, 'one tenant.created event per customer');
      const welcomes = await q(
        `SELECT to_address, count(*)::int AS n FROM mail_messages
          WHERE template = 'welcome' AND to_address LIKE $1 GROUP BY to_address`,
        [`%@${tag}.example`],
      );
      assert.equal(welcomes.length, REQUESTS + 1, 'a welcome mail for every customer admin, the last one included');
      assert.deepEqual(
        welcomes.filter((w) => w.n !== 1),
        [],
        'each welcome mail written once',
      );
    } finally {
      await database.close();
    }

    t.diagnostic(`checks took ${Math.round(performance.now() - afterRetries)} ms`);
  });
});
