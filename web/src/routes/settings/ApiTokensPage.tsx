import {
  Badge,
  Button,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SpinButton,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type ApiToken, type CreatedApiToken } from '../../api/settings';
import { ListTable, type Column } from '../../components/ListTable';
import { Form } from '../../components/Page';
import { fieldError, formProblem, ProblemBar } from '../../components/ProblemBar';
import { RoleBadges } from '../../components/RoleBadges';
import { useFormat } from '../../i18n/format';
import { RoleChoices } from '../../components/RoleChoices';
import { SettingsPage } from './SettingsNav';
import { FieldAlert } from '../../components/FieldAlert';

const useStyles = makeStyles({
  secret: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  code: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

/** The signed-in user's API tokens: make one (its secret shown once), see when each was used, revoke. */
export default function ApiTokensPage() {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const list = useApiTokens();
  const revoke = useRevokeApiToken();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const state = (k: ApiToken) => (k.revokedAt ? 'revoked' : new Date(k.expiresAt) <= new Date() ? 'expired' : 'active');
  const columns: Column<ApiToken>[] = [
    { key: 'name', header: t('tokens.columns.name'), cell: (k) => k.name },
    { key: 'prefix', header: t('tokens.columns.prefix'), cell: (k) => <code>{k.prefix}…</code> },
    { key: 'roles', header: t('tokens.columns.scopes'), cell: (k) => <RoleBadges kind="user" roles={k.roles} /> },
    {
      key: 'status',
      header: t('tokens.columns.status'),
      cell: (k) => <Badge color={state(k) === 'active' ? 'success' : 'subtle'}>{t(`tokens.status.${state(k)}`)}</Badge>,
    },
    { key: 'expires', header: t('tokens.columns.expires'), cell: (k) => format.date(k.expiresAt) },
    {
      key: 'used',
      header: t('tokens.columns.lastUsed'),
      cell: (k) => (k.lastUsedAt ? format.dateTime(k.lastUsedAt) : t('tokens.never')),
    },
    {
      key: 'actions',
      header: t('tokens.columns.actions'),
      cell: (k) =>
        state(k) === 'active' && (
          <Button size="small" disabled={revoke.isPending} onClick={() => revoke.mutate(k.id)}>
            {t('tokens.revoke')}
          </Button>
        ),
    },
  ];
  return (
    <SettingsPage title={t('tokens.title')} intro={t('tokens.intro')}>
      {created ? <Secret token={created} onDone={() => setCreated(null)} /> : <NewToken onCreated={setCreated} />}
      <ProblemBar error={revoke.error} />
      <ListTable
        label={t('tokens.title')}
        list={list}
        columns={columns}
        rowKey={(k) => k.id}
        empty={t('tokens.empty')}
        loading={t('loading')}
      />
    </SettingsPage>
  );
}

function NewToken({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation('settings');
  const me = useMe().data!;
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [roles, setRoles] = useState<string[]>([]);
  const submit = () =>
    create.mutate(
      { name, expiresInDays: days, ...(roles.length > 0 ? { roles } : {}) },
      { onSuccess: (token) => onCreated(token) },
    );
  return (
    <section aria-labelledby="new-token-title">
      <Text as="h2" id="new-token-title" size={500} weight="semibold">
        {t('tokens.new.title')}
      </Text>
      <Form onSubmit={submit} label={t('tokens.new.title')}>
        <ProblemBar error={formProblem(create.error)} />
        <FieldAlert label={t('tokens.new.name')} required hint={t('tokens.new.nameHint')} error={create.error} path="/name">
          <Input value={name} onChange={(_e, d) => setName(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('tokens.new.days')} error={create.error} path="/expiresInDays">
          <SpinButton
            min={1}
            max={366}
            value={days}
            onChange={(_e, d) => {
              const next = d.value ?? Number(d.displayValue);
              if (Number.isFinite(next)) setDays(next);
            }}
          />
        </FieldAlert>
        <RoleChoices
          legend={t('tokens.new.scopes')}
          hint={t('tokens.new.scopesHint')}
          choices={me.user.roles}
          roles={roles}
          onChange={setRoles}
          error={fieldError(create.error, '/roles')}
        />
        <div>
          <Button type="submit" appearance="primary" disabled={create.isPending || !name.trim()}>
            {t('tokens.new.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** The token as made, this once: Trellis keeps only its hash. */
function Secret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  return (
    <MessageBar intent="success" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('tokens.secret.title', { name: token.name })}</MessageBarTitle>
        <Text as="p" block>
          {t('tokens.secret.once')}
        </Text>
        <div className={styles.secret}>
          <code className={styles.code} data-testid="api-token-secret">
            {token.token}
          </code>
          <Button
            size="small"
            onClick={() =>
              void navigator.clipboard.writeText(token.token).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {t('tokens.secret.copy')}
          </Button>
          <Button size="small" appearance="primary" onClick={onDone}>
            {t('tokens.secret.done')}
          </Button>
        </div>
        {copied && (
          <Text as="p" role="status">
            {t('tokens.secret.copied')}
          </Text>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
