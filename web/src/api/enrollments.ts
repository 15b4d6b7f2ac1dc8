import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey, ok } from './client';
import { keys } from './keys';
import type { paths } from './schema';

export type Profile = paths['/v1/partner/profile']['get']['responses'][200]['content']['application/json'];
export type ProfilePatch = NonNullable<paths['/v1/partner/profile']['put']['requestBody']>['content']['application/json'];
export type Enrollment = paths['/v1/enrollments/{id}']['get']['responses'][200]['content']['application/json'];
export type NewEnrollment = NonNullable<paths['/v1/enrollments']['post']['requestBody']>['content']['application/json'];
export type Program = NewEnrollment['program'];
export type PartnerIdLink = paths['/v1/partner/partner-id-links']['post']['responses'][201]['content']['application/json'];

export const PROGRAMS: Program[] = ['indirect_reseller', 'indirect_provider', 'direct_bill'];

/** The partner's legal business profile, as the enrollment form starts from it (R-ENR-6). */
export function useProfile(enabled = true) {
  return useQuery({ queryKey: keys.profile, queryFn: () => ok(api.GET('/v1/partner/profile')), enabled });
}

/** Saves the sections of the profile one step of the wizard holds; the server checks them (postal codes, webmail). */
export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfilePatch) => ok(api.PUT('/v1/partner/profile', { body })),
    onSuccess: (profile) => {
      client.setQueryData(keys.profile, profile);
      void client.invalidateQueries({ queryKey: keys.programInfo });
    },
  });
}

/** R-ENR-1: a code goes to the partner ID's account e-mail. */
export function useStartPartnerIdLink() {
  return useMutation({
    mutationFn: (partnerId: string) => ok(api.POST('/v1/partner/partner-id-links', { body: { partnerId } })),
  });
}

/** The mailed code proves the partner ID; the answer is the profile with it. */
export function useVerifyPartnerId() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, code }: { id: string; code: string }) =>
      ok(api.POST('/v1/partner/partner-id-links/{id}/verification', { params: { path: { id } }, body: { code } })),
    onSuccess: (profile) => {
      client.setQueryData(keys.profile, profile);
      void client.invalidateQueries({ queryKey: keys.programInfo });
    },
  });
}

export function useEnroll() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewEnrollment) =>
      ok(api.POST('/v1/enrollments', { body, headers: { 'idempotency-key': idempotencyKey() } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.programInfo }),
  });
}

export function useEnrollment(id: string) {
  return useQuery({
    queryKey: keys.enrollment(id),
    queryFn: () => ok(api.GET('/v1/enrollments/{id}', { params: { path: { id } } })),
  });
}
