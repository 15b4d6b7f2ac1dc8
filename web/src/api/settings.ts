import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = Json<
  NonNullable<(paths[P][M] & { requestBody?: unknown })['requestBody']>
>;

export type User = paths['/v1/users/{id}']['get']['responses'][200]['content']['application/json'];
export type NewUser = Body<'/v1/users', 'post'>;
export type ApiToken = paths['/v1/api-tokens']['get']['responses'][200]['content']['application/json']['items'][number];
export type NewApiToken = Body<'/v1/api-tokens', 'post'>;
export type CreatedApiToken = paths['/v1/api-tokens']['post']['responses'][201]['content']['application/json'];
export type AgreementSlug = paths['/v1/agreements/{type}']['get']['parameters']['path']['type'];
export type CurrentAgreement = paths['/v1/agreements/{type}']['get']['responses'][200]['content']['application/json'];
export type Profile = paths['/v1/partner/profile']['get']['responses'][200]['content']['application/json'];
export type ProfilePatch = Body<'/v1/partner/profile', 'put'>;
export type Tenant = paths['/v1/tenants/current']['get']['responses'][200]['content']['application/json'];
export type TotpStart = paths['/v1/me/totp']['post']['responses'][201]['content']['application/json'];

/** The caller's tenant's users, oldest first. */
export function useUsers() {
  return usePaged(keys.users, (cursor) =>
    ok(api.GET('/v1/users', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })),
  );
}

/** Adding a user mails it a link to choose its password (R-ENR-4: a partner needs admin_agent). */
export function useAddUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => ok(api.POST('/v1/users', { body, headers: { 'idempotency-key': idempotencyKey() } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.users }),
  });
}

export type UserChange =
  { id: string; roles: string[] } | { id: string; status: 'active' | 'disabled' } | { id: string; passwordReset: true };

/** One change to one user: its roles, its access, or a reset link mailed to it. */
export function useUserChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (change: UserChange) => {
      const path = { id: change.id };
      if ('roles' in change) return ok(api.PUT('/v1/users/{id}/roles', { params: { path }, body: { roles: change.roles } }));
      if ('status' in change) return ok(api.PATCH('/v1/users/{id}', { params: { path }, body: { status: change.status } }));
      return ok(api.POST('/v1/users/{id}/password-resets', { params: { path } }));
    },
    // Roles of the signed-in user change what it may do: its permissions come again with /v1/me.
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: keys.users }), client.invalidateQueries({ queryKey: keys.me })]),
  });
}

export function useApiTokens() {
  return usePaged(keys.apiTokens, (cursor) =>
    ok(api.GET('/v1/api-tokens', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })),
  );
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewApiToken) => ok(api.POST('/v1/api-tokens', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/v1/api-tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}

/** The version in effect of one agreement and the tenant's acceptance; null when none is published. */
export function useAgreement(type: AgreementSlug) {
  return useQuery({
    queryKey: keys.agreement(type),
    queryFn: async (): Promise<CurrentAgreement | null> => {
      const { data, error, response } = await api.GET('/v1/agreements/{type}', { params: { path: { type } } });
      if (response.status === 404) return null;
      return ok(Promise.resolve({ data, error, response }));
    },
  });
}

export function useAcceptAgreement() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ type, version }: { type: AgreementSlug; version: string }) =>
      ok(api.POST('/v1/agreements/{type}/acceptances', { params: { path: { type } }, body: { version } })),
    // Accepting may turn a capability on and clears a blocker (R-TRN-3, R-AGR-2).
    onSuccess: (_d, { type }) =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.agreement(type) }),
        client.invalidateQueries({ queryKey: keys.programInfo }),
      ]),
  });
}

export function useProfile(enabled = true) {
  return useQuery({ queryKey: keys.profile, queryFn: () => ok(api.GET('/v1/partner/profile')), enabled });
}

export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfilePatch) => ok(api.PUT('/v1/partner/profile', { body })),
    onSuccess: (data) => {
      client.setQueryData(keys.profile, data);
      return client.invalidateQueries({ queryKey: keys.programInfo });
    },
  });
}

export function useTenant() {
  return useQuery({ queryKey: keys.tenant, queryFn: () => ok(api.GET('/v1/tenants/current')) });
}

/** One's own name and language (of the console and of mail). */
export function useUpdateSelf() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/v1/me', 'patch'>) => ok(api.PATCH('/v1/me', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.me }),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (body: Body<'/v1/me/password', 'put'>) => ok(api.PUT('/v1/me/password', { body })) });
}

/** Two-step verification: start (a secret, shown once), activate with a first code, or turn off with a code. */
export function useTotp() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: keys.me });
  return {
    start: useMutation({ mutationFn: () => ok(api.POST('/v1/me/totp')) }),
    activate: useMutation({
      mutationFn: (code: string) => ok(api.POST('/v1/me/totp/activation', { body: { code } })),
      onSuccess: refresh,
    }),
    deactivate: useMutation({
      mutationFn: (code: string) => ok(api.POST('/v1/me/totp/deactivation', { body: { code } })),
      onSuccess: refresh,
    }),
  };
}
