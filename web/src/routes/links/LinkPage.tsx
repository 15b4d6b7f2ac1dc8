import {
  Button,
  Card,
  CardHeader,
  Checkbox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  SpinButton,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useAcceptLink, useLink, type LinkDescription } from '../../api/links';
import { useMe, useSignOut, type Me } from '../../api/session';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { useAdminRoleWords } from '../../components/AdminRoles';

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  card: { padding: tokens.spacingHorizontalL },
});

type Kind = LinkDescription['kind'];

/** Who may accept each kind of link, in the terms of /v1/me. */
function acceptor(kind: Kind, me: Me): 'ok' | 'wrong-tenant' {
  if (kind === 'partnership_invitation') return me.tenant.kind === 'partner' ? 'ok' : 'wrong-tenant';
  return me.tenant.kind === 'customer' || kind === 'admin_grant_request' ? 'ok' : 'wrong-tenant';
}

/**
 * Every link Trellis mails lands here: who asks, what accepting authorizes, the authorization
 * to tick, and sign-in or sign-up on the way. A used, expired or revoked link says so.
 */
export default function LinkPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation('links');
  const link = useLink(token);
  const me = useMe();

  if (link.isPending || me.isPending) return <Spinner label={t('loading')} />;
  if (link.error) {
    const status = link.error instanceof ApiProblem ? link.error.status : 0;
    if (status === 410 || status === 404 || status === 400) {
      return (
        <Page title={t(status === 410 ? 'gone.title' : 'unknown.title')}>
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t(status === 410 ? 'gone.detail' : 'unknown.detail')}</MessageBarBody>
          </MessageBar>
        </Page>
      );
    }
    return <ProblemBar error={link.error} />;
  }
  return <LinkDetails token={token} link={link.data} me={me.data ?? null} />;
}

function LinkDetails({ token, link, me }: { token: string; link: LinkDescription; me: Me | null }) {
  const { t } = useTranslation('links');
  const styles = useStyles();
  const format = useFormat();
  const title = t(`${link.kind}.title`, { name: link.from.name });
  return (
    <Page title={title}>
      <Card className={styles.card}>
        <CardHeader
          header={<Text weight="semibold">{link.from.name}</Text>}
          description={[link.from.partnerId && t('partnerId', { id: link.from.partnerId }), link.from.market]
            .filter(Boolean)
            .join(' · ')}
        />
        <Text as="p">{t(`${link.kind}.asks`, { name: link.from.name })}</Text>
        <Authorizes link={link} />
        <Text size={200}>
          {t('expires', { when: format.dateTime(link.expiresAt), relative: format.relative(link.expiresAt) })}
        </Text>
      </Card>
      {me ? (
        acceptor(link.kind, me) === 'ok' ? (
          link.kind === 'admin_grant_request' ? (
            <GrantDecision token={token} link={link} />
          ) : (
            <Accept token={token} link={link} />
          )
        ) : (
          <WrongTenant link={link} me={me} token={token} />
        )
      ) : (
        <SignInFirst token={token} kind={link.kind} />
      )}
    </Page>
  );
}

/** What accepting authorizes, as the console words it in the reader's language. */
function Authorizes({ link }: { link: LinkDescription }) {
  const { t } = useTranslation('links');
  const styles = useStyles();
  const adminRole = useAdminRoleWords();
  const lines: string[] = [];
  if (link.kind === 'partnership_invitation') lines.push(t('partnership_invitation.orders'), t('partnership_invitation.admin'));
  if (link.kind === 'relationship_request') {
    lines.push(
      t(link.keepsGrant ? 'relationship_request.keepsGrant' : 'relationship_request.reseller', { name: link.from.name }),
    );
    if (link.provider) lines.push(t('relationship_request.provider', { name: link.provider.name }));
  }
  if (link.kind === 'admin_grant_request') {
    // A role Trellis knows is worded in the reader's language; another, as the operator's catalog describes it.
    for (const r of link.roles) {
      const words = adminRole(r.role);
      lines.push(
        t('admin_grant_request.role', { role: words.name, description: words.known ? words.description : r.description }),
      );
    }
    lines.push(t('admin_grant_request.days', { count: link.days }));
    if (link.autoExtend) lines.push(t('admin_grant_request.autoExtend'));
  }
  return (
    <section aria-label={t('authorizesLabel')}>
      <Text weight="semibold">{t('authorizesLabel')}</Text>
      <ul className={styles.list}>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {link.kind === 'admin_grant_request' && link.message && (
        <Text as="p" italic>
          “{link.message}”
        </Text>
      )}
    </section>
  );
}

function Accept({ token, link }: { token: string; link: Exclude<LinkDescription, { kind: 'admin_grant_request' }> }) {
  const { t } = useTranslation('links');
  const styles = useStyles();
  const navigate = useNavigate();
  const [authorized, setAuthorized] = useState(false);
  const accept = useAcceptLink(token);
  if (accept.isSuccess) {
    return (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t(`${link.kind}.acceptedTitle`)}</MessageBarTitle>
          {t(`${link.kind}.accepted`, { name: link.from.name })}
        </MessageBarBody>
        <Button onClick={() => void navigate('/')}>{t('toOverview')}</Button>
      </MessageBar>
    );
  }
  return (
    <div>
      <ProblemBar error={accept.error} />
      <Checkbox
        checked={authorized}
        onChange={(_e, d) => setAuthorized(Boolean(d.checked))}
        label={t(`${link.kind}.checkbox`, { name: link.from.name })}
      />
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabled={!authorized || accept.isPending}
          onClick={() => accept.mutate(link.kind === 'partnership_invitation' ? { authorize: true } : {})}
        >
          {t(`${link.kind}.submit`)}
        </Button>
      </div>
    </div>
  );
}

function GrantDecision({ token, link }: { token: string; link: Extract<LinkDescription, { kind: 'admin_grant_request' }> }) {
  const { t } = useTranslation('links');
  const adminRole = useAdminRoleWords();
  const styles = useStyles();
  const [roles, setRoles] = useState(() => link.roles.map((r) => r.role));
  const [days, setDays] = useState(link.days);
  const [reason, setReason] = useState('');
  const decide = useAcceptLink(token);
  if (decide.isSuccess) {
    const approved = (decide.data as { status?: string }).status === 'approved';
    return (
      <MessageBar intent={approved ? 'success' : 'info'}>
        <MessageBarBody>{t(approved ? 'admin_grant_request.approved' : 'admin_grant_request.rejected')}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div>
      <ProblemBar error={decide.error} />
      <Field label={t('admin_grant_request.rolesToGive')}>
        {link.roles.map((r) => (
          <Checkbox
            key={r.role}
            label={adminRole(r.role).name}
            checked={roles.includes(r.role)}
            onChange={(_e, d) => setRoles((now) => (d.checked ? [...now, r.role] : now.filter((x) => x !== r.role)))}
          />
        ))}
      </Field>
      <Field label={t('admin_grant_request.daysToGive', { max: link.days })}>
        <SpinButton
          min={1}
          max={link.days}
          value={days}
          onChange={(_e, d) => {
            const next = d.value ?? Number(d.displayValue);
            if (Number.isInteger(next)) setDays(Math.max(1, Math.min(link.days, next)));
          }}
        />
      </Field>
      <Field label={t('admin_grant_request.reason')}>
        <Textarea value={reason} onChange={(_e, d) => setReason(d.value)} />
      </Field>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabled={roles.length === 0 || decide.isPending}
          onClick={() => decide.mutate({ decision: 'approve', roles, days })}
        >
          {t('admin_grant_request.approve')}
        </Button>
        <Button disabled={decide.isPending} onClick={() => decide.mutate({ decision: 'reject', ...(reason ? { reason } : {}) })}>
          {t('admin_grant_request.reject')}
        </Button>
      </div>
    </div>
  );
}

function SignInFirst({ token, kind }: { token: string; kind: Kind }) {
  const { t } = useTranslation('links');
  const styles = useStyles();
  const navigate = useNavigate();
  const here = encodeURIComponent(`/links/${token}`);
  return (
    <div>
      <Text as="p">{t(`${kind}.who`)}</Text>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void navigate(`/sign-in?next=${here}`)}>
          {t('signIn')}
        </Button>
        {kind === 'relationship_request' && (
          <Button onClick={() => void navigate(`/sign-up?link=${encodeURIComponent(token)}`)}>{t('signUpCustomer')}</Button>
        )}
        {kind === 'partnership_invitation' && (
          <Button onClick={() => void navigate(`/sign-up?kind=partner`)}>{t('signUpPartner')}</Button>
        )}
      </div>
    </div>
  );
}

function WrongTenant({ link, me, token }: { link: LinkDescription; me: Me; token: string }) {
  const { t } = useTranslation('links');
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('wrongTenant.title', { tenant: me.tenant.name })}</MessageBarTitle>
        {t(`${link.kind}.who`)}
      </MessageBarBody>
      <Button
        onClick={() =>
          signOut.mutate(undefined, { onSuccess: () => void navigate(`/sign-in?next=${encodeURIComponent(`/links/${token}`)}`) })
        }
      >
        {t('wrongTenant.switch')}
      </Button>
    </MessageBar>
  );
}
