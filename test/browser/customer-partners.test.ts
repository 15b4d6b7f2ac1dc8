import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addRemovalGuard } from '../../src/modules/customers/service.ts';
import { newCustomer, ProgramFlow } from '../support/program.ts';
import { assertAccessible, consoleWalk, exactLabel, person, skipWithoutBrowser, snap, words } from './support.ts';

/**
 * The customer's side in the browser (R-CUS-1, R-CUS-2, R-CUS-9, R-GRT-3, R-TRN-9): its partners
 * and the admin roles each holds, the relationship requests it received, one opened to what
 * accepting authorizes and accepted from its link, a joint one naming the company accepted
 * from the list, and a relationship ended, refused first while the partner still serves it.
 */
const skip = skipWithoutBrowser();

describe(
  'R-CUS-1, R-CUS-9: a customer’s partners, the requests it received and a relationship ended, in the browser',
  { skip },
  () => {
    const walk = consoleWalk();

    it('R-CUS-9: Your partners lists the partner with its grant; the requests received: one opened and accepted from its link, a joint one accepted from the list; a relationship ended', async () => {
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

      // The Overview counts the requests waiting for an answer: none yet.
      await page.getByTestId('pending-requests').getByText(overview('customer.noPendingRequests')).waitFor();
      // The partner that made the tenant, with the admin grant it holds since (R-GRT-3); no request yet.
      await page.getByRole('link', { name: overview('customer.partners'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: partners('title') }).waitFor();
      const yours = page.getByRole('table', { name: partners('title') });
      const firstRow = yours.getByRole('row').filter({ hasText: first.tenant.name });
      await firstRow.getByText(partners('role.direct_partner')).waitFor();
      assert.equal(await firstRow.getByText(partners('noGrant')).count(), 0, 'the partner holds a grant');
      await page.getByRole('heading', { level: 2, name: partners('received.title') }).waitFor();
      await page.getByText(partners('received.empty')).waitFor();
      await assertAccessible(page, 'your partners');
      await snap(page, 'customer-partners-1-list');

      // A second partner asks by e-mail (R-CUS-1), from its own mail. The first moves to indirect
      // reseller and asks jointly with its provider, naming the company (R-TRN-9, R-CUS-2).
      const asked = await second.api.post('/v1/relationship-requests', { email: customer.email, send: false });
      assert.equal(asked.status, 201, asked.raw);
      const provider = await flow.partnerIn('indirect_provider');
      await flow.moveToIndirect(first);
      await flow.partnerUp(provider, first);
      const joint = await first.api.post('/v1/relationship-requests', {
        providerId: provider.tenant.id,
        customerId: customer.id,
      });
      assert.equal(joint.status, 201, joint.raw);

      // The Overview counts both (GET /v1/customer/relationship-requests?status=pending) and leads to them.
      await page.getByRole('link', { name: common('nav.overview'), exact: true }).click();
      const waiting = page.getByTestId('pending-requests');
      await waiting.getByText(overview('customer.pendingRequests_other', { count: 2 })).waitFor();
      await waiting.getByRole('link').click();

      // Both are received. The one by e-mail opens to who asks, what accepting authorizes, and its link.
      const requests = page.getByRole('table', { name: partners('received.title') });
      const byMail = requests.getByRole('row').filter({ hasText: second.tenant.name });
      await byMail.getByText(partners('received.status.pending')).waitFor();
      await byMail.getByRole('button', { name: partners('received.open') }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(partners('received.dialog.title', { name: second.tenant.name })).waitFor();
      await dialog.getByText(partners('received.authorizes.reseller_other', { name: second.tenant.name, count: 730 })).waitFor();
      await dialog.getByText(partners('received.byLink.detail', { email: customer.email })).waitFor();
      assert.equal(await dialog.getByRole('button', { name: partners('received.accept.submit') }).count(), 0);
      await assertAccessible(page, 'a request received by e-mail');
      await snap(page, 'customer-partners-2-request');
      await dialog.getByRole('button', { name: partners('received.close') }).click();

      // The joint one names the company: accepted here, the provider with it, the grant kept.
      const named = requests.getByRole('row').filter({ hasText: first.tenant.name });
      await named.getByText(partners('received.withProvider', { provider: provider.tenant.name })).waitFor();
      await named.getByRole('button', { name: partners('received.open') }).click();
      await dialog.getByText(partners('received.authorizes.keepsGrant', { name: first.tenant.name })).waitFor();
      await dialog.getByText(partners('received.authorizes.provider', { name: provider.tenant.name })).waitFor();
      await dialog.getByRole('checkbox', { name: partners('received.accept.checkbox', { name: first.tenant.name }) }).check();
      await dialog.getByRole('button', { name: partners('received.accept.submit') }).click();
      await dialog.getByText(partners('received.accept.done', { name: first.tenant.name })).waitFor();
      await dialog.getByRole('button', { name: partners('received.close') }).click();
      await named.getByText(partners('received.status.accepted')).waitFor();
      const providerRow = yours.getByRole('row').filter({ hasText: provider.tenant.name });
      await providerRow.getByText(partners('role.indirect_provider')).waitFor();
      await snap(page, 'customer-partners-3-accepted');

      // The second partner's link is accepted on the link page.
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
      const secondRow = yours.getByRole('row').filter({ hasText: second.tenant.name });
      await secondRow.getByText(partners('role.direct_partner')).waitFor();
      await byMail.getByText(partners('received.status.accepted')).waitFor();

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
      await snap(page, 'customer-partners-4-refused');
      await secondRow.getByRole('button', { name: partners('end.open') }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: partners('end.confirm') })
        .click();
      await page.getByText(partners('end.done', { name: second.tenant.name })).waitFor();
      await secondRow.waitFor({ state: 'detached' });
      await firstRow.first().waitFor();
      await assertAccessible(page, 'relationship ended');
      await snap(page, 'customer-partners-5-ended');
      await context.close();

      const listed = await second.api.get('/v1/customers');
      assert.equal(
        listed.body.items.some((c: { id: string }) => c.id === customer.id),
        false,
        'the partner no longer lists the customer',
      );
    });
  },
);
