import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Transporter } from 'nodemailer';
import { clock } from '../clock.ts';
import { systemCtx, type Ctx, type Platform } from '../context.ts';
import { deliverQueuedMail, smtpTransport } from '../mail/delivery.ts';
import { dispatchEvents, type EventHandlers } from '../events/dispatch.ts';

export const queues = {
  outbox: 'outbox.wake',
  mail: 'mail.wake',
  timers: 'timers.run',
  housekeeping: 'housekeeping.run',
  jobs: 'jobs',
} as const;

/**
 * Queues of earlier versions, of pg-boss's 'stately' policy: a job left active by a killed
 * process held every later one back until it expired, 15 minutes on. Their jobs are only
 * wake-ups (the work waits in the outbox and mail tables), so they are dropped whole.
 */
const retiredQueues = ['outbox.dispatch', 'mail.deliver', 'timers', 'housekeeping'];
/** pg-boss's own schema, its default. */
const BOSS_SCHEMA = 'pgboss';

/** Periodic clean-up a module contributes (expired sessions, old idempotency keys). */
export type Housekeeping = (ctx: ReturnType<typeof systemCtx>) => Promise<unknown>;

/**
 * Resumable work a module contributes (bulk moves): does what is due, in transactions, and
 * says when it next has something due (undefined: nothing waiting). It must be safe to run in
 * several processes at once (rows taken FOR UPDATE SKIP LOCKED) and to be stopped anywhere;
 * it checks `signal` between transactions.
 */
export type JobRunner = (ctx: Ctx, signal: AbortSignal) => Promise<Date | undefined>;

/** A job loop sleeps until its next due time when that comes before the next minute's schedule. */
const MAX_SLEEP_MS = 60_000;

export interface WorkerOptions {
  platform: Platform;
  handlers: EventHandlers;
  housekeeping: Housekeeping[];
  /** Deadline checks on the clock module (review deadlines, invitations due): every minute. */
  timers: Housekeeping[];
  /** Modules' resumable jobs: woken on commit (Platform.wakeJobs), caught up every minute and at start. */
  jobs: JobRunner[];
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
  private readonly stopping = new AbortController();
  private jobLoop: Promise<void> | undefined;
  private jobsAgain = false;
  private cutSleep: (() => void) | undefined;

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
    // Every job is a wake-up: one waits at a time, and one left active by a killed process
    // never holds the next one back ('short'). What they start may so run in two processes at
    // once, and is made for it: the outbox and mail take their rows SKIP LOCKED, timers and
    // jobs decide on each row under its lock.
    for (const name of Object.values(queues)) await boss.createQueue(name, { name, policy: 'short' });
    if (consume) for (const name of retiredQueues) await this.retire(boss, name);
    if (!consume) {
      this.boss = boss;
      return;
    }
    const polling = { pollingIntervalSeconds: 2 };
    this.workerIds.set(queues.outbox, await boss.work(queues.outbox, polling, async () => this.drainOutbox()));
    this.workerIds.set(queues.mail, await boss.work(queues.mail, polling, async () => this.deliverMail()));
    this.workerIds.set(queues.timers, await boss.work(queues.timers, async () => this.runTimers()));
    this.workerIds.set(queues.housekeeping, await boss.work(queues.housekeeping, async () => this.housekeep()));
    // The queue job only starts the loop: no job stays active for as long as a paced bulk move runs.
    this.workerIds.set(queues.jobs, await boss.work(queues.jobs, polling, async () => void this.kickJobs()));
    await boss.schedule(queues.outbox, '* * * * *');
    await boss.schedule(queues.mail, '* * * * *');
    await boss.schedule(queues.timers, '* * * * *');
    await boss.schedule(queues.housekeeping, '17 * * * *');
    await boss.schedule(queues.jobs, '* * * * *');
    this.boss = boss;
    this.wake(queues.outbox);
    this.wake(queues.mail);
    // A restarted worker resumes the jobs it finds unfinished at once.
    void this.kickJobs();
  }

  /**
   * Drops a queue of an earlier version with its jobs and schedule. pg-boss 10 drops only an
   * empty queue, so its jobs (wake-ups, nothing of value) go first. A failure (another process
   * doing the same, an old one still sending) leaves a harmless queue to drop at a later start.
   */
  private async retire(boss: PgBoss, name: string): Promise<void> {
    if (!(await boss.getQueue(name))) return;
    try {
      await this.options.platform.database.raw(`DELETE FROM ${BOSS_SCHEMA}.job WHERE name = $1`, [name]);
      await boss.deleteQueue(name);
    } catch (err) {
      this.options.log.warn({ err, queue: name }, 'could not drop a queue of an earlier version');
    }
  }

  /** Asks for a run of a queue now; a run already queued absorbs the request (short policy). */
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

  /**
   * Runs the modules' jobs in this process, then again whenever the earliest next run is due
   * within a minute, until nothing is; a call while the loop runs makes it go round once more.
   */
  kickJobs(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    if (this.jobLoop) {
      this.jobsAgain = true;
      this.cutSleep?.();
      return this.jobLoop;
    }
    this.jobLoop = this.loopJobs().finally(() => (this.jobLoop = undefined));
    return this.jobLoop;
  }

  private async loopJobs(): Promise<void> {
    const signal = this.stopping.signal;
    do {
      this.jobsAgain = false;
      const next = await this.runJobs();
      if (!next || signal.aborted) continue;
      const wait = next.getTime() - clock.now().getTime();
      if (wait > MAX_SLEEP_MS) continue; // the minute's schedule comes back for it
      if (wait > 0) await this.sleep(wait);
      this.jobsAgain = true;
    } while (this.jobsAgain && !signal.aborted);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.cutSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cutSleep = done;
    });
  }

  /** Each job once; the earliest time one of them has more due. A failing job is tried again shortly. */
  async runJobs(): Promise<Date | undefined> {
    const ctx = systemCtx(this.options.platform, 'jobs');
    let earliest: Date | undefined;
    for (const job of this.options.jobs) {
      let next: Date | undefined;
      try {
        next = await job(ctx, this.stopping.signal);
      } catch (err) {
        this.options.log.error({ err }, 'job failed');
        next = new Date(clock.now().getTime() + 10_000);
      }
      if (next && (!earliest || next < earliest)) earliest = next;
    }
    return earliest;
  }

  /** Everything pending, now, without the queue: for the CLI and tests. */
  async runOnce(): Promise<{ events: number; mails: number }> {
    await this.runTimers();
    for (;;) {
      const next = await this.runJobs();
      if (!next || next > clock.now()) break;
    }
    const events = await this.drainOutbox();
    const mails = await this.deliverMail();
    return { events, mails };
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    // Jobs stop between transactions: what is half-way rolls back and is resumed later.
    this.stopping.abort();
    this.cutSleep?.();
    await this.jobLoop;
    if (boss) await boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
    this.transport?.close();
  }
}
