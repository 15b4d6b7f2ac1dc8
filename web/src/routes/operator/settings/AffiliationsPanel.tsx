import { Button, Input, MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAffiliation } from '../../../api/operator';
import { Form } from '../../../components/Page';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { FieldAlert } from '../../../components/FieldAlert';

/** R-SELF-1: a customer tenant recorded as a partner's affiliate, or no longer. */
export function AffiliationsPanel() {
  const { t } = useTranslation('operator');
  const affiliation = useAffiliation();
  const [draft, setDraft] = useState({ partnerId: '', customerId: '', note: '' });
  const send = (remove: boolean) =>
    affiliation.mutate({
      partnerId: draft.partnerId.trim(),
      customerId: draft.customerId.trim(),
      ...(draft.note.trim() && !remove ? { note: draft.note.trim() } : {}),
      remove,
    });
  const done = affiliation.isSuccess ? affiliation.variables : undefined;
  return (
    <>
      <Text as="p">{t('settings.affiliations.intro')}</Text>
      <Form label={t('settings.tabs.affiliations')} onSubmit={() => send(false)}>
        <ProblemBar error={formProblem(affiliation.error)} />
        {done && (
          <MessageBar intent="success">
            <MessageBarBody>{t(done.remove ? 'settings.affiliations.removed' : 'settings.affiliations.recorded')}</MessageBarBody>
          </MessageBar>
        )}
        <FieldAlert label={t('settings.affiliations.partnerId')} required error={affiliation.error} path="/partnerId">
          <Input value={draft.partnerId} onChange={(_e, d) => setDraft({ ...draft, partnerId: d.value })} />
        </FieldAlert>
        <FieldAlert label={t('settings.affiliations.customerId')} required error={affiliation.error} path="/customerId">
          <Input value={draft.customerId} onChange={(_e, d) => setDraft({ ...draft, customerId: d.value })} />
        </FieldAlert>
        <FieldAlert label={t('settings.affiliations.note')} error={affiliation.error} path="/note">
          <Input value={draft.note} onChange={(_e, d) => setDraft({ ...draft, note: d.value })} maxLength={500} />
        </FieldAlert>
        <div style={{ display: 'flex', gap: 8 }}>
          <Button type="submit" appearance="primary" disabled={affiliation.isPending}>
            {t('settings.affiliations.record')}
          </Button>
          <Button disabled={affiliation.isPending} onClick={() => send(true)}>
            {t('settings.affiliations.remove')}
          </Button>
        </div>
      </Form>
    </>
  );
}
