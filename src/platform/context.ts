import type { Config } from '../config.ts';
import type { TenantKind } from '../domain/roles.ts';
import type { Database, Db } from './db/connect.ts';

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
  wakeOutbox(): void;
  /** Wakes mail delivery after a commit that queued mail. */
  wakeMail(): void;
  /** Wakes the modules' background jobs (bulk moves) after a commit that gave them work. */
  wakeJobs(): void;
}

/**
 * The first argument of every service call: who acts, for which request, on which
 * database handle (the root one, or the transaction it runs in).
 */
export interface Ctx {
  requestId: string;
  actor: Actor | null;
  db: Db;
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
  return { requestId, actor: null, db: platform.database.db, platform };
}

/**
 * Runs `fn` in one transaction (or in the caller's, when already inside one): a failure
 * half-way leaves nothing behind, and work queued with `afterCommit` runs only on commit.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.afterCommit) return fn(ctx);
  const hooks: (() => void)[] = [];
  const result = await ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx as unknown as Db, afterCommit: hooks }));
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
