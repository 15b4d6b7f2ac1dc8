/**
 * What each admin role of a delegated grant lets a partner do on the grantor's tenant
 * (R-GRT-1, R-GRT-3), after the vendor's granular admin roles: a reader reads, a user admin
 * manages users, a helpdesk admin resets passwords, a license admin handles licenses, and a
 * global admin does all of it and alone hands out the tenant's own admin role. A role the
 * operator adds to its catalog gives nothing until it is named here.
 */
export const delegatedPermissions = [
  'directory.read',
  'users.manage',
  'users.grant_admin',
  'passwords.reset',
  'licenses.read',
  'licenses.manage',
] as const;
export type DelegatedPermission = (typeof delegatedPermissions)[number];

const byRole: Record<string, readonly DelegatedPermission[]> = {
  directory_reader: ['directory.read'],
  global_reader: ['directory.read', 'licenses.read'],
  user_admin: ['directory.read', 'users.manage', 'passwords.reset'],
  helpdesk_admin: ['directory.read', 'passwords.reset'],
  license_admin: ['licenses.read', 'licenses.manage'],
  global_admin: delegatedPermissions,
};

/** Whether a grant holding these admin roles gives the permission. */
export function grantAllows(roles: readonly string[], permission: DelegatedPermission): boolean {
  return roles.some((r) => byRole[r]?.includes(permission) ?? false);
}

/** The catalog roles that would give a permission: what a refusal tells the partner to ask for. */
export function rolesGiving(permission: DelegatedPermission): string[] {
  return Object.entries(byRole)
    .filter(([, given]) => given.includes(permission))
    .map(([role]) => role);
}

/** One line per role of the default catalog, for a grantor deciding a request; roles the operator adds get a generic line. */
const descriptions: Record<string, string> = {
  directory_reader: 'Reads your directory: users and their details.',
  global_reader: 'Reads what a global admin sees (users, licenses), changes nothing.',
  user_admin: 'Manages your users and resets their passwords.',
  helpdesk_admin: 'Reads your directory and resets passwords.',
  license_admin: 'Assigns and removes licenses.',
  global_admin: 'Full control of your tenant, including its admin roles.',
};

export function describeAdminRole(role: string): string {
  return descriptions[role] ?? "An admin role of the operator's catalog.";
}
