import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiProblem, idempotencyKey } from '../../api/client';
import { useCountryOffers, useCustomerAgreement, usePlaceOrder, type CountryOffer } from '../../api/commerce';
import { useCustomer } from '../../api/customers';
import { useIndirectResellers } from '../../api/partnerships';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { FieldAlert } from '../../components/FieldAlert';
import { useStackedTableStyles } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { directBillOnly, DirectOnlyBadge, matches, offerTerms } from '../catalog/OfferTerms';
import { AgreementSection } from './commerce/AgreementSection';

const useStyles = makeStyles({
  heading: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  results: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  result: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  grow: { flex: '1 1 240px', minWidth: 0 },
  quantity: { maxWidth: '10em' },
  total: { fontWeight: tokens.fontWeightSemibold },
});

/** Offers shown for a search at a time: the person narrows the search for the others. */
const SHOWN = 8;

interface Line {
  offer: CountryOffer;
  quantity: string;
}

/**
 * The order form for one customer (POST /v1/customers/{id}/orders): the customer agreement
 * first (R-AGR-3: the partner attests it when the customer has not accepted it in Trellis),
 * then the offers its country buys in the chosen currency, each line's quantity within its
 * offer's range, and, for a provider, the reseller of record, chosen from its ready resellers
 * that serve this customer (R-CUS-4, R-PRT-7). One Idempotency-Key per order: sending again
 * after a lost answer makes no second one. A refusal shows its rule.
 */
export default function OrderPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const stacked = useStackedTableStyles();
  const format = useFormat();
  const me = useMe().data!;
  const customer = useCustomer(id);
  const agreement = useCustomerAgreement(id);
  const offers = useCountryOffers(customer.data?.countryCode ?? '');
  const rels = customer.data?.relationships ?? [];
  const provider = rels.some((r) => r.role === 'indirect_provider');
  const direct = rels.some((r) => r.role === 'direct_partner');
  const resellers = useIndirectResellers('active');
  // R-CUS-4: the resellers this provider serves the customer through; R-PRT-7: only ready ones transact.
  const relationships = customer.data?.relationships;
  const serving = useMemo(() => {
    const through = new Set((relationships ?? []).filter((r) => r.role === 'indirect_provider').map((r) => r.resellerId));
    return resellers.items.filter((r) => through.has(r.reseller.id));
  }, [relationships, resellers.items]);
  const ready = serving.filter((r) => r.readiness.ready);
  const [chosenReseller, setResellerId] = useState('');
  const resellerId = chosenReseller || (ready.length === 1 && !direct ? ready[0]!.reseller.id : '');
  const currencies = useMemo(() => [...new Set((offers.data ?? []).map((o) => o.currency))], [offers.data]);
  const [chosenCurrency, setCurrency] = useState('');
  const currency = chosenCurrency || currencies[0] || '';
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const [lines, setLines] = useState<Line[]>([]);
  const [key, setKey] = useState(idempotencyKey);
  const order = usePlaceOrder(id);
  const err = order.error;

  if (customer.isPending) return <Spinner label={t('loading')} />;
  if (customer.error) return <ProblemBar error={customer.error} />;
  const c = customer.data;
  const back = <AppLink to={`/customers/${id}?tab=subscriptions`}>{t('order.back', { name: c.name })}</AppLink>;

  if (order.data) {
    const placed = order.data;
    // R-CRD-1: past the reseller's credit limit, an order waits for the provider's approval.
    const held = placed.status === 'held';
    return (
      <Page title={t('order.title', { name: c.name })} actions={back}>
        <MessageBar intent={held ? 'warning' : 'success'} layout="multiline" role="status">
          <MessageBarBody>
            <MessageBarTitle>{t(held ? 'order.heldTitle' : 'order.placedTitle')}</MessageBarTitle>
            {t(held ? 'order.held' : placed.resellerOfRecord ? 'order.placedThrough' : 'order.placed', {
              total: format.money(placed.totalMinor, placed.currency),
              reseller: placed.resellerOfRecord?.name,
            })}
          </MessageBarBody>
        </MessageBar>
        <div className={styles.fields}>
          {held && can(me, 'billing.read') && <AppLink to={`/held-orders?order=${placed.id}`}>{t('order.seeHeld')}</AppLink>}
          {held ? (
            <AppLink to={`/customers/${id}?tab=orders`}>{t('order.seeOrders')}</AppLink>
          ) : (
            <AppLink to={`/customers/${id}?tab=subscriptions`}>{t('order.seeSubscriptions')}</AppLink>
          )}
          <Button
            onClick={() => {
              setLines([]);
              setKey(idempotencyKey());
              order.reset();
            }}
          >
            {t('order.another')}
          </Button>
        </div>
      </Page>
    );
  }

  const inCurrency = (offers.data ?? []).filter((o) => o.currency === currency);
  const found = inCurrency.filter((o) => matches(o, deferred) && !lines.some((l) => l.offer.id === o.id));
  const wholeQuantities = lines.every((l) => /^\d+$/.test(l.quantity));
  const total = wholeQuantities ? lines.reduce((sum, l) => sum + l.offer.unitPriceMinor * Number(l.quantity), 0) : null;
  const orders = direct || provider;

  return (
    <Page title={t('order.title', { name: c.name })} intro={t('order.intro')} actions={back}>
      <AgreementSection customerId={id} state={agreement.data} pending={agreement.isPending} error={agreement.error} />
      <section className={styles.section} aria-labelledby="order-title">
        <Title3 as="h2" id="order-title" className={styles.heading} block>
          {t('order.heading')}
        </Title3>
        {!orders ? (
          // R-CUS-7: of an indirect customer, the provider orders and names the reseller.
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{t('order.providerOrders')}</MessageBarBody>
          </MessageBar>
        ) : !agreement.data?.accepted ? (
          <Text as="p">{t('order.agreementFirst')}</Text>
        ) : (
          <form
            className={styles.section}
            aria-labelledby="order-title"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              order.mutate({
                key,
                body: {
                  lines: lines.map((l) => ({ offerId: l.offer.id, quantity: Number(l.quantity) })),
                  currency,
                  ...(provider && resellerId ? { resellerId } : {}),
                },
              });
            }}
          >
            <div className={styles.fields}>
              {provider && (
                <FieldAlert
                  label={t('order.reseller')}
                  required={!direct}
                  hint={t('order.resellerHint')}
                  error={err}
                  path="/resellerId"
                >
                  <Select value={resellerId} onChange={(_e, d) => setResellerId(d.value)}>
                    <option value="" disabled={!direct}>
                      {t(direct ? 'order.resellerNone' : 'order.resellerPlaceholder')}
                    </option>
                    {serving.map((r) => (
                      <option key={r.reseller.id} value={r.reseller.id} disabled={!r.readiness.ready}>
                        {r.readiness.ready ? r.reseller.name : t('order.notReady', { name: r.reseller.name })}
                      </option>
                    ))}
                  </Select>
                </FieldAlert>
              )}
              {currencies.length > 1 ? (
                <FieldAlert label={t('order.currency')} error={err} path="/currency">
                  <Select
                    value={currency}
                    onChange={(_e, d) => {
                      setCurrency(d.value);
                      setLines([]);
                    }}
                  >
                    {currencies.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </Select>
                </FieldAlert>
              ) : (
                currency && (
                  <Field label={t('order.currency')}>
                    <Text>{currency}</Text>
                  </Field>
                )
              )}
            </div>
            <Field label={t('order.search')} hint={t('order.searchHint', { country: format.country(c.countryCode) })}>
              <SearchBox value={search} onChange={(_e, d) => setSearch(d.value)} />
            </Field>
            {offers.isPending ? (
              <Spinner size="tiny" label={t('loading')} />
            ) : offers.error ? (
              <ProblemBar error={offers.error} />
            ) : found.length === 0 ? (
              <Text as="p">{t(inCurrency.length === 0 ? 'order.noOffers' : 'order.noMatch')}</Text>
            ) : (
              <ul className={styles.results} aria-label={t('order.results')}>
                {found.slice(0, SHOWN).map((o) => {
                  // R-CUS-5, R-CUS-7: reservations and software go to direct-bill customers only.
                  const refused = directBillOnly(o.kind) && provider && (!direct || resellerId !== '');
                  return (
                    <li key={o.id} className={styles.result}>
                      <span className={styles.grow}>
                        <Text weight="semibold">{o.name}</Text> <DirectOnlyBadge kind={o.kind} />
                        <br />
                        <Text size={200}>
                          {o.sku} · {offerTerms(t, o)} · {format.money(o.unitPriceMinor, o.currency)}
                        </Text>
                      </span>
                      <Button
                        size="small"
                        disabled={refused}
                        aria-label={t('order.addOffer', { name: o.name })}
                        onClick={() => setLines([...lines, { offer: o, quantity: String(o.minQuantity) }])}
                      >
                        {t('order.add')}
                      </Button>
                    </li>
                  );
                })}
                {found.length > SHOWN && <li>{t('order.more', { count: found.length - SHOWN })}</li>}
              </ul>
            )}
            {lines.length > 0 && (
              <div className={stacked.scroll}>
                <Table aria-label={t('order.lines')} className={stacked.table} size="small">
                  <TableHeader className={stacked.head}>
                    <TableRow>
                      <TableHeaderCell>{t('order.columns.offer')}</TableHeaderCell>
                      <TableHeaderCell>{t('order.columns.quantity')}</TableHeaderCell>
                      <TableHeaderCell>{t('order.columns.unitPrice')}</TableHeaderCell>
                      <TableHeaderCell>{t('order.columns.amount')}</TableHeaderCell>
                      <TableHeaderCell>{t('order.columns.remove')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody className={stacked.body}>
                    {lines.map((l, i) => (
                      <TableRow key={l.offer.id} data-row={l.offer.id} className={stacked.row}>
                        <TableCell className={stacked.cell} data-label={t('order.columns.offer')}>
                          <span>{l.offer.name}</span>
                        </TableCell>
                        <TableCell className={stacked.cell} data-label={t('order.columns.quantity')}>
                          <FieldAlert
                            label={t('order.quantityOf', { name: l.offer.name })}
                            hint={t('order.range', {
                              min: format.number(l.offer.minQuantity),
                              max: format.number(l.offer.maxQuantity),
                            })}
                            error={err}
                            path={`/lines/${i}/quantity`}
                          >
                            <Input
                              className={styles.quantity}
                              type="number"
                              inputMode="numeric"
                              min={l.offer.minQuantity}
                              max={l.offer.maxQuantity}
                              value={l.quantity}
                              onChange={(_e, d) => setLines(lines.map((x, j) => (j === i ? { ...x, quantity: d.value } : x)))}
                            />
                          </FieldAlert>
                        </TableCell>
                        <TableCell className={stacked.cell} data-label={t('order.columns.unitPrice')}>
                          <span>{format.money(l.offer.unitPriceMinor, l.offer.currency)}</span>
                        </TableCell>
                        <TableCell className={stacked.cell} data-label={t('order.columns.amount')}>
                          <span>
                            {/^\d+$/.test(l.quantity)
                              ? format.money(l.offer.unitPriceMinor * Number(l.quantity), l.offer.currency)
                              : '—'}
                          </span>
                        </TableCell>
                        <TableCell className={stacked.cell} data-label={t('order.columns.remove')}>
                          <span>
                            <Button
                              size="small"
                              aria-label={t('order.removeOffer', { name: l.offer.name })}
                              onClick={() => setLines(lines.filter((_x, j) => j !== i))}
                            >
                              {t('order.remove')}
                            </Button>
                          </span>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
            {total !== null && lines.length > 0 && (
              <Text as="p" className={styles.total} data-testid="order-total">
                {t('order.total', { total: format.money(total, currency) })}
              </Text>
            )}
            <ProblemBar
              error={formProblem(err)}
              specifics={creditRefusal(err, serving.find((r) => r.reseller.id === resellerId)?.reseller.name ?? '', t, format)}
            />
            <div>
              <Button
                type="submit"
                appearance="primary"
                disabled={order.isPending || lines.length === 0 || !wholeQuantities || (provider && !direct && !resellerId)}
              >
                {t('order.submit')}
              </Button>
            </div>
          </form>
        )}
      </section>
    </Page>
  );
}

/**
 * R-CRD-1: a provider that refuses orders past a reseller's credit limit is answered 422
 * credit_limit_exceeded with the balance the order would reach and the limit: said in the
 * refusal in the console's language and money, instead of the API's English sentence.
 */
function creditRefusal(
  error: unknown,
  reseller: string,
  t: (key: string, values: Record<string, string>) => string,
  format: ReturnType<typeof useFormat>,
): string | undefined {
  if (!(error instanceof ApiProblem) || error.code !== 'credit_limit_exceeded') return undefined;
  const { balanceAfter, limit, currency } = error.body as { balanceAfter?: unknown; limit?: unknown; currency?: unknown };
  if (typeof balanceAfter !== 'number' || typeof limit !== 'number' || typeof currency !== 'string') return undefined;
  return t('order.creditRefused', {
    reseller,
    balance: format.money(balanceAfter, currency),
    limit: format.money(limit, currency),
  });
}
