import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResellerCredit, useSetResellerCredit, type Credit } from '../../api/credit';
import { useMarkets } from '../../api/markets';
import { can, useMe } from '../../api/session';
import { Facts } from '../../components/Facts';
import { FieldAlert } from '../../components/FieldAlert';
import { Form } from '../../components/Page';
import { fieldError, ProblemBar } from '../../components/ProblemBar';
import { minorText, parseMinor, useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  amount: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  grow: { flexGrow: 1, minWidth: '10em' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** The fields the API names in its refusals of a PUT .../credit, each shown beside its own field. */
const FIELDS = ['/limitMinor', '/currency', '/overLimit', '/paymentTermDays'];

/**
 * A reseller's credit with the provider (R-CRD-1): its open balance, limit, what is left and its
 * terms; a billing admin (billing.manage) changes the terms here. The API's refusals stand
 * beside the field they name.
 */
export function CreditTermsDialog({
  open,
  reseller,
  onClose,
}: {
  /** Closed (false) rather than unmounted: Fluent then gives the page back to assistive technology. */
  open: boolean;
  reseller: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation('credit');
  const me = useMe().data!;
  const credit = useResellerCredit(reseller.id);
  const manage = can(me, 'billing.manage');
  return (
    <Dialog open={open} onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('edit.title', { name: reseller.name })}</DialogTitle>
          <DialogContent>
            {credit.isPending && <Spinner size="small" label={t('summary.loading')} />}
            <ProblemBar error={credit.error} />
            {credit.data && (
              <CreditTermsForm
                key={credit.data.updatedAt ?? 'defaults'}
                credit={credit.data}
                name={reseller.name}
                manage={manage}
                onClose={onClose}
              />
            )}
          </DialogContent>
          {!credit.data && (
            <DialogActions>
              <Button onClick={onClose}>{t('edit.close')}</Button>
            </DialogActions>
          )}
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function CreditFacts({ credit, name }: { credit: Credit; name: string }) {
  const { t } = useTranslation('credit');
  const format = useFormat();
  const money = (minor: number) => format.money(minor, credit.currency);
  return (
    <Facts
      label={t('facts.label', { name })}
      rows={[
        [t('facts.balance'), money(credit.openBalanceMinor)],
        [t('facts.limit'), credit.limitMinor === null ? t('facts.noLimit') : money(credit.limitMinor)],
        [
          t('facts.available'),
          credit.availableMinor === null
            ? '—'
            : credit.availableMinor >= 0
              ? money(credit.availableMinor)
              : t('summary.over', { amount: money(-credit.availableMinor) }),
        ],
        [t('facts.terms'), t('facts.termsDays', { days: credit.paymentTermDays })],
        [t('facts.overLimit'), t(`facts.overLimitValue.${credit.overLimit}`)],
        [t('facts.updated'), credit.updatedAt ? format.dateTime(credit.updatedAt) : t('facts.defaults')],
      ]}
    />
  );
}

function CreditTermsForm({
  credit,
  name,
  manage,
  onClose,
}: {
  credit: Credit;
  name: string;
  manage: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('credit');
  const styles = useStyles();
  const me = useMe().data!;
  const markets = useMarkets();
  const save = useSetResellerCredit(credit.resellerId);
  const [noLimit, setNoLimit] = useState(credit.limitMinor === null);
  const [currency, setCurrency] = useState(credit.currency);
  const [limit, setLimit] = useState(credit.limitMinor === null ? '' : minorText(credit.limitMinor, credit.currency));
  const [overLimit, setOverLimit] = useState(credit.overLimit);
  const [days, setDays] = useState(String(credit.paymentTermDays));
  const [tried, setTried] = useState(false);
  // The currencies of the provider's market (the API accepts those only), and the terms' own.
  const market = markets.data?.find((m) => m.countryCode === me.tenant.countryCode)?.market;
  const currencies = [
    ...new Set([credit.currency, ...(markets.data ?? []).filter((m) => m.market === market).map((m) => m.currency)]),
  ].sort();
  const limitMinor = noLimit ? null : parseMinor(limit, currency);
  const limitInvalid = !noLimit && limitMinor === null;
  const err = save.error;
  const submit = () => {
    setTried(true);
    if (limitInvalid) return;
    save.mutate(
      { limitMinor, currency, overLimit, paymentTermDays: /^\d+$/.test(days.trim()) ? Number(days.trim()) : Number.NaN },
      { onSuccess: onClose },
    );
  };
  const limitInput = <Input inputMode="decimal" value={limit} onChange={(_e, d) => setLimit(d.value)} />;
  const others = err && !FIELDS.some((f) => fieldError(err, f)) ? err : null;
  if (!manage) {
    return (
      <div className={styles.section}>
        <CreditFacts credit={credit} name={name} />
        <DialogActions>
          <Button onClick={onClose}>{t('edit.close')}</Button>
        </DialogActions>
      </div>
    );
  }
  return (
    <div className={styles.section}>
      <CreditFacts credit={credit} name={name} />
      <Text size={200}>{t('balanceHint')}</Text>
      <Form onSubmit={submit} label={t('edit.formLabel', { name })}>
        <Checkbox checked={noLimit} onChange={(_e, d) => setNoLimit(Boolean(d.checked))} label={t('edit.noLimit')} />
        <div className={styles.amount}>
          {!noLimit &&
            (tried && limitInvalid ? (
              // Not an amount in this currency: said here, before anything is sent.
              <Field
                className={styles.grow}
                label={t('edit.limit')}
                required
                validationState="error"
                validationMessage={t('edit.limitInvalid')}
              >
                {limitInput}
              </Field>
            ) : (
              <FieldAlert
                className={styles.grow}
                label={t('edit.limit')}
                hint={t('edit.limitHint', { name })}
                required
                error={err}
                path="/limitMinor"
              >
                {limitInput}
              </FieldAlert>
            ))}
          <FieldAlert label={t('edit.currency')} hint={noLimit ? t('edit.currencyHint') : undefined} error={err} path="/currency">
            <Select value={currency} onChange={(_e, d) => setCurrency(d.value)}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          </FieldAlert>
        </div>
        <FieldAlert label={t('edit.overLimit')} error={err} path="/overLimit">
          <RadioGroup value={overLimit} onChange={(_e, d) => setOverLimit(d.value as Credit['overLimit'])}>
            <Radio value="hold" label={t('edit.hold')} />
            <Radio value="refuse" label={t('edit.refuse')} />
          </RadioGroup>
        </FieldAlert>
        <FieldAlert label={t('edit.days')} hint={t('edit.daysHint')} required error={err} path="/paymentTermDays">
          <Input type="number" inputMode="numeric" min={0} max={365} value={days} onChange={(_e, d) => setDays(d.value)} />
        </FieldAlert>
        <ProblemBar error={others} />
        <DialogActions>
          <Button type="submit" appearance="primary" disabled={save.isPending}>
            {t('edit.save')}
          </Button>
          <Button onClick={onClose}>{t('edit.cancel')}</Button>
        </DialogActions>
      </Form>
    </div>
  );
}
