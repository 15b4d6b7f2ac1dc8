import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

export type Relationship =
  paths['/v1/customers/{id}/relationships']['get']['responses'][200]['content']['application/json']['items'][number];

/** A customer's relationships: the customer's admin sees all of them. */
export function useRelationships(customerId: string) {
  return useQuery({
    queryKey: keys.relationships(customerId),
    queryFn: () => ok(api.GET('/v1/customers/{id}/relationships', { params: { path: { id: customerId } } })),
  });
}

/** Ends a relationship; the grants it justified end with it (R-GRT-3), so they are asked again. */
export function useEndRelationship(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (relationshipId: string) =>
      ok(
        api.POST('/v1/customers/{id}/relationships/{relationshipId}/removal', {
          params: { path: { id: customerId, relationshipId } },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.relationships(customerId) });
      void client.invalidateQueries({ queryKey: ['admin-grants'] });
    },
  });
}

export type ReceivedRequest =
  paths['/v1/customer/relationship-requests']['get']['responses'][200]['content']['application/json']['items'][number];

/** Relationship requests the customer's tenant received, newest first (R-CUS-1, R-CUS-2). */
export function useReceivedRequests(enabled = true) {
  return usePaged(
    keys.receivedRequests,
    (cursor) =>
      ok(api.GET('/v1/customer/relationship-requests', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
    enabled,
    true,
  );
}

/**
 * How many requests wait for the customer's answer (pending, unexpired): the first page of
 * `?status=pending`, so "50+" when there are more. Under receivedRequests: accepting one recounts.
 */
export function usePendingRequestCount(enabled = true) {
  return useQuery({
    queryKey: [...keys.receivedRequests, 'pending-count'],
    queryFn: async () => {
      const page = await ok(
        api.GET('/v1/customer/relationship-requests', { params: { query: { status: 'pending', limit: 50 } } }),
      );
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    // Requests arrive from partners, not from this console: counted afresh each time the Overview opens.
    refetchOnMount: 'always',
    enabled,
  });
}

/** Accepts a request that names the tenant; the new partners and the grant it gave appear at once. */
export function useAcceptReceivedRequest(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.POST('/v1/customer/relationship-requests/{id}/acceptance', { params: { path: { id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.receivedRequests });
      void client.invalidateQueries({ queryKey: keys.relationships(customerId) });
      void client.invalidateQueries({ queryKey: ['admin-grants'] });
    },
  });
}
