/**
 * Every query key of the console, from one factory: a mutation invalidates exactly the lists
 * and details it changed, and no page refetches by hand.
 */
export const keys = {
  me: ['me'] as const,
  programInfo: ['program-info'] as const,
  providerDashboard: ['partner-dashboard'] as const,
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
  profile: ['partner-profile'] as const,
  enrollment: (id: string) => ['enrollments', id] as const,
  bulkMoves: ['bulk-moves'] as const,
  bulkMove: (id: string) => ['bulk-moves', id] as const,
  bulkMoveItems: (id: string) => ['bulk-moves', id, 'items'] as const,
  relationships: (customerId: string) => ['relationships', customerId] as const,
  users: ['users'] as const,
  apiTokens: ['api-tokens'] as const,
  agreement: (type: string) => ['agreements', type] as const,
  tenant: ['tenant'] as const,
};
