import { Button, Input, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useRequestRelationship } from '../../api/customers';
import { useIndirectProviders } from '../../api/partnerships';
import { DraftEmail } from '../../components/DraftEmail';
import { Form, Page } from '../../components/Page';
import { fieldError, ProblemBar } from '../../components/ProblemBar';
import { FieldAlert } from '../../components/FieldAlert';

/**
 * "Request a reseller relationship" (R-CUS-1) and, from a provider's row, "Invite new
 * customers" jointly with it (R-CUS-2): Trellis makes the personal link and a draft e-mail;
 * the partner reviews it, sends it from its own mail, and selects Done.
 */
export default function RelationshipRequestPage() {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const providerId = params.get('providerId') ?? undefined;
  const customerId = params.get('customerId') ?? undefined;
  const providers = useIndirectProviders('active', Boolean(providerId));
  const provider = providers.items.find((p) => p.provider.id === providerId)?.provider;
  const [email, setEmail] = useState('');
  const request = useRequestRelationship();
  const done = () => void navigate(providerId ? '/indirect-providers' : '/customers');

  const title = providerId ? t('request.jointTitle', { provider: provider?.name ?? '…' }) : t('request.title');
  if (request.data) {
    return (
      <Page title={t('request.draftTitle')} intro={t(providerId ? 'request.draftIntroJoint' : 'request.draftIntro')}>
        <MessageBar intent="info">
          <MessageBarBody>{t('request.keepLink')}</MessageBarBody>
        </MessageBar>
        <DraftEmail to={email} draft={request.data.draft} link={request.data.link} onDone={done} />
      </Page>
    );
  }
  return (
    <Page title={title} intro={t(providerId ? 'request.jointIntro' : 'request.intro')}>
      <Form
        label={title}
        onSubmit={() =>
          request.mutate({
            send: false,
            ...(providerId ? { providerId } : {}),
            ...(customerId ? { customerId } : {}),
            ...(email.trim() ? { email: email.trim() } : {}),
          })
        }
      >
        <FieldAlert label={t('request.email')} hint={t('request.emailHint')} error={request.error} path="/email">
          <Input type="email" value={email} onChange={(_e, d) => setEmail(d.value)} />
        </FieldAlert>
        <ProblemBar error={request.error && !fieldError(request.error, '/email') ? request.error : null} />
        <div>
          <Button type="submit" appearance="primary" disabled={request.isPending}>
            {t('request.next')}
          </Button>{' '}
          <Button onClick={done}>{t('request.cancel')}</Button>
        </div>
      </Form>
    </Page>
  );
}
