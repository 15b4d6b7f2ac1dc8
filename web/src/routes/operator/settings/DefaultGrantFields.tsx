import { makeStyles, SpinButton, Switch, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../api/operator';
import { AdminRoleLabel } from '../../../components/AdminRoles';
import { fieldError } from '../../../components/ProblemBar';
import { RoleChoices } from '../../../components/RoleChoices';
import { FieldAlert } from '../../../components/FieldAlert';

export type DefaultGrant = Settings['defaultGrants']['resellerOfRecord'];
export type DefaultGrantName = 'resellerOfRecord' | 'indirectReseller' | 'providerOnReseller';

const useStyles = makeStyles({
  fieldset: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    margin: 0,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
});

/**
 * One default grant (R-GRT-1, R-GRT-2): its roles from the catalog, its days and whether it
 * extends itself, each with the server's refusal of that field beside it.
 */
export function DefaultGrantFields({
  name,
  grant,
  catalog,
  onChange,
  error,
}: {
  name: DefaultGrantName;
  grant: DefaultGrant;
  catalog: readonly string[];
  onChange: (grant: DefaultGrant) => void;
  error: unknown;
}) {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  // A role the grant holds stays shown even if the catalog lost it, so it can be unticked.
  const choices = [...catalog, ...grant.roles.filter((r) => !catalog.includes(r))];
  const path = `/defaultGrants/${name}`;
  return (
    <fieldset className={styles.fieldset}>
      <legend>
        <Text weight="semibold">{t(`settings.grants.${name}.title`)}</Text>
      </legend>
      <Text as="p" block>
        {t(`settings.grants.${name}.explanation`)}
      </Text>
      <RoleChoices
        legend={t('settings.grants.roles')}
        choices={choices}
        // In the catalog's order, whatever order they were ticked in.
        roles={grant.roles}
        onChange={(roles) => onChange({ ...grant, roles: choices.filter((r) => roles.includes(r)) })}
        label={(role) => <AdminRoleLabel role={role} />}
        error={fieldError(error, `${path}/roles`)}
      />
      <FieldAlert label={t('settings.grants.days')} hint={t('settings.grants.daysHint')} error={error} path={`${path}/days`}>
        <SpinButton
          value={grant.days}
          min={1}
          max={730}
          onChange={(_e, d) => {
            const value = d.value ?? Number(d.displayValue);
            if (Number.isInteger(value)) onChange({ ...grant, days: value });
          }}
        />
      </FieldAlert>
      <FieldAlert hint={t('settings.grants.autoExtendHint')} error={error} path={`${path}/autoExtend`}>
        <Switch
          label={t('settings.grants.autoExtend')}
          checked={grant.autoExtend}
          onChange={(_e, d) => onChange({ ...grant, autoExtend: d.checked })}
        />
      </FieldAlert>
    </fieldset>
  );
}
