import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe, type Me } from '../../api/session';
import { useAddUser, useUserChange, useUsers, type User } from '../../api/settings';
import { ListTable, type Column } from '../../components/ListTable';
import { Form } from '../../components/Page';
import { fieldError, formProblem, ProblemBar } from '../../components/ProblemBar';
import { RoleBadges } from '../../components/RoleBadges';
import { isLanguage, LANGUAGES } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { RoleChoices } from '../../components/RoleChoices';
import { SettingsPage } from './SettingsNav';
import { Email } from '../../components/Email';
import { FieldAlert } from '../../components/FieldAlert';

/** The roles of each kind of tenant, in the order DOMAIN.md lists them (the API refuses any other). */
const rolesByKind: Record<Me['tenant']['kind'], string[]> = {
  partner: ['global_admin', 'admin_agent', 'sales_agent', 'helpdesk_agent', 'billing_admin', 'incentive_admin'],
  customer: ['global_admin', 'user'],
  operator: ['operator_admin', 'reviewer', 'support'],
};

/** The tenant's users and their roles: add, change roles, disable or enable, mail a reset link (R-ENR-4). */
export default function UsersPage() {
  const { t } = useTranslation('settings');
  const me = useMe().data!;
  const format = useFormat();
  const list = useUsers();
  const change = useUserChange();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const partner = me.tenant.kind === 'partner';
  const manage = can(me, 'users.manage');
  const grant = can(me, 'roles.grant');
  const act = (c: Parameters<typeof change.mutate>[0], message: string) =>
    change.mutate(c, { onSuccess: () => setDone(message), onError: () => setDone(null) });
  const columns: Column<User>[] = [
    { key: 'name', header: t('users.columns.name'), cell: (u) => u.name },
    { key: 'email', header: t('users.columns.email'), cell: (u) => <Email address={u.email} /> },
    { key: 'roles', header: t('users.columns.roles'), cell: (u) => <RoleBadges kind="user" roles={u.roles} /> },
    {
      key: 'status',
      header: t('users.columns.status'),
      cell: (u) => (
        <Badge color={u.status === 'active' ? 'success' : u.status === 'invited' ? 'informative' : 'subtle'}>
          {t(`users.status.${u.status}`)}
        </Badge>
      ),
    },
    { key: 'mfa', header: t('users.columns.mfa'), cell: (u) => t(u.mfaEnabled ? 'users.mfaOn' : 'users.mfaOff') },
    { key: 'lastSignIn', header: t('users.columns.lastSignIn'), cell: (u) => format.dateTime(u.lastSignInAt) },
    ...(manage || grant
      ? [
          {
            key: 'actions',
            header: t('users.columns.actions'),
            cell: (u: User) => (
              <>
                {grant && (
                  <Button size="small" onClick={() => setEditing(u)}>
                    {t('users.roles.open')}
                  </Button>
                )}{' '}
                {manage && u.id !== me.user.id && u.status !== 'invited' && (
                  <Button
                    size="small"
                    disabled={change.isPending}
                    onClick={() =>
                      act(
                        { id: u.id, status: u.status === 'active' ? 'disabled' : 'active' },
                        t(u.status === 'active' ? 'users.disabled' : 'users.enabled', { name: u.name }),
                      )
                    }
                  >
                    {t(u.status === 'active' ? 'users.disable' : 'users.enable')}
                  </Button>
                )}{' '}
                {manage && u.status === 'active' && u.id !== me.user.id && (
                  <Button
                    size="small"
                    disabled={change.isPending}
                    onClick={() => act({ id: u.id, passwordReset: true }, t('users.resetSent', { email: u.email }))}
                  >
                    {t('users.reset')}
                  </Button>
                )}
              </>
            ),
          },
        ]
      : []),
  ];
  return (
    <SettingsPage title={t('users.title')} intro={t(`users.intro.${me.tenant.kind}`)}>
      {partner && <AdminAgent me={me} />}
      {(manage || (partner && grant)) && (
        <div>
          <Button appearance="primary" onClick={() => setAdding(true)}>
            {t('users.add.open')}
          </Button>
        </div>
      )}
      <ProblemBar error={change.error} />
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <ListTable
        label={t('users.title')}
        list={list}
        columns={columns}
        rowKey={(u) => u.id}
        empty={t('users.empty')}
        loading={t('loading')}
      />
      {adding && (
        <AddUserDialog
          kind={me.tenant.kind}
          onClose={() => setAdding(false)}
          onAdded={(u) => setDone(t('users.add.done', { email: u.email }))}
        />
      )}
      {editing && <RolesDialog user={editing} kind={me.tenant.kind} onClose={() => setEditing(null)} />}
    </SettingsPage>
  );
}

/** R-ENR-4 in the partner's words: who adds users, and how a global admin gets that role. */
function AdminAgent({ me }: { me: Me }) {
  const { t } = useTranslation('settings');
  const { t: common } = useTranslation();
  const change = useUserChange();
  const mayGrantSelf = can(me, 'roles.grant') && !me.user.roles.includes('admin_agent');
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('users.adminAgent.title')}</MessageBarTitle> {t('users.adminAgent.detail')}{' '}
        <Link href="/rules#r-enr-4" target="_blank" rel="noreferrer">
          {common('problems.rule', { rule: 'R-ENR-4' })}
        </Link>
        {mayGrantSelf && (
          <div style={{ marginTop: 8 }}>
            <Button
              size="small"
              disabled={change.isPending}
              onClick={() => change.mutate({ id: me.user.id, roles: [...me.user.roles, 'admin_agent'] })}
            >
              {t('users.adminAgent.grantSelf')}
            </Button>
            <ProblemBar error={change.error} />
          </div>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

function AddUserDialog({
  kind,
  onClose,
  onAdded,
}: {
  kind: Me['tenant']['kind'];
  onClose: () => void;
  onAdded: (u: User) => void;
}) {
  const { t, i18n } = useTranslation('settings');
  const add = useAddUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<(typeof LANGUAGES)[number]>(isLanguage(i18n.language) ? i18n.language : 'en');
  const [roles, setRoles] = useState<string[]>([]);
  const submit = () =>
    add.mutate(
      { email, name, language, roles },
      {
        onSuccess: (u) => {
          onAdded(u);
          onClose();
        },
      },
    );
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('users.add.title')}</DialogTitle>
          <DialogContent>
            <Text as="p" block>
              {t('users.add.intro')}
            </Text>
            <Form onSubmit={submit} label={t('users.add.title')}>
              <ProblemBar error={formProblem(add.error)} />
              <FieldAlert label={t('users.add.email')} required error={add.error} path="/email">
                <Input type="email" value={email} onChange={(_e, d) => setEmail(d.value)} />
              </FieldAlert>
              <FieldAlert label={t('users.add.name')} required error={add.error} path="/name">
                <Input value={name} onChange={(_e, d) => setName(d.value)} />
              </FieldAlert>
              <Field label={t('profile.language')}>
                <Select value={language} onChange={(_e, d) => setLanguage(d.value as typeof language)}>
                  {LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {t(`profile.languages.${l}`)}
                    </option>
                  ))}
                </Select>
              </Field>
              <RoleChoices
                legend={t('users.columns.roles')}
                choices={rolesByKind[kind]}
                roles={roles}
                onChange={setRoles}
                error={fieldError(add.error, '/roles')}
              />
              <DialogActions>
                <Button type="submit" appearance="primary" disabled={add.isPending || roles.length === 0}>
                  {t('users.add.submit')}
                </Button>
                <Button onClick={onClose}>{t('cancel')}</Button>
              </DialogActions>
            </Form>
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function RolesDialog({ user, kind, onClose }: { user: User; kind: Me['tenant']['kind']; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const change = useUserChange();
  const [roles, setRoles] = useState(user.roles);
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('users.roles.title', { name: user.name })}</DialogTitle>
          <DialogContent>
            <Text as="p" block>
              {t('users.roles.now')} <RoleBadges kind="user" roles={user.roles} />
            </Text>
            <RoleChoices legend={t('users.columns.roles')} choices={rolesByKind[kind]} roles={roles} onChange={setRoles} />
            <ProblemBar error={change.error} />
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={change.isPending || roles.length === 0}
              onClick={() => change.mutate({ id: user.id, roles }, { onSuccess: onClose })}
            >
              {t('users.roles.save')}
            </Button>
            <Button onClick={onClose}>{t('cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
