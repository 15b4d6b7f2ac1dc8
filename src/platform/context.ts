import type { Config } from '../config.ts';
import type { TenantKind } from '../domain/roles.ts';
import { sql } from 'drizzle-orm';
import { DbScope, type Database, type Db } from './db/connect.ts';

/** Who is calling: a user, signed in or through one of its API tokens. */
export interface Actor {
  userId: string;
  tenantId: string;
  tenantKind: TenantKind;
  email: string;
  /** The user's language (en, ko, fr): refusals are worded in it. */
  language?: string;
  /** Effective roles: a token's roles are those it was scoped to that the user still holds. */
  roles: string[];
  apiTokenId?: string;
  sessionHash?: string;
  /** Signed in, but the operator requires MFA and the user has not enrolled yet. */
  mfaEnrollmentRequired?: boolean;
}

/** A live grant as a call uses it: which one, on whose tenant, with which admin roles. */
export interface ActingGrant {
  id: string;
  grantorId: string;
  grantorKind: TenantKind;
  roles: readonly string[];
}

/** What background work and hooks need from the running process. */
export interface Platform {
  config: Config;
  database: Database;
  /** Wakes the outbox dispatcher after a commit that wrote events (a stable function: hooks dedupe on it). */
  wakeOutbox: () => void;
  /** Wakes mail delivery after a commit that queued mail. */
  wakeMail: () => void;
  /** Wakes the modules' background jobs (bulk moves) after a commit that gave them work. */
  wakeJobs: () => void;
}

/**
 * The first argument of every service call: who acts, for which request, on which
 * database handle (the root one, or the transaction it runs in).
 */
export interface Ctx {
  requestId: string;
  actor: Actor | null;
  db: Db;
  /**
   * What `db` may see under row-level security (PostgreSQL): system mode, or the tenants the
   * caller's tenant is linked to. Absent on handles made outside a request (system mode).
   */
  scope?: DbScope;
  platform: Platform;
  /**
   * The delegated-admin grant the actor (a partner user) works under on another tenant's data,
   * set by the one live-grant check (R-GRT-3) and recorded on every event the call writes.
   */
  grant?: ActingGrant;
  /** Set inside `inTransaction`: callbacks that run once the transaction has committed. */
  afterCommit?: (() => void)[];
}

export function systemCtx(platform: Platform, requestId = 'system'): Ctx {
  return { requestId, actor: null, db: platform.database.db, scope: DbScope.system(), platform };
}

/**
 * Lets the call reach tenants its caller was not linked to when the request began: the one it
 * has just created (a partner's new customer), or the other side of a link it has just
 * accepted. Called only after the service's own check has decided the call may; inside a
 * transaction the wider scope holds from the next statement (SET LOCAL, ended by the
 * transaction), outside one from the next query.
 */
/**
 * Runs `fn` on a handle that sees every tenant, for the few checks that span tenants by
 * design: a partner ID is one partner's across all of them, codes for one ID are capped
 * whoever asks, an e-mail address has one account in the whole installation. `fn` reads
 * what it needs and returns no other tenant's row to its caller. In a transaction, system
 * mode is SET LOCAL around `fn` on the transaction's own connection (locks and snapshot stay
 * the transaction's); outside one, in a transaction of its own on the caller's handle.
 */
export async function acrossTenants<T>(ctx: Ctx, fn: (db: Db) => Promise<T>): Promise<T> {
  if (!ctx.scope || ctx.scope.system || !ctx.platform.database.rowLevelSecurity) return fn(ctx.db);
  const run = async (db: Db) => {
    await db.execute(sql`SELECT set_config('trellis.system', 'on', true)`);
    try {
      return await fn(db);
    } finally {
      // A failed statement aborted the transaction, which rolls the setting back with it.
      await db.execute(sql`SELECT set_config('trellis.system', 'off', true)`).catch(() => {});
    }
  };
  if (ctx.afterCommit) return run(ctx.db);
  // On the request's own connection (a second one, taken while it holds the first, could wait
  // for ever on a pool that every request holds one of).
  return ctx.db.transaction((tx) => run(tx as unknown as Db));
}

export async function widenScope(ctx: Ctx, tenantIds: readonly string[]): Promise<void> {
  const scope = ctx.scope;
  if (!scope || scope.system || !scope.add(tenantIds)) return;
  if (ctx.afterCommit && ctx.platform.database.rowLevelSecurity) {
    await ctx.db.execute(sql`SELECT set_config('trellis.tenant_ids', ${scope.tenantIds}, true)`);
  }
}

/**
 * Runs `fn` in one transaction (or in the caller's, when already inside one): a failure
 * half-way leaves nothing behind, and work queued with `afterCommit` runs only on commit.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.afterCommit) return fn(ctx);
  const hooks: (() => void)[] = [];
  const result = await ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx, afterCommit: hooks }));
  for (const hook of hooks) hook();
  return result;
}

/** Runs `hook` once after the caller's transaction commits, or now when there is none. */
export function onCommit(ctx: Ctx, hook: () => void): void {
  if (!ctx.afterCommit) hook();
  else if (!ctx.afterCommit.includes(hook)) ctx.afterCommit.push(hook);
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Error('This call needs an authenticated actor');
  return ctx.actor;
}
