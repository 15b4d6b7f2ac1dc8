import { Button, Field, Input, MessageBar, MessageBarBody, SearchBox, Switch, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../../api/client';
import { usePutRegistryEntry, useRegistryEntry, type RegistryEntry } from '../../../api/operator';
import { CountrySelect } from '../../../components/CountrySelect';
import { Form } from '../../../components/Page';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';
import { FieldAlert } from '../../../components/FieldAlert';

const PARTNER_ID = /^[0-9A-Za-z-]{3,20}$/;
const blank: RegistryEntry = { organizationName: '', countryCode: '', accountEmail: '', active: true };

/** The partner ID registry (R-ENR-1): look one ID up, then register it or change it. */
export function RegistryPanel() {
  const { t } = useTranslation('operator');
  const [typed, setTyped] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const entry = useRegistryEntry(partnerId);
  const missing = entry.error instanceof ApiProblem && entry.error.status === 404;
  return (
    <>
      <Text as="p">{t('settings.registry.intro')}</Text>
      <Form label={t('settings.registry.lookUp')} onSubmit={() => PARTNER_ID.test(typed.trim()) && setPartnerId(typed.trim())}>
        <Field
          label={t('settings.registry.partnerId')}
          validationMessage={typed.trim() && !PARTNER_ID.test(typed.trim()) ? t('settings.registry.badId') : undefined}
        >
          <SearchBox value={typed} onChange={(_e, d) => setTyped(d.value)} maxLength={20} />
        </Field>
        <Button type="submit">{t('settings.registry.lookUp')}</Button>
      </Form>
      {partnerId && entry.isPending && <Text>{t('loading')}</Text>}
      {entry.error && !missing && <ProblemBar error={entry.error} />}
      {partnerId && (entry.data || missing) && (
        <EntryForm key={`${partnerId}:${entry.data?.updatedAt ?? 'new'}`} partnerId={partnerId} entry={entry.data ?? null} />
      )}
    </>
  );
}

function EntryForm({ partnerId, entry }: { partnerId: string; entry: (RegistryEntry & { updatedAt: string }) | null }) {
  const { t } = useTranslation('operator');
  const format = useFormat();
  const put = usePutRegistryEntry();
  const [draft, setDraft] = useState<RegistryEntry>(
    entry
      ? {
          organizationName: entry.organizationName,
          countryCode: entry.countryCode,
          accountEmail: entry.accountEmail,
          active: entry.active,
        }
      : blank,
  );
  return (
    <Form label={t('settings.registry.entry', { partnerId })} onSubmit={() => put.mutate({ partnerId, entry: draft })}>
      <MessageBar intent="info">
        <MessageBarBody>
          {entry
            ? t('settings.registry.found', { partnerId, date: format.dateTime(entry.updatedAt) })
            : t('settings.registry.notFound', { partnerId })}
        </MessageBarBody>
      </MessageBar>
      <ProblemBar error={formProblem(put.error)} />
      <FieldAlert label={t('settings.registry.organization')} required error={put.error} path="/organizationName">
        <Input value={draft.organizationName} onChange={(_e, d) => setDraft({ ...draft, organizationName: d.value })} />
      </FieldAlert>
      <FieldAlert label={t('partners.columns.country')} required error={put.error} path="/countryCode">
        <CountrySelect
          value={draft.countryCode}
          onChange={(countryCode) => setDraft({ ...draft, countryCode })}
          placeholder={t('settings.registry.chooseCountry')}
        />
      </FieldAlert>
      <FieldAlert label={t('settings.registry.accountEmail')} required error={put.error} path="/accountEmail">
        <Input type="email" value={draft.accountEmail} onChange={(_e, d) => setDraft({ ...draft, accountEmail: d.value })} />
      </FieldAlert>
      <Switch
        label={t('settings.registry.active')}
        checked={draft.active}
        onChange={(_e, d) => setDraft({ ...draft, active: d.checked })}
      />
      <Button type="submit" appearance="primary" disabled={put.isPending}>
        {t(entry ? 'settings.registry.save' : 'settings.registry.register')}
      </Button>
    </Form>
  );
}
