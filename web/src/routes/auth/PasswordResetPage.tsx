import { Button, Input, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { Form, Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { FieldAlert } from '../../components/FieldAlert';

/** Forgotten password: the same answer whether the address is known or not. */
export default function PasswordResetPage() {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const reset = useMutation({ mutationFn: () => ok(api.POST('/v1/password-resets', { body: { email } })) });
  return (
    <Page title={t('reset.title')} intro={t('reset.intro')}>
      <ProblemBar error={reset.error} />
      {reset.isSuccess ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{t('reset.sent', { email })}</MessageBarBody>
        </MessageBar>
      ) : (
        <Form onSubmit={() => reset.mutate()} label={t('reset.title')}>
          <FieldAlert label={t('fields.email')} required error={reset.error} path="/email">
            <Input type="email" autoComplete="email" value={email} onChange={(_e, d) => setEmail(d.value)} />
          </FieldAlert>
          <Button appearance="primary" type="submit" disabled={reset.isPending}>
            {t('reset.submit')}
          </Button>
        </Form>
      )}
    </Page>
  );
}
