import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { mayOrderFor } from '../src/modules/customers/service.ts';
import { clock } from '../src/platform/clock.ts';
import { systemCtx } from '../src/platform/context.ts';
import { bulkMoves, mailMessages, relationshipRequests } from '../src/platform/db/schema.ts';
import { eventually } from './support/eventually.ts';
import { onPostgres, TestTrellis } from './support/harness.ts';
import { newCustomer, ProgramFlow, type Api, type MadeCustomer, type ProgramPartner } from './support/program.ts';

/**
 * Seed 002 and R-TRN-9 as one script: a direct-bill partner with 1,000 direct customers moves
 * to indirect reseller and moves them all to a provider in one bulk move, run by the real
 * worker; store-channel customers are reported and stay direct; half of the others accept,
 * and the provider can act for those only. Then a move survives a restart, and on PostgreSQL
 * the SIGKILL of a `trellis worker` process, sending no request twice.
 */
const root = resolve(import.meta.dirname, '..');
/** 1,000 as the issue asks; CI's second and third passes (other databases, other Node lines) move fewer. */
const CUSTOMERS = Number(process.env.TRELLIS_BULK_MOVE_CUSTOMERS ?? 1000);
const STORE_CHANNEL_EVERY = 20; // 50 of the 1,000
if (!Number.isInteger(CUSTOMERS / (2 * STORE_CHANNEL_EVERY))) throw new Error('TRELLIS_BULK_MOVE_CUSTOMERS: a multiple of 40');
const count = CUSTOMERS.toLocaleString('en');

type Customer = MadeCustomer;

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let provider: ProgramPartner;

before(async () => {
  t = await TestTrellis.start({ worker: true, config: { sessionTtlHours: 24 * 90 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  provider = await flow.partnerIn('indirect_provider');
});
after(async () => {
  clock.reset();
  await t.close();
});

/**
 * Direct customers through POST /v1/customers, as a partner makes them. Each hashes its admin's
 * temporary password (argon2): measured at about 50 ms a customer on PGlite, so 1,000 take
 * under a minute and the set-up stays on the API.
 */
async function directCustomers(api: Api, n: number): Promise<Customer[]> {
  const made: Customer[] = [];
  for (let i = 0; i < n; i++) made.push(await newCustomer(api));
  return made;
}

/** Seed 002: the direct-bill partner moves to indirect reseller (R-TRN-1..3) and partners with the provider. */
async function transition(partner: ProgramPartner): Promise<void> {
  await flow.moveToIndirect(partner);
  await flow.partnerUp(provider, partner);
}

/** Every item of a move with this status, page by page. */
async function allItems(api: Api, moveId: string, status: string) {
  const out: { customerId: string; code: string; rule: string; detail: string; requestId: string }[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(`/v1/bulk-moves/${moveId}/items?status=${status}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.status, 200, res.raw);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** The link token mailed to each address, from the outbox in one query. */
async function mailedTokens(addresses: string[]): Promise<Map<string, string>> {
  const rows = await t.db
    .select({ to: mailMessages.toAddress, text: mailMessages.textBody })
    .from(mailMessages)
    .where(and(eq(mailMessages.template, 'relationshipRequest'), inArray(mailMessages.toAddress, addresses)));
  return new Map(rows.map((r) => [r.to, /\/links\/([A-Za-z0-9_-]+)/.exec(r.text)![1]!]));
}

/** Requests and mails of a move per customer: each must be exactly one. */
async function sentOnce(moveId: string, customers: Customer[]): Promise<void> {
  const requests = await t.db
    .select({ customerId: relationshipRequests.customerId, n: sql<number>`count(*)::int` })
    .from(relationshipRequests)
    .where(eq(relationshipRequests.bulkMoveId, moveId))
    .groupBy(relationshipRequests.customerId);
  assert.equal(requests.length, customers.length, 'every customer got a request');
  assert.ok(
    requests.every((r) => r.n === 1),
    'no request twice',
  );
  const mails = await t.db
    .select({ to: mailMessages.toAddress, n: sql<number>`count(*)::int` })
    .from(mailMessages)
    .where(
      and(
        eq(mailMessages.template, 'relationshipRequest'),
        inArray(
          mailMessages.toAddress,
          customers.map((c) => c.email),
        ),
      ),
    )
    .groupBy(mailMessages.toAddress);
  assert.equal(mails.length, customers.length, 'every customer admin got a mail');
  assert.ok(
    mails.every((m) => m.n === 1),
    'no mail twice',
  );
}

describe(`R-TRN-9: a bulk move of ${count} direct-bill customers to a provider (seed 002)`, () => {
  it(`R-TRN-9, R-CUS-2, R-CUS-4: ${count} customers moved by the worker; store-channel ones stay direct; the provider acts for those who accepted only`, async () => {
    const partner = await flow.partnerIn('direct_bill');
    const customers = await directCustomers(partner.api, CUSTOMERS);
    const storeChannel = new Set(customers.filter((_, i) => i % STORE_CHANNEL_EVERY === 0).map((c) => c.id));
    for (const id of storeChannel) {
      const res = await operator.put(`/v1/operator/customers/${id}/store-channel`, { storeChannel: true });
      assert.equal(res.status, 200, res.raw);
    }
    await transition(partner);

    const started = await partner.api.post('/v1/bulk-moves', {
      providerId: provider.tenant.id,
      customerIds: customers.map((c) => c.id),
      perMinute: 10_000,
    });
    assert.equal(started.status, 202, started.raw);
    const moveId = started.body.id as string;

    // Poll the progress to the end: it only grows, and always adds up.
    const seen: number[] = [];
    const done = await eventually(
      async () => {
        const res = await partner.api.get(`/v1/bulk-moves/${moveId}`);
        assert.equal(res.status, 200, res.raw);
        const m = res.body;
        assert.equal(m.sent + m.failed + m.remaining + m.cancelled, CUSTOMERS);
        assert.ok(m.sent >= (seen.at(-1) ?? 0));
        seen.push(m.sent);
        assert.equal(m.status, 'completed');
        return m;
      },
      300_000,
      500,
    );
    assert.deepEqual(
      [done.total, done.sent, done.failed, done.remaining],
      [CUSTOMERS, CUSTOMERS - storeChannel.size, storeChannel.size, 0],
    );

    // Store-channel customers: reported with the reason, and still only direct.
    const failed = await allItems(partner.api, moveId, 'failed');
    assert.deepEqual(new Set(failed.map((i) => i.customerId)), storeChannel);
    for (const item of failed) {
      assert.deepEqual([item.code, item.rule], ['store_channel_customer', 'R-TRN-9']);
      assert.match(item.detail, /stays on direct bill/);
    }
    for (const id of storeChannel) {
      const roles = (await partner.api.get(`/v1/customers/${id}/relationships`)).body.items.map((r: { role: string }) => r.role);
      assert.deepEqual(roles, ['direct_partner']);
    }

    // Half of the customers accept, each signed in as its global admin with the link mailed to it.
    const sent = customers.filter((c) => !storeChannel.has(c.id));
    const accepting = sent.slice(0, CUSTOMERS / 2);
    const tokens = await mailedTokens(sent.map((c) => c.email));
    assert.equal(tokens.size, sent.length);
    for (const c of accepting) {
      const admin = t.as({ cookie: await t.signIn(c.email, c.password) });
      const res = await admin.post(`/v1/links/${tokens.get(c.email)}/acceptance`, {});
      assert.equal(res.status, 201, res.raw);
    }
    assert.equal((await partner.api.get(`/v1/bulk-moves/${moveId}`)).body.accepted, accepting.length);

    // The provider acts for those who accepted, and for no one else (R-CUS-4).
    const ctx = systemCtx(t.platform);
    const accepted = new Set(accepting.map((c) => c.id));
    const listed = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await provider.api.get(
        `/v1/customers?resellerId=${partner.tenant.id}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const c of res.body.items) listed.add(c.id);
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(listed, accepted);
    for (const c of customers) {
      const yes = accepted.has(c.id);
      assert.equal((await provider.api.get(`/v1/customers/${c.id}`)).status, yes ? 200 : 404);
      assert.equal(await mayOrderFor(ctx, provider.tenant.id, c.id), yes);
    }
  });

  it('R-TRN-9: a move stopped half-way by a restart resumes where it stopped and sends no request twice', async () => {
    const T = new Date('2026-12-07T09:00:00Z');
    clock.freeze(T);
    const partner = await flow.partnerIn('direct_bill');
    const customers = await directCustomers(partner.api, 30);
    await transition(partner);
    // Ten a minute: one batch of ten, then the job waits for the clock.
    const started = await partner.api.post('/v1/bulk-moves', {
      providerId: provider.tenant.id,
      customerIds: customers.map((c) => c.id),
      perMinute: 10,
    });
    assert.equal(started.status, 202, started.raw);
    const progress = async () => (await partner.api.get(`/v1/bulk-moves/${started.body.id}`)).body;
    await eventually(async () => assert.equal((await progress()).sent, 10), 30_000);

    await t.restart();
    assert.deepEqual([(await progress()).status, (await progress()).sent], ['running', 10]);
    for (const [minutes, sent] of [
      [1, 20],
      [2, 30],
    ] as const) {
      clock.freeze(new Date(T.getTime() + minutes * 60_000));
      void t.trellis.worker.kickJobs();
      await eventually(async () => assert.equal((await progress()).sent, sent), 30_000);
    }
    assert.equal((await progress()).status, 'completed');
    await sentOnce(started.body.id, customers);
    clock.reset();
  });

  if (onPostgres) {
    it('R-TRN-9: a `trellis worker` killed with SIGKILL mid-move; another finishes it; no request twice (PostgreSQL)', async () => {
      // The API process only enqueues from now on: the standalone workers do the moving.
      await t.restart({ worker: 'producer' });
      const partner = await flow.partnerIn('direct_bill');
      const customers = await directCustomers(partner.api, 200);
      await transition(partner);
      let moveId = '';
      let output = '';
      const workers: ChildProcess[] = [];
      const spawnWorker = () => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), 'worker'], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'warn' },
        });
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        workers.push(child);
        return child;
      };
      const exited = (child: ChildProcess) =>
        child.exitCode !== null || child.signalCode !== null
          ? Promise.resolve()
          : new Promise((done) => child.once('exit', done));
      try {
        const first = spawnWorker();
        const started = await partner.api.post('/v1/bulk-moves', {
          providerId: provider.tenant.id,
          customerIds: customers.map((c) => c.id),
          perMinute: 1200, // batches of 50, 2.5 s apart
        });
        assert.equal(started.status, 202, started.raw);
        moveId = started.body.id;
        const sentSoFar = async () =>
          (await t.db.select({ sent: bulkMoves.sent }).from(bulkMoves).where(eq(bulkMoves.id, moveId)))[0]!.sent;
        await eventually(
          async () => {
            const [move] = await t.db.select().from(bulkMoves).where(eq(bulkMoves.id, moveId));
            assert.ok(move!.sent >= 50, `${JSON.stringify(move)}\n${output}`);
          },
          60_000,
          20,
        );
        first.kill('SIGKILL');
        await exited(first);
        assert.ok((await sentSoFar()) < customers.length, 'killed before the end');
        spawnWorker();
        await eventually(
          async () => assert.equal((await partner.api.get(`/v1/bulk-moves/${moveId}`)).body.status, 'completed', output),
          60_000,
          200,
        );
      } finally {
        for (const w of workers) {
          w.kill('SIGTERM');
          await exited(w);
        }
      }
      assert.equal((await partner.api.get(`/v1/bulk-moves/${moveId}`)).body.sent, customers.length);
      await sentOnce(moveId, customers);
    });
  }
});
