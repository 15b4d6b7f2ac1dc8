import { clock, DAY_MS } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { AppError, problems } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { newToken, sha256 } from '../../platform/secrets.ts';
import { apiTokenOfUser, insertApiToken, pageApiTokens, revokeApiTokenRow, type ApiTokenRow } from './store.ts';

export function publicApiToken(t: ApiTokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    roles: t.roles,
    expiresAt: t.expiresAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}
const audited = (t: ApiTokenRow) => {
  const { tokenHash: _h, ...rest } = t;
  return rest;
};

function sessionOnly(ctx: Ctx): void {
  if (requireActor(ctx).apiTokenId) {
    throw problems.forbidden('API tokens are made and revoked by their user, signed in: a token cannot mint tokens.');
  }
}

/** Makes a token for the signed-in user, scoped to some or all of its roles; the secret is returned once. */
export async function createApiToken(ctx: Ctx, input: { name: string; roles?: string[] | undefined; expiresInDays: number }) {
  sessionOnly(ctx);
  const actor = requireActor(ctx);
  const roles = input.roles ?? actor.roles;
  const foreign = roles.filter((r) => !actor.roles.includes(r));
  if (foreign.length > 0) {
    throw new AppError(
      422,
      'role_not_held',
      'Role not held',
      `A token can carry only roles you hold; you do not hold ${foreign.join(', ')}.`,
    );
  }
  return inTransaction(ctx, async (tx) => {
    const token = newToken('trt_');
    const now = clock.now();
    const row = await insertApiToken(tx, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      name: input.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      roles,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      createdAt: now,
    });
    await recordEvent(tx, {
      type: 'api_token.created',
      tenantId: actor.tenantId,
      subjectType: 'api_token',
      subjectId: row.id,
      after: audited(row),
    });
    return { ...publicApiToken(row), token };
  });
}

export async function listApiTokens(ctx: Ctx, after: Key | undefined, take: number) {
  return pageApiTokens(ctx, requireActor(ctx).userId, after, take);
}

export async function revokeApiToken(ctx: Ctx, id: string): Promise<void> {
  sessionOnly(ctx);
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await apiTokenOfUser(tx, actor.userId, id);
    if (!before) throw problems.notFound('API token');
    if (before.revokedAt) return; // revoking twice changes nothing
    const after = await revokeApiTokenRow(tx, id, clock.now());
    await recordEvent(tx, {
      type: 'api_token.revoked',
      tenantId: actor.tenantId,
      subjectType: 'api_token',
      subjectId: id,
      before: audited(before),
      after: audited(after),
    });
  });
}
