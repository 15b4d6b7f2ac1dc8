import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { clock, DAY_MS } from '../../src/platform/clock.ts';
import { attest } from '../support/commerce.ts';
import { PASSWORD, type TestTrellis } from '../support/harness.ts';
import { ProgramFlow, unique, type Api } from '../support/program.ts';
import {
  assertAccessible,
  assertStacked,
  consoleServer,
  exactLabel,
  launchBrowser,
  skipWithoutBrowser,
  snap,
  words,
  signIn,
} from './support.ts';

/**
 * Commerce in the console (issue 11), as each person does it in their own browser: the operator
 * adds an offer and prices it (in English); a direct-bill partner, in French, finds it in its
 * catalog, records that its direct customer signed the customer agreement (R-AGR-3), orders for
 * it (R-TRN-8), adds quantity, and a week later is refused a reduction with its rule and the day
 * the window closed (R-SUB-1); a provider, in Korean on a phone, orders for its customer naming
 * the reseller it serves it through (R-CUS-4), whose subscription and order history say so.
 */
const skip = skipWithoutBrowser();

describe('R-CAT-1, R-AGR-3, R-TRN-8, R-CUS-4, R-SUB-1: the catalog, orders and subscriptions in the browser', { skip }, () => {
  let t: TestTrellis;
  let url: string;
  let browser: Browser;
  let flow: ProgramFlow;
  let operator: Awaited<ReturnType<TestTrellis['operator']>>;
  const offerName = `Cloud Backup ${unique()}`;
  /** The direct-bill partner of the French walk, who later looks at what its country buys. */
  let buyer: Api;
  let directCustomer: string;
  before(async () => {
    ({ t, url } = await consoleServer());
    operator = await t.operator();
    flow = new ProgramFlow(t, operator.api);
    browser = await launchBrowser();
  });
  after(async () => {
    clock.reset();
    await browser?.close();
    await t?.close();
  });

  const signedIn = (email: string, locale: string, width = 1280) => signIn(browser, url, email, PASSWORD, { locale, width });

  async function customerOf(api: Api, extra: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
    const tag = unique();
    const name = `Customer ${tag}`;
    const res = await api.post('/v1/customers', {
      companyName: name,
      primaryDomain: `customer-${tag}.example`,
      countryCode: 'US',
      admin: { name: `Admin ${tag}`, email: `admin@customer-${tag}.example` },
      ...extra,
    });
    assert.equal(res.status, 201, res.raw);
    return { id: res.body.customer.id, name };
  }

  it('R-CAT-1: in en, the operator adds an offer and prices it in the United States', async () => {
    const common = words('en', 'common');
    const c = words('en', 'commerce');
    const { context, page } = await signedIn(operator.admin.email, 'en-US');
    await page.getByRole('link', { name: common('nav.offers'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: c('offers.title') }).waitFor();
    await page.getByRole('link', { name: c('offers.add') }).click();
    await page.getByRole('heading', { level: 1, name: c('offers.new.title') }).waitFor();
    const sku = `BACKUP-${unique()}`;
    await page.getByLabel(exactLabel(c('offers.new.sku'))).fill(sku);
    await page.getByLabel(exactLabel(c('offers.new.name'))).fill(offerName);
    await page.getByLabel(exactLabel(c('offers.new.kind'))).selectOption('license_subscription');
    await page.getByLabel(exactLabel(c('offers.new.term'))).selectOption('P1Y');
    await page.getByLabel(exactLabel(c('offers.new.billingCycle'))).selectOption('monthly');
    await page.getByLabel(exactLabel(c('offers.new.maxQuantity'))).fill('500');
    await assertAccessible(page, 'new offer');
    await page.getByRole('button', { name: c('offers.new.create') }).click();

    // Its page: no price yet; a price in the United States, in dollars and cents.
    await page.getByRole('heading', { level: 1, name: offerName }).waitFor();
    await page.getByText(c('offers.created')).waitFor();
    await page.getByText(c('offers.prices.none')).waitFor();
    await page.getByLabel(exactLabel(c('offers.prices.market'))).selectOption({ label: 'United States · USD' });
    await page.getByRole('button', { name: c('offers.prices.add') }).click();
    const amount = page.getByLabel(exactLabel(c('offers.prices.amountIn', { market: 'United States', currency: 'USD' })));
    await amount.fill('12.505');
    // More decimals than the dollar has: refused here, before any request.
    await page.getByText(c('offers.prices.invalid', { currency: 'USD' })).waitFor();
    assert.equal(await page.getByRole('button', { name: c('offers.prices.save') }).isDisabled(), true);
    await amount.fill('12.50');
    await page.getByText('$12.50').waitFor();
    await page.getByRole('button', { name: c('offers.prices.save') }).click();
    await page.getByText(c('offers.prices.saved')).waitFor();
    await assertAccessible(page, 'offer prices');
    await snap(page, 'commerce-1-offer-prices');
    const offers = (await operator.api.get('/v1/operator/offers?limit=200')).body.items as {
      sku: string;
      prices: unknown[];
    }[];
    assert.deepEqual(offers.find((o) => o.sku === sku)?.prices, [
      { market: 'United States', currency: 'USD', unitPriceMinor: 1250 },
    ]);

    // The list counts its price; it is on sale.
    await page.getByRole('link', { name: c('offers.back') }).click();
    const row = page.getByRole('row').filter({ hasText: sku });
    await row.getByText(c('offers.priceCount_one', { count: 1 })).waitFor();
    await row.getByText(c('offers.onSale')).waitFor();
    await assertAccessible(page, 'offers');
    await context.close();
  });

  it('R-AGR-3, R-TRN-8, R-SUB-1: in fr, a direct-bill partner attests the agreement, orders, adds quantity, and is refused a late reduction', async () => {
    const direct = await flow.partnerIn('direct_bill', { language: 'fr' });
    buyer = direct.api;
    const customer = await customerOf(direct.api);
    directCustomer = customer.id;
    const common = words('fr', 'common');
    const customers = words('fr', 'customers');
    const c = words('fr', 'commerce');
    const { context, page } = await signedIn(direct.admin.email, 'fr-FR');

    // The catalog of its country sells the new offer.
    await page.getByRole('link', { name: common('nav.catalog'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: c('catalog.title') }).waitFor();
    await page.getByRole('searchbox').fill(offerName);
    await page.getByRole('row').filter({ hasText: offerName }).waitFor();
    await assertAccessible(page, 'catalog');
    await snap(page, 'commerce-2-catalog');

    // The customer's record: New order; the agreement is not accepted yet, so the partner records the signature.
    await page.getByRole('link', { name: common('nav.customers'), exact: true }).click();
    await page.getByRole('link', { name: customer.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
    await page.getByRole('link', { name: customers('detail.order') }).click();
    await page.getByRole('heading', { level: 1, name: c('order.title', { name: customer.name }) }).waitFor();
    await page.getByText(c('agreement.missingTitle')).waitFor();
    await page.getByText(c('order.agreementFirst')).waitFor();
    await assertAccessible(page, 'order form, agreement missing');
    await page.getByLabel(exactLabel(c('agreement.signerName'))).fill('Camille Martin');
    await page.getByLabel(exactLabel(c('agreement.signerEmail'))).fill('camille@customer.example');
    await page.getByRole('button', { name: c('agreement.attest') }).click();
    await page.getByText(/Camille Martin \(camille@customer\.example\)/).waitFor();
    const state = await direct.api.get(`/v1/customers/${customer.id}/customer-agreement`);
    assert.equal(state.body.accepted, true);

    // The order: the offer found by name, 5 of it, then placed.
    await page.getByLabel(exactLabel(c('order.search'))).fill(offerName);
    await page.getByRole('button', { name: c('order.addOffer', { name: offerName }) }).click();
    await page.getByLabel(exactLabel(c('order.quantityOf', { name: offerName }))).fill('5');
    await page.getByTestId('order-total').waitFor();
    await assertAccessible(page, 'order form');
    await snap(page, 'commerce-3-order');
    await page.getByRole('button', { name: c('order.submit') }).click();
    await page.getByText(c('order.placedTitle')).waitFor();
    const orders = (await direct.api.get(`/v1/customers/${customer.id}/orders`)).body.items;
    assert.equal(orders.length, 1);
    assert.equal(orders[0].relationship, 'direct_partner');
    assert.equal(orders[0].totalMinor, 6250);

    // Its subscription, 5; the partner adds 3.
    await page.getByRole('link', { name: c('order.seeSubscriptions') }).click();
    const row = page.locator('tr[data-row]').filter({ hasText: offerName });
    await row.getByText(c('status.active')).waitFor();
    await row.getByRole('button', { name: c('subscriptions.actionsFor', { offer: offerName }) }).click();
    await page.getByRole('menuitem', { name: c('subscriptions.actions.quantity') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(exactLabel(c('subscriptions.newQuantity'))).fill('8');
    await assertAccessible(page, 'quantity dialog');
    await dialog.getByRole('button', { name: c('subscriptions.confirm.quantity') }).click();
    await page.getByText(c('subscriptions.changed', { offer: offerName })).waitFor();
    await dialog.waitFor({ state: 'detached' });
    // The dialog's focus trap lets the page go a moment after it closes (tabster restores it on a timer).
    await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('aria-hidden'));
    // Focus is back on the row's Actions button.
    await page.waitForFunction(() => document.activeElement?.id.startsWith('subscription-actions-'));
    await row
      .locator(`td[data-label="${c('subscriptions.columns.quantity')}"]`)
      .getByText('8', { exact: true })
      .waitFor();
    const subscriptions = (await direct.api.get(`/v1/customers/${customer.id}/subscriptions`)).body.items;
    assert.equal(subscriptions[0].quantity, 8);
    await assertAccessible(page, 'subscriptions');
    await snap(page, 'commerce-4-subscriptions');
    await context.close();

    // Eight days later, a reduction is refused: its rule, explained, and the day the window closed.
    clock.advance(8 * DAY_MS);
    try {
      const later = await signedIn(direct.admin.email, 'fr-FR');
      await later.page.goto(`${url}/customers/${customer.id}?tab=subscriptions`);
      const again = later.page.locator('tr[data-row]').filter({ hasText: offerName });
      await again.getByRole('button', { name: c('subscriptions.actionsFor', { offer: offerName }) }).click();
      await later.page.getByRole('menuitem', { name: c('subscriptions.actions.quantity') }).click();
      const refused = later.page.getByRole('dialog');
      await refused.getByLabel(exactLabel(c('subscriptions.newQuantity'))).fill('3');
      await refused.getByRole('button', { name: c('subscriptions.confirm.quantity') }).click();
      const problem = refused.locator('[data-problem-code="change_window_closed"]');
      await problem.waitFor();
      const rule = problem.getByRole('link', { name: common('problems.rule', { rule: 'R-SUB-1' }) });
      assert.equal(await rule.getAttribute('href'), '/rules#r-sub-1');
      const [closedWords] = c('subscriptions.windowClosed').split('{{date}}');
      await refused.getByText(closedWords!.trim(), { exact: false }).waitFor();
      await assertAccessible(later.page, 'refused reduction');
      await snap(later.page, 'commerce-5-refused');
      await later.context.close();
    } finally {
      clock.reset();
    }
  });

  it('R-CUS-4: in ko on a phone, a provider orders for its customer naming the reseller of record', async () => {
    const provider = await flow.partnerIn('indirect_provider', { language: 'ko' });
    const reseller = await flow.partnerIn('indirect_reseller');
    await flow.partnerUp(provider, reseller);
    const customer = await customerOf(provider.api, { resellerId: reseller.tenant.id });
    await attest(provider.api, customer.id);
    const customers = words('ko', 'customers');
    const c = words('ko', 'commerce');
    const { context, page } = await signedIn(provider.admin.email, 'ko-KR', 390);

    await page.goto(`${url}/customers/${customer.id}`);
    await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
    await page.getByRole('link', { name: customers('detail.order') }).click();
    await page.getByRole('heading', { level: 1, name: c('order.title', { name: customer.name }) }).waitFor();
    // The agreement is attested; the reseller it serves the customer through is the one ready choice.
    await page.getByText(/Signer Example ?\(signer@customer\.example\)/).waitFor();
    const resellerField = page.getByLabel(exactLabel(c('order.reseller')));
    await resellerField.waitFor();
    assert.equal(await resellerField.inputValue(), reseller.tenant.id);
    await page.getByLabel(exactLabel(c('order.search'))).fill(offerName);
    await page.getByRole('button', { name: c('order.addOffer', { name: offerName }) }).click();
    await page.getByLabel(exactLabel(c('order.quantityOf', { name: offerName }))).fill('10');
    await assertStacked(page, page.locator('tr[data-row]').first(), [c('order.columns.quantity'), c('order.columns.amount')]);
    await assertAccessible(page, 'order form on a phone');
    await snap(page, 'commerce-6-provider-order');
    await page.getByRole('button', { name: c('order.submit') }).click();
    await page.getByText(c('order.placedTitle')).waitFor();
    const orders = (await provider.api.get(`/v1/customers/${customer.id}/orders`)).body.items;
    assert.equal(orders[0].relationship, 'indirect_provider');
    assert.equal(orders[0].resellerOfRecord.id, reseller.tenant.id);

    // The subscription names the reseller as partner of record; the history, who ordered through which relationship.
    await page.getByRole('link', { name: c('order.seeSubscriptions') }).click();
    const row = page.locator('tr[data-row]').filter({ hasText: offerName });
    await row.getByText(reseller.tenant.name).waitFor();
    await assertStacked(page, row, [c('subscriptions.columns.quantity'), c('subscriptions.columns.partnerOfRecord')]);
    await assertAccessible(page, 'subscriptions on a phone');
    await page.getByRole('tab', { name: customers('detail.tabs.orders') }).click();
    const order = page.locator('tr[data-row]').filter({ hasText: offerName });
    await order.getByText(c('relationship.indirect_provider')).waitFor();
    await order.getByText(reseller.tenant.name).waitFor();
    await assertStacked(page, order, [c('orders.columns.orderedBy'), c('orders.columns.reseller')]);
    await assertAccessible(page, 'orders on a phone');
    await snap(page, 'commerce-7-provider-orders');
    await context.close();

    // The reseller of record sees the subscription too, and may shape its renewal only (R-CUS-7).
    const r = await signedIn(reseller.admin.email, 'en-US');
    await r.page.goto(`${url}/customers/${customer.id}?tab=subscriptions`);
    const seen = r.page.locator('tr[data-row]').filter({ hasText: offerName });
    const en = words('en', 'commerce');
    await seen.getByRole('button', { name: en('subscriptions.actionsFor', { offer: offerName }) }).click();
    await r.page.getByRole('menuitem', { name: en('subscriptions.actions.autoRenewOff') }).waitFor();
    assert.equal(await r.page.getByRole('menuitem', { name: en('subscriptions.actions.quantity') }).count(), 0);
    await r.context.close();
  });

  it('R-CAT-1: in en, the operator retires the offer: no country buys it any more, its subscriptions stay', async () => {
    const common = words('en', 'common');
    const c = words('en', 'commerce');
    const { context, page } = await signedIn(operator.admin.email, 'en-US');
    await page.getByRole('link', { name: common('nav.offers'), exact: true }).click();
    await page.getByRole('link', { name: offerName, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: offerName }).waitFor();
    await page.getByRole('button', { name: c('offers.retire.open') }).click();
    const dialog = page.getByRole('dialog', { name: c('offers.retire.confirmTitle', { name: offerName }) });
    await assertAccessible(page, 'retire dialog');
    await dialog.getByRole('button', { name: c('offers.retire.submit'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/^Retired on /).waitFor();
    assert.equal(await page.getByRole('button', { name: c('offers.retire.open') }).count(), 0);
    const sold = await buyer.get('/v1/offers?country=US&limit=200');
    assert.equal(sold.status, 200, sold.raw);
    assert.ok(!(sold.body.items as { name: string }[]).some((o) => o.name === offerName), 'a retired offer is not sold');
    const kept = (await buyer.get(`/v1/customers/${directCustomer}/subscriptions`)).body.items;
    assert.equal(kept[0].status, 'active', 'its subscriptions stay');
    await context.close();
  });
});
