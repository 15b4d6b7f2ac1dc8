import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { clock, DAY_MS } from '../src/platform/clock.ts';
import { queues } from '../src/platform/jobs/worker.ts';
import { eventually } from './support/eventually.ts';
import { onPostgres, PASSWORD, TestTrellis } from './support/harness.ts';
import { TrellisProcess } from './support/process.ts';
import { ProgramFlow } from './support/program.ts';
import { startSmtpSink } from './support/smtp.ts';

/**
 * A worker killed with SIGKILL in the middle of a job leaves that job active in pg-boss. The
 * next process must go on at once (within seconds: waited on with a generous bound here),
 * not when the dead job expires, 15 minutes on.
 */
const RESUMED_WITHIN_MS = 60_000;

function signUpBody(email: string) {
  return {
    kind: 'customer',
    name: `Crash ${randomBytes(3).toString('hex')}`,
    countryCode: 'US',
    admin: { email, name: 'Crash test', password: PASSWORD },
  };
}

/** An SMTP server that accepts connections and never answers: delivery hangs mid-job. */
async function stalledSmtp() {
  const sockets: Socket[] = [];
  const arrivals: (() => void)[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    for (const arrived of arrivals.splice(0)) arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}?ignoreTLS=true`,
    /** Resolves once a client is connected and waiting for the greeting. */
    connected: () => (sockets.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => arrivals.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

if (!onPostgres) {
  describe('trellis serve killed mid-job on the embedded database', () => {
    let dataDir: string;
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    let stalled: Awaited<ReturnType<typeof stalledSmtp>>;
    const running: TrellisProcess[] = [];
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'trellis-crash-'));
      sink = await startSmtpSink();
      stalled = await stalledSmtp();
    });
    after(async () => {
      for (const p of running) await p.stop('SIGKILL');
      await stalled.close();
      await sink.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function serve(smtpUrl: string, port: number): Promise<TrellisProcess> {
      const { DATABASE_URL: _u, TRELLIS_TEST_PG_TEMPLATE: _t, TRELLIS_TEST_PGLITE_DUMP: _d, ...env } = process.env;
      const p = new TrellisProcess(['serve'], {
        ...env,
        TRELLIS_DATA_DIR: dataDir,
        PORT: String(port),
        SMTP_URL: smtpUrl,
        LOG_LEVEL: 'warn',
      });
      running.push(p);
      await p.waitFor(/Trellis is running at/);
      return p;
    }

    it('a server killed while delivering mail leaves nothing blocked: the next one delivers new mail at once', async () => {
      const port = await freePort();
      const first = await serve(stalled.url, port);
      const signUp = (email: string) =>
        fetch(`http://127.0.0.1:${port}/v1/tenants`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(signUpBody(email)),
        });
      // A sign-up answers 202 and mails its confirmation link.
      assert.equal((await signUp('before-the-crash@customer.example')).status, 202);
      // The confirmation mail is on its way: the mail job is active, waiting on the SMTP server.
      await stalled.connected();
      assert.equal(await first.stop('SIGKILL'), null);

      await serve(sink.url, port);
      assert.equal((await signUp('after-the-crash@customer.example')).status, 202);
      const mail = await sink.waitFor(
        (m) => JSON.stringify(m.to).includes('after-the-crash@customer.example'),
        RESUMED_WITHIN_MS,
      );
      assert.match(mail.subject ?? '', /Confirm your Trellis sign-up/);
    });
  });
}

if (onPostgres) {
  describe('trellis worker killed mid-job (PostgreSQL)', () => {
    let t: TestTrellis;
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    const running: TrellisProcess[] = [];
    before(async () => {
      sink = await startSmtpSink();
      // The API process only enqueues: the standalone workers do the work.
      t = await TestTrellis.start({ config: { smtpUrl: sink.url, sessionTtlHours: 24 * 90 }, worker: 'producer' });
    });
    after(async () => {
      clock.reset();
      for (const p of running) await p.stop('SIGKILL');
      await t.close();
      await sink.close();
    });

    async function worker(): Promise<TrellisProcess> {
      const p = new TrellisProcess(['worker'], {
        ...process.env,
        DATABASE_URL: t.databaseUrl,
        SMTP_URL: sink.url,
        LOG_LEVEL: 'info',
      });
      running.push(p);
      await p.waitFor(/worker started/);
      return p;
    }

    const activeQueues = async () =>
      (await t.platform.database.raw(`SELECT DISTINCT name FROM pgboss.job WHERE state = 'active'`)).rows.map((r) => r.name);

    it('the queues of earlier versions are dropped at start, with the dead jobs and the schedules they held', async () => {
      const boss = new PgBoss({ connectionString: t.databaseUrl!, supervise: false, schedule: false });
      await boss.start();
      for (const name of ['outbox.dispatch', 'mail.deliver', 'timers']) {
        await boss.createQueue(name, { name, policy: 'stately' });
        await boss.schedule(name, '* * * * *');
        await boss.send(name, {});
        assert.equal((await boss.fetch(name)).length, 1, 'left active, as by a killed worker');
      }
      await boss.stop({ graceful: false, close: true });
      const oldQueues = async () =>
        (
          await t.platform.database.raw(
            `SELECT name FROM pgboss.queue WHERE name IN ('outbox.dispatch', 'mail.deliver', 'timers')`,
          )
        ).rows;
      assert.equal((await oldQueues()).length, 3);
      const upgraded = await worker();
      assert.deepEqual(await oldQueues(), []);
      assert.equal(await upgraded.stop('SIGTERM'), 0);
    });

    it('a worker killed in the middle of outbox, mail and timer jobs leaves nothing blocked: the next one goes on at once', async () => {
      const first = await worker();
      // Hold the tables those jobs need, so that each is caught half-way, active, when the worker dies.
      const locker = new pg.Client({ connectionString: t.databaseUrl });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE events, mail_messages, enrollments IN ACCESS EXCLUSIVE MODE');
      try {
        for (const queue of [queues.outbox, queues.mail, queues.timers]) t.trellis.worker.wake(queue);
        await eventually(async () => {
          const active = await activeQueues();
          for (const queue of [queues.outbox, queues.mail, queues.timers])
            assert.ok(active.includes(queue), `${queue}: ${active.join(', ')}`);
        }, RESUMED_WITHIN_MS);
        assert.equal(await first.stop('SIGKILL'), null);
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }

      await worker();
      // Outbox and mail: a sign-up's event is dispatched and its welcome mail delivered.
      const { admin } = await t.signUp('customer');
      // The sign-up's confirmation mail goes to the same address first: wait for the welcome.
      const mail = await sink.waitFor(
        (m) => JSON.stringify(m.to).includes(admin.email) && /Welcome/i.test(m.subject ?? ''),
        RESUMED_WITHIN_MS,
      );
      assert.match(mail.subject ?? '', /Welcome/i);

      // Timers: a transition submitted thirty days ago is past its review deadline (R-TRN-2).
      clock.freeze(new Date(Date.now() - 30 * DAY_MS));
      const operator = (await t.operator()).api;
      const flow = new ProgramFlow(t, operator);
      const partner = await flow.partnerIn('direct_bill');
      assert.equal((await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`)).status, 204);
      const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
      assert.equal(submitted.status, 201, submitted.raw);
      clock.reset();
      t.trellis.worker.wake(queues.timers);
      await eventually(async () => {
        const events = await operator.get(`/v1/audit-events?type=enrollment.review_overdue&subjectId=${submitted.body.id}`);
        assert.equal(events.body.items.length, 1, events.raw);
      }, RESUMED_WITHIN_MS);
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
}
