import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

export type LicensePool =
  paths['/v1/customers/{id}/licenses']['get']['responses'][200]['content']['application/json']['items'][number];
export type Assignment =
  paths['/v1/customers/{id}/license-assignments']['get']['responses'][200]['content']['application/json']['items'][number];
export type AssignmentFilter = { userId?: string; subscriptionId?: string };

/** A customer's subscriptions as license pools: assigned, available, and whether the caller manages them (R-CUS-8, R-CUS-7). */
export function useCustomerLicenses(customerId: string) {
  return usePaged(keys.licenses(customerId), (cursor) =>
    ok(
      api.GET('/v1/customers/{id}/licenses', {
        params: { path: { id: customerId }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
}

/** A customer's licenses assigned to its users, newest first: all, one user's or one subscription's. */
export function useLicenseAssignments(customerId: string, filter: AssignmentFilter, enabled = true) {
  return usePaged(
    keys.licenseAssignments(customerId, filter),
    (cursor) =>
      ok(
        api.GET('/v1/customers/{id}/license-assignments', {
          params: { path: { id: customerId }, query: { limit: 100, ...filter, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    enabled,
  );
}

/** Assigns one of a subscription's licenses to a user, within its quantity (R-LIC-1, R-LIC-2). */
export function useAssignLicense(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ subscriptionId, userId }: { subscriptionId: string; userId: string }) =>
      ok(api.POST('/v1/subscriptions/{id}/license-assignments', { params: { path: { id: subscriptionId } }, body: { userId } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.licensesOf(customerId) }),
  });
}

/** Removes a user's license of a subscription. */
export function useRemoveLicense(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ subscriptionId, userId }: { subscriptionId: string; userId: string }) =>
      ok(
        api.DELETE('/v1/subscriptions/{id}/license-assignments/{userId}', {
          params: { path: { id: subscriptionId, userId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.licensesOf(customerId) }),
  });
}
