/**
 * Commerce through the API, for tests (issue 11): offers with prices, customers ready to be
 * ordered for (their customer agreement attested), and the three partners of both models: a
 * direct-bill partner with a direct customer, a provider with a reseller and their customer.
 */
import assert from 'node:assert/strict';
import { newCustomer, unique, type Api, type MadeCustomer, type ProgramFlow, type ProgramPartner } from './program.ts';

export interface OfferSpec {
  kind?: 'license_subscription' | 'perpetual_software' | 'reservation';
  term?: 'P1M' | 'P1Y' | 'P3Y';
  billingCycle?: 'monthly' | 'annual';
  minQuantity?: number;
  maxQuantity?: number;
  name?: string;
  /** Prices by market and currency; 12.00 USD in the United States unless told. */
  prices?: { market: string; currency: string; unitPriceMinor: number }[];
}

export interface Offer {
  id: string;
  sku: string;
  name: string;
  kind: string;
}

/** An offer of the operator's catalog, priced. */
export async function makeOffer(operator: Api, spec: OfferSpec = {}): Promise<Offer> {
  const sku = `SKU-${unique()}`;
  const made = await operator.post('/v1/operator/offers', {
    sku,
    name: spec.name ?? `Offer ${sku}`,
    kind: spec.kind ?? 'license_subscription',
    term: spec.term ?? 'P1Y',
    billingCycle: spec.billingCycle ?? 'monthly',
    minQuantity: spec.minQuantity ?? 1,
    maxQuantity: spec.maxQuantity ?? 300,
  });
  assert.equal(made.status, 201, made.raw);
  const prices = spec.prices ?? [{ market: 'United States', currency: 'USD', unitPriceMinor: 1200 }];
  const priced = await operator.put(`/v1/operator/offers/${made.body.id}/prices`, { prices });
  assert.equal(priced.status, 200, priced.raw);
  return { id: made.body.id, sku, name: made.body.name, kind: made.body.kind };
}

/** The partner attests that the customer signed the customer agreement (R-AGR-3). */
export async function attest(api: Api, customerId: string): Promise<void> {
  const res = await api.post(`/v1/customers/${customerId}/customer-agreement/attestations`, {
    signerName: 'Signer Example',
    signerEmail: 'signer@customer.example',
    signedOn: '2026-01-15',
  });
  assert.equal(res.status, 201, res.raw);
}

/** A new customer of the calling partner, with its customer agreement attested. */
export async function orderingCustomer(api: Api, extra: Record<string, unknown> = {}): Promise<MadeCustomer> {
  const customer = await newCustomer(api, extra);
  await attest(api, customer.id);
  return customer;
}

export interface CommerceWorld {
  direct: ProgramPartner;
  provider: ProgramPartner;
  reseller: ProgramPartner;
  /** The direct-bill partner's customer. */
  directCustomer: MadeCustomer;
  /** The provider's customer through the reseller. */
  indirectCustomer: MadeCustomer;
  offer: Offer;
}

/** Both models, ready to order: customers made by their partners, agreements attested, one priced offer. */
export async function commerceWorld(flow: ProgramFlow, operator: Api): Promise<CommerceWorld> {
  const direct = await flow.partnerIn('direct_bill');
  const provider = await flow.partnerIn('indirect_provider');
  const reseller = await flow.partnerIn('indirect_reseller');
  await flow.partnerUp(provider, reseller);
  return {
    direct,
    provider,
    reseller,
    directCustomer: await orderingCustomer(direct.api),
    indirectCustomer: await orderingCustomer(provider.api, { resellerId: reseller.tenant.id }),
    offer: await makeOffer(operator),
  };
}

/** A one-line order; the answer, whatever its status. */
export function order(
  api: Api,
  customerId: string,
  offerId: string,
  quantity = 1,
  extra: Record<string, unknown> = {},
  key?: string,
) {
  return api.post(
    `/v1/customers/${customerId}/orders`,
    { lines: [{ offerId, quantity }], ...extra },
    key ? { 'idempotency-key': key } : {},
  );
}
