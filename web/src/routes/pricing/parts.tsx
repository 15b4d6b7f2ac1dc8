import {
  Button,
  Combobox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
  Option,
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuyers, type Audience, type Buyer } from '../../api/pricing';
import { FieldAlert } from '../../components/FieldAlert';
import { formProblem, ProblemBar } from '../../components/ProblemBar';

/**
 * A book's or group's name (and, when it is new and the partner prices two audiences, whom it
 * is for), in a dialog: the server's refusal of a field stands beside it.
 */
export function NameDialog({
  title,
  submit,
  initialName = '',
  audiences,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  title: string;
  submit: string;
  initialName?: string;
  /** The audiences to choose from when making one; none when renaming. */
  audiences?: Audience[];
  busy: boolean;
  error: unknown;
  onSubmit: (value: { name: string; audience: Audience | undefined }) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('pricing');
  const [name, setName] = useState(initialName);
  const [audience, setAudience] = useState<Audience | undefined>(audiences?.[0]);
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit({ name: name.trim(), audience });
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              <ProblemBar error={formProblem(error)} />
              <FieldAlert label={t('form.name')} required error={error} path="/name">
                <Input value={name} onChange={(_e, d) => setName(d.value)} maxLength={200} autoFocus />
              </FieldAlert>
              {audiences && audiences.length > 1 && (
                <FieldAlert label={t('form.audience')} error={error} path="/audience">
                  <RadioGroup value={audience} onChange={(_e, d) => setAudience(d.value as Audience)} layout="horizontal">
                    {audiences.map((a) => (
                      <Radio key={a} value={a} label={t(`audience.${a}`)} />
                    ))}
                  </RadioGroup>
                </FieldAlert>
              )}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={busy || !name.trim()}>
                {submit}
              </Button>
              <Button onClick={onClose}>{t('form.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * One of the partner's resellers or customers, found by typing part of its name. The picked one
 * shows by name; `value` is its id.
 */
export function BuyerPicker({
  audience,
  label,
  hint,
  validation,
  path,
  error,
  picked,
  onPick,
}: {
  audience: Audience;
  label: string;
  hint?: string;
  /** A message of the form's own (nothing picked yet). */
  validation?: string | undefined;
  path: string;
  error: unknown;
  picked: Buyer | null;
  onPick: (buyer: Buyer | null) => void;
}) {
  const { t } = useTranslation('pricing');
  const [text, setText] = useState(picked?.name ?? '');
  const search = useDeferredValue(text.trim());
  // While the text is the picked one's name, offer the whole list again.
  const buyers = useBuyers(audience, picked && text === picked.name ? '' : search);
  const options = buyers.data ?? [];
  return (
    <FieldAlert
      label={label}
      hint={hint}
      required
      error={error}
      path={path}
      {...(validation ? { validationMessage: validation, validationState: 'error' as const } : {})}
    >
      <Combobox
        value={text}
        selectedOptions={picked ? [picked.id] : []}
        onInput={(e) => {
          setText((e.target as HTMLInputElement).value);
          if (picked) onPick(null);
        }}
        onOptionSelect={(_e, d) => {
          const buyer = options.find((b) => b.id === d.optionValue) ?? null;
          onPick(buyer);
          setText(buyer?.name ?? '');
        }}
      >
        {options.length === 0 ? (
          <Option key="none" value="" disabled text={t('rule.noBuyers')}>
            {t('rule.noBuyers')}
          </Option>
        ) : (
          options.map((b) => (
            <Option key={b.id} value={b.id}>
              {b.name}
            </Option>
          ))
        )}
      </Combobox>
    </FieldAlert>
  );
}
