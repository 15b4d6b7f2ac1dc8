import { and, eq, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clock } from '../clock.ts';
import { inTransaction, requireActor, type Ctx } from '../context.ts';
import { idempotencyKeys } from '../db/schema.ts';
import { seal, sha256, unseal } from '../secrets.ts';
import { AppError, problems } from './errors.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The one `Idempotency-Key` mechanism (API.md). The key is claimed in the effect's own
 * transaction: a concurrent duplicate waits on the key's primary key, then replays what
 * the first committed, byte for byte; if the first rolled back, the duplicate proceeds.
 * The same key with another request is `422 idempotency_key_reused`. Keys belong to the
 * user who sent them (in its tenant): another user's request under the same key is its own
 * request, never a replay of an answer that may hold a secret shown once. Stored results are
 * sealed under a key derived from the server secret, the user and the client's key.
 *
 * `run` does the work inside the transaction and returns the status and the body.
 */
export async function idempotent<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  run: (tx: Ctx) => Promise<{ status: number; body: T }>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    const { status, body } = await inTransaction(request.ctx, run);
    return reply.code(status).send(body);
  }
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw problems.invalid('Idempotency-Key must be 1 to 255 printable ASCII characters.', [
      { in: 'headers', path: '/idempotency-key', message: 'must be 1 to 255 printable ASCII characters' },
    ]);
  }
  const { tenantId, userId } = requireActor(request.ctx);
  const path = request.routeOptions.url ?? request.url;
  const requestHash = sha256(JSON.stringify([request.method, request.url, request.body ?? null]));
  // Stored results may hold secrets shown once (a new customer admin's password): they are
  // sealed under the client's own key, so the table alone reveals nothing.
  const secret = request.ctx.platform.config.secret;
  const sealContext = `${tenantId}:${userId}:${header}`;

  const outcome = await inTransaction(request.ctx, async (tx) => {
    const claimed = await tx.db
      .insert(idempotencyKeys)
      .values({ tenantId, userId, key: header, method: request.method, path, requestHash, createdAt: clock.now() })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [prior] = await tx.db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, header)));
      if (!prior || prior.statusCode === null || prior.responseBody === null) {
        throw new Error('Idempotency key claimed without a stored response');
      }
      if (prior.requestHash !== requestHash) {
        throw new AppError(
          422,
          'idempotency_key_reused',
          'Idempotency key already used',
          'This Idempotency-Key was used with another request; use a new key for a new request.',
        );
      }
      const body = unseal(secret, sealContext, prior.responseBody);
      if (body === undefined) {
        throw new AppError(
          409,
          'idempotency_key_unreadable',
          'Idempotency key cannot be replayed',
          'The stored result of this key cannot be read back (the server secret changed); use a new key.',
        );
      }
      return { replay: true as const, status: prior.statusCode, body };
    }
    const { status, body } = await run(tx);
    reply.code(status);
    const serialized = reply.serialize(body) as string;
    await tx.db
      .update(idempotencyKeys)
      .set({ statusCode: status, responseBody: seal(secret, sealContext, serialized) })
      .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, header)));
    return { replay: false as const, status, body: serialized };
  });
  if (outcome.replay) reply.header('idempotent-replayed', 'true');
  return reply.code(outcome.status).type('application/json; charset=utf-8').send(outcome.body);
}

/** Keys are kept at least 24 hours (API.md); the worker prunes older ones. */
export async function pruneIdempotencyKeys(ctx: Ctx, olderThanHours = 48): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - olderThanHours * 3_600_000);
  const rows = await ctx.db
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.createdAt} < ${cutoff}`)
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
