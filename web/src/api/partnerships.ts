import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200?: { content: { 'application/json': infer R } }; 201?: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

export type Reseller = Json<'/v1/indirect-resellers', 'get'>['items'][number];
export type Invitation = Json<'/v1/partnership-invitations', 'get'>['items'][number];
export type Provider = Json<'/v1/indirect-providers', 'get'>['items'][number];
export type InvitationInput = NonNullable<
  paths['/v1/partnership-invitations']['post']['requestBody']
>['content']['application/json'];
type Status = 'active' | 'ended';

/** A provider's resellers with their readiness (R-PRT-2, R-AGR-2). */
export function useIndirectResellers(status: Status) {
  return usePaged(keys.resellers(status), (cursor) =>
    ok(api.GET('/v1/indirect-resellers', { params: { query: { status, limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
}

/** A reseller's providers (R-PRT-2); the API refuses until the indirect reseller capability is active (R-TRN-6). */
export function useIndirectProviders(status: Status, enabled = true) {
  return usePaged(
    keys.providers(status),
    (cursor) =>
      ok(api.GET('/v1/indirect-providers', { params: { query: { status, limit: 50, ...(cursor ? { cursor } : {}) } } })),
    enabled,
  );
}

export function useInvitations() {
  return usePaged(keys.invitations, (cursor) =>
    ok(api.GET('/v1/partnership-invitations', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
}

export function useInviteReseller() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationInput) =>
      ok(api.POST('/v1/partnership-invitations', { body, headers: { 'idempotency-key': idempotencyKey() } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.invitations }),
  });
}

/** Revoke (its link stops working) or re-send (a new link, a new validity) a pending invitation. */
export function useInvitationAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'revocation' | 'resends' }) =>
      action === 'revocation'
        ? ok(api.POST('/v1/partnership-invitations/{id}/revocation', { params: { path: { id } } }))
        : ok(api.POST('/v1/partnership-invitations/{id}/resends', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.invitations }),
  });
}

export type DirectoryEntry =
  paths['/v1/directory/providers']['get']['responses'][200]['content']['application/json']['items'][number];
export const OFFERS = ['training', 'marketing', 'financing', 'support', 'billing'] as const;

/** The operator's official indirect providers (R-DIR-1), by market, country, what they offer and name. */
export function useProviderDirectory(filters: { country?: string; offers?: string; search?: string }) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  return usePaged(keys.directory(query), (cursor) =>
    ok(api.GET('/v1/directory/providers', { params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
}
