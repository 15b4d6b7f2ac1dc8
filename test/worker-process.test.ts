import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { onPostgres, TestTrellis } from './support/harness.ts';
import { TrellisProcess } from './support/process.ts';
import { startSmtpSink } from './support/smtp.ts';

// A standalone worker needs a database that several processes share: PostgreSQL. On PGlite
// the worker runs inside serve, which the mail and CLI tests cover.
if (onPostgres) {
  describe('trellis worker as its own process (PostgreSQL)', () => {
    let t: TestTrellis;
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    let worker: TrellisProcess;
    before(async () => {
      sink = await startSmtpSink();
      // The API process only enqueues wake-ups: only the standalone worker can deliver.
      t = await TestTrellis.start({ config: { smtpUrl: sink.url }, worker: 'producer' });
      worker = new TrellisProcess(['worker'], {
        ...process.env,
        DATABASE_URL: t.databaseUrl,
        SMTP_URL: sink.url,
        LOG_LEVEL: 'info',
      });
      await worker.waitFor(/worker started/);
    });
    after(async () => {
      await worker.stop('SIGTERM');
      await t.close();
      await sink.close();
    });

    it('consumes events committed by another process and delivers their mail', async () => {
      const { admin } = await t.signUp('partner', { language: 'ko', email: 'standalone-worker@partner.example' });
      // The commit's wake-up job reaches the other process through the queue within a poll.
      // The sign-up's confirmation mail goes to the same address first: wait for the welcome.
      const mail = await sink.waitFor(
        (m) => JSON.stringify(m.to).includes(admin.email) && /환영합니다/.test(m.subject ?? ''),
        20_000,
      );
      assert.match(mail.subject ?? '', /환영합니다/);
    });
  });
}
