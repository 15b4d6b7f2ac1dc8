import { and, asc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import { containsPattern } from '../../platform/db/search.ts';
import { directoryEntries } from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

export type EntryRow = typeof directoryEntries.$inferSelect;
export type Offer = EntryRow['offers'][number];

export async function entryOf(ctx: Ctx, tenantId: string): Promise<EntryRow | undefined> {
  const [row] = await ctx.db.select().from(directoryEntries).where(eq(directoryEntries.tenantId, tenantId));
  return row;
}

export async function upsertEntry(ctx: Ctx, values: typeof directoryEntries.$inferInsert): Promise<EntryRow> {
  const { tenantId: _key, ...set } = values;
  const [row] = await ctx.db
    .insert(directoryEntries)
    .values(values)
    .onConflictDoUpdate({ target: directoryEntries.tenantId, set })
    .returning();
  return row!;
}

export async function setProviderActive(ctx: Ctx, tenantId: string, active: boolean): Promise<void> {
  await ctx.db.update(directoryEntries).set({ providerActive: active }).where(eq(directoryEntries.tenantId, tenantId));
}

export interface Search {
  market?: string | undefined;
  country?: string | undefined;
  offers?: Offer[] | undefined;
  search?: string | undefined;
}

/** Listed entries of active providers, by name then id; every requested offer must be offered. */
export async function searchEntries(ctx: Ctx, q: Search, after: Key | undefined, take: number): Promise<EntryRow[]> {
  const pattern = containsPattern(q.search);
  return ctx.db
    .select()
    .from(directoryEntries)
    .where(
      and(
        eq(directoryEntries.listed, true),
        eq(directoryEntries.providerActive, true),
        q.market ? eq(directoryEntries.market, q.market) : undefined,
        q.country ? eq(directoryEntries.countryCode, q.country) : undefined,
        q.offers?.length
          ? sql`${directoryEntries.offers} @> ARRAY[${sql.join(
              q.offers.map((o) => sql`${o}`),
              sql`, `,
            )}]::directory_offer[]`
          : undefined,
        pattern
          ? sql`(${directoryEntries.name} ILIKE ${pattern} OR ${directoryEntries.description} ILIKE ${pattern})`
          : undefined,
        afterKey([directoryEntries.name, directoryEntries.tenantId], after, 'asc'),
      ),
    )
    .orderBy(asc(directoryEntries.name), asc(directoryEntries.tenantId))
    .limit(take);
}
