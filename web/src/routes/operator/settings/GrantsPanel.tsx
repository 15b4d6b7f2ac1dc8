import { Button, Field, Input, MessageBar, MessageBarBody, Spinner, Switch, Text, Title3 } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings, useUpdateSettings, type Settings, type SettingsPatch } from '../../../api/operator';
import { AdminRoleLabel, useAdminRoleWords } from '../../../components/AdminRoles';
import { Form } from '../../../components/Page';
import { fieldError, formProblem, ProblemBar } from '../../../components/ProblemBar';
import { DefaultGrantFields, type DefaultGrant } from './DefaultGrantFields';
import { useListStyles } from './listStyles';

type Defaults = Settings['defaultGrants'];

/** The API's form of a role name (src/modules/settings/schemas.ts). */
const ROLE_NAME = /^[a-z_]{1,40}$/;

/** Two sets of default grants alike, whatever order their roles were ticked in. */
const sameDefaults = (a: Defaults, b: Defaults) => {
  const canonical = (d: Defaults) =>
    JSON.stringify(
      (['resellerOfRecord', 'indirectReseller', 'providerOnReseller'] as const).map((name) => {
        const g = d[name];
        return g && { ...g, roles: [...g.roles].sort() };
      }),
    );
  return canonical(a) === canonical(b);
};

/**
 * The admin role catalog (R-GRT-1: what partners may ask for in grant requests) and the default
 * grants a new relationship gives (R-CUS-1) and a partnership gives the provider (R-PRT-3). Only
 * what changed is sent; a role taken out of the catalog leaves the default grants too.
 */
export function GrantsPanel() {
  const { t } = useTranslation('operator');
  const settings = useSettings();
  if (settings.isPending) return <Spinner label={t('loading')} />;
  if (settings.error) return <ProblemBar error={settings.error} />;
  return <GrantsForm settings={settings.data} />;
}

function GrantsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('operator');
  const styles = useListStyles();
  const update = useUpdateSettings();
  const words = useAdminRoleWords();
  const [catalog, setCatalog] = useState(settings.adminRoleCatalog);
  const [newRole, setNewRole] = useState('');
  const [grants, setGrants] = useState(settings.defaultGrants);
  const [ownIndirect, setOwnIndirect] = useState(Boolean(settings.defaultGrants.indirectReseller));
  // The indirect resellers' own default starts as the reseller of record's until edited.
  const [indirect, setIndirect] = useState<DefaultGrant>(
    settings.defaultGrants.indirectReseller ?? settings.defaultGrants.resellerOfRecord,
  );

  const role = newRole.trim();
  const roleTaken = catalog.includes(role);
  const roleMalformed = role !== '' && !ROLE_NAME.test(role);
  const addRole = () => {
    if (!role || roleTaken || roleMalformed) return;
    setCatalog([...catalog, role]);
    setNewRole('');
  };
  const removeRole = (r: string) => {
    const without = (g: DefaultGrant) => ({ ...g, roles: g.roles.filter((x) => x !== r) });
    setCatalog(catalog.filter((x) => x !== r));
    setGrants({
      ...grants,
      resellerOfRecord: without(grants.resellerOfRecord),
      providerOnReseller: without(grants.providerOnReseller),
    });
    setIndirect(without(indirect));
  };

  const defaults: Defaults = {
    resellerOfRecord: grants.resellerOfRecord,
    ...(ownIndirect ? { indirectReseller: indirect } : {}),
    providerOnReseller: grants.providerOnReseller,
  };
  const patch: SettingsPatch = {};
  if (catalog.join() !== settings.adminRoleCatalog.join()) patch.adminRoleCatalog = catalog;
  if (!sameDefaults(defaults, settings.defaultGrants)) patch.defaultGrants = defaults;
  const changed = Object.keys(patch).length > 0;
  const save = () => {
    if (changed) update.mutate(patch);
  };

  return (
    <Form label={t('settings.tabs.grants')} onSubmit={save}>
      <Title3 as="h2" id="catalog-title">
        {t('settings.grants.catalogTitle')}
      </Title3>
      <Text as="p">{t('settings.grants.catalogIntro')}</Text>
      <ul className={styles.list} aria-labelledby="catalog-title">
        {catalog.map((r, i) => {
          const error = fieldError(update.error, `/adminRoleCatalog/${i}`);
          return (
            <li key={r} className={styles.item}>
              <span className={styles.grow}>
                <AdminRoleLabel role={r} />
              </span>
              <Button
                size="small"
                aria-label={t('settings.grants.removeLabel', { role: words(r).name })}
                disabled={catalog.length === 1}
                onClick={() => removeRole(r)}
              >
                {t('settings.grants.remove')}
              </Button>
              {error && (
                <Text role="alert" className={styles.error}>
                  {error}
                </Text>
              )}
            </li>
          );
        })}
      </ul>
      {fieldError(update.error, '/adminRoleCatalog') && (
        <Text role="alert" className={styles.error}>
          {fieldError(update.error, '/adminRoleCatalog')}
        </Text>
      )}
      <div className={styles.add}>
        <Field
          label={t('settings.grants.newRole')}
          hint={t('settings.grants.newRoleHint')}
          validationMessage={
            roleTaken ? t('settings.grants.roleTaken') : roleMalformed ? t('settings.grants.newRoleHint') : undefined
          }
          validationState={roleTaken || roleMalformed ? 'warning' : 'none'}
        >
          <Input
            value={newRole}
            maxLength={40}
            onChange={(_e, d) => setNewRole(d.value)}
            onKeyDown={(e) => {
              // Enter adds the role, as in the holiday's form; saving is the button's.
              if (e.key === 'Enter') {
                e.preventDefault();
                addRole();
              }
            }}
          />
        </Field>
        <Button disabled={!role || roleTaken || roleMalformed} onClick={addRole}>
          {t('settings.grants.addRole')}
        </Button>
      </div>

      <Title3 as="h2">{t('settings.grants.defaultsTitle')}</Title3>
      <Text as="p">{t('settings.grants.defaultsIntro')}</Text>
      <DefaultGrantFields
        name="resellerOfRecord"
        grant={grants.resellerOfRecord}
        catalog={catalog}
        onChange={(g) => setGrants({ ...grants, resellerOfRecord: g })}
        error={update.error}
      />
      <Field hint={t('settings.grants.indirectReseller.switchHint')}>
        <Switch
          label={t('settings.grants.indirectReseller.switch')}
          checked={ownIndirect}
          onChange={(_e, d) => setOwnIndirect(d.checked)}
        />
      </Field>
      {ownIndirect && (
        <DefaultGrantFields
          name="indirectReseller"
          grant={indirect}
          catalog={catalog}
          onChange={setIndirect}
          error={update.error}
        />
      )}
      <DefaultGrantFields
        name="providerOnReseller"
        grant={grants.providerOnReseller}
        catalog={catalog}
        onChange={(g) => setGrants({ ...grants, providerOnReseller: g })}
        error={update.error}
      />
      {/* Beside the button, which ends a long form: on a phone the top of the form is out of sight. */}
      <ProblemBar error={formProblem(update.error)} />
      {update.isSuccess && !changed && (
        <MessageBar intent="success">
          <MessageBarBody>{t('settings.saved')}</MessageBarBody>
        </MessageBar>
      )}
      <Button type="submit" appearance="primary" disabled={!changed || update.isPending}>
        {t('settings.grants.save')}
      </Button>
    </Form>
  );
}
