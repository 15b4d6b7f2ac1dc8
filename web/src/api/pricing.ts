import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type PriceBook = paths['/v1/partner/price-books/{id}']['get']['responses'][200]['content']['application/json'];
export type PriceGroup = paths['/v1/partner/price-groups/{id}']['get']['responses'][200]['content']['application/json'];
export type PriceEntry =
  paths['/v1/partner/price-books/{id}/entries']['get']['responses'][200]['content']['application/json']['items'][number];
export type PriceMember =
  paths['/v1/partner/price-groups/{id}/members']['get']['responses'][200]['content']['application/json']['items'][number];
export type NewPriceEntry = Body<'/v1/partner/price-books/{id}/entries', 'post'>;
export type PriceRule = NewPriceEntry['rule'];
/** Whom a book or group prices: a provider's resellers, or a direct-bill partner's or reseller's customers. */
export type Audience = PriceBook['audience'];

const page = (cursor: string | undefined) => ({ limit: 50, ...(cursor ? { cursor } : {}) });

/** The partner's price books, oldest first; all of them, or one audience's. */
export function usePriceBooks(audience: Audience | undefined, enabled = true) {
  return usePaged(
    keys.priceBooks(audience ?? 'all'),
    (cursor) =>
      ok(api.GET('/v1/partner/price-books', { params: { query: { ...page(cursor), ...(audience ? { audience } : {}) } } })),
    enabled,
  );
}

export function usePriceBook(id: string) {
  return useQuery({
    queryKey: keys.priceBook(id),
    queryFn: () => ok(api.GET('/v1/partner/price-books/{id}', { params: { path: { id } } })),
  });
}

export function usePriceEntries(bookId: string) {
  return usePaged(keys.priceEntries(bookId), (cursor) =>
    ok(api.GET('/v1/partner/price-books/{id}/entries', { params: { path: { id: bookId }, query: page(cursor) } })),
  );
}

/** The partner's price groups, oldest first; all of them, or one audience's. */
export function usePriceGroups(audience: Audience | undefined, enabled = true) {
  return usePaged(
    keys.priceGroups(audience ?? 'all'),
    (cursor) =>
      ok(api.GET('/v1/partner/price-groups', { params: { query: { ...page(cursor), ...(audience ? { audience } : {}) } } })),
    enabled,
  );
}

export function usePriceGroup(id: string) {
  return useQuery({
    queryKey: keys.priceGroup(id),
    queryFn: () => ok(api.GET('/v1/partner/price-groups/{id}', { params: { path: { id } } })),
  });
}

export function usePriceMembers(groupId: string) {
  return usePaged(keys.priceMembers(groupId), (cursor) =>
    ok(api.GET('/v1/partner/price-groups/{id}/members', { params: { path: { id: groupId }, query: page(cursor) } })),
  );
}

/** Every change to a book, group, rule or member refetches what the pricing pages show. */
function usePricingMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: keys.pricing }) });
}

type Kind = 'book' | 'group';

/** Starts a book or a group for an audience. */
export function useCreateList(kind: Kind) {
  return usePricingMutation((body: { audience: Audience; name: string }) =>
    kind === 'book' ? ok(api.POST('/v1/partner/price-books', { body })) : ok(api.POST('/v1/partner/price-groups', { body })),
  );
}

export function useRename(kind: Kind) {
  return usePricingMutation(({ id, name }: { id: string; name: string }) =>
    kind === 'book'
      ? ok(api.PATCH('/v1/partner/price-books/{id}', { params: { path: { id } }, body: { name } }))
      : ok(api.PATCH('/v1/partner/price-groups/{id}', { params: { path: { id } }, body: { name } })),
  );
}

/** Deletes a book (and its rules) or a group (its members, and the rules naming it). */
export function useDelete(kind: Kind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      kind === 'book'
        ? ok(api.DELETE('/v1/partner/price-books/{id}', { params: { path: { id } } }))
        : ok(api.DELETE('/v1/partner/price-groups/{id}', { params: { path: { id } } })),
    // The deleted one's own queries go (refetching them would answer 404); the lists refetch.
    onSuccess: (_r, id) => {
      client.removeQueries({ queryKey: kind === 'book' ? keys.priceBook(id) : keys.priceGroup(id) });
      return client.invalidateQueries({ queryKey: keys.pricing });
    },
  });
}

export function useAddEntry(bookId: string) {
  return usePricingMutation((body: NewPriceEntry) =>
    ok(api.POST('/v1/partner/price-books/{id}/entries', { params: { path: { id: bookId } }, body })),
  );
}

export function useChangeEntry(bookId: string) {
  return usePricingMutation(({ entryId, rule }: { entryId: string; rule: PriceRule }) =>
    ok(
      api.PATCH('/v1/partner/price-books/{id}/entries/{entryId}', { params: { path: { id: bookId, entryId } }, body: { rule } }),
    ),
  );
}

export function useRemoveEntry(bookId: string) {
  return usePricingMutation((entryId: string) =>
    ok(api.DELETE('/v1/partner/price-books/{id}/entries/{entryId}', { params: { path: { id: bookId, entryId } } })),
  );
}

export function useAddMember(groupId: string) {
  return usePricingMutation((memberId: string) =>
    ok(api.POST('/v1/partner/price-groups/{id}/members', { params: { path: { id: groupId } }, body: { memberId } })),
  );
}

export function useRemoveMember(groupId: string) {
  return usePricingMutation((memberId: string) =>
    ok(api.DELETE('/v1/partner/price-groups/{id}/members/{memberId}', { params: { path: { id: groupId, memberId } } })),
  );
}

export interface Buyer {
  id: string;
  name: string;
}

/**
 * Whom a rule or a group can name, matching `search`: a provider's live resellers (a short list,
 * searched here), or the customers a partner serves as direct-bill partner or reseller of record
 * (searched by the API, fifty at a time; those it only provides through a reseller are not its buyers).
 */
export function useBuyers(audience: Audience, search: string) {
  return useQuery({
    queryKey: ['pricing', 'buyers', audience, search],
    placeholderData: (previous: Buyer[] | undefined) => previous,
    queryFn: async (): Promise<Buyer[]> => {
      if (audience === 'resellers') {
        const page = await ok(api.GET('/v1/indirect-resellers', { params: { query: { status: 'active', limit: 200 } } }));
        const needle = search.toLocaleLowerCase();
        return page.items.map((r) => r.reseller).filter((r) => r.name.toLocaleLowerCase().includes(needle));
      }
      const page = await ok(api.GET('/v1/customers', { params: { query: { limit: 50, ...(search ? { search } : {}) } } }));
      return page.items.filter((c) => c.role !== 'indirect_provider').map((c) => ({ id: c.id, name: c.name }));
    },
  });
}
