import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

export type Credit = paths['/v1/indirect-resellers/{id}/credit']['get']['responses'][200]['content']['application/json'];
export type CreditTerms = NonNullable<
  paths['/v1/indirect-resellers/{id}/credit']['put']['requestBody']
>['content']['application/json'];
export type HeldOrder = paths['/v1/partner/held-orders']['get']['responses'][200]['content']['application/json']['items'][number];

/** A provider's view of one reseller's credit: its terms, open balance and what is left (R-CRD-1). */
export function useResellerCredit(resellerId: string, enabled = true) {
  return useQuery({
    queryKey: keys.resellerCredit(resellerId),
    queryFn: () => ok(api.GET('/v1/indirect-resellers/{id}/credit', { params: { path: { id: resellerId } } })),
    enabled,
  });
}

/** A reseller's view of the credit one of its providers extends to it. */
export function useProviderCredit(providerId: string, enabled = true) {
  return useQuery({
    queryKey: keys.providerCredit(providerId),
    queryFn: () => ok(api.GET('/v1/indirect-providers/{id}/credit', { params: { path: { id: providerId } } })),
    enabled,
  });
}

/** Sets all of a reseller's credit terms (PUT); orders already held stay held until decided. */
export function useSetResellerCredit(resellerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreditTerms) =>
      ok(api.PUT('/v1/indirect-resellers/{id}/credit', { params: { path: { id: resellerId } }, body })),
    onSuccess: (credit) => {
      client.setQueryData(keys.resellerCredit(resellerId), credit);
      return client.invalidateQueries({ queryKey: keys.heldOrders });
    },
  });
}

/** Orders held past a reseller's credit limit, oldest first: a provider's to decide. */
export function useHeldOrders(enabled = true) {
  return usePaged(
    keys.heldOrders,
    (cursor) => ok(api.GET('/v1/partner/held-orders', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
    enabled,
    // Orders are held as they are placed, by anyone: read afresh each time the page shows.
    true,
  );
}

/** How many orders wait for a decision (the first page's, and whether there are more). */
export function useHeldOrderCount(enabled = true) {
  return useQuery({
    queryKey: [...keys.heldOrders, 'count'],
    queryFn: async () => {
      const page = await ok(api.GET('/v1/partner/held-orders', { params: { query: { limit: 50 } } }));
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    refetchOnMount: 'always',
    enabled,
  });
}

/**
 * Approves (its subscriptions start now) or rejects (nothing is made) a held order. Whatever the
 * answer, even 409 order_not_held (decided meanwhile), the held orders, balances and the
 * customer's orders and subscriptions are read again: a decided order leaves the list.
 */
export function useDecideOrder() {
  const client = useQueryClient();
  const refresh = (customerId: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.billing }),
      client.invalidateQueries({ queryKey: keys.commerceOf(customerId) }),
    ]);
  return useMutation({
    mutationFn: ({ order, decision }: { order: HeldOrder; decision: 'approval' | 'rejection' }) =>
      decision === 'approval'
        ? ok(api.POST('/v1/orders/{id}/approval', { params: { path: { id: order.id } } }))
        : ok(api.POST('/v1/orders/{id}/rejection', { params: { path: { id: order.id } } })),
    onSuccess: (_data, { order }) => refresh(order.customerId),
    onError: (err, { order }) => (err instanceof ApiProblem && err.status === 409 ? refresh(order.customerId) : undefined),
  });
}
