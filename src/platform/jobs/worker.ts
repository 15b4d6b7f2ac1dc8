import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Transporter } from 'nodemailer';
import { systemCtx, type Platform } from '../context.ts';
import { deliverQueuedMail, smtpTransport } from '../mail/delivery.ts';
import { dispatchEvents, type EventHandlers } from '../events/dispatch.ts';

export const queues = {
  outbox: 'outbox.dispatch',
  mail: 'mail.deliver',
  timers: 'timers',
  housekeeping: 'housekeeping',
} as const;

/** Periodic clean-up a module contributes (expired sessions, old idempotency keys). */
export type Housekeeping = (ctx: ReturnType<typeof systemCtx>) => Promise<unknown>;

export interface WorkerOptions {
  platform: Platform;
  handlers: EventHandlers;
  housekeeping: Housekeeping[];
  /** Deadline checks on the clock module (review deadlines, invitations due): every minute. */
  timers: Housekeeping[];
  log: FastifyBaseLogger;
  /** Overrides SMTP_URL's transport (tests). */
  transport?: Transporter;
}

/**
 * The background worker: pg-boss queues over the same database. Commits wake it at once
 * (`wake`), a one-minute schedule catches anything a crash left behind.
 */
export class Worker {
  private boss: PgBoss | undefined;
  private readonly workerIds = new Map<string, string>();
  private readonly transport: Transporter | undefined;

  constructor(private readonly options: WorkerOptions) {
    const url = options.platform.config.smtpUrl;
    this.transport = options.transport ?? (url ? smtpTransport(url) : undefined);
  }

  /**
   * `consume`: run the queues here. `produce`: only enqueue wake-ups, for an API process
   * whose work is done by `trellis worker` processes (PostgreSQL).
   */
  async start(mode: 'consume' | 'produce' = 'consume'): Promise<void> {
    const { platform } = this.options;
    const database = platform.database;
    const consume = mode === 'consume';
    const boss = new PgBoss({
      ...(database.kind === 'postgres'
        ? { connectionString: platform.config.databaseUrl!, max: consume ? 4 : 2 }
        : { db: { executeSql: (text: string, values: unknown[]) => database.exec(text, values) } }),
      supervise: consume,
      schedule: consume,
    });
    boss.on('error', (err) => this.options.log.error({ err }, 'job queue error'));
    await boss.start();
    for (const name of Object.values(queues)) await boss.createQueue(name, { name, policy: 'stately' });
    if (!consume) {
      this.boss = boss;
      return;
    }
    const polling = { pollingIntervalSeconds: 2 };
    this.workerIds.set(queues.outbox, await boss.work(queues.outbox, polling, async () => this.drainOutbox()));
    this.workerIds.set(queues.mail, await boss.work(queues.mail, polling, async () => this.deliverMail()));
    this.workerIds.set(queues.timers, await boss.work(queues.timers, async () => this.runTimers()));
    this.workerIds.set(queues.housekeeping, await boss.work(queues.housekeeping, async () => this.housekeep()));
    await boss.schedule(queues.outbox, '* * * * *');
    await boss.schedule(queues.mail, '* * * * *');
    await boss.schedule(queues.timers, '* * * * *');
    await boss.schedule(queues.housekeeping, '17 * * * *');
    this.boss = boss;
    this.wake(queues.outbox);
    this.wake(queues.mail);
  }

  /** Asks for a run of a queue now; a run already queued absorbs the request (stately policy). */
  wake(queue: string): void {
    const boss = this.boss;
    if (!boss) return;
    boss
      .send(queue, {})
      .then(() => {
        const id = this.workerIds.get(queue);
        if (id) boss.notifyWorker(id);
      })
      .catch((err: unknown) => this.options.log.error({ err, queue }, 'could not wake the worker'));
  }

  async drainOutbox(): Promise<number> {
    let total = 0;
    for (;;) {
      const taken = await dispatchEvents(this.options.platform, this.options.handlers, this.options.log);
      total += taken;
      if (taken < 100) break;
    }
    return total;
  }

  async deliverMail(): Promise<number> {
    if (!this.transport) return 0;
    let total = 0;
    for (;;) {
      const sent = await deliverQueuedMail(this.options.platform, this.transport);
      total += sent;
      if (sent === 0) break;
    }
    return total;
  }

  async housekeep(): Promise<void> {
    const ctx = systemCtx(this.options.platform, 'housekeeping');
    for (const job of this.options.housekeeping) await job(ctx);
  }

  async runTimers(): Promise<void> {
    const ctx = systemCtx(this.options.platform, 'timers');
    for (const timer of this.options.timers) await timer(ctx);
  }

  /** Everything pending, now, without the queue: for the CLI and tests. */
  async runOnce(): Promise<{ events: number; mails: number }> {
    await this.runTimers();
    const events = await this.drainOutbox();
    const mails = await this.deliverMail();
    return { events, mails };
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    if (boss) await boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
    this.transport?.close();
  }
}
