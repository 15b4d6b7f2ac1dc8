/**
 * Price books (issue 11, part 6): what a provider charges its resellers, and a direct-bill
 * partner or reseller its customers, per offer, as a markup over the operator's list price or a
 * fixed price in one currency; for one buyer, a group of buyers, or all. The rules are
 * src/domain/pricebooks.ts's; this module keeps them and prices each sale at every tier.
 */
import { entryProblem, priceFor, type PriceBookEntry, type PriceRule } from '../../domain/pricebooks.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems } from '../../platform/http/errors.ts';
import type { Key } from '../../platform/http/pagination.ts';
import { offerExists } from '../catalog/service.ts';
import { partnerRelationships } from '../customers/service.ts';
import { requirePartner } from '../partners/service.ts';
import { arePartners } from '../partnerships/service.ts';
import {
  bookOf,
  deleteBook,
  deleteEntry,
  deleteGroup,
  deleteMember,
  entryOf,
  groupOf,
  groupsOf,
  insertBook,
  insertEntry,
  insertGroup,
  insertMember,
  memberOf,
  namedEntry,
  pageBooks,
  pageEntries,
  pageGroups,
  pageMembers,
  pricingEntries,
  renameBook,
  renameGroup,
  sameEntry,
  touchBook,
  updateEntry,
  type Audience,
  type BookRow,
  type EntryRow,
  type GroupRow,
  type NamedEntryRow,
} from './store.ts';

/** What one unit costs, per billing period, at each tier of the channel a subscription is sold through. */
export interface TierPrices {
  /** The operator's price to the ordering partner (a direct-bill partner or a provider). */
  partner: number;
  /** The provider's price to the reseller of record; null for a direct sale. */
  reseller: number | null;
  /** The partner of record's price to the customer. */
  customer: number;
}

export interface PricedSale {
  offerId: string;
  /** The offer's price in the customer's market and currency: the operator's list price. */
  listPrice: number;
  currency: string;
  partnerId: string;
  resellerId: string | null;
  customerId: string;
}

/** An entry as the pricing rules read it; a fixed price in another currency than the sale's does not apply. */
function usable(rows: EntryRow[], currency: string): PriceBookEntry[] {
  return rows
    .filter((r) => r.kind === 'markup' || r.currency === currency)
    .map((r) => ({ offerId: r.offerId, buyerId: r.buyerId, groupId: r.groupId, rule: ruleOf(r) }));
}

/** The price `sellerId` charges `buyerId` for the sale, by its books for `audience`; the list price when none applies. */
async function sellerPrice(ctx: Ctx, sellerId: string, audience: Audience, buyerId: string, sale: PricedSale): Promise<number> {
  const entries = usable(await pricingEntries(ctx, sellerId, audience, sale.offerId), sale.currency);
  if (entries.length === 0) return sale.listPrice;
  const groups = entries.some((e) => e.groupId) ? await groupsOf(ctx, sellerId, buyerId) : [];
  return priceFor(entries, sale.offerId, buyerId, groups, sale.listPrice).amount;
}

/**
 * The prices of a sale at every tier, when it is ordered or renews. The operator sells at its
 * list price; the provider prices the reseller of record by its resellers' books; the partner
 * of record (the reseller of an indirect sale, else the direct-bill partner) prices the customer
 * by its customers' books. Every book's rules apply to the operator's list price, the price
 * published for the market (a markup over list, as partners quote it), not to the seller's own
 * cost: a reseller's price to its customers does not move when its provider's price to it does.
 * With no rule that applies, a seller sells at the list price.
 */
export async function tierPrices(ctx: Ctx, sale: PricedSale): Promise<TierPrices> {
  return {
    partner: sale.listPrice,
    reseller: sale.resellerId ? await sellerPrice(ctx, sale.partnerId, 'resellers', sale.resellerId, sale) : null,
    customer: await sellerPrice(ctx, sale.resellerId ?? sale.partnerId, 'customers', sale.customerId, sale),
  };
}

// ---------------------------------------------------------------------------------------------
// Books, groups, members and entries: the seller's own (another's is not found).
// ---------------------------------------------------------------------------------------------

export function publicBook(b: BookRow) {
  return {
    id: b.id,
    audience: b.audience,
    name: b.name,
    ruleCount: b.ruleCount,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export function publicGroup(g: GroupRow) {
  return { id: g.id, audience: g.audience, name: g.name, createdAt: g.createdAt.toISOString() };
}

function ruleOf(r: EntryRow): PriceRule {
  return r.kind === 'fixed' ? { kind: 'fixed', amount: r.amountMinor ?? 0 } : { kind: 'markup', basisPoints: r.basisPoints ?? 0 };
}

/** An entry as its seller reads it: ids and the names of what it prices and for whom. */
export function publicEntry({ entry: e, offerName, buyerName, groupName }: NamedEntryRow) {
  return {
    id: e.id,
    bookId: e.bookId,
    offerId: e.offerId,
    offerName,
    buyerId: e.buyerId,
    buyerName,
    groupId: e.groupId,
    groupName,
    rule:
      e.kind === 'fixed'
        ? { kind: 'fixed' as const, amountMinor: e.amountMinor ?? 0, currency: e.currency ?? '' }
        : { kind: 'markup' as const, basisPoints: e.basisPoints ?? 0 },
    createdAt: e.createdAt.toISOString(),
  };
}

export function publicMember(r: { member: { memberId: string; createdAt: Date }; name: string }) {
  return { id: r.member.memberId, name: r.name, addedAt: r.member.createdAt.toISOString() };
}

async function ownBook(ctx: Ctx, id: string): Promise<BookRow> {
  const actor = requirePartner(ctx);
  const book = await bookOf(ctx, actor.tenantId, id);
  if (!book) throw problems.notFound('price book');
  return book;
}

async function ownGroup(ctx: Ctx, id: string): Promise<GroupRow> {
  const actor = requirePartner(ctx);
  const group = await groupOf(ctx, actor.tenantId, id);
  if (!group) throw problems.notFound('price group');
  return group;
}

/**
 * A seller names only its own buyers: for a resellers' book, a reseller it is partnered with;
 * for a customers' book, a customer it serves as direct-bill partner or reseller of record.
 * Anyone else is not found, whether or not it exists.
 */
async function assertOwnBuyer(ctx: Ctx, sellerId: string, audience: Audience, buyerId: string): Promise<void> {
  if (audience === 'resellers') {
    if (buyerId === sellerId || !(await arePartners(ctx, sellerId, buyerId))) throw problems.notFound('reseller');
    return;
  }
  const rels = await partnerRelationships(ctx, sellerId, buyerId);
  if (!rels.some((r) => r.role === 'direct_partner' || r.role === 'indirect_reseller')) throw problems.notFound('customer');
}

async function event(ctx: Ctx, type: string, tenantId: string, subjectType: string, subjectId: string, data: object) {
  await recordEvent(ctx, { type, tenantId, subjectType, subjectId, ...data });
}

export async function createBook(ctx: Ctx, input: { audience: Audience; name: string }) {
  const actor = requirePartner(ctx);
  return inTransaction(ctx, async (tx) => {
    const now = clock.now();
    const book = await insertBook(tx, {
      partnerId: actor.tenantId,
      audience: input.audience,
      name: input.name,
      createdAt: now,
      updatedAt: now,
    });
    await event(tx, 'price_book.created', actor.tenantId, 'price_book', book.id, { after: book });
    return publicBook(book);
  });
}

export async function getBook(ctx: Ctx, id: string) {
  return publicBook(await ownBook(ctx, id));
}

export function booksPage(ctx: Ctx, audience: Audience | undefined) {
  const actor = requirePartner(ctx);
  return (after: Key | undefined, take: number) => pageBooks(ctx, actor.tenantId, audience, after, take);
}

export async function updateBook(ctx: Ctx, id: string, input: { name: string }) {
  return inTransaction(ctx, async (tx) => {
    const book = await ownBook(tx, id);
    const after = await renameBook(tx, id, input.name, clock.now());
    await event(tx, 'price_book.renamed', book.partnerId, 'price_book', id, { before: book, after });
    return publicBook(after);
  });
}

/** Deletes a book with its entries: its buyers' prices fall to the seller's other rules, or the list price. */
export async function removeBook(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const book = await ownBook(tx, id);
    await deleteBook(tx, id);
    await event(tx, 'price_book.deleted', book.partnerId, 'price_book', id, { before: book });
  });
}

export async function createGroup(ctx: Ctx, input: { audience: Audience; name: string }) {
  const actor = requirePartner(ctx);
  return inTransaction(ctx, async (tx) => {
    const group = await insertGroup(tx, {
      partnerId: actor.tenantId,
      audience: input.audience,
      name: input.name,
      createdAt: clock.now(),
    });
    await event(tx, 'price_group.created', actor.tenantId, 'price_group', group.id, { after: group });
    return publicGroup(group);
  });
}

export async function getGroup(ctx: Ctx, id: string) {
  return publicGroup(await ownGroup(ctx, id));
}

export function groupsPage(ctx: Ctx, audience: Audience | undefined) {
  const actor = requirePartner(ctx);
  return (after: Key | undefined, take: number) => pageGroups(ctx, actor.tenantId, audience, after, take);
}

export async function updateGroup(ctx: Ctx, id: string, input: { name: string }) {
  return inTransaction(ctx, async (tx) => {
    const group = await ownGroup(tx, id);
    const after = await renameGroup(tx, id, input.name);
    await event(tx, 'price_group.renamed', group.partnerId, 'price_group', id, { before: group, after });
    return publicGroup(after);
  });
}

/** Deletes a group, its members and the entries that name it. */
export async function removeGroup(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const group = await ownGroup(tx, id);
    await deleteGroup(tx, id);
    await event(tx, 'price_group.deleted', group.partnerId, 'price_group', id, { before: group });
  });
}

/** Adds one of the seller's resellers or customers (as the group's audience says) to a group; adding a member again changes nothing. */
export async function addMember(ctx: Ctx, groupId: string, memberId: string) {
  return inTransaction(ctx, async (tx) => {
    const group = await ownGroup(tx, groupId);
    await assertOwnBuyer(tx, group.partnerId, group.audience, memberId);
    const added = await insertMember(tx, { groupId, partnerId: group.partnerId, memberId, createdAt: clock.now() });
    if (added) await event(tx, 'price_group.member_added', group.partnerId, 'price_group', groupId, { after: added });
    const row = await memberOf(tx, groupId, memberId);
    return { created: Boolean(added), member: publicMember(row!) };
  });
}

export async function membersPage(ctx: Ctx, groupId: string) {
  await ownGroup(ctx, groupId);
  return (after: Key | undefined, take: number) => pageMembers(ctx, groupId, after, take);
}

export async function removeMember(ctx: Ctx, groupId: string, memberId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const group = await ownGroup(tx, groupId);
    if (!(await deleteMember(tx, groupId, memberId))) throw problems.notFound('member');
    await event(tx, 'price_group.member_removed', group.partnerId, 'price_group', groupId, { before: { memberId } });
  });
}

export type RuleInput = { kind: 'markup'; basisPoints: number } | { kind: 'fixed'; amountMinor: number; currency: string };

export interface EntryInput {
  offerId?: string | null | undefined;
  buyerId?: string | null | undefined;
  groupId?: string | null | undefined;
  rule: RuleInput;
}

/** The ISO 4217 currencies the platform's Intl knows (a well-formed code such as XYZ is not one). */
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** The rule's columns, or a 400 naming what is wrong with it (src/domain/pricebooks.ts's entryProblem). */
function ruleColumns(offerId: string | null, buyerId: string | null, groupId: string | null, rule: RuleInput) {
  if (rule.kind === 'fixed' && !knownCurrencies.has(rule.currency)) {
    throw problems.invalid(`${rule.currency} is not a currency.`, [
      { in: 'body', path: '/rule/currency', message: 'an ISO 4217 currency code' },
    ]);
  }
  const problem = entryProblem({
    offerId,
    buyerId,
    groupId,
    rule: rule.kind === 'fixed' ? { kind: 'fixed', amount: rule.amountMinor } : rule,
  });
  if (problem) throw problems.invalid(`${problem}.`, [{ in: 'body', path: '/rule', message: problem }]);
  return rule.kind === 'fixed'
    ? { kind: 'fixed' as const, basisPoints: null, amountMinor: rule.amountMinor, currency: rule.currency }
    : { kind: 'markup' as const, basisPoints: rule.basisPoints, amountMinor: null, currency: null };
}

/**
 * Adds a rule to a book: for one offer (or all), one of the seller's buyers, one of its groups
 * of the book's audience, or everyone. One rule per book for the same offer, buyer or group and,
 * for fixed prices, currency.
 */
export async function createEntry(ctx: Ctx, bookId: string, input: EntryInput) {
  return inTransaction(ctx, async (tx) => {
    const book = await ownBook(tx, bookId);
    const offerId = input.offerId ?? null;
    const buyerId = input.buyerId ?? null;
    const groupId = input.groupId ?? null;
    const columns = ruleColumns(offerId, buyerId, groupId, input.rule);
    if (offerId && !(await offerExists(tx, offerId))) throw problems.notFound('offer');
    if (buyerId) await assertOwnBuyer(tx, book.partnerId, book.audience, buyerId);
    if (groupId) {
      const group = await groupOf(tx, book.partnerId, groupId);
      if (!group) throw problems.notFound('price group');
      if (group.audience !== book.audience) {
        throw problems.invalid(`A book for ${book.audience} names groups of ${book.audience}.`, [
          { in: 'body', path: '/groupId', message: `a group of ${book.audience}` },
        ]);
      }
    }
    if (await sameEntry(tx, bookId, { offerId, buyerId, groupId, currency: columns.currency })) {
      throw problems.conflict(
        'price_entry_exists',
        'The book has this rule already',
        'This book already prices this offer for this buyer or group (and currency): change that rule instead.',
      );
    }
    const entry = await insertEntry(tx, {
      bookId,
      partnerId: book.partnerId,
      audience: book.audience,
      offerId,
      buyerId,
      groupId,
      ...columns,
      createdAt: clock.now(),
    });
    await touchBook(tx, bookId, entry.createdAt);
    await event(tx, 'price_book.entry_added', book.partnerId, 'price_book', bookId, { after: entry });
    return publicEntry(await namedEntry(tx, entry.id));
  });
}

export async function entriesPage(ctx: Ctx, bookId: string) {
  await ownBook(ctx, bookId);
  return (after: Key | undefined, take: number) => pageEntries(ctx, bookId, after, take);
}

/** Changes an entry's rule: what it prices and for whom stay. */
export async function changeEntry(ctx: Ctx, bookId: string, id: string, input: { rule: RuleInput }) {
  return inTransaction(ctx, async (tx) => {
    const book = await ownBook(tx, bookId);
    const entry = await entryOf(tx, bookId, id);
    if (!entry) throw problems.notFound('price book entry');
    const columns = ruleColumns(entry.offerId, entry.buyerId, entry.groupId, input.rule);
    if (columns.currency !== entry.currency) {
      const other = await sameEntry(tx, bookId, { ...entry, currency: columns.currency });
      if (other && other.id !== id) {
        throw problems.conflict(
          'price_entry_exists',
          'The book has this rule already',
          'This book already prices this offer for this buyer or group in this currency: change that rule instead.',
        );
      }
    }
    const after = await updateEntry(tx, id, columns);
    await touchBook(tx, bookId, clock.now());
    await event(tx, 'price_book.entry_changed', book.partnerId, 'price_book', bookId, { before: entry, after });
    return publicEntry(await namedEntry(tx, after.id));
  });
}

export async function removeEntry(ctx: Ctx, bookId: string, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const book = await ownBook(tx, bookId);
    const entry = await entryOf(tx, bookId, id);
    if (!entry) throw problems.notFound('price book entry');
    await deleteEntry(tx, id);
    await touchBook(tx, bookId, clock.now());
    await event(tx, 'price_book.entry_removed', book.partnerId, 'price_book', bookId, { before: entry });
  });
}
