import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';

/** The sign-up mail's link: confirming creates the tenant and its admin, once. */
export default function SignUpConfirmPage() {
  const { t } = useTranslation('auth');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useMutation({ mutationFn: () => ok(api.POST('/v1/sign-up-confirmations', { body: { token } })) });
  const started = useRef(false);
  useEffect(() => {
    // Opened from the mail, the page confirms at once (StrictMode mounts twice: confirm once).
    if (!started.current && token) {
      started.current = true;
      confirm.mutate();
    }
  }, [token, confirm]);

  return (
    <Page title={t('confirm.title')}>
      {confirm.isPending && <Spinner label={t('confirm.working')} />}
      <ProblemBar error={confirm.error} />
      {confirm.isSuccess && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('confirm.doneTitle', { name: confirm.data.tenant.name })}</MessageBarTitle>
            {t('confirm.doneDetail')}
          </MessageBarBody>
        </MessageBar>
      )}
      {confirm.isSuccess && (
        <Button
          appearance="primary"
          onClick={() => void navigate(`/sign-in?email=${encodeURIComponent(confirm.data.admin.email)}`)}
        >
          {t('confirm.signIn')}
        </Button>
      )}
    </Page>
  );
}
