import { and, asc, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../platform/context.ts';
import { afterCreatedAndId, afterKey } from '../../platform/db/keyset.ts';
import {
  creditTerms,
  offers,
  priceBookEntries,
  priceBooks,
  priceGroupMembers,
  priceGroups,
  tenants,
} from '../../platform/db/schema.ts';
import type { Key } from '../../platform/http/pagination.ts';

/** A book with how many rules it has. */
export type BookRow = typeof priceBooks.$inferSelect & { ruleCount: number };
export type GroupRow = typeof priceGroups.$inferSelect;
export type EntryRow = typeof priceBookEntries.$inferSelect;
export type MemberRow = typeof priceGroupMembers.$inferSelect;
export type Audience = BookRow['audience'];

/** A book's columns and the count of its rules (a subquery on the entries' book index; the table named in full, as drizzle leaves a lone table's columns unqualified). */
const bookColumns = {
  ...getTableColumns(priceBooks),
  ruleCount: sql<number>`(SELECT count(*) FROM price_book_entries e WHERE e.book_id = price_books.id)`.mapWith(Number),
};

export async function insertBook(ctx: Ctx, values: typeof priceBooks.$inferInsert): Promise<BookRow> {
  const [row] = await ctx.db.insert(priceBooks).values(values).returning();
  return { ...row!, ruleCount: 0 };
}

/** A seller's own book, or undefined (another seller's is not there for it). */
export async function bookOf(ctx: Ctx, partnerId: string, id: string): Promise<BookRow | undefined> {
  const [row] = await ctx.db
    .select(bookColumns)
    .from(priceBooks)
    .where(and(eq(priceBooks.id, id), eq(priceBooks.partnerId, partnerId)));
  return row;
}

export async function pageBooks(
  ctx: Ctx,
  partnerId: string,
  audience: Audience | undefined,
  after: Key | undefined,
  take: number,
): Promise<BookRow[]> {
  return ctx.db
    .select(bookColumns)
    .from(priceBooks)
    .where(
      and(
        eq(priceBooks.partnerId, partnerId),
        audience ? eq(priceBooks.audience, audience) : undefined,
        afterCreatedAndId(priceBooks.createdAt, priceBooks.id, after, 'asc'),
      ),
    )
    .orderBy(asc(priceBooks.createdAt), asc(priceBooks.id))
    .limit(take);
}

export async function renameBook(ctx: Ctx, id: string, name: string, at: Date): Promise<BookRow> {
  const [row] = await ctx.db.update(priceBooks).set({ name, updatedAt: at }).where(eq(priceBooks.id, id)).returning(bookColumns);
  return row!;
}

/** A rule of the book was added, changed or removed at `at`. */
export async function touchBook(ctx: Ctx, id: string, at: Date): Promise<void> {
  await ctx.db.update(priceBooks).set({ updatedAt: at }).where(eq(priceBooks.id, id));
}

/** A book and its entries. */
export async function deleteBook(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.delete(priceBookEntries).where(eq(priceBookEntries.bookId, id));
  await ctx.db.delete(priceBooks).where(eq(priceBooks.id, id));
}

export async function insertGroup(ctx: Ctx, values: typeof priceGroups.$inferInsert): Promise<GroupRow> {
  const [row] = await ctx.db.insert(priceGroups).values(values).returning();
  return row!;
}

export async function groupOf(ctx: Ctx, partnerId: string, id: string): Promise<GroupRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(priceGroups)
    .where(and(eq(priceGroups.id, id), eq(priceGroups.partnerId, partnerId)));
  return row;
}

export async function pageGroups(
  ctx: Ctx,
  partnerId: string,
  audience: Audience | undefined,
  after: Key | undefined,
  take: number,
) {
  return ctx.db
    .select()
    .from(priceGroups)
    .where(
      and(
        eq(priceGroups.partnerId, partnerId),
        audience ? eq(priceGroups.audience, audience) : undefined,
        afterCreatedAndId(priceGroups.createdAt, priceGroups.id, after, 'asc'),
      ),
    )
    .orderBy(asc(priceGroups.createdAt), asc(priceGroups.id))
    .limit(take);
}

export async function renameGroup(ctx: Ctx, id: string, name: string): Promise<GroupRow> {
  const [row] = await ctx.db.update(priceGroups).set({ name }).where(eq(priceGroups.id, id)).returning();
  return row!;
}

/** A group, its members and the entries that name it. */
export async function deleteGroup(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.delete(priceBookEntries).where(eq(priceBookEntries.groupId, id));
  await ctx.db.delete(priceGroupMembers).where(eq(priceGroupMembers.groupId, id));
  await ctx.db.delete(priceGroups).where(eq(priceGroups.id, id));
}

/** Adds a member; false when it already is one. */
export async function insertMember(ctx: Ctx, values: typeof priceGroupMembers.$inferInsert): Promise<MemberRow | undefined> {
  const [row] = await ctx.db.insert(priceGroupMembers).values(values).onConflictDoNothing().returning();
  return row;
}

export async function memberOf(ctx: Ctx, groupId: string, memberId: string) {
  const [row] = await ctx.db
    .select({ member: priceGroupMembers, name: tenants.name })
    .from(priceGroupMembers)
    .innerJoin(tenants, eq(tenants.id, priceGroupMembers.memberId))
    .where(and(eq(priceGroupMembers.groupId, groupId), eq(priceGroupMembers.memberId, memberId)));
  return row;
}

/** A page of a group's members with their names: one query. */
export async function pageMembers(ctx: Ctx, groupId: string, after: Key | undefined, take: number) {
  return ctx.db
    .select({ member: priceGroupMembers, name: tenants.name })
    .from(priceGroupMembers)
    .innerJoin(tenants, eq(tenants.id, priceGroupMembers.memberId))
    .where(
      and(
        eq(priceGroupMembers.groupId, groupId),
        afterKey(
          [priceGroupMembers.createdAt, priceGroupMembers.memberId],
          after && [new Date(String(after[0])), String(after[1])],
          'asc',
        ),
      ),
    )
    .orderBy(asc(priceGroupMembers.createdAt), asc(priceGroupMembers.memberId))
    .limit(take);
}

export async function deleteMember(ctx: Ctx, groupId: string, memberId: string): Promise<boolean> {
  const gone = await ctx.db
    .delete(priceGroupMembers)
    .where(and(eq(priceGroupMembers.groupId, groupId), eq(priceGroupMembers.memberId, memberId)))
    .returning();
  return gone.length > 0;
}

export async function insertEntry(ctx: Ctx, values: typeof priceBookEntries.$inferInsert): Promise<EntryRow> {
  const [row] = await ctx.db.insert(priceBookEntries).values(values).returning();
  return row!;
}

export async function entryOf(ctx: Ctx, bookId: string, id: string): Promise<EntryRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(priceBookEntries)
    .where(and(eq(priceBookEntries.id, id), eq(priceBookEntries.bookId, bookId)));
  return row;
}

/** The entry of a book for the same offer, buyer or group and (fixed prices) currency, if any. */
export async function sameEntry(
  ctx: Ctx,
  bookId: string,
  e: { offerId: string | null; buyerId: string | null; groupId: string | null; currency: string | null },
): Promise<EntryRow | undefined> {
  const same = <T>(column: Parameters<typeof eq>[0], value: T | null) => (value === null ? isNull(column) : eq(column, value));
  const [row] = await ctx.db
    .select()
    .from(priceBookEntries)
    .where(
      and(
        eq(priceBookEntries.bookId, bookId),
        same(priceBookEntries.offerId, e.offerId),
        same(priceBookEntries.buyerId, e.buyerId),
        same(priceBookEntries.groupId, e.groupId),
        same(priceBookEntries.currency, e.currency),
      ),
    )
    .limit(1);
  return row;
}

/** An entry with the names of what it prices and for whom (null where it names none): what a person reads. */
export interface NamedEntryRow {
  entry: EntryRow;
  offerName: string | null;
  buyerName: string | null;
  groupName: string | null;
}

const buyers = alias(tenants, 'buyers');

function namedEntries(ctx: Ctx) {
  return ctx.db
    .select({ entry: priceBookEntries, offerName: offers.name, buyerName: buyers.name, groupName: priceGroups.name })
    .from(priceBookEntries)
    .leftJoin(offers, eq(offers.id, priceBookEntries.offerId))
    .leftJoin(buyers, eq(buyers.id, priceBookEntries.buyerId))
    .leftJoin(priceGroups, eq(priceGroups.id, priceBookEntries.groupId));
}

/** A page of a book's entries with their names: one query. */
export async function pageEntries(ctx: Ctx, bookId: string, after: Key | undefined, take: number): Promise<NamedEntryRow[]> {
  return namedEntries(ctx)
    .where(
      and(eq(priceBookEntries.bookId, bookId), afterCreatedAndId(priceBookEntries.createdAt, priceBookEntries.id, after, 'asc')),
    )
    .orderBy(asc(priceBookEntries.createdAt), asc(priceBookEntries.id))
    .limit(take);
}

/** One entry with its names. */
export async function namedEntry(ctx: Ctx, id: string): Promise<NamedEntryRow> {
  const [row] = await namedEntries(ctx).where(eq(priceBookEntries.id, id));
  return row!;
}

export async function updateEntry(
  ctx: Ctx,
  id: string,
  values: Pick<EntryRow, 'kind' | 'basisPoints' | 'amountMinor' | 'currency'>,
): Promise<EntryRow> {
  const [row] = await ctx.db.update(priceBookEntries).set(values).where(eq(priceBookEntries.id, id)).returning();
  return row!;
}

export async function deleteEntry(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.delete(priceBookEntries).where(eq(priceBookEntries.id, id));
}

/** Every entry of a seller's books for an audience that could price this offer: the offer's own and those for all offers. */
export async function pricingEntries(ctx: Ctx, partnerId: string, audience: Audience, offerId: string): Promise<EntryRow[]> {
  return ctx.db
    .select()
    .from(priceBookEntries)
    .where(
      and(
        eq(priceBookEntries.partnerId, partnerId),
        eq(priceBookEntries.audience, audience),
        or(eq(priceBookEntries.offerId, offerId), isNull(priceBookEntries.offerId)),
      ),
    );
}

/** The seller's groups a buyer belongs to. */
export async function groupsOf(ctx: Ctx, partnerId: string, memberId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ groupId: priceGroupMembers.groupId })
    .from(priceGroupMembers)
    .where(and(eq(priceGroupMembers.partnerId, partnerId), eq(priceGroupMembers.memberId, memberId)));
  return rows.map((r) => r.groupId);
}

export type CreditTermsRow = typeof creditTerms.$inferSelect;

/** A reseller's credit terms with a provider; with `lock`, locked until the caller's transaction ends. */
export async function creditTermsOf(
  ctx: Ctx,
  providerId: string,
  resellerId: string,
  lock = false,
): Promise<CreditTermsRow | undefined> {
  const query = ctx.db
    .select()
    .from(creditTerms)
    .where(and(eq(creditTerms.providerId, providerId), eq(creditTerms.resellerId, resellerId)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function upsertCreditTerms(ctx: Ctx, values: typeof creditTerms.$inferInsert): Promise<void> {
  await ctx.db
    .insert(creditTerms)
    .values(values)
    .onConflictDoUpdate({ target: [creditTerms.providerId, creditTerms.resellerId], set: values });
}

/** The payment terms of these provider-reseller pairs that have credit terms, in one query. */
export async function paymentTermDaysOf(
  ctx: Ctx,
  pairs: readonly { providerId: string; resellerId: string }[],
): Promise<{ providerId: string; resellerId: string; paymentTermDays: number }[]> {
  if (pairs.length === 0) return [];
  return ctx.db
    .select({
      providerId: creditTerms.providerId,
      resellerId: creditTerms.resellerId,
      paymentTermDays: creditTerms.paymentTermDays,
    })
    .from(creditTerms)
    .where(or(...pairs.map((p) => and(eq(creditTerms.providerId, p.providerId), eq(creditTerms.resellerId, p.resellerId)))));
}
