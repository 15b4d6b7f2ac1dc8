import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { attest, makeOffer, order, type Offer } from '../support/commerce.ts';
import { PASSWORD, type TestTrellis } from '../support/harness.ts';
import { ProgramFlow, unique, type Api, type ProgramPartner } from '../support/program.ts';
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
 * Seed 000, "Managing your direct bill customers and your indirect reseller customers", in the
 * browser (the scripted API version is test/managing-both-models.test.ts). A direct-bill partner
 * moved to indirect reseller keeping its direct customer; its provider brought it an indirect one.
 * Its customer list shows both, told apart. The direct customer's record offers to add and view
 * products: orders (reservations and software among them), subscriptions, order history. The
 * indirect one's has no ordering option (its provider orders, R-CUS-7): the partner assigns its
 * licenses within the quantity (R-LIC-1) and handles its renewals. Then the customers' own admins
 * see their subscriptions, orders and licenses (R-CUS-8), one in Korean on a phone.
 */
const skip = skipWithoutBrowser();

interface Customer {
  id: string;
  name: string;
  admin: { email: string; password: string; api: Api };
}

describe('seed 000: managing your direct bill customers and your indirect reseller customers, in the browser', { skip }, () => {
  let t: TestTrellis;
  let url: string;
  let browser: Browser;
  let operator: Api;
  let partner: ProgramPartner;
  let provider: ProgramPartner;
  let direct: Customer;
  let indirect: Customer;
  let license: Offer;
  let reservation: Offer;
  let software: Offer;
  /** The indirect customer's subscription of 2 licenses, ordered by the provider with the partner as reseller of record. */
  let indirectSubscription: string;
  /** Its users beside its admin: three people for two licenses. */
  let staff: { id: string; name: string; email: string }[];

  before(async () => {
    ({ t, url } = await consoleServer());
    operator = (await t.operator()).api;
    const flow = new ProgramFlow(t, operator);
    license = await makeOffer(operator, { name: `Office E3 ${unique()}` });
    reservation = await makeOffer(operator, { kind: 'reservation', name: `Reserved VM ${unique()}`, billingCycle: 'annual' });
    software = await makeOffer(operator, { kind: 'perpetual_software', name: `Project ${unique()}`, billingCycle: 'annual' });
    partner = await flow.partnerIn('direct_bill');
    // Acquired while it was a direct-bill partner.
    direct = await customerOf(partner.api, 'Direct');
    assert.equal((await order(partner.api, direct.id, license.id, 5)).status, 201);
    await flow.moveToIndirect(partner);
    provider = await flow.partnerIn('indirect_provider');
    await flow.partnerUp(provider, partner);
    indirect = await customerOf(provider.api, 'Indirect', { resellerId: partner.tenant.id });
    const placed = await order(provider.api, indirect.id, license.id, 2, { resellerId: partner.tenant.id });
    assert.equal(placed.status, 201, placed.raw);
    indirectSubscription = placed.body.lines[0].subscriptionId;
    staff = [];
    for (const first of ['Avery', 'Blake']) {
      const made = await indirect.admin.api.post('/v1/users', {
        email: `${first.toLowerCase()}-${unique()}@indirect.example`,
        name: `${first} Indirect`,
        roles: ['user'],
      });
      assert.equal(made.status, 201, made.raw);
      staff.push(made.body);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function customerOf(api: Api, kind: string, extra: Record<string, unknown> = {}): Promise<Customer> {
    const tag = unique();
    const name = `${kind} Customer ${tag}`;
    const res = await api.post('/v1/customers', {
      companyName: name,
      primaryDomain: `${kind.toLowerCase()}-${tag}.example`,
      countryCode: 'US',
      admin: { name: `${kind} Admin ${tag}`, email: `admin@${kind.toLowerCase()}-${tag}.example` },
      ...extra,
    });
    assert.equal(res.status, 201, res.raw);
    await attest(api, res.body.customer.id);
    const { email, temporaryPassword: password } = res.body.admin;
    return { id: res.body.customer.id, name, admin: { email, password, api: t.as({ cookie: await t.signIn(email, password) }) } };
  }

  const signedIn = (email: string, locale: string, width = 1280, password = PASSWORD) =>
    signIn(browser, url, email, password, { locale, width });

  it('R-TRN-5, R-TRN-8, R-CUS-5: its customer list tells both kinds apart; for its direct customer it adds and views products: orders, reservations, software, order history', async () => {
    const common = words('en', 'common');
    const customers = words('en', 'customers');
    const c = words('en', 'commerce');
    const { context, page } = await signedIn(partner.admin.email, 'en-US');
    await page.getByRole('link', { name: common('nav.customers'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: customers('title') }).waitFor();
    const directRow = page.locator('tr[data-row]').filter({ hasText: direct.name });
    const indirectRow = page.locator('tr[data-row]').filter({ hasText: indirect.name });
    await directRow.getByText(customers('acquired.direct'), { exact: true }).waitFor();
    await indirectRow.getByText(customers('acquired.indirect'), { exact: true }).waitFor();
    await assertAccessible(page, 'customer list, both kinds');
    await snap(page, 'both-models-1-customers');

    // The direct customer: the option to add products, and its subscriptions.
    await page.getByRole('link', { name: direct.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: direct.name }).waitFor();
    assert.equal(await page.getByTestId('provider-orders').count(), 0);
    await page.getByRole('tab', { name: customers('detail.tabs.subscriptions') }).click();
    await page.locator('tr[data-row]').filter({ hasText: license.name }).waitFor();
    await page.getByRole('link', { name: customers('detail.order') }).click();
    await page.getByRole('heading', { level: 1, name: c('order.title', { name: direct.name }) }).waitFor();
    // Reservations and software are sold to direct-bill customers (R-CUS-5, R-CUS-7): both are offered here.
    await page.getByLabel(exactLabel(c('order.search'))).fill(software.name);
    await page.getByRole('button', { name: c('order.addOffer', { name: software.name }) }).waitFor();
    await page.getByLabel(exactLabel(c('order.search'))).fill(reservation.name);
    await page.getByRole('button', { name: c('order.addOffer', { name: reservation.name }) }).click();
    await page.getByLabel(exactLabel(c('order.quantityOf', { name: reservation.name }))).fill('2');
    await page.getByTestId('order-total').waitFor();
    await page.getByRole('button', { name: c('order.submit') }).click();
    await page.getByText(c('order.placedTitle')).waitFor();
    await snap(page, 'both-models-2-direct-order');

    // Its order history: both orders, placed by the partner through its direct-bill relationship.
    await page.goto(`${url}/customers/${direct.id}?tab=orders`);
    for (const name of [license.name, reservation.name]) {
      const row = page.locator('tr[data-row]').filter({ hasText: name });
      await row.getByText(c('relationship.direct_partner')).waitFor();
    }
    await assertAccessible(page, 'direct customer order history');
    await snap(page, 'both-models-3-direct-history');
    const history = (await partner.api.get(`/v1/customers/${direct.id}/orders`)).body.items as { relationship: string }[];
    assert.deepEqual(
      history.map((o) => o.relationship),
      ['direct_partner', 'direct_partner'],
    );
    await context.close();
  });

  it('R-CUS-7, R-LIC-1: for its indirect customer its provider orders; it assigns licenses within the quantity, sees a user’s licenses, and removes one', async () => {
    const customers = words('en', 'customers');
    const c = words('en', 'commerce');
    const common = words('en', 'common');
    const { context, page } = await signedIn(partner.admin.email, 'en-US');
    await page.goto(`${url}/customers`);
    await page.getByRole('link', { name: indirect.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: indirect.name }).waitFor();
    // No option to add products: its provider orders.
    await page.getByTestId('provider-orders').getByText(customers('detail.providerOrders')).waitFor();
    assert.equal(await page.getByRole('link', { name: customers('detail.order') }).count(), 0);

    await page.getByRole('tab', { name: customers('detail.tabs.licenses') }).click();
    const pool = page.locator('tr[data-row]').filter({ hasText: license.name });
    await pool
      .locator(`td[data-label="${c('licenses.columns.available')}"]`)
      .getByText('2', { exact: true })
      .waitFor();
    await assertAccessible(page, 'indirect customer licenses');
    await pool.getByRole('button', { name: c('licenses.manageOf', { offer: license.name }) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(c('licenses.none')).waitFor();
    const people = [
      { name: staff[0]!.name, email: staff[0]!.email },
      { name: staff[1]!.name, email: staff[1]!.email },
    ];
    for (const p of people) {
      await dialog.getByLabel(exactLabel(c('licenses.assignTo'))).selectOption({ label: c('licenses.person', p) });
      await dialog.getByRole('button', { name: c('licenses.assign'), exact: true }).click();
      await dialog.getByText(c('licenses.assigned', { offer: license.name, user: p.name })).waitFor();
    }
    await dialog.getByText(c('licenses.counts', { assigned: '2', quantity: '2', available: '0' })).waitFor();
    await assertAccessible(page, 'license dialog');
    await snap(page, 'both-models-4-licenses-assigned');

    // A third license of two: refused with its rule (R-LIC-1).
    const admin = (await indirect.admin.api.get('/v1/me')).body.user as { name: string; email: string };
    await dialog
      .getByLabel(exactLabel(c('licenses.assignTo')))
      .selectOption({ label: c('licenses.person', { name: admin.name, email: admin.email }) });
    await dialog.getByRole('button', { name: c('licenses.assign'), exact: true }).click();
    const refused = dialog.locator('[data-problem-code="license_quantity_exceeded"]');
    await refused.waitFor();
    const rule = refused.getByRole('link', { name: common('problems.rule', { rule: 'R-LIC-1' }) });
    assert.equal(await rule.getAttribute('href'), '/rules#r-lic-1');
    await assertAccessible(page, 'refused assignment');
    await snap(page, 'both-models-5-quantity-exceeded');

    // Blake's license is removed from the subscription's list.
    await dialog.getByRole('button', { name: c('licenses.removeFrom', { offer: license.name, user: people[1]!.name }) }).click();
    await dialog.getByText(c('licenses.removed', { offer: license.name, user: people[1]!.name })).waitFor();
    await dialog.getByText(c('licenses.counts', { assigned: '1', quantity: '2', available: '1' })).waitFor();
    await dialog.getByRole('button', { name: c('subscriptions.close') }).click();
    await dialog.waitFor({ state: 'detached' });
    await pool
      .locator(`td[data-label="${c('licenses.columns.assigned')}"]`)
      .getByText('1', { exact: true })
      .waitFor();

    // Avery's licenses, from the per-user view.
    await page.getByLabel(exactLabel(c('licenses.user'))).selectOption({ label: c('licenses.person', people[0]) });
    const mine = page.getByRole('table', { name: c('licenses.userLicenses', { user: people[0]!.name }) });
    await mine.locator('tr[data-row]').filter({ hasText: license.name }).waitFor();
    await assertAccessible(page, 'a user’s licenses');
    const held = await partner.api.get(`/v1/customers/${indirect.id}/license-assignments?userId=${staff[0]!.id}`);
    assert.deepEqual(
      held.body.items.map((a: { subscriptionId: string }) => a.subscriptionId),
      [indirectSubscription],
    );
    await context.close();

    // Its provider, which ordered, is told the reseller of record manages them (R-CUS-7); without a grant it reads none (R-GRT-3).
    const p = await signedIn(provider.admin.email, 'en-US');
    await p.page.goto(`${url}/customers/${indirect.id}?tab=licenses`);
    const told = p.page.getByTestId('licenses-provider');
    await told.getByText(c('licenses.providerOnly')).waitFor();
    assert.equal(
      await told.getByRole('link', { name: common('problems.rule', { rule: 'R-CUS-7' }) }).getAttribute('href'),
      '/rules#r-cus-7',
    );
    const noGrant = p.page.locator('[data-problem-code="forbidden"]');
    await noGrant.getByRole('link', { name: common('problems.rule', { rule: 'R-GRT-3' }) }).waitFor();
    assert.equal(await p.page.getByRole('button', { name: c('licenses.manageOf', { offer: license.name }) }).count(), 0);
    await assertAccessible(p.page, 'the provider’s licenses tab');
    await snap(p.page, 'both-models-5b-provider-licenses');
    await p.context.close();
  });

  it('R-CUS-7: it handles its indirect customer’s renewals: the next term’s quantity, then auto-renewal off', async () => {
    const c = words('en', 'commerce');
    const { context, page } = await signedIn(partner.admin.email, 'en-US');
    await page.goto(`${url}/customers/${indirect.id}?tab=subscriptions`);
    const row = page.locator('tr[data-row]').filter({ hasText: license.name });
    // The quantity bought is the provider's to change: the reseller of record has renewals only.
    await row.getByRole('button', { name: c('subscriptions.actionsFor', { offer: license.name }) }).click();
    assert.equal(await page.getByRole('menuitem', { name: c('subscriptions.actions.quantity') }).count(), 0);
    await page.getByRole('menuitem', { name: c('subscriptions.actions.nextTerm') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(exactLabel(c('subscriptions.nextTermQuantity'))).fill('3');
    await dialog.getByRole('button', { name: c('subscriptions.confirm.nextTerm') }).click();
    await page.getByText(c('subscriptions.changed', { offer: license.name })).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('aria-hidden'));
    await row.getByText(c('subscriptions.quantityNext', { quantity: '2', next: '3' })).waitFor();
    const [kept] = (await partner.api.get(`/v1/customers/${indirect.id}/subscriptions`)).body.items;
    assert.deepEqual([kept.quantity, kept.nextTermQuantity], [2, 3]);

    await row.getByRole('button', { name: c('subscriptions.actionsFor', { offer: license.name }) }).click();
    await page.getByRole('menuitem', { name: c('subscriptions.actions.autoRenewOff') }).click();
    await dialog.getByRole('button', { name: c('subscriptions.confirm.autoRenewOff') }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(/^Ends on /).waitFor();
    await assertAccessible(page, 'indirect customer renewals');
    await snap(page, 'both-models-6-renewals');
    const [s] = (await partner.api.get(`/v1/customers/${indirect.id}/subscriptions`)).body.items;
    // Without a renewal there is no next term to keep a quantity for.
    assert.deepEqual([s.quantity, s.nextTermQuantity, s.autoRenew], [2, null, false]);
    await context.close();
  });

  it('R-CUS-8, R-GRT-3: under a grant that reads no directory, the partner picks among the users holding licenses, and is told why', async () => {
    const c = words('en', 'commerce');
    // The direct customer's admin gives two of its people licenses, then narrows the partner's grant to license_admin.
    const people = [];
    for (const first of ['Casey', 'Drew']) {
      const made = await direct.admin.api.post('/v1/users', {
        email: `${first.toLowerCase()}-${unique()}@direct.example`,
        name: `${first} Direct`,
        roles: ['user'],
      });
      assert.equal(made.status, 201, made.raw);
      people.push(made.body as { id: string; name: string; email: string });
    }
    const [subscription] = (await direct.admin.api.get(`/v1/customers/${direct.id}/licenses`)).body.items.filter(
      (p: { subscription: { offer: { id: string } } }) => p.subscription.offer.id === license.id,
    );
    const given = await direct.admin.api.post(`/v1/subscriptions/${subscription.subscription.id}/license-assignments`, {
      userId: people[0]!.id,
    });
    assert.equal(given.status, 201, given.raw);
    const grants = (await direct.admin.api.get(`/v1/customers/${direct.id}/admin-grants`)).body.items as {
      id: string;
      granteeId: string;
      status: string;
    }[];
    const grant = grants.find((g) => g.granteeId === partner.tenant.id && g.status === 'active');
    assert.ok(grant, 'the partner holds a grant');
    const narrowed = await direct.admin.api.patch(`/v1/admin-grants/${grant.id}`, { roles: ['license_admin'] });
    assert.equal(narrowed.status, 200, narrowed.raw);

    const { context, page } = await signedIn(partner.admin.email, 'en-US');
    await page.goto(`${url}/customers/${direct.id}?tab=licenses`);
    await page.getByTestId('licenses-no-directory').getByText(c('licenses.noDirectory')).waitFor();
    const picker = page.getByLabel(exactLabel(c('licenses.user')));
    await picker.locator('option', { hasText: people[0]!.name }).waitFor({ state: 'attached' });
    assert.equal(
      await picker.locator('option', { hasText: people[1]!.name }).count(),
      0,
      'a user without a license is not offered',
    );
    await picker.selectOption({ label: c('licenses.person', people[0]) });
    await page
      .getByRole('table', { name: c('licenses.userLicenses', { user: people[0]!.name }) })
      .locator('tr[data-row]')
      .filter({ hasText: license.name })
      .waitFor();
    await assertAccessible(page, 'licenses without the directory');
    await snap(page, 'both-models-7-no-directory');
    await context.close();
  });

  it('R-CUS-8: in ko on a phone, the indirect customer’s own admin sees its subscriptions, orders and licenses, and assigns one', async () => {
    const common = words('ko', 'common');
    const c = words('ko', 'commerce');
    // The admin reads the console in Korean (the console follows the signed-in user's language).
    assert.equal((await indirect.admin.api.patch('/v1/me', { language: 'ko' })).status, 200);
    const { context, page } = await signedIn(indirect.admin.email, 'ko-KR', 390, indirect.admin.password);
    // On a phone the menu is behind its button.
    await page.getByRole('button', { name: common('shell.menu') }).click();
    await page.getByRole('link', { name: common('nav.services'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: c('services.title') }).waitFor();
    const subscription = page.locator('tr[data-row]').filter({ hasText: license.name });
    await subscription.getByText(partner.tenant.name).waitFor();
    await assertStacked(page, subscription, [c('subscriptions.columns.quantity'), c('subscriptions.columns.partnerOfRecord')]);
    await assertAccessible(page, 'customer subscriptions on a phone');
    await snap(page, 'both-models-8-customer-subscriptions');

    await page.getByRole('tab', { name: c('services.tabs.orders') }).click();
    const placed = page.locator('tr[data-row]').filter({ hasText: license.name });
    await placed.getByText(c('relationship.indirect_provider')).waitFor();
    await assertStacked(page, placed, [c('orders.columns.orderedBy'), c('orders.columns.reseller')]);

    await page.getByRole('tab', { name: c('services.tabs.licenses') }).click();
    const pool = page.locator('tr[data-row]').filter({ hasText: license.name });
    await pool
      .locator(`td[data-label="${c('licenses.columns.available')}"]`)
      .getByText('1', { exact: true })
      .waitFor();
    await assertStacked(page, pool, [c('licenses.columns.assigned'), c('licenses.columns.available')]);
    await assertAccessible(page, 'customer licenses on a phone');
    await pool.getByRole('button', { name: c('licenses.manageOf', { offer: license.name }) }).click();
    const dialog = page.getByRole('dialog');
    const me = (await indirect.admin.api.get('/v1/me')).body.user as { name: string; email: string };
    await dialog
      .getByLabel(exactLabel(c('licenses.assignTo')))
      .selectOption({ label: c('licenses.person', { name: me.name, email: me.email }) });
    await dialog.getByRole('button', { name: c('licenses.assign'), exact: true }).click();
    await dialog.getByText(c('licenses.assigned', { offer: license.name, user: me.name })).waitFor();
    await assertAccessible(page, 'customer license dialog on a phone');
    await snap(page, 'both-models-9-customer-licenses');
    const pools = (await indirect.admin.api.get(`/v1/customers/${indirect.id}/licenses`)).body.items;
    assert.deepEqual([pools[0].assigned, pools[0].available], [2, 0]);
    await context.close();
  });
});
