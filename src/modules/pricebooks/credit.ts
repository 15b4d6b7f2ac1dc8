/**
 * Credit a provider extends to its resellers (issue 11, part 6; R-CRD-1): a limit on what the
 * reseller owes it, payment terms, and whether an order past the limit is held for the
 * provider's approval or refused. The decision is src/domain/credit.ts's.
 *
 * The open balance is what the reseller owes its provider at the reseller's own prices, in one
 * currency: the invoices module's `openBalance()` (invoices issued and unpaid, and the charges of
 * its subscriptions not invoiced yet), plus the parts registered with `addBalancePart()`: today
 * one, the orders module's, for orders held for approval (they have no subscription, so no
 * charge, yet). Every caller asks `openBalance()` here.
 */
import { creditDecision, type OverLimit } from '../../domain/credit.ts';
import { formatAmount } from '../../domain/money.ts';
import { clock } from '../../platform/clock.ts';
import { inTransaction, requireActor, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems } from '../../platform/http/errors.ts';
import { DEFAULT_PAYMENT_TERMS, openBalance as invoicedBalance } from '../invoices/service.ts';
import { countryMarket } from '../markets/service.ts';
import { requirePartner } from '../partners/service.ts';
import { arePartners, requireOwnProvider } from '../partnerships/service.ts';
import { getTenant } from '../tenants/service.ts';
import { creditTermsOf, upsertCreditTerms } from './store.ts';

/** A part of a reseller's open balance with a provider, in minor units of `currency`. */
export type BalancePart = (ctx: Ctx, providerId: string, resellerId: string, currency: string) => Promise<number>;

const balanceParts: BalancePart[] = [];

/** Registers a part of the open balance (the orders module's, the invoices'); returns its removal. */
export function addBalancePart(part: BalancePart): () => void {
  balanceParts.push(part);
  return () => {
    const i = balanceParts.indexOf(part);
    if (i >= 0) balanceParts.splice(i, 1);
  };
}

/** What `resellerId` owes `providerId` in `currency`: invoiced and unpaid, charges not invoiced yet, and held orders. */
export async function openBalance(ctx: Ctx, providerId: string, resellerId: string, currency: string): Promise<number> {
  let sum = await invoicedBalance(ctx, providerId, resellerId, currency);
  for (const part of balanceParts) sum += await part(ctx, providerId, resellerId, currency);
  return sum;
}

/** The terms set, locked until the caller's transaction ends (orders through one reseller weigh its balance in turn). */
const termsOf = creditTermsOf;

/** Without terms: no limit, held past none, the invoices' default payment terms (net 30), in the provider's market's first currency. */
const DEFAULT_TERM_DAYS = DEFAULT_PAYMENT_TERMS.paymentTermDays;

async function defaultCurrency(ctx: Ctx, providerId: string): Promise<string> {
  const provider = await getTenant(ctx, providerId);
  return (await countryMarket(ctx, provider.countryCode))?.currencies[0] ?? 'USD';
}

async function creditView(ctx: Ctx, providerId: string, resellerId: string) {
  const terms = await termsOf(ctx, providerId, resellerId);
  const currency = terms?.currency ?? (await defaultCurrency(ctx, providerId));
  const balance = await openBalance(ctx, providerId, resellerId, currency);
  const limit = terms?.limitMinor ?? null;
  return {
    providerId,
    resellerId,
    currency,
    limitMinor: limit,
    overLimit: terms?.overLimit ?? 'hold',
    paymentTermDays: terms?.paymentTermDays ?? DEFAULT_TERM_DAYS,
    openBalanceMinor: balance,
    availableMinor: limit === null ? null : limit - balance,
    updatedAt: terms?.updatedAt.toISOString() ?? null,
  };
}

/** A provider's own reseller (a partnership now), or 404. */
async function ownReseller(ctx: Ctx, resellerId: string): Promise<string> {
  const actor = requirePartner(ctx);
  if (resellerId === actor.tenantId || !(await arePartners(ctx, actor.tenantId, resellerId))) {
    throw problems.notFound('indirect reseller');
  }
  return actor.tenantId;
}

/** The provider's view of a reseller's credit: terms, open balance, what is left. */
export async function resellerCredit(ctx: Ctx, resellerId: string) {
  const providerId = await ownReseller(ctx, resellerId);
  return creditView(ctx, providerId, resellerId);
}

/** The reseller's view of the credit one of its providers extends to it: the same, its own. */
export async function providerCredit(ctx: Ctx, providerId: string) {
  await requireOwnProvider(ctx, providerId);
  return creditView(ctx, providerId, requireActor(ctx).tenantId);
}

export interface CreditTermsInput {
  limitMinor: number | null;
  currency: string;
  overLimit: OverLimit;
  paymentTermDays: number;
}

/** Sets a reseller's credit terms (PUT: all of them). Orders already held stay held until decided. */
export async function setResellerCredit(ctx: Ctx, resellerId: string, input: CreditTermsInput) {
  const providerId = await ownReseller(ctx, resellerId);
  const provider = await getTenant(ctx, providerId);
  const market = await countryMarket(ctx, provider.countryCode);
  if (market && !market.currencies.includes(input.currency)) {
    throw problems.invalid(`Your market sells in ${market.currencies.join(', ')}.`, [
      { in: 'body', path: '/currency', message: `one of ${market.currencies.join(', ')}` },
    ]);
  }
  return inTransaction(ctx, async (tx) => {
    const before = await termsOf(tx, providerId, resellerId, true);
    const values = {
      providerId,
      resellerId,
      limitMinor: input.limitMinor,
      currency: input.currency,
      overLimit: input.overLimit,
      paymentTermDays: input.paymentTermDays,
      updatedBy: requireActor(tx).userId,
      updatedAt: clock.now(),
    };
    await upsertCreditTerms(tx, values);
    for (const tenantId of [providerId, resellerId]) {
      await recordEvent(tx, {
        type: 'credit_terms.set',
        tenantId,
        subjectType: 'credit_terms',
        subjectId: resellerId,
        before: before ?? null,
        after: values,
      });
    }
    return creditView(tx, providerId, resellerId);
  });
}

/**
 * R-CRD-1: whether an order of `amount` (the reseller-tier total) through `resellerId` is placed
 * or held; throws the refusal when the provider refuses orders past the limit. Call it in the
 * order's transaction: it locks the reseller's terms, so concurrent orders weigh the balance in
 * turn. An order in another currency than the limit's cannot be weighed: it counts as past it.
 */
export async function creditCheck(
  ctx: Ctx,
  providerId: string,
  resellerId: string,
  currency: string,
  amount: number,
): Promise<'placed' | 'held'> {
  return weigh(ctx, providerId, resellerId, currency, amount, 'order');
}

/**
 * R-CRD-1: a larger quantity of an indirect subscription, weighed as an order is (`amount`: what
 * the increase is charged at the reseller's price), but refused past the limit whatever the
 * provider's setting: a change to a running subscription has nothing to hold while the provider
 * decides. Call it in the change's transaction (it locks the terms as an order does).
 */
export async function creditCheckIncrease(
  ctx: Ctx,
  providerId: string,
  resellerId: string,
  currency: string,
  amount: number,
): Promise<void> {
  await weigh(ctx, providerId, resellerId, currency, amount, 'quantity');
}

async function weigh(
  ctx: Ctx,
  providerId: string,
  resellerId: string,
  currency: string,
  amount: number,
  what: 'order' | 'quantity',
): Promise<'placed' | 'held'> {
  const terms = await termsOf(ctx, providerId, resellerId, true);
  if (!terms || terms.limitMinor === null) return 'placed';
  const overLimit: OverLimit = what === 'quantity' ? 'refuse' : terms.overLimit;
  const sameCurrency = terms.currency === currency;
  const balance = await openBalance(ctx, providerId, resellerId, terms.currency);
  const decision = sameCurrency
    ? creditDecision({ limit: terms.limitMinor, overLimit, paymentTermDays: terms.paymentTermDays }, balance, amount)
    : amount <= 0
      ? ({ outcome: 'accept' } as const)
      : ({ outcome: overLimit, balanceAfter: balance, limit: terms.limitMinor } as const);
  if (decision.outcome === 'accept') return 'placed';
  if (decision.outcome === 'hold') return 'held';
  const subject = what === 'order' ? 'This order' : 'This quantity increase';
  const past = sameCurrency
    ? `${subject} would take the reseller's open balance to ${formatAmount(decision.balanceAfter, terms.currency)} ${terms.currency}, past its limit of ${formatAmount(decision.limit, terms.currency)} ${terms.currency}.`
    : `The reseller's credit limit is kept in ${terms.currency}; ${what === 'order' ? 'an order' : 'a subscription'} in ${currency} cannot be weighed against it.`;
  throw problems.rule(
    'R-CRD-1',
    'credit_limit_exceeded',
    "Past the reseller's credit limit",
    what === 'order'
      ? past
      : `${past} A quantity change is not held for approval as an order can be: raise the reseller's credit limit, or order the extra licenses as a new order, which its credit terms may hold for your approval.`,
    { balanceAfter: decision.balanceAfter, limit: decision.limit, currency: terms.currency },
  );
}
