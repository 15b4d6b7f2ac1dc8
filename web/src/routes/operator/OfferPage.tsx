import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useOfferAction, useOperatorOffers, type OperatorOffer, type Price } from '../../api/commerce';
import { useMarkets } from '../../api/markets';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Facts } from '../../components/Facts';
import { Page } from '../../components/Page';
import { fieldError, formProblem, ProblemBar } from '../../components/ProblemBar';
import { minorText, parseMinor, useFormat } from '../../i18n/format';
import { offerTerms } from '../catalog/OfferTerms';
import { useListStyles } from './settings/listStyles';

const useStyles = makeStyles({
  heading: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  amount: { maxWidth: '12em' },
});

/** One price being edited: the amount as typed, in the currency's usual decimals. */
interface Row {
  market: string;
  currency: string;
  amount: string;
}

const pairKey = (p: { market: string; currency: string }) => `${p.market}|${p.currency}`;

/**
 * One offer of the catalog: its terms, its prices per market and currency (in the currency's
 * decimals here, kept in minor units by the API: never a fraction of a cent or of a won), and
 * its retirement (R-CAT-1: no new orders, its subscriptions stay).
 */
export default function OfferPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('commerce');
  const [params] = useSearchParams();
  const format = useFormat();
  const offers = useOperatorOffers();
  const offer = offers.data?.find((o) => o.id === id);
  if (offers.isPending) return <Spinner label={t('loading')} />;
  if (offers.error) return <ProblemBar error={offers.error} />;
  if (!offer) return <ProblemBar error={new ApiProblem(404, { code: 'not_found', title: t('offers.notFound') })} />;
  return (
    <Page title={offer.name} actions={<AppLink to="/operator/offers">{t('offers.back')}</AppLink>}>
      {params.get('created') && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t('offers.created')}</MessageBarBody>
        </MessageBar>
      )}
      <Facts
        label={t('offers.facts')}
        rows={[
          [t('offers.columns.sku'), offer.sku],
          [t('offers.columns.terms'), offerTerms(t, offer)],
          [
            t('offers.columns.quantity'),
            t('catalog.range', { min: format.number(offer.minQuantity), max: format.number(offer.maxQuantity) }),
          ],
          [
            t('offers.columns.status'),
            offer.retiredAt ? t('offers.retiredOn', { date: format.date(offer.retiredAt) }) : t('offers.onSale'),
          ],
        ]}
      />
      <PricesEditor key={offer.id} offer={offer} />
      <Retirement offer={offer} />
    </Page>
  );
}

/** The whole price list of an offer, one price per market and currency, saved at once. */
function PricesEditor({ offer }: { offer: OperatorOffer }) {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const list = useListStyles();
  const format = useFormat();
  const me = useMe().data;
  const markets = useMarkets();
  const save = useOfferAction(offer.id);
  const [rows, setRows] = useState<Row[]>(() =>
    offer.prices.map((p) => ({ market: p.market, currency: p.currency, amount: minorText(p.unitPriceMinor, p.currency) })),
  );
  const [adding, setAdding] = useState('');
  const [saved, setSaved] = useState(false);
  const admin = can(me, 'operator.admin');
  const pairs = useMemo(() => {
    const seen = new Map<string, { market: string; currency: string }>();
    for (const m of markets.data ?? []) seen.set(pairKey(m), { market: m.market, currency: m.currency });
    return [...seen.values()].sort((a, b) => a.market.localeCompare(b.market) || a.currency.localeCompare(b.currency));
  }, [markets.data]);
  const free = pairs.filter((p) => !rows.some((r) => pairKey(r) === pairKey(p)));
  const parsed = rows.map((r) => parseMinor(r.amount, r.currency));
  const valid = parsed.every((p) => p !== null);
  const err = save.error;
  // A price field: what the amount reads as ("$12.00"), or why it is refused (here or by the server).
  const amountMessage = (minor: number | null, r: Row, refused: string | undefined) =>
    refused || minor === null
      ? {
          validationState: 'error' as const,
          validationMessage: refused ?? t('offers.prices.invalid', { currency: r.currency }),
        }
      : { hint: format.money(minor, r.currency) };
  const change = (next: Row[]) => {
    setRows(next);
    setSaved(false);
  };
  return (
    <section className={styles.section} aria-labelledby="prices-title">
      <Title3 as="h2" id="prices-title" className={styles.heading} block>
        {t('offers.prices.title')}
      </Title3>
      <Text as="p">{t('offers.prices.intro')}</Text>
      {rows.length === 0 && <Text as="p">{t('offers.prices.none')}</Text>}
      <ul className={list.list} aria-label={t('offers.prices.title')}>
        {rows.map((r, i) => (
          <li key={pairKey(r)} className={list.item}>
            <Field
              className={list.grow}
              label={t('offers.prices.amountIn', { market: r.market, currency: r.currency })}
              {...amountMessage(
                parsed[i] ?? null,
                r,
                fieldError(err, `/prices/${i}`) ?? fieldError(err, `/prices/${i}/unitPriceMinor`),
              )}
            >
              <Input
                className={styles.amount}
                inputMode="decimal"
                value={r.amount}
                disabled={!admin}
                onChange={(_e, d) => change(rows.map((x, j) => (j === i ? { ...x, amount: d.value } : x)))}
              />
            </Field>
            {admin && (
              <Button
                size="small"
                aria-label={t('offers.prices.removeIn', { market: r.market, currency: r.currency })}
                onClick={() => change(rows.filter((_x, j) => j !== i))}
              >
                {t('offers.prices.remove')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <>
          <div className={list.add}>
            <Field className={list.grow} label={t('offers.prices.market')}>
              <Select value={adding} onChange={(_e, d) => setAdding(d.value)}>
                <option value="" disabled>
                  {t('offers.prices.marketPlaceholder')}
                </option>
                {free.map((p) => (
                  <option key={pairKey(p)} value={pairKey(p)}>
                    {p.market} · {p.currency}
                  </option>
                ))}
              </Select>
            </Field>
            <Button
              disabled={!adding}
              onClick={() => {
                const pair = free.find((p) => pairKey(p) === adding);
                if (pair) change([...rows, { ...pair, amount: '' }]);
                setAdding('');
              }}
            >
              {t('offers.prices.add')}
            </Button>
          </div>
          {saved && (
            <MessageBar intent="success" role="status">
              <MessageBarBody>{t('offers.prices.saved')}</MessageBarBody>
            </MessageBar>
          )}
          <ProblemBar error={formProblem(err)} />
          <div>
            <Button
              appearance="primary"
              disabled={save.isPending || !valid}
              onClick={() =>
                save.mutate(
                  {
                    kind: 'prices',
                    prices: rows.map((r, i): Price => ({ market: r.market, currency: r.currency, unitPriceMinor: parsed[i]! })),
                  },
                  { onSuccess: () => setSaved(true) },
                )
              }
            >
              {t('offers.prices.save')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

/** Retiring an offer, confirmed: it is sold no more, and what was bought of it stays (R-CAT-1). */
function Retirement({ offer }: { offer: OperatorOffer }) {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const me = useMe().data;
  const retire = useOfferAction(offer.id);
  const [open, setOpen] = useState(false);
  if (offer.retiredAt || !can(me, 'operator.admin')) return null;
  return (
    <section className={styles.section} aria-labelledby="retire-title">
      <Title3 as="h2" id="retire-title" className={styles.heading} block>
        {t('offers.retire.title')}
      </Title3>
      <Text as="p">{t('offers.retire.detail')}</Text>
      <div>
        <Button onClick={() => setOpen(true)}>{t('offers.retire.open')}</Button>
      </div>
      {open && (
        <ConfirmDialog
          title={t('offers.retire.confirmTitle', { name: offer.name })}
          confirmLabel={t('offers.retire.submit')}
          keepLabel={t('offers.retire.cancel')}
          pending={retire.isPending}
          error={retire.error}
          onConfirm={() => retire.mutate({ kind: 'retire' }, { onSuccess: () => setOpen(false) })}
          onDismiss={() => setOpen(false)}
        >
          {t('offers.retire.confirm')}
        </ConfirmDialog>
      )}
    </section>
  );
}
