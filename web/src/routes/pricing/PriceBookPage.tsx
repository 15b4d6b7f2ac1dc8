import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useCountryOffers } from '../../api/commerce';
import { useMarkets } from '../../api/markets';
import {
  useAddEntry,
  useChangeEntry,
  usePriceBook,
  usePriceEntries,
  usePriceGroups,
  useRemoveEntry,
  type Buyer,
  type NewPriceEntry,
  type PriceBook,
  type PriceEntry,
} from '../../api/pricing';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Facts } from '../../components/Facts';
import { ListTable, type Column } from '../../components/ListTable';
import { Form, Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { BuyerPicker } from './parts';
import { forText, ruleText } from './rules';
import { CheckedField, draftOf, RuleFields, ruleErrors, ruleOf, type RuleDraft } from './RuleFields';
import { usePricingAccess } from './usePricing';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  dialog: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  // A native select is as wide as its longest option: an offer's name, SKU and price stay within a phone's width.
  select: { minWidth: 0, maxWidth: '100%', '& select': { minWidth: 0, maxWidth: '100%', textOverflow: 'ellipsis' } },
});

/**
 * One price book: its rules (what each prices, for whom, at what), and for billing admins a rule
 * added, a rule's price changed, a rule removed. The server's refusals stand at their fields; a
 * rule the book has already (409 price_entry_exists) at the offer's.
 */
export default function PriceBookPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('pricing');
  const styles = useStyles();
  const format = useFormat();
  const { manage } = usePricingAccess();
  const book = usePriceBook(id);
  const entries = usePriceEntries(id);
  const remove = useRemoveEntry(id);
  const [editing, setEditing] = useState<PriceEntry | null>(null);
  const [removing, setRemoving] = useState<PriceEntry | null>(null);
  if (book.isPending) return <Spinner label={t('loading')} />;
  if (book.error) return <ProblemBar error={book.error} />;
  const data = book.data;
  const offerOf = (e: PriceEntry) => (e.offerId ? (e.offerName ?? e.offerId) : t('book.allOffers'));
  const columns: Column<PriceEntry>[] = [
    { key: 'offer', header: t('book.columns.offer'), cell: offerOf },
    { key: 'for', header: t('book.columns.for'), cell: (e) => forText(e, t) },
    {
      key: 'rule',
      header: t('book.columns.rule'),
      cell: (e) => <Text weight="semibold">{ruleText(e.rule, t, format, i18n.language)}</Text>,
    },
    {
      key: 'currency',
      header: t('book.columns.currency'),
      cell: (e) => (e.rule.kind === 'fixed' ? e.rule.currency : t('book.anyCurrency')),
    },
    ...(manage
      ? [
          {
            key: 'actions',
            header: t('book.columns.actions'),
            cell: (e: PriceEntry) => (
              <span className={styles.actions}>
                <Button
                  size="small"
                  aria-label={t('book.editOf', { offer: offerOf(e), buyer: forText(e, t) })}
                  onClick={() => setEditing(e)}
                >
                  {t('book.edit')}
                </Button>
                <Button
                  size="small"
                  aria-label={t('book.removeOf', { offer: offerOf(e), buyer: forText(e, t) })}
                  onClick={() => setRemoving(e)}
                >
                  {t('book.remove')}
                </Button>
              </span>
            ),
          },
        ]
      : []),
  ];
  return (
    <Page
      title={data.name}
      intro={t(`book.intro.${data.audience}`)}
      actions={<AppLink to="/price-books">{t('book.back')}</AppLink>}
    >
      <Facts
        label={data.name}
        rows={[
          [t('book.facts.audience'), t(`audience.${data.audience}`)],
          [t('book.facts.rules'), t('books.rules', { count: data.ruleCount })],
          [t('book.facts.created'), format.date(data.createdAt)],
          [t('book.facts.updated'), format.dateTime(data.updatedAt)],
        ]}
      />
      <section aria-labelledby="rules-title" className={styles.section}>
        <Text as="h2" id="rules-title" size={500} weight="semibold">
          {t('book.rulesTitle')}
        </Text>
        <ProblemBar error={remove.error} />
        <ListTable
          label={t('book.rulesTitle')}
          list={entries}
          columns={columns}
          rowKey={(e) => e.id}
          empty={t('book.empty')}
          loading={t('loading')}
        />
      </section>
      {manage && <AddRule book={data} />}
      {editing && <EditRule bookId={id} entry={editing} offer={offerOf(editing)} onClose={() => setEditing(null)} />}
      {removing && (
        <ConfirmDialog
          alert
          title={t('book.removeTitle')}
          confirmLabel={t('book.removeConfirm')}
          keepLabel={t('form.keep')}
          pending={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setRemoving(null);
            remove.reset();
          }}
          onConfirm={() => remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
        >
          <Text as="p" block>
            {t('book.removeDetail', {
              offer: offerOf(removing),
              buyer: forText(removing, t),
              rule: ruleText(removing.rule, t, format, i18n.language),
            })}
          </Text>
        </ConfirmDialog>
      )}
    </Page>
  );
}

type Target = 'everyone' | 'buyer' | 'group';

/** The currencies of the operator's markets, for a fixed price; the partner's own market's first. */
function useCurrencies(first: string | undefined): string[] {
  const markets = useMarkets();
  return useMemo(() => {
    const all = [...new Set((markets.data ?? []).map((m) => m.currency))].sort();
    return first ? [first, ...all.filter((c) => c !== first)] : all;
  }, [markets.data, first]);
}

/** A new rule: which offer (or all), for whom (a buyer, a group, everyone), and its price. */
function AddRule({ book }: { book: PriceBook }) {
  const { t } = useTranslation('pricing');
  const styles = useStyles();
  const format = useFormat();
  const { me } = usePricingAccess();
  const country = me.tenant.countryCode;
  const offers = useCountryOffers(country);
  const groups = usePriceGroups(book.audience);
  const add = useAddEntry(book.id);
  // One option per offer (the country's list has one item per offer and currency).
  const offerOptions = useMemo(() => {
    const seen = new Map<string, { id: string; name: string; sku: string; price: string }>();
    for (const o of offers.data ?? []) {
      if (!seen.has(o.id))
        seen.set(o.id, { id: o.id, name: o.name, sku: o.sku, price: format.money(o.unitPriceMinor, o.currency) });
    }
    return [...seen.values()];
  }, [offers.data, format]);
  const currencies = useCurrencies(offers.data?.[0]?.currency);
  const [offerId, setOfferId] = useState('');
  const [target, setTarget] = useState<Target>('everyone');
  const [buyer, setBuyer] = useState<Buyer | null>(null);
  const [groupId, setGroupId] = useState('');
  const [draft, setDraft] = useState<RuleDraft>(draftOf(undefined, ''));
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const [added, setAdded] = useState(false);
  const currency = draft.currency || currencies[0] || 'USD';
  const exists = add.error instanceof ApiProblem && add.error.code === 'price_entry_exists';
  const server = ruleErrors(add.error, draft.kind, t);
  const submit = () => {
    setAdded(false);
    const typed = ruleOf({ ...draft, currency });
    const problems: Record<string, string | undefined> = {
      percent: 'problem' in typed && typed.problem === 'percent' ? t('rule.errors.percent') : undefined,
      amount: 'problem' in typed && typed.problem === 'amount' ? t('rule.errors.amount') : undefined,
      offer: draft.kind === 'fixed' && !offerId ? t('rule.errors.offer') : undefined,
      buyer: target === 'buyer' && !buyer ? t('rule.errors.buyer') : undefined,
      group: target === 'group' && !groupId ? t('rule.errors.group') : undefined,
    };
    setLocal(problems);
    if (Object.values(problems).some(Boolean) || !('rule' in typed)) {
      // What the server said of the last rule sent is not about this one.
      add.reset();
      return;
    }
    const body: NewPriceEntry = {
      rule: typed.rule,
      ...(offerId ? { offerId } : {}),
      ...(target === 'buyer' && buyer ? { buyerId: buyer.id } : {}),
      ...(target === 'group' ? { groupId } : {}),
    };
    add.mutate(body, { onSuccess: () => setAdded(true) });
  };
  // A refusal that names no field this form shows stands in the bar above it.
  const shownAtField = exists || Boolean(server.percent ?? server.amount ?? server.currency ?? server.offer);
  return (
    <section aria-labelledby="add-rule-title" className={styles.section}>
      <Text as="h2" id="add-rule-title" size={500} weight="semibold">
        {t('rule.title')}
      </Text>
      <Form onSubmit={submit} label={t('rule.title')}>
        {!shownAtField && <ProblemBar error={add.error} />}
        {added && (
          <MessageBar intent="success">
            <MessageBarBody>{t('rule.added')}</MessageBarBody>
          </MessageBar>
        )}
        <CheckedField
          label={t('rule.offer')}
          hint={t('rule.offerHint', { country: format.country(country) })}
          error={add.error}
          path="/offerId"
          local={exists ? t('rule.errors.exists') : (server.offer ?? local.offer)}
          data-problem-code={exists ? 'price_entry_exists' : undefined}
        >
          <Select
            className={styles.select}
            value={offerId}
            onChange={(_e, d) => {
              setOfferId(d.value);
              // A fixed price names its offer: for all offers, a markup.
              if (!d.value && draft.kind === 'fixed') setDraft({ ...draft, kind: 'markup' });
            }}
          >
            <option value="">{t('book.allOffers')}</option>
            {offerOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {`${o.name} (${o.sku}) · ${o.price}`}
              </option>
            ))}
          </Select>
        </CheckedField>
        <Field label={t('rule.for')}>
          <RadioGroup value={target} onChange={(_e, d) => setTarget(d.value as Target)}>
            <Radio value="everyone" label={t('rule.forEveryone')} />
            <Radio value="buyer" label={t(`rule.forBuyer.${book.audience}`)} />
            <Radio value="group" label={t('rule.forGroup')} />
          </RadioGroup>
        </Field>
        {target === 'buyer' && (
          <BuyerPicker
            audience={book.audience}
            label={t(`rule.buyer.${book.audience}`)}
            hint={t('rule.buyerHint')}
            validation={local.buyer}
            path="/buyerId"
            error={add.error}
            picked={buyer}
            onPick={setBuyer}
          />
        )}
        {target === 'group' && (
          <CheckedField
            label={t('rule.group')}
            required
            error={add.error}
            path="/groupId"
            local={groups.items.length === 0 && !groups.isPending ? t('rule.noGroups') : local.group}
          >
            <Select className={styles.select} value={groupId} onChange={(_e, d) => setGroupId(d.value)}>
              <option value="" />
              {groups.items.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </Select>
          </CheckedField>
        )}
        <RuleFields
          draft={{ ...draft, currency }}
          onChange={setDraft}
          currencies={currencies}
          fixedAllowed={Boolean(offerId)}
          local={{ percent: local.percent, amount: local.amount }}
          server={server}
        />
        <div>
          <Button type="submit" appearance="primary" disabled={add.isPending}>
            {t('rule.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** A rule's price changed: what it prices and for whom stay. */
function EditRule({ bookId, entry, offer, onClose }: { bookId: string; entry: PriceEntry; offer: string; onClose: () => void }) {
  const { t } = useTranslation('pricing');
  const styles = useStyles();
  const change = useChangeEntry(bookId);
  const { me } = usePricingAccess();
  const offers = useCountryOffers(me.tenant.countryCode);
  const currencies = useCurrencies(entry.rule.kind === 'fixed' ? entry.rule.currency : offers.data?.[0]?.currency);
  const [draft, setDraft] = useState<RuleDraft>(draftOf(entry.rule, entry.rule.kind === 'fixed' ? entry.rule.currency : ''));
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const currency = draft.currency || currencies[0] || 'USD';
  const server = ruleErrors(change.error, draft.kind, t);
  const exists = change.error instanceof ApiProblem && change.error.code === 'price_entry_exists';
  const submit = () => {
    const typed = ruleOf({ ...draft, currency });
    if ('problem' in typed) {
      setLocal({ [typed.problem]: t(`rule.errors.${typed.problem}`) });
      change.reset();
      return;
    }
    setLocal({});
    change.mutate({ entryId: entry.id, rule: typed.rule }, { onSuccess: onClose });
  };
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <DialogBody>
            <DialogTitle>{t('rule.change')}</DialogTitle>
            <DialogContent className={styles.dialog}>
              <Text as="p" weight="semibold">
                {offer} · {forText(entry, t)}
              </Text>
              {exists ? (
                <MessageBar intent="error" data-problem-code="price_entry_exists">
                  <MessageBarBody>{t('rule.errors.exists')}</MessageBarBody>
                </MessageBar>
              ) : (
                !(server.percent ?? server.amount ?? server.currency) && <ProblemBar error={change.error} />
              )}
              <RuleFields
                draft={{ ...draft, currency }}
                onChange={setDraft}
                currencies={currencies}
                fixedAllowed={Boolean(entry.offerId)}
                local={{ percent: local.percent, amount: local.amount }}
                server={server}
              />
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={change.isPending}>
                {t('rule.change')}
              </Button>
              <Button onClick={onClose}>{t('form.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
