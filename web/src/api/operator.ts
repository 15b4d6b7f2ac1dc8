import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = Json<NonNullable<paths[P][M]>['requestBody']>;

export type Enrollment = Json<paths['/v1/operator/enrollments/{id}']['get']['responses'][200]>;
export type EnrollmentStatus = Enrollment['status'];
export type Program = Enrollment['program'];
export type PartnerItem = Json<paths['/v1/operator/partners']['get']['responses'][200]>['items'][number];
export type OperatorPartner = Json<paths['/v1/operator/partners/{id}']['get']['responses'][200]>;
export type OperatorPartnership = Json<
  paths['/v1/operator/partners/{id}/partnerships']['get']['responses'][200]
>['items'][number];
export type AuditEvent = Json<paths['/v1/audit-events']['get']['responses'][200]>['items'][number];
export type Settings = Json<paths['/v1/operator/settings']['get']['responses'][200]>;
export type SettingsPatch = Body<'/v1/operator/settings', 'patch'>;
export type Agreement = Json<paths['/v1/operator/agreements']['get']['responses'][200]>['items'][number];
export type AgreementType = Agreement['type'];
export type NewAgreement = Body<'/v1/operator/agreements', 'post'>;
export type IncentiveProgram = Json<paths['/v1/operator/incentive-programs']['get']['responses'][200]>['items'][number];
export type NewIncentiveProgram = Body<'/v1/operator/incentive-programs', 'post'>;
export type RegistryEntry = Body<'/v1/operator/partner-ids/{partnerId}', 'put'>;

export const programs: Program[] = ['direct_bill', 'indirect_provider', 'indirect_reseller'];
export const enrollmentStatuses: EnrollmentStatus[] = ['pending_verification', 'pending_review', 'approved', 'rejected', 'ended'];

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v)) as T;
const after = (cursor: string | undefined) => (cursor ? { cursor } : {});

export interface QueueFilters {
  status?: EnrollmentStatus;
  program?: Program;
}

/** The review queue, oldest first (R-ENR-3): each with its deadline and overdue flag (R-TRN-2). */
export function useReviewQueue(filters: QueueFilters) {
  const query = defined(filters);
  return usePaged(keys.reviewQueue(query), (cursor) =>
    ok(api.GET('/v1/operator/enrollments', { params: { query: { ...query, limit: 50, ...after(cursor) } } })),
  );
}

export function useReview(id: string) {
  return useQuery({
    queryKey: keys.review(id),
    queryFn: () => ok(api.GET('/v1/operator/enrollments/{id}', { params: { path: { id } } })),
  });
}

export type Decision = { kind: 'approval' } | { kind: 'rejection'; reason: string } | { kind: 'requirements' };

/** Approve, reject with a reason (R-ENR-3), or confirm direct bill's requirements first (R-ENR-5). */
export function useDecide(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: Decision) => {
      const path = { id };
      if (d.kind === 'approval') return ok(api.POST('/v1/operator/enrollments/{id}/approval', { params: { path } }));
      if (d.kind === 'rejection')
        return ok(api.POST('/v1/operator/enrollments/{id}/rejection', { params: { path }, body: { reason: d.reason } }));
      return ok(
        api.POST('/v1/operator/enrollments/{id}/requirements-confirmation', {
          params: { path },
          body: { apiIntegration: true, billing: true, support: true },
        }),
      );
    },
    onSuccess: (enrollment) => {
      client.setQueryData(keys.review(id), enrollment);
      void client.invalidateQueries({ queryKey: ['operator'] });
    },
  });
}

export interface PartnerFilters {
  search?: string;
  country?: string;
  capability?: Program;
  status?: 'pending' | 'active' | 'suspended';
}

/** The operator's partners, newest first, by part of the name, country, capability and its status. */
export function useOperatorPartners(filters: PartnerFilters) {
  const query = defined(filters);
  return usePaged(keys.operatorPartners(query), (cursor) =>
    ok(api.GET('/v1/operator/partners', { params: { query: { ...query, limit: 50, ...after(cursor) } } })),
  );
}

export function useOperatorPartner(id: string) {
  return useQuery({
    queryKey: keys.operatorPartner(id),
    queryFn: () => ok(api.GET('/v1/operator/partners/{id}', { params: { path: { id } } })),
  });
}

/** Operator actions on one partner: the offboarding flag (R-TRN-1), removing a capability (R-TRN-4). */
export function usePartnerAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: { kind: 'offboarding' } | { kind: 'removeCapability'; capability: Program }) =>
      a.kind === 'offboarding'
        ? ok(api.POST('/v1/operator/partners/{id}/offboarding', { params: { path: { id } } }))
        : ok(
            api.DELETE('/v1/operator/partners/{id}/capabilities/{capability}', {
              params: { path: { id, capability: a.capability } },
            }),
          ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['operator'] }),
  });
}

/** A partner's partnerships, as provider and as reseller, newest first (R-PRT-2, R-PRT-6). */
export function usePartnerPartnerships(id: string) {
  return usePaged(keys.operatorPartnerships(id), (cursor) =>
    ok(api.GET('/v1/operator/partners/{id}/partnerships', { params: { path: { id }, query: { limit: 50, ...after(cursor) } } })),
  );
}

/** Support ends a partnership that a support request asked to end (R-PRT-6). */
export function useEndPartnership() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, supportRequest }: { id: string; supportRequest: string }) =>
      ok(api.POST('/v1/operator/partnerships/{id}/ending', { params: { path: { id } }, body: { supportRequest } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['operator'] }),
  });
}

export interface AuditFilters {
  type?: string;
  subjectId?: string;
  tenantId?: string;
}

/** The audit log, newest first; operator staff read every tenant's, or one tenant's. */
export function useAuditEvents(filters: AuditFilters) {
  const query = defined(filters);
  return usePaged(keys.audit(query), (cursor) =>
    ok(api.GET('/v1/audit-events', { params: { query: { ...query, limit: 50, ...after(cursor) } } })),
  );
}

export function useSettings() {
  return useQuery({ queryKey: keys.operatorSettings, queryFn: () => ok(api.GET('/v1/operator/settings')) });
}

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsPatch) => ok(api.PATCH('/v1/operator/settings', { body })),
    onSuccess: (settings) => client.setQueryData(keys.operatorSettings, settings),
  });
}

export function useAgreementVersions(type: AgreementType) {
  return useQuery({
    queryKey: keys.agreementVersions(type),
    queryFn: () => ok(api.GET('/v1/operator/agreements', { params: { query: { type } } })),
  });
}

export function usePublishAgreement() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAgreement) => ok(api.POST('/v1/operator/agreements', { body })),
    onSuccess: (a) => client.invalidateQueries({ queryKey: keys.agreementVersions(a.type) }),
  });
}

export function useIncentivePrograms() {
  return useQuery({ queryKey: keys.incentivePrograms, queryFn: () => ok(api.GET('/v1/operator/incentive-programs')) });
}

export function useCreateIncentiveProgram() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewIncentiveProgram) => ok(api.POST('/v1/operator/incentive-programs', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.incentivePrograms }),
  });
}

/** One partner ID of the registry, looked up when the operator asks for it (R-ENR-1). */
export function useRegistryEntry(partnerId: string) {
  return useQuery({
    queryKey: keys.registryEntry(partnerId),
    queryFn: () => ok(api.GET('/v1/operator/partner-ids/{partnerId}', { params: { path: { partnerId } } })),
    enabled: partnerId.length > 0,
    retry: false,
  });
}

export function usePutRegistryEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ partnerId, entry }: { partnerId: string; entry: RegistryEntry }) =>
      ok(api.PUT('/v1/operator/partner-ids/{partnerId}', { params: { path: { partnerId } }, body: entry })),
    onSuccess: (e) => client.setQueryData(keys.registryEntry(e.partnerId), e),
  });
}

/** Records or removes a customer tenant as a partner's affiliate (R-SELF-1). */
export function useAffiliation() {
  return useMutation({
    mutationFn: ({
      partnerId,
      customerId,
      note,
      remove,
    }: {
      partnerId: string;
      customerId: string;
      note?: string;
      remove?: boolean;
    }) =>
      remove
        ? ok(api.DELETE('/v1/operator/affiliations/{partnerId}/{customerId}', { params: { path: { partnerId, customerId } } }))
        : ok(
            api.PUT('/v1/operator/affiliations/{partnerId}/{customerId}', {
              params: { path: { partnerId, customerId } },
              body: note ? { note } : {},
            }),
          ),
  });
}

export type EnrollmentStats = Json<paths['/v1/operator/enrollment-stats']['get']['responses'][200]>;

/** The enrollment funnel and the review deadlines ahead, for the charts above the queue. */
export function useEnrollmentStats() {
  return useQuery({ queryKey: keys.enrollmentStats, queryFn: () => ok(api.GET('/v1/operator/enrollment-stats')) });
}
