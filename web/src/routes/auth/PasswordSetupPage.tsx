import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { Form, Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { FieldAlert } from '../../components/FieldAlert';

/** The page an invitation or a reset mail links to: choose a password, then sign in. */
export default function PasswordSetupPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again.length > 0 && again !== password;
  const setup = useMutation({ mutationFn: () => ok(api.POST('/v1/password-setups', { body: { token, password } })) });

  if (setup.isSuccess) {
    return (
      <Page title={t('setup.doneTitle')}>
        <MessageBar intent="success">
          <MessageBarBody>
            <MessageBarTitle>{t('setup.done')}</MessageBarTitle>
          </MessageBarBody>
        </MessageBar>
        <Button appearance="primary" onClick={() => void navigate(`/sign-in?email=${encodeURIComponent(setup.data.email)}`)}>
          {t('setup.signIn')}
        </Button>
      </Page>
    );
  }
  return (
    <Page title={t('setup.title')} intro={t('setup.intro')}>
      <ProblemBar error={setup.error} />
      <Form onSubmit={() => !mismatch && setup.mutate()} label={t('setup.title')}>
        <FieldAlert label={t('fields.newPassword')} required hint={t('fields.passwordHint')} error={setup.error} path="/password">
          <Input type="password" autoComplete="new-password" value={password} onChange={(_e, d) => setPassword(d.value)} />
        </FieldAlert>
        <Field label={t('fields.repeatPassword')} required validationMessage={mismatch ? t('setup.mismatch') : undefined}>
          <Input type="password" autoComplete="new-password" value={again} onChange={(_e, d) => setAgain(d.value)} />
        </Field>
        <Button appearance="primary" type="submit" disabled={setup.isPending || mismatch || !password}>
          {t('setup.submit')}
        </Button>
      </Form>
    </Page>
  );
}
