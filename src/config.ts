import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { OWASP_MINIMUM, type PasswordHashCost } from './platform/passwords.ts';

/** Every setting Trellis reads, typed, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** PGlite data folder, used when no DATABASE_URL is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Base of every link Trellis mails; never taken from a request's Host header. */
  publicUrl: string;
  /**
   * Keys session cookies, signs pagination cursors and seals what is kept secret at rest
   * (idempotent results, authenticator secrets): at least 32 bytes.
   */
  secret: string;
  /** Whether `secret` came from TRELLIS_SECRET; otherwise it was generated for this process. */
  secretConfigured: boolean;
  /** Demo mode: seeds demo data on an empty database and exposes the dev mailbox. */
  demo: boolean;
  /** Demo mode even in production or beyond loopback (--unsafe-demo, TRELLIS_DEMO_FORCE). */
  demoForced: boolean;
  /** Why forced demo mode is unsafe here: printed at start. Set by loadConfig. */
  demoWarning: string | undefined;
  logLevel: string;
  /** Runs the job worker inside `serve`. */
  inProcessWorker: boolean;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  /** Take the client address from X-Forwarded-For: only behind a proxy that sets it (rate limits key on it). */
  trustProxy: boolean;
  signInRateLimit: { max: number; windowMs: number };
  /**
   * argon2id's work factors for new password hashes. Production may only raise them above
   * OWASP's minimum; the test suite lowers them, as it makes thousands of accounts.
   */
  passwordHashCost: PasswordHashCost;
  operatorBootstrap: { email: string; password: string; name: string } | undefined;
  /** Prometheus metrics are served on their own listener, off unless METRICS_PORT is set. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** The built console (`npm run build:web`), served at `/`. */
  webDir: string;
}

export const MIN_SECRET_BYTES = 32;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/** Whether an address to listen on is this machine's own only. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Why demo mode must not run with these settings, if it must not. */
function demoExposure(config: Config, env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_ENV === 'production') return 'NODE_ENV is production';
  if (!isLoopback(config.host)) return `HOST ${config.host} is reachable from other machines`;
  return undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = int(env, 'PORT', 3000);
  const secret = env.TRELLIS_SECRET ?? '';
  if (secret && Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new Error(
      `TRELLIS_SECRET must be at least ${MIN_SECRET_BYTES} bytes, got ${Buffer.byteLength(secret, 'utf8')} (make one with: openssl rand -hex 32)`,
    );
  }
  // Sealed idempotent results and authenticator secrets must open after a restart, demo or not.
  if (!secret && env.NODE_ENV === 'production') {
    throw new Error(
      `TRELLIS_SECRET must be set in production (${MIN_SECRET_BYTES} or more random bytes, e.g. openssl rand -hex 32): ` +
        'it seals data kept in the database, which must open again after a restart',
    );
  }
  const passwordHashCost = {
    memoryKib: int(env, 'PASSWORD_HASH_MEMORY_KIB', OWASP_MINIMUM.memoryKib),
    iterations: int(env, 'PASSWORD_HASH_ITERATIONS', OWASP_MINIMUM.iterations),
  };
  if (
    env.NODE_ENV === 'production' &&
    (passwordHashCost.memoryKib < OWASP_MINIMUM.memoryKib || passwordHashCost.iterations < OWASP_MINIMUM.iterations)
  ) {
    throw new Error(
      `PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_ITERATIONS may not go below OWASP's minimum in production ` +
        `(${OWASP_MINIMUM.memoryKib} KiB, ${OWASP_MINIMUM.iterations} iterations)`,
    );
  }
  if (passwordHashCost.memoryKib < 8 || passwordHashCost.iterations < 1) {
    throw new Error(
      'PASSWORD_HASH_MEMORY_KIB must be at least 8 and PASSWORD_HASH_ITERATIONS at least 1 (argon2 allows no less)',
    );
  }
  const bootstrapEmail = env.TRELLIS_OPERATOR_EMAIL;
  const config: Config = {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.TRELLIS_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Trellis <no-reply@trellis.localhost>',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    // Without a configured secret, cursors and sealed data are valid only for this process's
    // life; the CLI keeps a generated one in a PGlite data folder (dataDirSecret).
    secret: secret || randomBytes(32).toString('hex'),
    secretConfigured: Boolean(secret),
    demo: bool(env, 'TRELLIS_DEMO', false),
    demoForced: bool(env, 'TRELLIS_DEMO_FORCE', false),
    demoWarning: undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    inProcessWorker: bool(env, 'TRELLIS_IN_PROCESS_WORKER', true),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    signInRateLimit: {
      max: int(env, 'SIGN_IN_RATE_LIMIT', 10),
      windowMs: int(env, 'SIGN_IN_RATE_WINDOW_SECONDS', 60) * 1000,
    },
    passwordHashCost,
    operatorBootstrap: bootstrapEmail
      ? {
          email: bootstrapEmail,
          password: env.TRELLIS_OPERATOR_PASSWORD ?? '',
          name: env.TRELLIS_OPERATOR_NAME ?? 'Operator admin',
        }
      : undefined,
    metricsPort: env.METRICS_PORT ? int(env, 'METRICS_PORT', 0) : undefined,
    metricsHost: env.METRICS_HOST ?? '127.0.0.1',
    webDir: resolve(env.TRELLIS_WEB_DIR ?? resolve(import.meta.dirname, '../web/dist')),
  };
  const merged = { ...config, ...overrides };
  const exposure = merged.demo ? demoExposure(merged, env) : undefined;
  if (exposure && !merged.demoForced) {
    throw new Error(
      `demo mode refused: ${exposure}. Its public mailbox (/v1/dev/mailbox) shows every mailed link, ` +
        'password set-up links included, to anyone who asks. Run the demo on a loopback address outside ' +
        'production, or force it with --unsafe-demo (TRELLIS_DEMO_FORCE=true).',
    );
  }
  if (exposure) {
    merged.demoWarning =
      `WARNING: demo mode forced although ${exposure}: anyone who reaches ${merged.publicUrl}/v1/dev/mailbox ` +
      'reads every mailed link, password set-up links included, and can take over any account.';
  }
  return merged;
}
