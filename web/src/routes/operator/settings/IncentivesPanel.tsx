import { Button, Dropdown, Field, Input, Option, Textarea, Title3 } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  programs,
  useCreateIncentiveProgram,
  useIncentivePrograms,
  type IncentiveProgram,
  type Program,
} from '../../../api/operator';
import { ListTable, type Column } from '../../../components/ListTable';
import { Form } from '../../../components/Page';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';
import { staticList } from './staticList';
import { FieldAlert } from '../../../components/FieldAlert';

/** The incentive programs partners may join (R-INC-1), and creating one. */
export function IncentivesPanel() {
  const { t } = useTranslation('operator');
  const format = useFormat();
  const list = useIncentivePrograms();
  const create = useCreateIncentiveProgram();
  const [draft, setDraft] = useState<{ name: string; kind: Program; description: string }>({
    name: '',
    kind: 'indirect_reseller',
    description: '',
  });
  const columns: Column<IncentiveProgram>[] = [
    { key: 'name', header: t('settings.incentives.name'), cell: (p) => p.name },
    { key: 'kind', header: t('settings.incentives.kind'), cell: (p) => t(`programs.${p.kind}`) },
    { key: 'active', header: t('settings.incentives.active'), cell: (p) => t(p.active ? 'review.yes' : 'review.no') },
    { key: 'created', header: t('settings.incentives.created'), cell: (p) => format.date(p.createdAt) },
  ];
  return (
    <>
      <ListTable
        label={t('settings.tabs.incentives')}
        list={staticList(list)}
        columns={columns}
        rowKey={(p) => p.id}
        empty={t('settings.incentives.none')}
        loading={t('loading')}
      />
      <Title3 as="h2">{t('settings.incentives.create')}</Title3>
      <Form
        label={t('settings.incentives.create')}
        onSubmit={() =>
          create.mutate(
            {
              name: draft.name.trim(),
              kind: draft.kind,
              ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
            },
            { onSuccess: () => setDraft({ ...draft, name: '', description: '' }) },
          )
        }
      >
        <ProblemBar error={formProblem(create.error)} />
        <FieldAlert label={t('settings.incentives.name')} required error={create.error} path="/name">
          <Input value={draft.name} onChange={(_e, d) => setDraft({ ...draft, name: d.value })} maxLength={200} />
        </FieldAlert>
        <Field label={t('settings.incentives.kind')}>
          <Dropdown
            value={t(`programs.${draft.kind}`)}
            selectedOptions={[draft.kind]}
            onOptionSelect={(_e, d) => d.optionValue && setDraft({ ...draft, kind: d.optionValue as Program })}
          >
            {programs.map((p) => (
              <Option key={p} value={p}>
                {t(`programs.${p}`)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <FieldAlert label={t('settings.incentives.description')} error={create.error} path="/description">
          <Textarea
            value={draft.description}
            onChange={(_e, d) => setDraft({ ...draft, description: d.value })}
            maxLength={5000}
          />
        </FieldAlert>
        <Button type="submit" appearance="primary" disabled={create.isPending || !draft.name.trim()}>
          {t('settings.incentives.createSubmit')}
        </Button>
      </Form>
    </>
  );
}
