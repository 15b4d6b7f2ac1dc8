import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

export type Grant = paths['/v1/admin-grants']['get']['responses'][200]['content']['application/json']['items'][number];
export type GrantSide = 'held' | 'given';

/** Grants the caller's tenant holds (a partner's) or gave (a customer's, a reseller's), newest first. */
export function useGrants(side: GrantSide) {
  return usePaged(keys.grants(side), (cursor) =>
    ok(api.GET('/v1/admin-grants', { params: { query: { side, limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
}

/** The grantor ends a grant, or narrows it to fewer roles: either takes effect on the partner's next request (R-GRT-3). */
export function useGrantAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: { id: string; end: true } | { id: string; roles: string[] }) =>
      'end' in action
        ? ok(api.POST('/v1/admin-grants/{id}/ending', { params: { path: { id: action.id } } }))
        : ok(api.PATCH('/v1/admin-grants/{id}', { params: { path: { id: action.id } }, body: { roles: action.roles } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin-grants'] }),
  });
}

export type GrantRequest =
  paths['/v1/admin-grant-requests']['get']['responses'][200]['content']['application/json']['items'][number];
export type RequestSide = 'sent' | 'received';

/** Grant requests a partner sent, or its grantor received, newest first. */
export function useGrantRequests(side: RequestSide) {
  return usePaged(keys.grantRequests(side), (cursor) =>
    ok(api.GET('/v1/admin-grant-requests', { params: { query: { side, limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
}

/** The grantor approves as asked or rejects; the partner that asked takes a pending request back. */
export function useGrantRequestAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approval' | 'rejection' | 'revocation' }) =>
      action === 'approval'
        ? ok(api.POST('/v1/admin-grant-requests/{id}/approval', { params: { path: { id } }, body: {} }))
        : action === 'rejection'
          ? ok(api.POST('/v1/admin-grant-requests/{id}/rejection', { params: { path: { id } }, body: {} }))
          : ok(api.POST('/v1/admin-grant-requests/{id}/revocation', { params: { path: { id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin-grant-requests'] });
      void client.invalidateQueries({ queryKey: ['admin-grants'] });
    },
  });
}
