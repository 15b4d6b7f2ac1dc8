import { Button, Checkbox, Input, MessageBar, MessageBarBody, Spinner, SpinButton, Switch } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programs, useSettings, useUpdateSettings, type Settings, type SettingsPatch } from '../../../api/operator';
import { Form } from '../../../components/Page';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { FieldAlert } from '../../../components/FieldAlert';

/** MFA for partner users, auto-approval per program, and the program's periods. */
export function ProgramPanel() {
  const { t } = useTranslation('operator');
  const settings = useSettings();
  if (settings.isPending) return <Spinner label={t('loading')} />;
  if (settings.error) return <ProblemBar error={settings.error} />;
  return <ProgramForm settings={settings.data} />;
}

type Numbers = 'transitionReviewBusinessDays' | 'incentiveInvitationAfterDays' | 'linkExpiryDays';
const numbers: Numbers[] = ['transitionReviewBusinessDays', 'incentiveInvitationAfterDays', 'linkExpiryDays'];

function ProgramForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('operator');
  const update = useUpdateSettings();
  const [draft, setDraft] = useState(settings);
  const [enforcedFrom, setEnforcedFrom] = useState(settings.partnerAgreementEnforcedFrom?.slice(0, 10) ?? '');
  const save = () => {
    const patch: SettingsPatch = {};
    if (draft.requireMfaForPartnerUsers !== settings.requireMfaForPartnerUsers)
      patch.requireMfaForPartnerUsers = draft.requireMfaForPartnerUsers;
    if (programs.some((p) => draft.autoApprove[p] !== settings.autoApprove[p])) patch.autoApprove = draft.autoApprove;
    for (const n of numbers) if (draft[n] !== settings[n]) patch[n] = draft[n];
    // Only the day is edited here: a time set through the API stays unless the day changes.
    if (enforcedFrom !== (settings.partnerAgreementEnforcedFrom?.slice(0, 10) ?? ''))
      patch.partnerAgreementEnforcedFrom = enforcedFrom ? new Date(`${enforcedFrom}T00:00:00Z`).toISOString() : null;
    if (Object.keys(patch).length > 0) update.mutate(patch);
  };
  return (
    <Form label={t('settings.tabs.program')} onSubmit={save}>
      <ProblemBar error={formProblem(update.error)} />
      {update.isSuccess && (
        <MessageBar intent="success">
          <MessageBarBody>{t('settings.saved')}</MessageBarBody>
        </MessageBar>
      )}
      <Switch
        label={t('settings.program.mfa')}
        checked={draft.requireMfaForPartnerUsers}
        onChange={(_e, d) => setDraft({ ...draft, requireMfaForPartnerUsers: d.checked })}
      />
      <fieldset>
        <legend>{t('settings.program.autoApprove')}</legend>
        {programs.map((p) => (
          <Checkbox
            key={p}
            label={t(`programs.${p}`)}
            checked={draft.autoApprove[p]}
            onChange={(_e, d) => setDraft({ ...draft, autoApprove: { ...draft.autoApprove, [p]: Boolean(d.checked) } })}
          />
        ))}
      </fieldset>
      {numbers.map((n) => (
        <FieldAlert key={n} label={t(`settings.program.${n}`)} error={update.error} path={`/${n}`}>
          <SpinButton
            value={draft[n]}
            min={n === 'incentiveInvitationAfterDays' ? 0 : 1}
            max={30}
            onChange={(_e, d) => {
              const value = d.value ?? Number(d.displayValue);
              if (Number.isInteger(value)) setDraft({ ...draft, [n]: value });
            }}
          />
        </FieldAlert>
      ))}
      <FieldAlert
        label={t('settings.program.enforcedFrom')}
        hint={t('settings.program.enforcedFromHint')}
        error={update.error}
        path="/partnerAgreementEnforcedFrom"
      >
        <Input type="date" value={enforcedFrom} onChange={(_e, d) => setEnforcedFrom(d.value)} />
      </FieldAlert>
      <Button type="submit" appearance="primary" disabled={update.isPending}>
        {t('settings.save')}
      </Button>
    </Form>
  );
}
