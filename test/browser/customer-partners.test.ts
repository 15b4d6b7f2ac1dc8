import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addRemovalGuard } from '../../src/modules/customers/service.ts';
import { newCustomer, ProgramFlow } from '../support/program.ts';
import { assertAccessible, consoleWalk, exactLabel, person, skipWithoutBrowser, snap, words } from './support.ts';

/**
 * The customer's side in the browser (R-CUS-1, R-CUS-9, R-GRT-3): its partners and the admin
 * roles each holds, a relationship request accepted from its link, and a relationship ended,
 * refused first while the partner still serves the customer.
 */
const skip = skipWithoutBrowser();

describe('R-CUS-1, R-CUS-9: a customer’s partners, a request accepted and a relationship ended, in the browser', { skip }, () => {
  const walk = consoleWalk();

  it('R-CUS-9: Your partners lists the partner with its grant; a second partner’s request is accepted from its link and that relationship ended', async () => {
    const { t, url, browser } = walk;
    const flow = new ProgramFlow(t, (await t.operator()).api);
    const first = await flow.partnerIn('direct_bill');
    const second = await flow.partnerIn('direct_bill');
    const customer = await newCustomer(first.api);
    const auth = words('en', 'auth');
    const common = words('en', 'common');
    const partners = words('en', 'partners');
    const links = words('en', 'links');
    const overview = words('en', 'overview');

    const context = await person(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(customer.email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill(customer.password);
    await page.getByRole('button', { name: auth('signIn.submit') }).click();
    await page.getByTestId('tenant-name').waitFor();

    // The partner that made the tenant, with the admin grant it holds since (R-GRT-3).
    await page.getByRole('link', { name: overview('customer.partners'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: partners('title') }).waitFor();
    const firstRow = page.getByRole('row').filter({ hasText: first.tenant.name });
    await firstRow.getByText(partners('role.direct_partner')).waitFor();
    assert.equal(await firstRow.getByText(partners('noGrant')).count(), 0, 'the partner holds a grant');
    await page.getByText(partners('requests.title')).waitFor();
    await assertAccessible(page, 'your partners');
    await snap(page, 'customer-partners-1-list');

    // A second partner asks (R-CUS-1); its link, sent from its own mail, is accepted on the link page.
    const asked = await second.api.post('/v1/relationship-requests', { email: customer.email, send: false });
    assert.equal(asked.status, 201, asked.raw);
    await page.goto(asked.body.link);
    await page
      .getByRole('heading', { level: 1, name: links('relationship_request.title', { name: second.tenant.name }) })
      .waitFor();
    await page.getByRole('checkbox', { name: links('relationship_request.checkbox', { name: second.tenant.name }) }).check();
    await page.getByRole('button', { name: links('relationship_request.submit') }).click();
    await page.getByText(links('relationship_request.accepted', { name: second.tenant.name })).waitFor();
    // The link page stands outside the console's frame: back in, through the menu.
    await page.goto(`${url}/`);
    await page.getByRole('link', { name: common('nav.partners'), exact: true }).click();
    const secondRow = page.getByRole('row').filter({ hasText: second.tenant.name });
    await secondRow.getByText(partners('role.direct_partner')).waitFor();

    // While the partner still serves the customer (what commerce registers), the end is refused with the reason.
    const reason = `${second.tenant.name} still has active subscriptions for this customer.`;
    const unregister = addRemovalGuard(async () => reason);
    try {
      await secondRow.getByRole('button', { name: partners('end.open') }).click();
      await page
        .getByRole('dialog')
        .getByText(partners('end.detail', { name: second.tenant.name }))
        .waitFor();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: partners('end.confirm') })
        .click();
      await page.locator('[data-problem-code="relationship_in_use"]').getByText(reason).waitFor();
    } finally {
      unregister();
    }
    await snap(page, 'customer-partners-2-refused');
    await secondRow.getByRole('button', { name: partners('end.open') }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: partners('end.confirm') })
      .click();
    await page.getByText(partners('end.done', { name: second.tenant.name })).waitFor();
    await secondRow.waitFor({ state: 'detached' });
    await firstRow.waitFor();
    await assertAccessible(page, 'relationship ended');
    await snap(page, 'customer-partners-3-ended');
    await context.close();

    const listed = await second.api.get('/v1/customers');
    assert.equal(
      listed.body.items.some((c: { id: string }) => c.id === customer.id),
      false,
      'the partner no longer lists the customer',
    );
  });
});
