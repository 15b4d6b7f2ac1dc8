import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts';
import { attest } from '../support/commerce.ts';
import type { Api } from '../support/program.ts';
import { assertAccessible, assertStacked, consoleWalk, exactLabel, signIn, skipWithoutBrowser, snap, words } from './support.ts';

/**
 * Reseller credit in the console (issue 11, R-CRD-1), on the demo: Northwind, the provider, in
 * English, lowers Fabrikam's credit limit (a payment term past 365 days refused at its field);
 * orders through Fabrikam past it are held, the Overview counts them and the held-order mail
 * opens the held orders, that order first; Northwind approves one (its subscription starts),
 * rejects another (nothing is made), and is told clearly when a third was decided meanwhile
 * (409). Fabrikam, in Korean on a phone, reads what it owes Northwind, its limit and terms.
 * Once Northwind refuses orders past the limit, the order form shows the refusal with amounts.
 */
const skip = skipWithoutBrowser();

interface Offer {
  id: string;
  sku: string;
  name: string;
  currency: string;
}

describe('R-CRD-1: reseller credit and held orders in the browser', { skip }, () => {
  const walk = consoleWalk();
  const signedIn = (email: string, locale: string, width = 1280) =>
    signIn(walk.browser, walk.url, email, DEMO_PASSWORD, { locale, width });

  let northwind: Api;
  let fabrikamId: string;
  let northwindId: string;
  let blueYonder: string;
  let alpine: string;
  let monthly: Offer;

  const usd = (minor: number, locale = 'en-US') =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(minor / 100);
  const credit = async () => (await northwind.get(`/v1/indirect-resellers/${fabrikamId}/credit`)).body;
  const order = async (customerId: string, quantity: number) => {
    const res = await northwind.post(
      `/v1/customers/${customerId}/orders`,
      { lines: [{ offerId: monthly.id, quantity }], resellerId: fabrikamId, currency: 'USD' },
      { 'idempotency-key': randomUUID() },
    );
    return res;
  };
  const subscriptionsOf = async (customerId: string) =>
    ((await northwind.get(`/v1/customers/${customerId}/subscriptions?limit=100`)).body.items as { orderId: string }[]).map(
      (s) => s.orderId,
    );

  it('R-CRD-1: in en, the provider lowers a reseller’s limit; orders past it are held, approved or rejected from the held orders', async () => {
    assert.equal(await seedDemo(walk.t.platform), true);
    northwind = walk.t.as({ cookie: await walk.t.signIn('admin@northwind.example', DEMO_PASSWORD) });
    const resellers = (await northwind.get('/v1/indirect-resellers?limit=50')).body.items as {
      reseller: { id: string; name: string };
    }[];
    fabrikamId = resellers.find((r) => r.reseller.name === 'Fabrikam Solutions')!.reseller.id;
    northwindId = (await northwind.get('/v1/me')).body.tenant.id;
    const customers = (await northwind.get('/v1/customers?limit=100')).body.items as { id: string; name: string }[];
    blueYonder = customers.find((c) => c.name === 'Blue Yonder Airlines')!.id;
    alpine = customers.find((c) => c.name === 'Alpine Ski House')!.id;
    await attest(northwind, alpine);
    const offers = (await northwind.get('/v1/offers?country=US&limit=200')).body.items as Offer[];
    monthly = offers.find((o) => o.sku === 'OFFICE-E3-P1M' && o.currency === 'USD')!;

    const common = words('en', 'common');
    const r = words('en', 'resellers');
    const v = words('en', 'credit');
    const o = words('en', 'overview');
    const { context, page } = await signedIn('admin@northwind.example', 'en-US');

    // Fabrikam's credit in its row: what it owes of its 25,000.00 limit, what is left, its terms.
    const before = await credit();
    assert.equal(before.limitMinor, 2_500_000);
    await page.getByRole('link', { name: common('nav.indirectResellers'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: r('title') }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Fabrikam Solutions' });
    await row.getByText(v('summary.owes', { balance: usd(before.openBalanceMinor), limit: usd(2_500_000) })).waitFor();
    await row.getByText(v('summary.available', { amount: usd(before.availableMinor) })).waitFor();
    await row.getByText(v('summary.terms', { days: 30, overLimit: v('overLimit.hold') })).waitFor();
    await assertAccessible(page, 'resellers with their credit');
    await snap(page, 'credit-1-resellers');

    // The billing admin lowers the limit below what Fabrikam owes; a 400-day term is refused at its field.
    await row.getByRole('button', { name: v('edit.openFor', { name: 'Fabrikam Solutions' }) }).click();
    const dialog = page.getByRole('dialog', { name: v('edit.title', { name: 'Fabrikam Solutions' }) });
    await dialog.waitFor();
    await dialog.getByText(v('facts.overLimitValue.hold')).waitFor();
    const lowered = before.openBalanceMinor - (before.openBalanceMinor % 100_000);
    await dialog.getByLabel(exactLabel(v('edit.limit'))).fill((lowered / 100).toFixed(2));
    await dialog.getByLabel(exactLabel(v('edit.days'))).fill('400');
    await dialog.getByRole('button', { name: v('edit.save') }).click();
    const days = dialog.locator('[data-field-path="/paymentTermDays"]');
    await days.getByText(common('problems.fields.maximum', { limit: 365 })).waitFor();
    await assertAccessible(page, 'credit terms refused at a field');
    await snap(page, 'credit-2-terms-refused');
    await dialog.getByLabel(exactLabel(v('edit.days'))).fill('45');
    await dialog.getByRole('button', { name: v('edit.save') }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(v('summary.owes', { balance: usd(before.openBalanceMinor), limit: usd(lowered) })).waitFor();
    await row.getByText(v('summary.terms', { days: 45, overLimit: v('overLimit.hold') })).waitFor();
    const set = await credit();
    assert.deepEqual([set.limitMinor, set.paymentTermDays, set.overLimit], [lowered, 45, 'hold']);

    // Three orders through Fabrikam, each past the limit: held, nothing provisioned.
    const subscriptionsBefore = await subscriptionsOf(blueYonder);
    const first = await order(blueYonder, 5);
    const second = await order(alpine, 3);
    const third = await order(blueYonder, 2);
    for (const res of [first, second, third]) {
      assert.equal(res.status, 201, res.raw);
      assert.equal(res.body.status, 'held');
    }
    assert.deepEqual(await subscriptionsOf(blueYonder), subscriptionsBefore);

    // The Overview says what waits.
    await page.getByRole('link', { name: common('nav.overview'), exact: true }).click();
    await page
      .getByTestId('tasks')
      .getByRole('link', { name: o('tasks.heldOrders_other', { count: 3 }) })
      .waitFor();

    // The mail about the first, read from the demo mailbox, opens the held orders with it first.
    await walk.t.mailTo('admin@northwind.example');
    const box = await page.request.get(`${walk.url}/v1/dev/mailbox?to=admin@northwind.example&limit=50`);
    assert.equal(box.status(), 200);
    const mail = ((await box.json()).items as { template: string; text: string }[]).find(
      (m) => m.template === 'orderHeld' && m.text.includes(first.body.id),
    );
    assert.ok(mail, 'the held order is mailed to the provider');
    const link = mail.text.match(/https?:\/\/\S+\/held-orders\?order=[0-9a-f-]+/)?.[0];
    assert.equal(link, `${walk.url}/held-orders?order=${first.body.id}`);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: v('held.title') }).waitFor();
    const rows = page.locator('tr[data-row]');
    await rows.first().getByText(v('held.fromMail')).waitFor();
    assert.equal(await rows.first().getAttribute('data-row'), first.body.id);
    assert.equal(await rows.count(), 3);
    const firstRow = page.locator(`tr[data-row="${first.body.id}"]`);
    await firstRow.getByText('Fabrikam Solutions').waitFor();
    await firstRow.getByText('Blue Yonder Airlines').waitFor();
    await firstRow.getByText(usd(first.body.saleTotalMinor)).first().waitFor();
    await firstRow.getByText(/Past the limit by/).waitFor();
    await assertAccessible(page, 'held orders');
    await snap(page, 'credit-3-held-orders');
    // On a phone each held order is a card.
    await page.setViewportSize({ width: 390, height: 900 });
    await assertStacked(page, firstRow, [v('held.columns.reseller'), v('held.columns.customer'), v('held.columns.total')]);
    await snap(page, 'credit-3-held-orders-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Approve the first: the confirmation says what happens; its subscription starts.
    await firstRow.getByRole('button', { name: v('held.approveFor', { customer: 'Blue Yonder Airlines' }) }).click();
    const approve = page.getByRole('dialog', { name: v('held.confirm.approveTitle') });
    await approve.getByText(/Approving it starts its subscriptions now/).waitFor();
    await assertAccessible(page, 'approving a held order');
    await snap(page, 'credit-4-approve');
    await approve.getByRole('button', { name: v('held.confirm.approve') }).click();
    await page.getByText(v('held.approvedTitle')).waitFor();
    await firstRow.waitFor({ state: 'detached' });
    const subscriptionsAfter = await subscriptionsOf(blueYonder);
    assert.ok(subscriptionsAfter.includes(first.body.id), 'the approved order has its subscription');
    assert.equal(subscriptionsAfter.length, subscriptionsBefore.length + 1);
    // Its subscription is there in Blue Yonder's subscriptions, one link away.
    await page.getByRole('link', { name: v('held.seeSubscriptions', { customer: 'Blue Yonder Airlines' }) }).click();
    await page.waitForURL(`${walk.url}/customers/${blueYonder}?tab=subscriptions`);
    await page.getByRole('heading', { level: 1, name: 'Blue Yonder Airlines' }).waitFor();
    await page.getByRole('row').filter({ hasText: monthly.name }).first().waitFor();
    // Back to the held orders, which the decision left without the mail's order in the address.
    await page.goBack();
    await page.waitForURL(`${walk.url}/held-orders`);
    await page.getByRole('heading', { level: 1, name: v('held.title') }).waitFor();

    // Reject the second: nothing is made for Alpine Ski House, whose history shows it rejected.
    const secondRow = page.locator(`tr[data-row="${second.body.id}"]`);
    await secondRow.getByRole('button', { name: v('held.rejectFor', { customer: 'Alpine Ski House' }) }).click();
    const reject = page.getByRole('dialog', { name: v('held.confirm.rejectTitle') });
    await reject.getByText(/Rejecting it makes nothing/).waitFor();
    await reject.getByRole('button', { name: v('held.confirm.reject') }).click();
    await page.getByText(v('held.rejectedTitle')).waitFor();
    await secondRow.waitFor({ state: 'detached' });
    assert.ok(!(await subscriptionsOf(alpine)).includes(second.body.id), 'the rejected order made no subscription');

    // The third is approved elsewhere meanwhile: rejecting it here is refused clearly, and it leaves the list.
    const elsewhere = await northwind.post(`/v1/orders/${third.body.id}/approval`);
    assert.equal(elsewhere.status, 200, elsewhere.raw);
    const thirdRow = page.locator(`tr[data-row="${third.body.id}"]`);
    await thirdRow.getByRole('button', { name: v('held.rejectFor', { customer: 'Blue Yonder Airlines' }) }).click();
    await page
      .getByRole('dialog', { name: v('held.confirm.rejectTitle') })
      .getByRole('button', { name: v('held.confirm.reject') })
      .click();
    const refusal = page.locator('[data-problem-code="order_not_held"]');
    await refusal.getByText(words('en', 'errors')('codes.order_not_held')).waitFor();
    await page.getByText(v('held.empty')).waitFor();
    // The confirmation has closed, and Fluent has given the page back to assistive technology.
    await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('aria-hidden'));
    await assertAccessible(page, 'held orders, one decided meanwhile');
    await snap(page, 'credit-5-decided-meanwhile');

    // The rejected order stays in Alpine Ski House's history, rejected, and made it no subscription.
    const c = words('en', 'commerce');
    await page.goto(`${walk.url}/customers/${alpine}?tab=orders`);
    await page
      .getByRole('row')
      .filter({ hasText: c('orders.status.rejected') })
      .first()
      .waitFor();
    await page.goto(`${walk.url}/customers/${alpine}?tab=subscriptions`);
    await page.getByText(c('subscriptions.empty')).waitFor();
    await context.close();
  });

  it('R-CRD-1: in ko on a phone, the reseller reads what it owes its provider, its limit and terms, as a card', async () => {
    const fabrikam = walk.t.as({ cookie: await walk.t.signIn('admin@fabrikam.example', DEMO_PASSWORD) });
    assert.equal((await fabrikam.patch('/v1/me', { language: 'ko' })).status, 200);
    const mine = (await fabrikam.get(`/v1/indirect-providers/${northwindId}/credit`)).body;
    const theirs = await credit();
    assert.deepEqual(
      [mine.openBalanceMinor, mine.limitMinor, mine.paymentTermDays],
      [theirs.openBalanceMinor, theirs.limitMinor, 45],
    );
    const p = words('ko', 'providers');
    const v = words('ko', 'credit');
    const { context, page } = await signedIn('admin@fabrikam.example', 'ko-KR', 390);
    await page.goto(`${walk.url}/indirect-providers`);
    await page.getByRole('heading', { level: 1, name: p('title') }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Northwind Distribution' });
    await row
      .getByText(v('summary.youOwe', { balance: usd(mine.openBalanceMinor, 'ko'), limit: usd(mine.limitMinor, 'ko') }))
      .waitFor();
    const past = mine.availableMinor < 0;
    await row
      .getByText(
        past
          ? v('summary.over', { amount: usd(-mine.availableMinor, 'ko') })
          : v('summary.available', { amount: usd(mine.availableMinor, 'ko') }),
      )
      .waitFor();
    await row.getByText(v('summary.terms', { days: 45, overLimit: v('overLimit.hold') })).waitFor();
    await assertStacked(page, row, [p('columns.name'), v('column')]);
    await assertAccessible(page, 'providers with credit, phone');
    await snap(page, 'credit-6-ko-phone');
    await context.close();
  });

  it('R-CRD-1: in en, once the provider refuses orders past the limit, the order form shows the refusal with its amounts', async () => {
    const v = words('en', 'credit');
    const c = words('en', 'commerce');
    const { context, page } = await signedIn('admin@northwind.example', 'en-US');
    await page.goto(`${walk.url}/indirect-resellers`);
    const row = page.getByRole('row').filter({ hasText: 'Fabrikam Solutions' });
    await row.getByRole('button', { name: v('edit.openFor', { name: 'Fabrikam Solutions' }) }).click();
    const dialog = page.getByRole('dialog', { name: v('edit.title', { name: 'Fabrikam Solutions' }) });
    await dialog.getByRole('radio', { name: v('edit.refuse') }).check();
    await dialog.getByRole('button', { name: v('edit.save') }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(v('summary.terms', { days: 45, overLimit: v('overLimit.refuse') })).waitFor();
    const terms = await credit();
    assert.equal(terms.overLimit, 'refuse');

    await page.goto(`${walk.url}/customers/${blueYonder}/orders/new`);
    await page.getByRole('heading', { level: 1, name: c('order.title', { name: 'Blue Yonder Airlines' }) }).waitFor();
    const resellerField = page.getByLabel(exactLabel(c('order.reseller')));
    await resellerField.waitFor();
    assert.equal(await resellerField.inputValue(), fabrikamId);
    await page.getByLabel(exactLabel(c('order.search'))).fill(monthly.name);
    await page.getByRole('button', { name: c('order.addOffer', { name: monthly.name }) }).click();
    await page.getByLabel(exactLabel(c('order.quantityOf', { name: monthly.name }))).fill('4');
    await page.getByRole('button', { name: c('order.submit') }).click();
    const refusal = page.locator('[data-problem-code="credit_limit_exceeded"]');
    await refusal.getByText(words('en', 'errors')('codes.credit_limit_exceeded')).waitFor();
    // The refusal says it in the console's words and money: what Fabrikam would owe, past which limit.
    const refused = refusal.getByTestId('problem-specifics');
    await refused.getByText(new RegExp(`past its credit limit of ${usd(terms.limitMinor).replace(/[$.]/g, '\\$&')}`)).waitFor();
    assert.match((await refused.textContent()) ?? '', /^With this order Fabrikam Solutions would owe \$[\d,]+\.\d\d/);
    await assertAccessible(page, 'order refused past the credit limit');
    await snap(page, 'credit-7-refused');
    const orders = (await northwind.get(`/v1/customers/${blueYonder}/orders?limit=50`)).body.items as { status: string }[];
    assert.ok(
      orders.every((x) => x.status !== 'held'),
      'nothing was held',
    );
    await context.close();
  });
});
