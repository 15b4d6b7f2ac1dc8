import { Button, Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useSignIn } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { Form, Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { FieldAlert } from '../../components/FieldAlert';

/** Where to go after signing in: only a path of this console, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [askCode, setAskCode] = useState(false);

  const submit = () =>
    signIn.mutate(
      { email, password, ...(askCode && totpCode ? { totpCode } : {}) },
      {
        onSuccess: (session) =>
          void navigate(session.mfaEnrollmentRequired ? '/settings/security' : safeNext(params.get('next')), { replace: true }),
        onError: (err) => {
          if (err instanceof ApiProblem && err.code === 'mfa_required') setAskCode(true);
        },
      },
    );
  const problem = signIn.error instanceof ApiProblem && signIn.error.code === 'mfa_required' ? null : signIn.error;

  return (
    <Page title={t('signIn.title')} intro={t('signIn.intro')}>
      <ProblemBar error={problem} />
      <Form onSubmit={submit} label={t('signIn.title')}>
        <FieldAlert label={t('fields.email')} required error={signIn.error} path="/email">
          <Input type="email" autoComplete="username" value={email} onChange={(_e, d) => setEmail(d.value)} />
        </FieldAlert>
        <Field label={t('fields.password')} required>
          <Input type="password" autoComplete="current-password" value={password} onChange={(_e, d) => setPassword(d.value)} />
        </Field>
        {askCode && (
          <Field label={t('signIn.totpCode')} hint={t('signIn.totpHint')} required>
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              value={totpCode}
              onChange={(_e, d) => setTotpCode(d.value)}
            />
          </Field>
        )}
        <Button appearance="primary" type="submit" disabled={signIn.isPending}>
          {t('signIn.submit')}
        </Button>
      </Form>
      <p>
        <AppLink to="/password-reset">{t('signIn.forgot')}</AppLink> · <AppLink to="/sign-up">{t('signIn.signUp')}</AppLink>
      </p>
    </Page>
  );
}
