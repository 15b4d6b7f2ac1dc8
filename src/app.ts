import type { Config } from './config.ts';
import { loadConfig } from './config.ts';
import { setPasswordHashCost } from './platform/passwords.ts';
import { agreementRoutes } from './modules/agreements/routes.ts';
import { apiTokenEventHandlers } from './modules/api-tokens/events.ts';
import { apiTokenRoutes } from './modules/api-tokens/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authEventHandlers } from './modules/auth/events.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { authenticator, pruneSignInFailures, sealClearTotpSecrets } from './modules/auth/service.ts';
import { deleteExpiredSessions } from './modules/auth/store.ts';
import { enrollmentEventHandlers } from './modules/enrollments/events.ts';
import { enrollmentRoutes } from './modules/enrollments/routes.ts';
import { enrollmentTimers } from './modules/enrollments/timers.ts';
import { incentiveRoutes } from './modules/incentives/routes.ts';
import { incentiveTimers } from './modules/incentives/service.ts';
import { partnerRoutes } from './modules/partners/routes.ts';
import { customerRoutes } from './modules/customers/routes.ts';
import { catalogRoutes } from './modules/catalog/routes.ts';
import { orderRoutes } from './modules/orders/routes.ts';
import { priceBookRoutes } from './modules/pricebooks/routes.ts';
import { priceBookEventHandlers } from './modules/pricebooks/events.ts';
import { subscriptionTimers } from './modules/orders/timers.ts';
import { licenseRoutes } from './modules/licenses/routes.ts';
import { invoiceRoutes } from './modules/invoices/routes.ts';
import { invoiceTimers } from './modules/invoices/timers.ts';
import { relationshipRequestRoutes } from './modules/relationship-requests/routes.ts';
import { grantRoutes } from './modules/grants/routes.ts';
import { bulkMoveRoutes } from './modules/bulk-moves/routes.ts';
import { runBulkMoves } from './modules/bulk-moves/runner.ts';
import { grantEventHandlers } from './modules/grants/events.ts';
import { grantTimers } from './modules/grants/timers.ts';
import { grantRequestRoutes } from './modules/grant-requests/routes.ts';
import { delegatedAdminRoutes } from './modules/delegated-admin/routes.ts';
import { directoryRoutes } from './modules/directory/routes.ts';
import { documentationRoutes } from './modules/documentation/routes.ts';
import { directoryEventHandlers } from './modules/directory/service.ts';
import { linkRoutes } from './modules/links/routes.ts';
import { partnershipRoutes } from './modules/partnerships/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { mailboxRoutes } from './modules/mailbox/routes.ts';
import { marketRoutes } from './modules/markets/routes.ts';
import { settingsRoutes } from './modules/settings/routes.ts';
import { tenantEventHandlers } from './modules/tenants/events.ts';
import { tenantRoutes } from './modules/tenants/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { systemCtx, type Platform } from './platform/context.ts';
import { connect, type Database } from './platform/db/connect.ts';
import { migrate } from './platform/db/migrate.ts';
import type { EventHandlers } from './platform/events/dispatch.ts';
import { pruneIdempotencyKeys } from './platform/http/idempotency.ts';
import { buildServer, type App } from './platform/http/server.ts';
import { queues, Worker } from './platform/jobs/worker.ts';
import type { Transporter } from 'nodemailer';

/** Every module's reactions to events, merged: several modules may react to one type. */
function mergeHandlers(...sets: EventHandlers[]): EventHandlers {
  const merged: EventHandlers = {};
  for (const set of sets) for (const [type, list] of Object.entries(set)) (merged[type] ??= []).push(...list);
  return merged;
}

export const eventHandlers = mergeHandlers(
  directoryEventHandlers,
  tenantEventHandlers,
  apiTokenEventHandlers,
  authEventHandlers,
  enrollmentEventHandlers,
  grantEventHandlers,
  priceBookEventHandlers,
);

export interface Trellis {
  config: Config;
  platform: Platform;
  server: App;
  worker: Worker;
  close(): Promise<void>;
}

export interface CreateOptions {
  config?: Config;
  /** An open database (tests); otherwise one is opened from the config. */
  database?: Database;
  /** Run the queues in this process (true), only enqueue for other worker processes ('producer'), or neither. */
  worker?: boolean | 'producer';
  /** Run migrations first (default true). */
  migrate?: boolean;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
  mailTransport?: Transporter;
}

/** Opens the database, migrates it, and assembles the server and the worker. */
export async function createTrellis(options: CreateOptions = {}): Promise<Trellis> {
  const config = options.config ?? loadConfig();
  setPasswordHashCost(config.passwordHashCost);
  const database = options.database ?? (await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  try {
    if (options.migrate !== false) await migrate(database);
    let worker: Worker | undefined;
    const platform: Platform = {
      config,
      database,
      wakeOutbox: () => worker?.wake(queues.outbox),
      wakeMail: () => worker?.wake(queues.mail),
      wakeJobs: () => worker?.wake(queues.jobs),
    };
    await sealClearTotpSecrets(systemCtx(platform, 'startup'));
    const server = await buildServer({
      platform,
      authenticator: authenticator(platform),
      logger: options.logger,
      ...(options.logStream ? { logStream: options.logStream } : {}),
    });
    for (const routes of [
      healthRoutes,
      documentationRoutes,
      marketRoutes,
      tenantRoutes,
      authRoutes,
      userRoutes,
      apiTokenRoutes,
      auditRoutes,
      settingsRoutes,
      partnerRoutes,
      enrollmentRoutes,
      agreementRoutes,
      incentiveRoutes,
      partnershipRoutes,
      linkRoutes,
      directoryRoutes,
      customerRoutes,
      relationshipRequestRoutes,
      grantRoutes,
      grantRequestRoutes,
      delegatedAdminRoutes,
      bulkMoveRoutes,
      catalogRoutes,
      orderRoutes,
      priceBookRoutes,
      licenseRoutes,
      invoiceRoutes,
    ]) {
      await server.register(routes);
    }
    if (config.demo) await server.register(mailboxRoutes);
    await server.ready();
    worker = new Worker({
      platform,
      handlers: eventHandlers,
      housekeeping: [deleteExpiredSessions, pruneSignInFailures, (ctx) => pruneIdempotencyKeys(ctx)],
      // Invoices last: a renewal due before midnight is made before the month it falls in is invoiced.
      timers: [enrollmentTimers, incentiveTimers, grantTimers, subscriptionTimers, invoiceTimers],
      jobs: [runBulkMoves],
      log: server.log,
      ...(options.mailTransport ? { transport: options.mailTransport } : {}),
    });
    if (options.worker) await worker.start(options.worker === 'producer' ? 'produce' : 'consume');
    const started = worker;
    return {
      config,
      platform,
      server,
      worker: started,
      async close() {
        await started.stop();
        await server.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
