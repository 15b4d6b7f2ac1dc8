import { Checkbox, Text, tokens } from '@fluentui/react-components';
import type { ReactElement } from 'react';
import { useUserRoleName } from './RoleBadges';

/**
 * Role checkboxes in a fieldset of their own: inside a Fluent Field every checkbox would take the
 * field's one id, and each label would then tick the first box. Labels are users' role names
 * unless `label` words them (the admin roles of a grant).
 */
export function RoleChoices({
  roles,
  choices,
  onChange,
  legend,
  hint,
  error,
  label,
}: {
  roles: string[];
  choices: readonly string[];
  onChange: (roles: string[]) => void;
  legend: string;
  hint?: string;
  error?: string | undefined;
  label?: (role: string) => ReactElement | string;
}) {
  const userRole = useUserRoleName();
  return (
    <fieldset
      style={{ border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', alignItems: 'flex-start' }}
    >
      <legend>
        <Text weight="semibold">{legend}</Text>
      </legend>
      {hint && (
        <Text as="p" block size={200}>
          {hint}
        </Text>
      )}
      {choices.map((r) => (
        <Checkbox
          key={r}
          label={label ? label(r) : userRole(r)}
          checked={roles.includes(r)}
          onChange={(_e, d) => onChange(d.checked ? [...roles, r] : roles.filter((x) => x !== r))}
        />
      ))}
      {error && (
        <Text as="p" block role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {error}
        </Text>
      )}
    </fieldset>
  );
}
