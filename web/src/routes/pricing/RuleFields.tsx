import { Field, Input, makeStyles, Radio, RadioGroup, Select, tokens, type FieldProps } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import type { PriceRule } from '../../api/pricing';
import { fieldError, fieldMessage } from '../../components/ProblemBar';
import { minorText, parseMinor } from '../../i18n/format';
import { basisPoints, percentInput } from './rules';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  narrow: { maxWidth: '12em' },
});

/**
 * A field whose message is the server's refusal of `path` when there is one, else the form's
 * own (`local`), else nothing: Fluent's validation message either way.
 */
export function CheckedField({
  error,
  path,
  local,
  children,
  ...field
}: Omit<FieldProps, 'validationMessage'> & { error: unknown; path: string; local?: string | undefined; children: ReactNode }) {
  // The refusals' words (errors.json) load with the first form that may need them.
  useTranslation(['common', 'errors']);
  const message = (path ? fieldError(error, path) : undefined) ?? local;
  return (
    <Field
      {...field}
      {...(message ? { validationMessage: message, validationState: 'error' as const } : {})}
      data-field-path={path}
    >
      {children}
    </Field>
  );
}

/** A rule as the form holds it: its kind and what the person typed. */
export interface RuleDraft {
  kind: PriceRule['kind'];
  percent: string;
  amount: string;
  currency: string;
}

export function draftOf(rule: PriceRule | undefined, currency: string): RuleDraft {
  if (!rule) return { kind: 'markup', percent: '', amount: '', currency };
  return rule.kind === 'markup'
    ? { kind: 'markup', percent: percentInput(rule.basisPoints), amount: '', currency }
    : { kind: 'fixed', percent: '', amount: minorText(rule.amountMinor, rule.currency), currency: rule.currency };
}

/** The rule typed, or what is wrong with it in the form's words (the keys under rule.errors). */
export function ruleOf(draft: RuleDraft): { rule: PriceRule } | { problem: 'percent' | 'amount' } {
  if (draft.kind === 'markup') {
    const bp = basisPoints(draft.percent);
    return bp === null ? { problem: 'percent' } : { rule: { kind: 'markup', basisPoints: bp } };
  }
  const amount = parseMinor(draft.amount, draft.currency);
  return amount === null ? { problem: 'amount' } : { rule: { kind: 'fixed', amountMinor: amount, currency: draft.currency } };
}

/**
 * What the server said of the rule, in the form's words where it can say it better: a markup out
 * of range is worded in percent (the API counts basis points); any other refusal of the rule's
 * fields in the console's words for its keyword.
 */
export function ruleErrors(error: unknown, kind: PriceRule['kind'], t: (key: string) => string) {
  if (!(error instanceof ApiProblem)) return {};
  // The rule is one of two shapes: of the refusals of the shape not typed (const, required…), none says anything.
  const at = (path: string) =>
    error.errors.find((e) => e.path === path && !['const', 'required', 'additionalProperties', 'anyOf'].includes(e.code ?? ''));
  const whole = error.field('/rule')?.message ?? '';
  if (kind === 'markup') {
    const refused = at('/rule/basisPoints');
    if (refused) return { percent: refused.code === 'type' ? t('rule.errors.percent') : t('rule.errors.percentRange') };
    return whole.includes('basis points') ? { percent: t('rule.errors.percentRange') } : {};
  }
  const amount = at('/rule/amountMinor');
  const currency = at('/rule/currency');
  return {
    amount: amount ? fieldMessage(amount) : whole.includes('minor units') ? t('rule.errors.amount') : undefined,
    currency: currency ? fieldMessage(currency) : undefined,
    offer: whole.includes('names its offer') ? t('rule.errors.offer') : undefined,
  };
}

/**
 * The price part of a rule: a markup (or discount) in percent on the list price, or a fixed
 * price per unit and billing period in one currency (which needs an offer: `fixedAllowed`).
 */
export function RuleFields({
  draft,
  onChange,
  currencies,
  fixedAllowed,
  local,
  server,
}: {
  draft: RuleDraft;
  onChange: (draft: RuleDraft) => void;
  currencies: string[];
  fixedAllowed: boolean;
  /** The form's own messages for the fields. */
  local: { percent?: string | undefined; amount?: string | undefined };
  /** The server's, already worded. */
  server: { percent?: string | undefined; amount?: string | undefined; currency?: string | undefined };
}) {
  const { t } = useTranslation('pricing');
  const styles = useStyles();
  const message = (text: string | undefined) => (text ? { validationMessage: text, validationState: 'error' as const } : {});
  return (
    <>
      <Field label={t('rule.kind')} hint={fixedAllowed ? undefined : t('rule.fixedNeedsOffer')}>
        <RadioGroup value={draft.kind} onChange={(_e, d) => onChange({ ...draft, kind: d.value as RuleDraft['kind'] })}>
          <Radio value="markup" label={t('rule.markup')} />
          <Radio value="fixed" label={t('rule.fixed')} disabled={!fixedAllowed} />
        </RadioGroup>
      </Field>
      {draft.kind === 'markup' ? (
        <Field
          label={t('rule.percent')}
          hint={t('rule.percentHint')}
          required
          data-field-path="/rule/basisPoints"
          {...message(server.percent ?? local.percent)}
        >
          <Input
            className={styles.narrow}
            value={draft.percent}
            inputMode="decimal"
            contentAfter="%"
            onChange={(_e, d) => onChange({ ...draft, percent: d.value })}
          />
        </Field>
      ) : (
        <div className={styles.row}>
          <Field
            label={t('rule.amount')}
            hint={t('rule.amountHint')}
            required
            data-field-path="/rule/amountMinor"
            {...message(server.amount ?? local.amount)}
          >
            <Input
              className={styles.narrow}
              value={draft.amount}
              inputMode="decimal"
              onChange={(_e, d) => onChange({ ...draft, amount: d.value })}
            />
          </Field>
          <Field
            label={t('rule.currency')}
            hint={t('rule.currencyHint')}
            data-field-path="/rule/currency"
            {...message(server.currency)}
          >
            <Select value={draft.currency} onChange={(_e, d) => onChange({ ...draft, currency: d.value })}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      )}
    </>
  );
}
