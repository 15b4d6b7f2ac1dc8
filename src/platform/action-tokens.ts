import { and, eq, gt, isNull } from 'drizzle-orm';
import { clock } from './clock.ts';
import type { Ctx } from './context.ts';
import { actionTokens } from './db/schema.ts';
import { newToken, seal, sha256, unseal } from './secrets.ts';

export type ActionToken = typeof actionTokens.$inferSelect;

const sealContext = (token: string) => `action-token:${token}`;

/**
 * Issues a single-use, expiring token for a mailed link. Only its hash is stored; the
 * raw token goes into the mail and nowhere else. A `payload` is sealed under the server
 * secret and the raw token, so only whoever holds the link can have it opened.
 */
export async function issueActionToken(
  ctx: Ctx,
  input: { purpose: string; tenantId: string; userId?: string; subjectId?: string; ttlMs: number; payload?: unknown },
): Promise<{ token: string; row: ActionToken }> {
  const token = newToken('tra_');
  const secret = ctx.platform.config.secret;
  const now = clock.now();
  const [row] = await ctx.db
    .insert(actionTokens)
    .values({
      tokenHash: sha256(token),
      purpose: input.purpose,
      tenantId: input.tenantId,
      userId: input.userId ?? null,
      subjectId: input.subjectId ?? null,
      payload: input.payload === undefined ? null : seal(secret, sealContext(token), JSON.stringify(input.payload)),
      expiresAt: new Date(now.getTime() + input.ttlMs),
      createdAt: now,
    })
    .returning();
  return { token, row: row! };
}

/** What presenting a token came to: values, so each caller maps each case deliberately. */
export type Consumed = { status: 'ok'; row: ActionToken } | { status: 'unavailable' } | { status: 'unknown' };

/**
 * Uses a token up in one atomic update: of two concurrent uses exactly one succeeds.
 * Used, expired and revoked tokens are all `unavailable` (one uniform 410 upstream).
 */
export async function consumeActionToken(ctx: Ctx, token: string, purpose: string): Promise<Consumed> {
  const hash = sha256(token);
  const now = clock.now();
  const [row] = await ctx.db
    .update(actionTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(actionTokens.tokenHash, hash),
        eq(actionTokens.purpose, purpose),
        isNull(actionTokens.usedAt),
        isNull(actionTokens.revokedAt),
        gt(actionTokens.expiresAt, now),
      ),
    )
    .returning();
  if (row) return { status: 'ok', row };
  const [known] = await ctx.db
    .select({ id: actionTokens.id })
    .from(actionTokens)
    .where(and(eq(actionTokens.tokenHash, hash), eq(actionTokens.purpose, purpose)));
  return known ? { status: 'unavailable' } : { status: 'unknown' };
}

/** The payload a token was issued with, opened with its raw token; undefined when there is none or it cannot be read. */
export function actionTokenPayload(ctx: Ctx, token: string, row: ActionToken): unknown {
  if (row.payload === null) return undefined;
  const plain = unseal(ctx.platform.config.secret, sealContext(token), row.payload);
  return plain === undefined ? undefined : (JSON.parse(plain) as unknown);
}

/** Looks a token up without using it (a link's landing page): the same outcomes as `consumeActionToken`. */
export async function peekActionToken(ctx: Ctx, token: string, purposes: readonly string[]): Promise<Consumed> {
  const [row] = await ctx.db
    .select()
    .from(actionTokens)
    .where(eq(actionTokens.tokenHash, sha256(token)));
  if (!row || !purposes.includes(row.purpose)) return { status: 'unknown' };
  if (row.usedAt || row.revokedAt || row.expiresAt <= clock.now()) return { status: 'unavailable' };
  return { status: 'ok', row };
}

/** Stops a token from working (a revoked or re-sent invitation). */
export async function revokeActionToken(ctx: Ctx, id: string): Promise<void> {
  await ctx.db
    .update(actionTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(actionTokens.id, id), isNull(actionTokens.usedAt), isNull(actionTokens.revokedAt)));
}

/** Stops every unused token of one purpose a user holds (earlier reset links, once a new one is sent). */
export async function revokeUserActionTokens(ctx: Ctx, userId: string, purpose: string): Promise<void> {
  await ctx.db
    .update(actionTokens)
    .set({ revokedAt: clock.now() })
    .where(
      and(
        eq(actionTokens.userId, userId),
        eq(actionTokens.purpose, purpose),
        isNull(actionTokens.usedAt),
        isNull(actionTokens.revokedAt),
      ),
    );
}
