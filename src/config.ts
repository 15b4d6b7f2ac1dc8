import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

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
  /** Keys session cookies and signs pagination cursors. */
  secret: string;
  /** Demo mode: seeds demo data on an empty database and exposes the dev mailbox. */
  demo: boolean;
  logLevel: string;
  /** Runs the job worker inside `serve`. */
  inProcessWorker: boolean;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  /** Take the client address from X-Forwarded-For: only behind a proxy that sets it (rate limits key on it). */
  trustProxy: boolean;
  signInRateLimit: { max: number; windowMs: number };
  operatorBootstrap: { email: string; password: string; name: string } | undefined;
}

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = int(env, 'PORT', 3000);
  const demo = bool(env, 'TRELLIS_DEMO', false);
  const secret = env.TRELLIS_SECRET ?? '';
  if (!secret && !demo && env.NODE_ENV === 'production') {
    throw new Error('TRELLIS_SECRET must be set in production (32 or more random characters)');
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
    // Without a configured secret, cursors and sessions are valid only for this process's life.
    secret: secret || randomBytes(32).toString('hex'),
    demo,
    logLevel: env.LOG_LEVEL ?? 'info',
    inProcessWorker: bool(env, 'TRELLIS_IN_PROCESS_WORKER', true),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    signInRateLimit: {
      max: int(env, 'SIGN_IN_RATE_LIMIT', 10),
      windowMs: int(env, 'SIGN_IN_RATE_WINDOW_SECONDS', 60) * 1000,
    },
    operatorBootstrap: bootstrapEmail
      ? {
          email: bootstrapEmail,
          password: env.TRELLIS_OPERATOR_PASSWORD ?? '',
          name: env.TRELLIS_OPERATOR_NAME ?? 'Operator admin',
        }
      : undefined,
  };
  return { ...config, ...overrides };
}
