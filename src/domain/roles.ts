/**
 * Roles and permissions of DOMAIN.md ("Who is in the system"). Every route names one
 * permission; a principal holds it when one of its roles grants it. This table is the
 * whole authorization model: nothing else decides who may call what.
 */
export const tenantKinds = ['operator', 'partner', 'customer'] as const;
export type TenantKind = (typeof tenantKinds)[number];

export const rolesByKind = {
  partner: ['global_admin', 'admin_agent', 'sales_agent', 'helpdesk_agent', 'billing_admin', 'incentive_admin'],
  customer: ['global_admin', 'user'],
  operator: ['operator_admin', 'reviewer', 'support'],
} as const satisfies Record<TenantKind, readonly string[]>;

export type PartnerRole = (typeof rolesByKind.partner)[number];
export type CustomerRole = (typeof rolesByKind.customer)[number];
export type OperatorRole = (typeof rolesByKind.operator)[number];
export type Role = PartnerRole | CustomerRole | OperatorRole;

/** The role a tenant's first user gets, and that only it may hand on. */
export const firstAdminRole: Record<TenantKind, Role> = {
  partner: 'global_admin',
  customer: 'global_admin',
  operator: 'operator_admin',
};

export const permissions = [
  // Held by nobody: markers a route uses instead of a real permission.
  'public',
  'signed_in',
  // Identity.
  'users.read',
  'users.manage',
  'roles.grant',
  'audit.read',
  // Program membership (partners): reading the partner's own profile, enrollments, program
  // info and directory entry, and the operator's provider directory (R-DIR-1).
  'program.read',
  'program.enroll',
  'agreements.read',
  'agreements.accept',
  'partnerships.read',
  'partnerships.accept',
  'partnerships.invite',
  // Customers and relationships. The *.read of another tenant's data is the caller's own
  // side; a partner also needs a live grant of that tenant (R-GRT-3).
  'customers.read',
  'customers.create',
  'customers.manage',
  'customer_users.read',
  'relationships.read',
  'relationships.accept',
  'relationships.manage',
  'relationship_requests.send',
  'grants.read',
  'grants.decide',
  'grants.manage',
  'licenses.manage',
  'subscriptions.manage',
  'orders.place',
  // Commerce: the catalog as a partner's market sees it, a customer's orders and subscriptions.
  'catalog.read',
  'orders.read',
  'subscriptions.read',
  'support.act',
  'billing.read',
  'billing.manage',
  'incentives.manage',
  // Accepting a link mailed to the tenant; the link's kind names the permission it needs besides.
  'links.accept',
  // Operator. operator.read: the back office's lists every operator role works from.
  'operator.read',
  'operator.admin',
  'operator.review',
  'operator.support',
] as const;
export type Permission = (typeof permissions)[number];

/** Permissions a route may name that no role grants: they say who may call, not what. */
export const markerPermissions: readonly Permission[] = ['public', 'signed_in'];

/** What every partner role reads of its own tenant's program membership. */
const partnerProgram: Permission[] = ['program.read', 'agreements.read'];
/** What the partner roles that serve customers read (billing and incentives stay in their lanes). */
const partnerCustomerReads: Permission[] = [
  'customers.read',
  'customer_users.read',
  'relationships.read',
  'grants.read',
  'partnerships.read',
  'catalog.read',
  'orders.read',
  'subscriptions.read',
];

const partnerAll: Permission[] = [
  'users.read',
  'roles.grant',
  'audit.read',
  ...partnerProgram,
  'program.enroll',
  'agreements.accept',
  'partnerships.read',
  'partnerships.accept',
  'partnerships.invite',
  'links.accept',
  'customers.read',
  'customers.create',
  'customers.manage',
  'customer_users.read',
  'relationships.read',
  'relationships.manage',
  'relationship_requests.send',
  'grants.read',
  'grants.decide',
  'grants.manage',
  'licenses.manage',
  'subscriptions.manage',
  'orders.place',
  'catalog.read',
  'orders.read',
  'subscriptions.read',
  'support.act',
  'billing.read',
  'billing.manage',
  'incentives.manage',
];

const rolePermissions: Record<TenantKind, Record<string, readonly Permission[]>> = {
  partner: {
    // "Everything", except adding users: R-ENR-4 reserves that to admin_agent, which a
    // global admin can grant to itself.
    global_admin: partnerAll,
    admin_agent: [
      'users.read',
      'users.manage',
      'audit.read',
      ...partnerProgram,
      ...partnerCustomerReads,
      'partnerships.invite',
      'customers.create',
      'customers.manage',
      'relationships.manage',
      'relationship_requests.send',
      'grants.manage',
      'licenses.manage',
      'subscriptions.manage',
    ],
    sales_agent: [...partnerProgram, ...partnerCustomerReads, 'customers.create', 'relationship_requests.send', 'orders.place'],
    helpdesk_agent: [...partnerProgram, ...partnerCustomerReads, 'support.act'],
    billing_admin: [...partnerProgram, 'billing.read', 'billing.manage'],
    incentive_admin: [...partnerProgram, 'incentives.manage'],
  },
  customer: {
    global_admin: [
      'users.read',
      'users.manage',
      'roles.grant',
      'audit.read',
      'links.accept',
      'customer_users.read',
      'relationships.read',
      'relationships.accept',
      'relationships.manage',
      'grants.read',
      'grants.decide',
      'grants.manage',
      'agreements.read',
      'agreements.accept',
      // Its own orders and subscriptions, whoever placed them (R-CUS-8), their licenses to assign, and the
      // invoices its partners sent it.
      'orders.read',
      'subscriptions.read',
      'licenses.manage',
      'billing.read',
    ],
    // The agreements its company accepted, and nothing of the tenant's directory, grants or partners.
    user: ['agreements.read'],
  },
  operator: {
    operator_admin: [
      'users.read',
      'users.manage',
      'roles.grant',
      // It publishes the agreements: it reads the version in effect as partners see it.
      'agreements.read',
      'audit.read',
      'operator.read',
      'operator.admin',
      'operator.review',
      'operator.support',
    ],
    reviewer: ['audit.read', 'operator.read', 'operator.review'],
    support: ['audit.read', 'operator.read', 'operator.support'],
  },
};

export function isRoleOf(kind: TenantKind, role: string): role is Role {
  return (rolesByKind[kind] as readonly string[]).includes(role);
}

/** Whether a principal of a tenant kind, holding these roles, has the permission. */
export function hasPermission(kind: TenantKind, roles: readonly string[], permission: Permission): boolean {
  if (permission === 'public' || permission === 'signed_in') return true;
  const table = rolePermissions[kind];
  return roles.some((role) => table[role]?.includes(permission) ?? false);
}

/**
 * Whether these roles may hand `role` on to a user of their own tenant (R-ENR-4): it takes
 * roles.grant, and the tenant's first admin role is handed on only by those who hold it.
 */
export function mayHandOn(kind: TenantKind, roles: readonly string[], role: string): boolean {
  if (!hasPermission(kind, roles, 'roles.grant')) return false;
  return role !== firstAdminRole[kind] || roles.includes(role);
}

/** Every permission the roles give, for `GET /v1/me` and for the console to hide what it cannot do. */
export function permissionsOf(kind: TenantKind, roles: readonly string[]): Permission[] {
  return permissions.filter((p) => !markerPermissions.includes(p) && hasPermission(kind, roles, p));
}
