import { Badge } from '@fluentui/react-components';

/** A user's or a grant's roles, as the API names them. */
export function RoleBadges({ roles }: { roles: readonly string[] }) {
  return roles.map((r) => (
    <Badge key={r} appearance="outline" size="small">
      {r}
    </Badge>
  ));
}
