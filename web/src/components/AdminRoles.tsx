import { Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

/**
 * The admin roles Trellis knows (src/domain/delegated.ts gives each its access). An operator may
 * add others to its catalog; they open nothing until Trellis knows them, and the console says so.
 */
const known = new Set(['directory_reader', 'global_reader', 'user_admin', 'helpdesk_admin', 'license_admin', 'global_admin']);

export interface AdminRoleWords {
  name: string;
  description: string;
  known: boolean;
}

/** An admin role's name and what it lets a partner do, in the console's language. */
export function useAdminRoleWords(): (role: string) => AdminRoleWords {
  const { t } = useTranslation('grants');
  return (role) =>
    known.has(role)
      ? { name: t(`adminRoles.${role}.name`), description: t(`adminRoles.${role}.description`), known: true }
      : { name: role, description: t('adminRoles.other'), known: false };
}

/** An admin role as a label: its name, the API's name when they differ, and what it does. */
export function AdminRoleLabel({ role }: { role: string }) {
  const words = useAdminRoleWords()(role);
  return (
    <span>
      <Text weight="semibold">{words.name}</Text>
      {words.known && (
        <Text size={200} font="monospace">
          {' '}
          {role}
        </Text>
      )}
      <Text as="span" block size={200}>
        {words.description}
      </Text>
    </span>
  );
}
