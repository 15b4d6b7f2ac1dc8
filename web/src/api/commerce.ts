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

export type CountryOffer = paths['/v1/offers']['get']['responses'][200]['content']['application/json']['items'][number];
export type OperatorOffer = paths['/v1/operator/offers']['get']['responses'][200]['content']['application/json']['items'][number];
export type NewOffer = Body<'/v1/operator/offers', 'post'>;
export type Price = Body<'/v1/operator/offers/{id}/prices', 'put'>['prices'][number];
export type AgreementState =
  paths['/v1/customers/{id}/customer-agreement']['get']['responses'][200]['content']['application/json'];
export type Attestation = Body<'/v1/customers/{id}/customer-agreement/attestations', 'post'>;
export type NewOrder = Body<'/v1/customers/{id}/orders', 'post'>;
export type Order = paths['/v1/customers/{id}/orders']['get']['responses'][200]['content']['application/json']['items'][number];
export type Subscription =
  paths['/v1/customers/{id}/subscriptions']['get']['responses'][200]['content']['application/json']['items'][number];
export type SubscriptionPatch = Body<'/v1/subscriptions/{id}', 'patch'>;

/**
 * Every page of a short list (a country's offers, the operator's catalog: tens of rows), read
 * at once so that a form can search it and a page find one row of it.
 */
async function everyPage<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    all.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** What a country can buy, one item per offer and currency (R-CAT-1); retired offers are not sold. */
export function useCountryOffers(country: string) {
  return useQuery({
    queryKey: keys.offers(country),
    enabled: country.length === 2,
    queryFn: () =>
      everyPage((cursor) =>
        ok(api.GET('/v1/offers', { params: { query: { country, limit: 200, ...(cursor ? { cursor } : {}) } } })),
      ),
  });
}

/** The operator's catalog, oldest first, each offer with its prices per market and currency. */
export function useOperatorOffers() {
  return useQuery({
    queryKey: keys.operatorOffers,
    queryFn: () =>
      everyPage((cursor) =>
        ok(api.GET('/v1/operator/offers', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })),
      ),
  });
}

export function useCreateOffer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewOffer) => ok(api.POST('/v1/operator/offers', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.catalog }),
  });
}

/** Sets an offer's whole price list, or retires it (R-CAT-1: no new orders, its subscriptions stay). */
export function useOfferAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: 'prices'; prices: Price[] } | { kind: 'retire' }) =>
      action.kind === 'prices'
        ? ok(api.PUT('/v1/operator/offers/{id}/prices', { params: { path: { id } }, body: { prices: action.prices } }))
        : ok(api.POST('/v1/operator/offers/{id}/retirement', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.catalog }),
  });
}

/** Whether the customer agreement is accepted, in Trellis or attested (R-AGR-3). */
export function useCustomerAgreement(customerId: string) {
  return useQuery({
    queryKey: keys.customerAgreement(customerId),
    queryFn: () => ok(api.GET('/v1/customers/{id}/customer-agreement', { params: { path: { id: customerId } } })),
  });
}

/** The partner records that the customer signed the customer agreement: who, their e-mail, when (R-AGR-3). */
export function useAttestAgreement(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Attestation) =>
      ok(api.POST('/v1/customers/{id}/customer-agreement/attestations', { params: { path: { id: customerId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.customerAgreement(customerId) }),
  });
}

/**
 * An order for a customer. The form keeps one Idempotency-Key until an order is made: sending
 * again after a lost answer makes no second order (a refused order stored nothing, so the same
 * key serves the corrected one).
 */
export function usePlaceOrder(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: NewOrder; key: string }) =>
      ok(
        api.POST('/v1/customers/{id}/orders', {
          params: { path: { id: customerId } },
          body,
          headers: { 'idempotency-key': key },
        }),
      ),
    // An order moves its reseller's balance, and may be held (R-CRD-1): balances and held orders are read again.
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.commerceOf(customerId) }),
        client.invalidateQueries({ queryKey: keys.billing }),
      ]),
  });
}

/** A customer's orders, newest first: who ordered, through which relationship (R-CUS-9: a partner sees its own). */
export function useCustomerOrders(customerId: string) {
  return usePaged(keys.orders(customerId), (cursor) =>
    ok(
      api.GET('/v1/customers/{id}/orders', {
        params: { path: { id: customerId }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
}

/** A customer's subscriptions, newest first (R-CUS-9: each partner sees its own). */
export function useCustomerSubscriptions(customerId: string) {
  return usePaged(keys.subscriptions(customerId), (cursor) =>
    ok(
      api.GET('/v1/customers/{id}/subscriptions', {
        params: { path: { id: customerId }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
}

/** A change to a subscription: only the fields sent change (R-SUB-1..3). */
export function useChangeSubscription(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: SubscriptionPatch }) =>
      ok(api.PATCH('/v1/subscriptions/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.subscriptions(customerId) }),
  });
}
