/**
 * Every query key of the console, from one factory: a mutation invalidates exactly the lists
 * and details it changed, and no page refetches by hand.
 */
export const keys = {
  me: ['me'] as const,
  programInfo: ['program-info'] as const,
  markets: ['markets'] as const,
  link: (token: string) => ['links', token] as const,
  mailbox: (to: string) => ['mailbox', to] as const,
  resellers: (status: string) => ['indirect-resellers', status] as const,
  invitations: ['partnership-invitations'] as const,
  providers: (status: string) => ['indirect-providers', status] as const,
  customers: (filters: object) => ['customers', filters] as const,
  customer: (id: string) => ['customer', id] as const,
  directory: (filters: object) => ['directory', filters] as const,
  grants: (side: string) => ['admin-grants', side] as const,
  grantRequests: (side: string) => ['admin-grant-requests', side] as const,
  relationshipRequests: ['relationship-requests'] as const,
  // The operator's back office: everything under ['operator', …] is refetched after a decision.
  reviewQueue: (filters: object) => ['operator', 'enrollments', filters] as const,
  review: (id: string) => ['operator', 'enrollment', id] as const,
  enrollmentStats: ['operator', 'enrollment-stats'] as const,
  operatorPartners: (filters: object) => ['operator', 'partners', filters] as const,
  operatorPartner: (id: string) => ['operator', 'partner', id] as const,
  audit: (filters: object) => ['operator', 'audit', filters] as const,
  operatorSettings: ['operator', 'settings'] as const,
  agreementVersions: (type: string) => ['operator', 'agreements', type] as const,
  incentivePrograms: ['operator', 'incentive-programs'] as const,
  registryEntry: (partnerId: string) => ['operator', 'partner-id', partnerId] as const,
};
