import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

export type Customer = paths['/v1/customers']['get']['responses'][200]['content']['application/json']['items'][number];
export type CustomerDetail = paths['/v1/customers/{id}']['get']['responses'][200]['content']['application/json'];
export type NewCustomer = NonNullable<paths['/v1/customers']['post']['requestBody']>['content']['application/json'];
export type CreatedCustomer = paths['/v1/customers']['post']['responses'][201]['content']['application/json'];
export type RelationshipRequestInput = NonNullable<
  paths['/v1/relationship-requests']['post']['requestBody']
>['content']['application/json'];
export type CreatedRelationshipRequest =
  paths['/v1/relationship-requests']['post']['responses'][201]['content']['application/json'];

export interface CustomerFilters {
  search?: string;
  acquired?: 'direct' | 'indirect';
  resellerId?: string;
  providerId?: string;
}

/** Every customer the caller has a relationship with, and how it was acquired (R-CUS-5). */
export function useCustomers(filters: CustomerFilters) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as CustomerFilters;
  return usePaged(keys.customers(query), (cursor) =>
    ok(api.GET('/v1/customers', { params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
}

/** The export of the same list: the browser downloads it (the session cookie goes with it). */
export function exportUrl(filters: CustomerFilters): string {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]);
  const qs = query.toString();
  return `/v1/customers/export${qs ? `?${qs}` : ''}`;
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: keys.customer(id),
    queryFn: () => ok(api.GET('/v1/customers/{id}', { params: { path: { id } } })),
  });
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCustomer) => ok(api.POST('/v1/customers', { body, headers: { 'idempotency-key': idempotencyKey() } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
}

/**
 * A reseller relationship request (R-CUS-1), jointly with a provider when `providerId` is
 * given (R-CUS-2): the answer holds the link and a draft e-mail for the partner to send.
 */
export function useRequestRelationship() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RelationshipRequestInput) =>
      ok(api.POST('/v1/relationship-requests', { body, headers: { 'idempotency-key': idempotencyKey() } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.relationshipRequests }),
  });
}
