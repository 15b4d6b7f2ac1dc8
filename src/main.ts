import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { createTrellis } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { createTenant } from './modules/tenants/service.ts';
import { operatorTenant } from './modules/tenants/store.ts';
import { createUser } from './modules/users/service.ts';
import { pageMail } from './modules/mailbox/store.ts';
import { inTransaction, systemCtx } from './platform/context.ts';
import { connect } from './platform/db/connect.ts';
import { dataDirSecret } from './platform/db/data-dir.ts';
import { serveMetrics, type MetricsListener } from './platform/http/metrics.ts';
import { migrate } from './platform/db/migrate.ts';
import { newToken } from './platform/secrets.ts';
import { demoSignInTable, seedDemo } from './seed/demo.ts';

const usage = `trellis <command>

  serve [--demo]          start the API and the worker (demo: seed an empty database, open the dev mailbox)
        [--unsafe-demo]   demo mode even in production or on an address beyond loopback: its mailbox is public
  migrate                 apply the database migrations
  seed --demo             load the demo data into an empty database (fails on one that has an operator)
  worker                  run the job worker alone (PostgreSQL only: PGlite allows one process)
  operator create --email E --name N [--password P] [--country US]
                          create the operator tenant, or add an operator admin to it
  mail list [--to ADDRESS] [--limit N]
                          print the mail Trellis wrote (the outbox)
`;

/**
 * Holds a port until the server listens on it, so that a server that cannot listen stops
 * before it migrates, seeds or starts a worker.
 */
async function reservePort(host: string, port: number, setting: string): Promise<() => Promise<void>> {
  if (port === 0) return async () => {};
  // A client that connects while we start (a health check, a browser) is turned away at once:
  // an open connection would otherwise keep the probe from closing, and the server from starting.
  const probe = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, resolve);
  }).catch((err: NodeJS.ErrnoException) => {
    throw new Error(
      err.code === 'EADDRINUSE'
        ? `${host}:${port} is in use (another server, another Trellis?): stop it or choose another ${setting}`
        : `cannot listen on ${host}:${port} (${setting}): ${err.message}`,
    );
  });
  return () => new Promise<void>((resolve) => probe.close(() => resolve()));
}

/** Without TRELLIS_SECRET, an installation on PGlite keeps a generated secret in its data folder. */
function withSecret(config: Config): Config {
  if (config.secretConfigured || config.databaseUrl) return config;
  return { ...config, secret: dataDirSecret(config.dataDir) };
}

async function serve(given: Config): Promise<void> {
  const freeApi = await reservePort(given.host, given.port, 'PORT');
  const freeMetrics =
    given.metricsPort === undefined ? undefined : await reservePort(given.metricsHost, given.metricsPort, 'METRICS_PORT');
  const config = withSecret(given);
  // Without an in-process worker, commits still enqueue wake-ups for `trellis worker` processes.
  const trellis = await createTrellis({
    config,
    worker: config.inProcessWorker ? true : config.databaseUrl ? 'producer' : false,
  });
  const { platform, server } = trellis;
  if (!config.secretConfigured && config.databaseUrl) {
    server.log.warn(
      'TRELLIS_SECRET is not set: this process made up its own, so cursors, idempotent replays and ' +
        'enrolled authenticator apps stop working when it restarts, and other processes cannot read them',
    );
  }
  await bootstrapOperator(trellis.platform.config, trellis.platform);
  if (config.demo && (await seedDemo(platform))) server.log.info('demo data seeded');
  await freeApi();
  await server.listen({ port: config.port, host: config.host });
  let metrics: MetricsListener | undefined;
  if (freeMetrics && config.metricsPort !== undefined) {
    await freeMetrics();
    metrics = await serveMetrics(server.metrics, config.metricsHost, config.metricsPort);
  }
  const lines = [
    '',
    `Trellis is running at ${config.publicUrl} on ${platform.database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`,
    `  API documentation: ${config.publicUrl}/docs`,
    ...(metrics ? [`  Metrics:           http://${config.metricsHost}:${metrics.port}/metrics`] : []),
    ...(config.demo
      ? [`  Demo mailbox:      ${config.publicUrl}/mailbox (the API's: /v1/dev/mailbox)`, '', demoSignInTable()]
      : []),
    '',
  ];
  const stop = async () => {
    await metrics?.close();
    await trellis.close();
    process.exit(0);
  };
  // Before the banner: whoever reads it may stop the server at once (a supervisor, a test),
  // and a signal that came before its handler would kill the process without closing the data.
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.stdout.write(lines.join('\n') + '\n');
}

/** First-run operator from TRELLIS_OPERATOR_EMAIL / _PASSWORD, when the installation has none. */
async function bootstrapOperator(config: Config, platform: Parameters<typeof systemCtx>[0]): Promise<void> {
  const boot = config.operatorBootstrap;
  if (!boot) return;
  const ctx = systemCtx(platform, 'bootstrap');
  if (await operatorTenant(ctx)) return;
  if (boot.password.length < 12) throw new Error('TRELLIS_OPERATOR_PASSWORD must have 12 or more characters');
  await createTenant(ctx, { kind: 'operator', name: 'Operator', countryCode: 'US', admin: { ...boot } });
}

async function main(argv: string[]): Promise<void> {
  const [command, sub] = argv;
  const { values } = parseArgs({
    args: argv.slice(command === 'operator' || command === 'mail' ? 2 : 1),
    options: {
      demo: { type: 'boolean' },
      'unsafe-demo': { type: 'boolean' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      country: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  const unsafe = values['unsafe-demo'] === true;
  const config = loadConfig(process.env, values.demo || unsafe ? { demo: true, ...(unsafe ? { demoForced: true } : {}) } : {});
  if (config.demoWarning) console.error(config.demoWarning);
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      await migrate(database);
      await database.close();
      console.log('migrations applied');
      return;
    }
    case 'seed': {
      if (!values.demo && !unsafe) throw new Error('say which data: trellis seed --demo');
      const trellis = await createTrellis({ config: withSecret(config), logger: false });
      const seeded = await seedDemo(trellis.platform);
      await trellis.worker.runOnce();
      await trellis.close();
      if (!seeded) throw new Error('the database already has an operator: demo not seeded');
      console.log(`demo data seeded\n${demoSignInTable()}`);
      return;
    }
    case 'worker': {
      if (!config.databaseUrl)
        throw new Error('trellis worker needs DATABASE_URL: on PGlite the worker runs inside trellis serve');
      const trellis = await createTrellis({ config, worker: true });
      const stop = async () => {
        await trellis.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      trellis.server.log.info('worker started');
      return;
    }
    case 'operator': {
      if (sub !== 'create' || !values.email || !values.name)
        throw new Error('usage: trellis operator create --email E --name N [--password P]');
      const password = values.password ?? newToken('').slice(0, 20);
      const trellis = await createTrellis({ config: withSecret(config), logger: false });
      const ctx = systemCtx(trellis.platform, 'cli');
      const existing = await operatorTenant(ctx);
      if (existing) {
        await inTransaction(ctx, (tx) =>
          createUser(tx, {
            tenantId: existing.id,
            kind: 'operator',
            email: values.email!,
            name: values.name!,
            language: 'en',
            roles: ['operator_admin'],
            password,
          }),
        );
      } else {
        await createTenant(ctx, {
          kind: 'operator',
          name: 'Operator',
          countryCode: values.country ?? 'US',
          admin: { email: values.email, name: values.name, password },
        });
      }
      await trellis.close();
      console.log(`operator admin ${values.email} created${values.password ? '' : `; password (shown once): ${password}`}`);
      return;
    }
    case 'mail': {
      if (sub !== 'list') throw new Error('usage: trellis mail list [--to ADDRESS] [--limit N]');
      const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      await migrate(database);
      const platform = { config, database, wakeOutbox: () => {}, wakeMail: () => {}, wakeJobs: () => {} };
      const rows = await pageMail(systemCtx(platform), values.to, undefined, Number(values.limit ?? 20));
      await database.close();
      for (const m of rows) {
        console.log(
          `── ${m.createdAt.toISOString()}  ${m.status}  to ${m.toAddress} (${m.language})\nSubject: ${m.subject}\n\n${m.textBody}\n`,
        );
      }
      if (rows.length === 0) console.log('no mail');
      return;
    }
    default:
      process.stdout.write(usage);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`trellis: ${(err as Error).message}`);
  process.exit(1);
});
