import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { insertSession } from '../src/modules/auth/store.ts';
import { createRequest } from '../src/modules/relationship-requests/service.ts';
import { createTenant } from '../src/modules/tenants/service.ts';
import { clock } from '../src/platform/clock.ts';
import { systemCtx, type Ctx, type Platform } from '../src/platform/context.ts';
import { connect } from '../src/platform/db/connect.ts';
import { users } from '../src/platform/db/schema.ts';
import { hashPassword } from '../src/platform/passwords.ts';
import { newToken, sha256 } from '../src/platform/secrets.ts';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { TrellisProcess } from './support/process.ts';
import { withDatabase } from './support/template.ts';

/**
 * How many writes each scenario makes (customers created, links accepted, orders placed), how many run at
 * once, and how many answers come before the kill. The issue's proof is 1,000 (run it with
 * TRELLIS_CRASH_WRITES=1000, as CI does); the default keeps a local run short.
 */
const REQUESTS = Number(process.env.TRELLIS_CRASH_WRITES ?? process.env.TRELLIS_CRASH_REQUESTS ?? 300);
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

/**
 * A client after the restart sends again, under the same key, until an answer arrives: on a
 * loaded machine a request may wait past the HTTP client's own 300-second deadline for headers.
 */
async function untilAnswered(send: () => Promise<Answer>, attempts = 5): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}

type Rows = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Every event committed before the end marker's `tenant.created` was dispatched, none failing. */
async function assertDispatchedBefore(q: Rows, sentinelId: string): Promise<void> {
  const [marker] = await q(`SELECT seq FROM events WHERE type = 'tenant.created' AND subject_id = $1`, [sentinelId]);
  assert.deepEqual(
    await q(
      `SELECT seq, type, dispatch_attempts, dispatch_error FROM events
        WHERE seq < $1 AND (dispatched_at IS NULL OR dispatch_error IS NOT NULL)`,
      [Number(marker!.seq)],
    ),
    [],
    'every event committed before the end marker was dispatched, none failing',
  );
}

/** One stored answer per Idempotency-Key of a scenario, each a 201. */
async function assertOneAnswerPerKey(q: Rows, prefix: string): Promise<void> {
  const [keys] = await q(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status_code = 201)::int AS ok FROM idempotency_keys WHERE key LIKE $1`,
    [`${prefix}%`],
  );
  assert.deepEqual(keys, { n: REQUESTS, ok: REQUESTS }, 'one stored answer per key');
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

  async function signIn(email: string): Promise<string> {
    const res = await fetch(url('/v1/sessions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    assert.equal(res.status, 201, await res.text());
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  /** Opens the database in this process: on PGlite only while no server holds it. */
  async function openDatabase() {
    return connect(databaseUrl ? { databaseUrl, poolSize: 1 } : { dataDir: dataDir! });
  }

  /**
   * A last customer marks the end of the outbox: the dispatcher takes events in order, so its
   * welcome mail comes after every earlier event. Returns its id, whose tenant.created event
   * bounds the events that must have been dispatched.
   */
  async function markOutboxEnd(partnerCookie: string, label: string): Promise<string> {
    const email = `admin@${label}.example`;
    const res = await fetch(url('/v1/customers'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: partnerCookie },
      body: JSON.stringify({
        companyName: `End ${label}`,
        primaryDomain: `${label}.example`,
        countryCode: 'US',
        admin: { name: 'End', email },
      }),
    });
    const raw = await res.text();
    assert.equal(res.status, 201, raw);
    const id = (JSON.parse(raw) as { customer: { id: string } }).customer.id;
    for (;;) {
      const mail = await fetch(url(`/v1/dev/mailbox?to=${encodeURIComponent(email)}`), { headers: { cookie: partnerCookie } });
      if (((await mail.json()) as { items: unknown[] }).items.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (databaseUrl) {
      const database = await openDatabase();
      try {
        // Several dispatchers may run at once on PostgreSQL: wait until those before the sentinel are done.
        for (;;) {
          const { rows } = await database.raw(
            `SELECT e.seq, (SELECT count(*)::int FROM events WHERE dispatched_at IS NULL AND seq < e.seq) AS pending
               FROM events e WHERE e.type = 'tenant.created' AND e.subject_id = $1`,
            [id],
          );
          if (rows[0]!.pending === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await database.close();
      }
    }
    return id;
  }

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

  /**
   * The crash and the clients' retries, whatever the write: `send(i)` for every i, IN_FLIGHT at
   * a time; SIGKILL once KILL_AFTER have answered (each a 201); a restart on the same database;
   * then every request without an answer is sent again under its key, and every fifth answered
   * one re-sent to see it replayed byte for byte. Answers are keyed by i.
   */
  async function crashAndRetry(t: { diagnostic(message: string): void }, what: string, send: (i: number) => Promise<Answer>) {
    const startedAt = performance.now();
    const answered = new Map<number, Answer>();
    const failures: string[] = [];
    let killing: Promise<number | null> | undefined;
    const all = Array.from({ length: REQUESTS }, (_, i) => i);
    await pool(
      all,
      IN_FLIGHT,
      async (i) => {
        try {
          const answer = await send(i);
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

    server = await start();
    const retried = all.filter((i) => !answered.has(i));
    const resent = [...answered.keys()].filter((i) => i % 5 === 0);
    const after = new Map<number, Answer>();
    await pool([...retried, ...resent], IN_FLIGHT, async (i) => {
      after.set(i, await untilAnswered(() => send(i)));
    });
    for (const i of [...retried, ...resent]) {
      assert.equal(after.get(i)!.status, 201, `${what} ${i} after the restart: ${after.get(i)!.raw}`);
    }
    for (const i of resent) {
      const answer = after.get(i)!;
      assert.equal(answer.replayed, true, `${what} ${i} answered before the crash is replayed`);
      assert.equal(answer.raw, answered.get(i)!.raw, `${what} ${i} is replayed byte for byte`);
    }
    // Those that committed before the crash without their answer reaching the client.
    const committedUnanswered = retried.filter((i) => after.get(i)!.replayed).length;
    t.diagnostic(
      `${REQUESTS} ${what}s, ${IN_FLIGHT} in flight: ${answered.size} answered before SIGKILL ` +
        `(${Math.round(beforeCrash - startedAt)} ms from start), ${retried.length} retried after the restart ` +
        `(${committedUnanswered} of them had committed unanswered and were replayed), ${resent.length} answered ones re-sent; ` +
        `restart and retries took ${Math.round(performance.now() - beforeCrash)} ms`,
    );
    /** Each i's final answer: after the restart if it was sent again, else before the crash. */
    return { all, retried, resent, answer: (i: number) => (after.get(i) ?? answered.get(i))! };
  }

  it('customer creation: exactly one customer per Idempotency-Key, each answer replayed as first given, every event dispatched', async (t) => {
    server = await start();
    cookie = await signIn('admin@contoso.example');
    const { all, retried, resent, answer } = await crashAndRetry(t, 'request', create);
    for (const i of [...retried, ...resent]) {
      const created = JSON.parse(answer(i).raw) as { customer: { name: string; primaryDomain: string } };
      assert.equal(created.customer.name, body(i).companyName);
      assert.equal(created.customer.primaryDomain, body(i).primaryDomain);
    }
    const afterRetries = performance.now();

    // Exactly one customer per key: every id answered, none twice, none more.
    const ids = new Map<number, string>();
    for (const i of all) ids.set(i, (JSON.parse(answer(i).raw) as { customer: { id: string } }).customer.id);
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

    // Every committed event dispatched (checked below, once the server is stopped).
    const sentinelId = await markOutboxEnd(cookie, `${tag}-end`);

    // A clean stop releases the data folder, which this process then reads.
    assert.equal(await server.stop('SIGTERM'), 0, server.output);
    server = undefined;
    const database = await openDatabase();
    try {
      const q = async (text: string, values: unknown[] = []) => (await database.raw(text, values)).rows;
      await assertDispatchedBefore(q, sentinelId);
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
      assert.equal(welcomes.length, REQUESTS, 'a welcome mail for every customer admin');
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

  it('relationship acceptances: exactly one relationship and grant per link and key, each answer replayed as first given, every event dispatched', async (t) => {
    const rtag = `r${randomBytes(4).toString('hex')}`;
    // Migrates and seeds the demo when this test runs alone; then the data folder is released.
    server = await start();
    assert.equal(await server.stop('SIGTERM'), 0, server.output);
    server = undefined;

    // The customers, their admins' sessions and the links are made in this process, straight on
    // the database: a thousand sign-ins would spend minutes hashing passwords, and a partner's
    // requests are rate limited. Each link is open (no customer named) and its customer's own.
    const setupStarted = performance.now();
    const links: { customerId: string; requestId: string; token: string; cookie: string }[] = [];
    let partnerId: string;
    const database = await openDatabase();
    try {
      const platform: Platform = { config: loadConfig(env), database, wakeOutbox() {}, wakeMail() {}, wakeJobs() {} };
      const ctx = systemCtx(platform, 'crash-setup');
      const [partnerAdmin] = await ctx.db.select().from(users).where(eq(users.email, 'admin@contoso.example'));
      partnerId = partnerAdmin!.tenantId;
      const asPartner: Ctx = {
        ...ctx,
        actor: {
          userId: partnerAdmin!.id,
          tenantId: partnerId,
          tenantKind: 'partner',
          email: partnerAdmin!.email,
          roles: partnerAdmin!.roles,
        },
      };
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      for (let i = 0; i < REQUESTS; i++) {
        const email = `admin${i}@${rtag}.example`;
        const { tenant, admin } = await createTenant(ctx, {
          kind: 'customer',
          name: `Accepting ${rtag} ${i}`,
          countryCode: 'US',
          admin: { email, name: `Admin ${i}`, passwordHash },
        });
        const session = newToken('trs_');
        const now = clock.now();
        await insertSession(ctx, {
          tokenHash: sha256(session),
          userId: admin.id,
          tenantId: tenant.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + 86_400_000),
        });
        const made = await createRequest(asPartner, { email });
        links.push({
          customerId: tenant.id,
          requestId: made.request.id,
          token: made.link.split('/links/')[1]!,
          cookie: `trellis_session=${session}`,
        });
      }
    } finally {
      await database.close();
    }
    t.diagnostic(`${REQUESTS} customers, sessions and links made in ${Math.round(performance.now() - setupStarted)} ms`);

    const accept = async (i: number): Promise<Answer> => {
      const link = links[i]!;
      const res = await fetch(url(`/v1/links/${link.token}/acceptance`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: link.cookie, 'idempotency-key': `accept-${rtag}-${i}` },
        body: '{}',
      });
      const raw = await res.text();
      return { status: res.status, raw, replayed: res.headers.get('idempotent-replayed') === 'true' };
    };

    server = await start();
    const { all, answer } = await crashAndRetry(t, 'acceptance', accept);
    type Accepted = {
      kind: string;
      customerId: string;
      relationships: { id: string; partnerId: string; role: string }[];
      adminGrant: string;
    };
    const relationshipIds = new Set<string>();
    for (const i of all) {
      assert.equal(answer(i).status, 201, `link ${i}: ${answer(i).raw}`);
      const accepted = JSON.parse(answer(i).raw) as Accepted;
      assert.equal(accepted.kind, 'relationship_request');
      assert.equal(accepted.customerId, links[i]!.customerId);
      assert.equal(accepted.adminGrant, 'created');
      assert.deepEqual(
        accepted.relationships.map((r) => [r.partnerId, r.role]),
        [[partnerId!, 'direct_partner']],
      );
      relationshipIds.add(accepted.relationships[0]!.id);
    }
    assert.equal(relationshipIds.size, REQUESTS, 'each key answered with its own relationship');

    const sentinelId = await markOutboxEnd(await signIn('admin@contoso.example'), `${rtag}-end`);
    assert.equal(await server.stop('SIGTERM'), 0, server.output);
    server = undefined;
    const checked = await openDatabase();
    try {
      const q = async (text: string, values: unknown[] = []) => (await checked.raw(text, values)).rows;
      const customerIds = links.map((l) => l.customerId);
      const relationships = await q(
        `SELECT customer_id, count(*)::int AS n, min(partner_id::text) AS partner, min(status::text) AS status
           FROM customer_relationships WHERE customer_id = ANY($1::uuid[]) GROUP BY customer_id`,
        [customerIds],
      );
      assert.equal(relationships.length, REQUESTS, 'every customer has a relationship');
      assert.deepEqual(
        relationships.filter((r) => r.n !== 1 || r.partner !== partnerId || r.status !== 'active'),
        [],
        'one active relationship per customer, with the partner that sent the link',
      );
      const [listed] = await q(`SELECT count(*)::int AS n FROM customer_relationships WHERE id = ANY($1::uuid[])`, [
        [...relationshipIds],
      ]);
      assert.equal(listed!.n, REQUESTS, 'the relationships answered are those stored');
      const grants = await q(
        `SELECT grantor_id, count(*)::int AS n FROM admin_grants WHERE grantor_id = ANY($1::uuid[]) GROUP BY grantor_id`,
        [customerIds],
      );
      assert.equal(grants.length, REQUESTS, 'every customer granted its partner administrator permissions');
      assert.deepEqual(
        grants.filter((g) => g.n !== 1),
        [],
        'one grant per customer',
      );
      const requests = await q(
        `SELECT id, status::text AS status, accepted_customer_id FROM relationship_requests WHERE id = ANY($1::uuid[])`,
        [links.map((l) => l.requestId)],
      );
      const byId = new Map(requests.map((r) => [r.id as string, r]));
      for (const link of links) {
        assert.equal(byId.get(link.requestId)?.status, 'accepted');
        assert.equal(byId.get(link.requestId)?.accepted_customer_id, link.customerId);
      }
      const [accepted] = await q(
        `SELECT count(*)::int AS n, count(DISTINCT subject_id)::int AS distinct FROM events
          WHERE type = 'relationship_request.accepted' AND subject_id = ANY($1::text[])`,
        [links.map((l) => l.requestId)],
      );
      assert.deepEqual(accepted, { n: REQUESTS, distinct: REQUESTS }, 'one relationship_request.accepted event per link');
      const [relationshipEvents] = await q(
        `SELECT count(*)::int AS n, count(DISTINCT subject_id)::int AS distinct FROM events
          WHERE type = 'customer_relationship.created' AND subject_id = ANY($1::text[])`,
        [[...relationshipIds]],
      );
      assert.deepEqual(
        relationshipEvents,
        { n: 2 * REQUESTS, distinct: REQUESTS },
        'each relationship recorded once on the trail of each of its two tenants',
      );
      await assertDispatchedBefore(q, sentinelId);
      await assertOneAnswerPerKey(q, `accept-${rtag}-`);
    } finally {
      await checked.close();
    }
  });

  it('orders: exactly one order and one subscription per Idempotency-Key, each answer replayed as first given, every event dispatched', async (t) => {
    const otag = `o${randomBytes(4).toString('hex')}`;
    server = await start();
    const partner = await signIn('admin@contoso.example');
    const call = async (method: string, path: string, payload?: unknown, key?: string): Promise<Answer> => {
      const res = await fetch(url(path), {
        method,
        headers: {
          cookie: partner,
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
      });
      const raw = await res.text();
      return { status: res.status, raw, replayed: res.headers.get('idempotent-replayed') === 'true' };
    };
    // A direct customer of Contoso's with its customer agreement attested (R-AGR-3), and an
    // offer its market sells by the month.
    const made = await call('POST', '/v1/customers', {
      companyName: `Ordering ${otag}`,
      primaryDomain: `${otag}.example`,
      countryCode: 'US',
      admin: { name: 'Buyer', email: `admin@${otag}.example` },
    });
    assert.equal(made.status, 201, made.raw);
    const customerId = (JSON.parse(made.raw) as { customer: { id: string } }).customer.id;
    const attested = await call('POST', `/v1/customers/${customerId}/customer-agreement/attestations`, {
      signerName: 'Signer Example',
      signerEmail: `signer@${otag}.example`,
      signedOn: '2026-01-15',
    });
    assert.equal(attested.status, 201, attested.raw);
    const offers = JSON.parse((await call('GET', '/v1/offers?country=US&limit=100')).raw) as {
      items: { id: string; kind: string; minQuantity: number; maxQuantity: number }[];
    };
    const offer = offers.items.find((o) => o.kind === 'license_subscription' && o.minQuantity === 1 && o.maxQuantity >= 3)!;
    assert.ok(offer, 'the demo sells a license subscription in the US');

    const quantity = (i: number) => 1 + (i % 3);
    const place = (i: number) =>
      call(
        'POST',
        `/v1/customers/${customerId}/orders`,
        { lines: [{ offerId: offer.id, quantity: quantity(i) }] },
        `order-${otag}-${i}`,
      );
    const { all, answer } = await crashAndRetry(t, 'order', place);

    type Placed = { id: string; status: string; lines: { quantity: number; subscriptionId: string | null }[] };
    const orderIds = new Map<number, string>();
    for (const i of all) {
      const placed = JSON.parse(answer(i).raw) as Placed;
      assert.equal(placed.status, 'placed', `order ${i}: ${answer(i).raw}`);
      assert.deepEqual(
        placed.lines.map((l) => l.quantity),
        [quantity(i)],
        `order ${i} is the one its key sent`,
      );
      assert.ok(placed.lines[0]!.subscriptionId, `order ${i} made its subscription`);
      orderIds.set(i, placed.id);
    }
    assert.equal(new Set(orderIds.values()).size, REQUESTS, 'each key answered with its own order');

    const sentinelId = await markOutboxEnd(partner, `${otag}-end`);
    assert.equal(await server.stop('SIGTERM'), 0, server.output);
    server = undefined;
    const checked = await openDatabase();
    try {
      const q = async (text: string, values: unknown[] = []) => (await checked.raw(text, values)).rows;
      const [orders] = await q(`SELECT count(*)::int AS n FROM orders WHERE customer_id = $1`, [customerId]);
      assert.equal(orders!.n, REQUESTS, 'as many orders as keys, none doubled');
      const [answeredStored] = await q(`SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[])`, [
        [...orderIds.values()],
      ]);
      assert.equal(answeredStored!.n, REQUESTS, 'the orders answered are those stored');
      const [subscriptions] = await q(
        `SELECT count(*)::int AS n, coalesce(sum(quantity), 0)::int AS seats FROM subscriptions WHERE customer_id = $1`,
        [customerId],
      );
      assert.deepEqual(
        subscriptions,
        { n: REQUESTS, seats: all.reduce((sum, i) => sum + quantity(i), 0) },
        'one subscription per order, at its quantity',
      );
      const [placedEvents] = await q(
        `SELECT count(*)::int AS n, count(DISTINCT subject_id)::int AS distinct FROM events
          WHERE type = 'order.placed' AND subject_id = ANY($1::text[])`,
        [[...orderIds.values()]],
      );
      assert.deepEqual(
        placedEvents,
        { n: 2 * REQUESTS, distinct: REQUESTS },
        'each order recorded once on the trail of each of its two tenants',
      );
      await assertDispatchedBefore(q, sentinelId);
      await assertOneAnswerPerKey(q, `order-${otag}-`);
    } finally {
      await checked.close();
    }
  });
});
