import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { onPostgres, TestTrellis } from './support/harness.ts';
import { startSmtpSink } from './support/smtp.ts';

const root = resolve(import.meta.dirname, '..');

// A standalone worker needs a database that several processes share: PostgreSQL. On PGlite
// the worker runs inside serve, which the mail and CLI tests cover.
if (onPostgres) {
  describe('trellis worker as its own process (PostgreSQL)', () => {
    let t: TestTrellis;
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    let worker: ChildProcess;
    let output = '';
    before(async () => {
      sink = await startSmtpSink();
      // The API process only enqueues wake-ups: only the standalone worker can deliver.
      t = await TestTrellis.start({ config: { smtpUrl: sink.url }, worker: 'producer' });
      worker = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), 'worker'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: t.databaseUrl, SMTP_URL: sink.url, LOG_LEVEL: 'info' },
      });
      worker.stdout!.on('data', (d) => (output += d));
      worker.stderr!.on('data', (d) => (output += d));
      const deadline = Date.now() + 30_000;
      while (!output.includes('worker started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    });
    after(async () => {
      worker.kill('SIGTERM');
      await new Promise((done) => worker.once('exit', done));
      await t.close();
      await sink.close();
    });

    it('consumes events committed by another process and delivers their mail', async () => {
      assert.match(output, /worker started/);
      const { admin } = await t.signUp('partner', { language: 'ko', email: 'standalone-worker@partner.example' });
      // The commit's wake-up job reaches the other process through the queue within a poll.
      const mail = await sink.waitFor((m) => JSON.stringify(m.to).includes(admin.email), 20_000);
      assert.match(mail.subject ?? '', /환영합니다/);
    });
  });
}
