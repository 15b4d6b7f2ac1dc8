import { Badge } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAdminRoleWords } from './AdminRoles';

/** A user's role (global_admin, admin_agent…) by its name in the console's language; a role the console does not know, as the API names it. */
export function useUserRoleName(): (role: string) => string {
  const { t } = useTranslation();
  return (role) => t(`roles.${role}`, { defaultValue: role });
}

/**
 * Roles as badges, named in the console's language: a user's or an API token's roles (`user`),
 * or the admin roles of a grant (`admin`). The API's name stays in `data-role`.
 */
export function RoleBadges({ roles, kind }: { roles: readonly string[]; kind: 'user' | 'admin' }) {
  const userRole = useUserRoleName();
  const adminRole = useAdminRoleWords();
  return roles.map((r) => (
    <Badge key={r} appearance="outline" size="small" data-role={r}>
      {kind === 'user' ? userRole(r) : adminRole(r).name}
    </Badge>
  ));
}
