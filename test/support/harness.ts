import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { createTrellis, type Trellis } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { systemCtx } from '../../src/platform/context.ts';
import { connect, type Database } from '../../src/platform/db/connect.ts';
import { mailMessages } from '../../src/platform/db/schema.ts';
import { createTenant } from '../../src/modules/tenants/service.ts';
import { withDatabase } from './template.ts';
import { and, desc, eq } from 'drizzle-orm';

export const PASSWORD = 'correct horse battery staple';

/** A fresh database for one test file: a copy of the run's migrated template. */
async function freshDatabase(): Promise<{ database: Database; migrated: boolean; url?: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = process.env.TRELLIS_TEST_PG_TEMPLATE;
    const name = `trellis_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    await admin.end();
    const database = await connect({ databaseUrl: withDatabase(url, name), poolSize: 20 });
    const drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
    return { database, migrated: Boolean(template), url: withDatabase(url, name), drop };
  }
  const dump = process.env.TRELLIS_TEST_PGLITE_DUMP;
  // A Blob on the file: read into a Buffer and copied into a Blob, the 40 MB template cost
  // half a second of CPU in every test file.
  const database = dump ? await connect({ loadDataDir: await openAsBlob(dump) }) : await connect({});
  return { database, migrated: Boolean(dump), drop: async () => {} };
}

export interface Response<T = any> {
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  body: T;
  raw: string;
}

export interface Credentials {
  cookie?: string;
  token?: string;
}

export interface RequestOptions extends Credentials {
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestOptions {
  config?: Partial<Config>;
  worker?: boolean | 'producer';
  mailTransport?: Transporter;
  /** Log to this stream (at the config's LOG level) instead of not at all. */
  logStream?: { write(line: string): void };
}

/** A whole Trellis on its own fresh database, driven through HTTP injection. */
export class TestTrellis {
  private constructor(
    public trellis: Trellis,
    private readonly drop: () => Promise<void>,
    /** This file's own PostgreSQL database, when the suite runs on PostgreSQL. */
    readonly databaseUrl: string | undefined,
    private readonly options: TestOptions = {},
  ) {}

  static async start(options: TestOptions = {}): Promise<TestTrellis> {
    const { database, migrated, url, drop } = await freshDatabase();
    // The suite's cheaper password hashing (scripts/test.ts sets it) reaches these Trellises too.
    const hashing = {
      PASSWORD_HASH_MEMORY_KIB: process.env.PASSWORD_HASH_MEMORY_KIB,
      PASSWORD_HASH_ITERATIONS: process.env.PASSWORD_HASH_ITERATIONS,
    };
    const config = loadConfig(hashing, {
      publicUrl: 'http://trellis.test',
      databaseUrl: url,
      signInRateLimit: { max: 100_000, windowMs: 60_000 },
      ...options.config,
    });
    const trellis = await createTrellis({
      config,
      database,
      migrate: !migrated,
      logger: Boolean(options.logStream),
      ...(options.logStream ? { logStream: options.logStream } : {}),
      worker: options.worker ?? false,
      ...(options.mailTransport ? { mailTransport: options.mailTransport } : {}),
    });
    return new TestTrellis(trellis, drop, url, options);
  }

  /**
   * Stops this Trellis as a server stops (the worker finishes its transaction in flight) and
   * starts a new one on the same database, kept: on PGlite, the in-memory database is carried
   * over as a dump. Sessions and data survive, as they do a restart.
   */
  async restart(options: Pick<TestOptions, 'worker'> = {}): Promise<void> {
    const old = this.trellis;
    await old.worker.stop();
    await old.server.close();
    const database = old.platform.database;
    let reopened: Database;
    if (database.kind === 'pglite') {
      const dump = await database.dump!();
      await database.close();
      reopened = await connect({ loadDataDir: dump });
    } else {
      await database.close();
      reopened = await connect({ databaseUrl: this.databaseUrl!, poolSize: 20 });
    }
    this.trellis = await createTrellis({
      config: old.config,
      database: reopened,
      migrate: false,
      logger: Boolean(this.options.logStream),
      ...(this.options.logStream ? { logStream: this.options.logStream } : {}),
      worker: options.worker ?? this.options.worker ?? false,
      ...(this.options.mailTransport ? { mailTransport: this.options.mailTransport } : {}),
    });
  }

  get platform() {
    return this.trellis.platform;
  }

  get db() {
    return this.trellis.platform.database.db;
  }

  async request<T = any>(method: string, url: string, options: RequestOptions = {}): Promise<Response<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await this.trellis.server.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      headers: res.headers,
      body: (type.includes('json') && res.body ? JSON.parse(res.body) : res.body) as T,
      raw: res.body,
    };
  }

  /**
   * Runs `fn` and returns what it returned with the SQL statements sent meanwhile (the test's
   * and the server's alike, so nothing else should run at the same time).
   */
  async countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; queries: string[] }> {
    const queries: string[] = [];
    const stop = this.platform.database.observe((text) => queries.push(text));
    try {
      const result = await fn();
      return { result, count: queries.length, queries };
    } finally {
      stop();
    }
  }

  /** Requests made as one signed-in user or token. */
  as(credentials: Credentials) {
    const call = (method: string) => (url: string, body?: unknown, headers?: Record<string, string>) =>
      this.request(method, url, { ...credentials, body, ...(headers ? { headers } : {}) });
    return { get: call('GET'), post: call('POST'), put: call('PUT'), patch: call('PATCH'), delete: call('DELETE') };
  }

  /**
   * Signs up a tenant through the API as a person does: the sign-up request, then the link of
   * the confirmation mail. Its admin's password is PASSWORD.
   */
  async signUp(
    kind: 'partner' | 'customer',
    overrides: { name?: string; countryCode?: string; email?: string; language?: string } = {},
  ) {
    const suffix = randomBytes(4).toString('hex');
    const requested = await this.request('POST', '/v1/tenants', {
      body: {
        kind,
        name: overrides.name ?? `${kind} ${suffix}`,
        countryCode: overrides.countryCode ?? 'US',
        ...(overrides.language ? { language: overrides.language } : {}),
        admin: {
          email: overrides.email ?? `admin-${suffix}@${kind}.example`,
          name: `Admin ${suffix}`,
          password: PASSWORD,
          ...(overrides.language ? { language: overrides.language } : {}),
        },
      },
    });
    if (requested.status !== 202) throw new Error(`sign-up failed: ${requested.status} ${requested.raw}`);
    const res = await this.request('POST', '/v1/sign-up-confirmations', {
      body: { token: await this.signUpToken(requested.body.email) },
    });
    if (res.status !== 201) throw new Error(`sign-up confirmation failed: ${res.status} ${res.raw}`);
    return res.body as { tenant: { id: string; name: string }; admin: { id: string; email: string } };
  }

  /**
   * The token of the newest sign-up confirmation mailed to an address. That mail is written in
   * the sign-up's own transaction, so it is read straight from the outbox table.
   */
  async signUpToken(address: string): Promise<string> {
    const [mail] = await this.db
      .select({ text: mailMessages.textBody })
      .from(mailMessages)
      .where(and(eq(mailMessages.toAddress, address.toLowerCase()), eq(mailMessages.template, 'signUpConfirmation')))
      .orderBy(desc(mailMessages.createdAt))
      .limit(1);
    const token = mail && /\/sign-up\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (!token) throw new Error(`no sign-up confirmation mailed to ${address}`);
    return token;
  }

  /** Signs in and returns the session cookie. */
  async signIn(email: string, password = PASSWORD, totpCode?: string): Promise<string> {
    const res = await this.request('POST', '/v1/sessions', { body: { email, password, ...(totpCode ? { totpCode } : {}) } });
    if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${res.raw}`);
    return sessionCookie(res);
  }

  /** A partner or customer with its admin signed in. */
  async tenantWithAdmin(kind: 'partner' | 'customer', overrides: Parameters<TestTrellis['signUp']>[1] = {}) {
    const signedUp = await this.signUp(kind, overrides);
    const cookie = await this.signIn(signedUp.admin.email);
    return { ...signedUp, cookie, api: this.as({ cookie }) };
  }

  /** The operator tenant (made as the CLI does) with its admin signed in. */
  async operator() {
    const email = `operator-${randomBytes(4).toString('hex')}@operator.example`;
    const { tenant, admin } = await createTenant(systemCtx(this.platform, 'test'), {
      kind: 'operator',
      name: 'Operator',
      countryCode: 'US',
      admin: { email, name: 'Operator admin', password: PASSWORD },
    });
    const cookie = await this.signIn(email);
    return { tenant, admin, cookie, api: this.as({ cookie }) };
  }

  /** Mail written to an address, newest first, once the outbox has been processed. */
  async mailTo(address: string) {
    await this.trellis.worker.runOnce();
    return this.db
      .select()
      .from(mailMessages)
      .where(eq(mailMessages.toAddress, address.toLowerCase()))
      .orderBy(desc(mailMessages.createdAt));
  }

  async close(): Promise<void> {
    await this.trellis.close();
    await this.drop();
  }
}

export function sessionCookie(res: Response): string {
  const setCookie = res.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!first) throw new Error('no session cookie');
  return String(first).split(';')[0]!;
}

export const onPostgres = Boolean(process.env.DATABASE_URL);
