import { and, desc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { apiTokens } from '../../platform/db/schema.ts';
import { afterCreatedAndId } from '../../platform/db/keyset.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(ctx: Ctx, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [row] = await ctx.db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function apiTokenOfUser(ctx: Ctx, userId: string, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
    .for('update');
  return row;
}

export async function revokeApiTokenRow(ctx: Ctx, id: string, at: Date): Promise<ApiTokenRow> {
  const [row] = await ctx.db.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id)).returning();
  return row!;
}

/** Newest first. */
export async function pageApiTokens(ctx: Ctx, userId: string, after: Key | undefined, take: number): Promise<ApiTokenRow[]> {
  return ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), afterCreatedAndId(apiTokens.createdAt, apiTokens.id, after, 'desc')))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(take);
}
