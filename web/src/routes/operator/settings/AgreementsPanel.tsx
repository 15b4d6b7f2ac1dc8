import { Button, Dropdown, Field, Input, Option, Text, Textarea, Title3 } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgreementVersions, usePublishAgreement, type Agreement, type AgreementType } from '../../../api/operator';
import { ListTable, type Column } from '../../../components/ListTable';
import { Form } from '../../../components/Page';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';
import { staticList } from './staticList';
import { FieldAlert } from '../../../components/FieldAlert';

const types: AgreementType[] = ['partner_agreement', 'indirect_reseller_agreement', 'customer_agreement'];

/** Every version of each agreement, newest first, and publishing a new one. */
export function AgreementsPanel() {
  const { t } = useTranslation('operator');
  const format = useFormat();
  const [type, setType] = useState<AgreementType>('partner_agreement');
  const versions = useAgreementVersions(type);
  const columns: Column<Agreement>[] = [
    { key: 'version', header: t('settings.agreements.version'), cell: (a) => a.version },
    { key: 'title', header: t('settings.agreements.agreementTitle'), cell: (a) => a.title },
    { key: 'effective', header: t('settings.agreements.effectiveAt'), cell: (a) => format.dateTime(a.effectiveAt) },
    { key: 'created', header: t('settings.agreements.published'), cell: (a) => format.dateTime(a.createdAt) },
  ];
  return (
    <>
      <Field label={t('settings.agreements.type')}>
        <Dropdown
          value={t(`settings.agreements.types.${type}`)}
          selectedOptions={[type]}
          onOptionSelect={(_e, d) => d.optionValue && setType(d.optionValue as AgreementType)}
        >
          {types.map((x) => (
            <Option key={x} value={x}>
              {t(`settings.agreements.types.${x}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <ListTable
        label={t('settings.agreements.versions', { type: t(`settings.agreements.types.${type}`) })}
        list={staticList(versions)}
        columns={columns}
        rowKey={(a) => a.id}
        empty={t('settings.agreements.none')}
        loading={t('loading')}
      />
      <Publish type={type} />
    </>
  );
}

function Publish({ type }: { type: AgreementType }) {
  const { t } = useTranslation('operator');
  const publish = usePublishAgreement();
  const [draft, setDraft] = useState({ version: '', title: '', url: '', body: '', effectiveAt: '' });
  const set = (k: keyof typeof draft) => (_e: unknown, d: { value: string }) => setDraft({ ...draft, [k]: d.value });
  return (
    <>
      <Title3 as="h2">{t('settings.agreements.publish')}</Title3>
      <Text as="p">{t('settings.agreements.publishHint')}</Text>
      <Form
        label={t('settings.agreements.publish')}
        onSubmit={() =>
          publish.mutate(
            {
              type,
              version: draft.version.trim(),
              title: draft.title.trim(),
              ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
              ...(draft.body.trim() ? { body: draft.body } : {}),
              effectiveAt: draft.effectiveAt ? new Date(draft.effectiveAt).toISOString() : '',
            },
            { onSuccess: () => setDraft({ version: '', title: '', url: '', body: '', effectiveAt: '' }) },
          )
        }
      >
        <ProblemBar error={formProblem(publish.error)} />
        <FieldAlert label={t('settings.agreements.version')} required error={publish.error} path="/version">
          <Input value={draft.version} onChange={set('version')} maxLength={50} />
        </FieldAlert>
        <FieldAlert label={t('settings.agreements.agreementTitle')} required error={publish.error} path="/title">
          <Input value={draft.title} onChange={set('title')} maxLength={300} />
        </FieldAlert>
        <FieldAlert label={t('settings.agreements.url')} error={publish.error} path="/url">
          <Input type="url" value={draft.url} onChange={set('url')} />
        </FieldAlert>
        <FieldAlert label={t('settings.agreements.body')} error={publish.error} path="/body">
          <Textarea value={draft.body} onChange={set('body')} resize="vertical" />
        </FieldAlert>
        <FieldAlert label={t('settings.agreements.effectiveAt')} required error={publish.error} path="/effectiveAt">
          <Input type="datetime-local" value={draft.effectiveAt} onChange={set('effectiveAt')} />
        </FieldAlert>
        <Button type="submit" appearance="primary" disabled={publish.isPending}>
          {t('settings.agreements.publishSubmit')}
        </Button>
      </Form>
    </>
  );
}
