import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, type TestTrellis } from '../support/harness.ts';
import { ProgramFlow } from '../support/program.ts';
import {
  assertAccessible,
  assertStacked,
  consoleServer,
  exactLabel,
  launchBrowser,
  person,
  skipWithoutBrowser,
  snap,
  words,
} from './support.ts';

/**
 * Seed 003's provider and reseller story in the browser, as two people in their own browsers:
 * the provider invites the reseller from Indirect resellers; the reseller authorizes it from
 * the mailed link, finds it under Indirect providers and prepares a joint invitation for a new
 * customer (the draft e-mail page, then Done); the provider, seeing the reseller ready, adds a
 * customer for it, and the reseller finds that customer on its Customers page.
 */
const skip = skipWithoutBrowser();

describe(
  'R-PRT-1, R-PRT-2, R-CUS-2, R-CUS-3: a provider and a reseller link up and serve a customer, in the browser',
  { skip },
  () => {
    let t: TestTrellis;
    let url: string;
    let browser: Browser;
    let flow: ProgramFlow;
    before(async () => {
      ({ t, url } = await consoleServer());
      flow = new ProgramFlow(t, (await t.operator()).api);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    async function signedIn(email: string, locale = 'en-US', width = 1280): Promise<{ context: BrowserContext; page: Page }> {
      const context = await person(browser, { locale, width });
      const page = await context.newPage();
      const auth = words('en', 'auth');
      await page.goto(`${url}/sign-in`);
      await page.getByLabel(exactLabel(auth('fields.email'))).fill(email);
      await page.getByLabel(exactLabel(auth('fields.password'))).fill(PASSWORD);
      await page.getByRole('button', { name: auth('signIn.submit') }).click();
      await page.getByTestId('tenant-name').waitFor();
      return { context, page };
    }

    it('in en: invitation, authorization, the joint invitation draft, a customer added for the reseller', async () => {
      const provider = await flow.partnerIn('indirect_provider');
      const reseller = await flow.partnerIn('indirect_reseller');
      const common = words('en', 'common');
      const resellers = words('en', 'resellers');
      const providers = words('en', 'providers');
      const customers = words('en', 'customers');
      const links = words('en', 'links');

      // The provider invites the reseller by its partner ID from Indirect resellers.
      const p = await signedIn(provider.admin.email);
      await p.page.getByRole('link', { name: common('nav.indirectResellers'), exact: true }).click();
      await p.page.getByRole('heading', { level: 1, name: resellers('title') }).waitFor();
      await p.page.getByText(resellers('empty.active')).waitFor();
      await p.page.getByRole('button', { name: resellers('invite.open') }).click();
      await p.page.getByRole('radio', { name: resellers('invite.byPartnerId') }).check();
      await p.page.getByLabel(exactLabel(resellers('invite.partnerId'))).fill(reseller.partnerId!);
      await assertAccessible(p.page, 'invite dialog');
      await p.page.getByRole('button', { name: resellers('invite.send') }).click();
      const invitation = p.page
        .getByRole('table', { name: resellers('tabs.invitations') })
        .getByRole('row')
        .nth(1);
      await invitation.getByText(resellers('status.pending')).waitFor();
      await invitation.getByText(reseller.partnerId!).waitFor();
      await assertAccessible(p.page, 'invitations');
      await snap(p.page, 'provider-reseller-1-invitation');

      // The reseller's admin opens the mailed link (sent to the partner ID's account e-mail) and authorizes.
      const accountEmail = (await flow.operator.get(`/v1/operator/partner-ids/${reseller.partnerId}`)).body.accountEmail;
      const mail = (await t.mailTo(accountEmail)).find((m) => m.textBody.includes(`${url}/links/`));
      assert.ok(mail, `no invitation mailed to ${accountEmail}`);
      const link = new RegExp(`${url.replace(/[.]/g, '\\.')}/links/[^\\s]*`).exec(mail.textBody)![0];
      const r = await signedIn(reseller.admin.email);
      await r.page.goto(link);
      await r.page
        .getByRole('heading', { level: 1, name: links('partnership_invitation.title', { name: provider.tenant.name }) })
        .waitFor();
      const authorize = r.page.getByRole('button', { name: links('partnership_invitation.submit') });
      assert.equal(await authorize.isDisabled(), true, 'authorizing waits for the checkbox');
      await r.page
        .getByRole('checkbox', { name: links('partnership_invitation.checkbox', { name: provider.tenant.name }) })
        .check();
      await authorize.click();
      await r.page.getByText(links('partnership_invitation.accepted', { name: provider.tenant.name })).waitFor();

      // The provider is listed under Indirect providers; Invite new customers makes the draft e-mail.
      await r.page.goto(`${url}/`);
      await r.page.getByRole('link', { name: common('nav.indirectProviders'), exact: true }).click();
      const row = r.page.getByRole('row').filter({ hasText: provider.tenant.name });
      await row.waitFor();
      await assertAccessible(r.page, 'indirect providers');
      await snap(r.page, 'provider-reseller-2-providers');
      await row.getByRole('link', { name: providers('actions.inviteCustomers') }).click();
      await r.page
        .getByRole('heading', { level: 1, name: customers('request.jointTitle', { provider: provider.tenant.name }) })
        .waitFor();
      await r.page.getByLabel(exactLabel(customers('request.email'))).fill('cio@prospect.example');
      await r.page.getByRole('button', { name: customers('request.next') }).click();
      await r.page.getByRole('heading', { level: 1, name: customers('request.draftTitle') }).waitFor();
      const draftLink = await r.page.getByTestId('draft-link').inputValue();
      assert.match(draftLink, new RegExp(`^${url.replace(/[.]/g, '\\.')}/links/`));
      const body = await r.page.getByLabel(exactLabel(common('draft.body'))).inputValue();
      assert.ok(body.includes(draftLink), 'the draft carries the personal link');
      const mailto = await r.page.getByRole('link', { name: common('draft.open') }).getAttribute('href');
      assert.match(mailto!, /^mailto:cio%40prospect\.example\?subject=/);
      await assertAccessible(r.page, 'draft e-mail');
      await snap(r.page, 'provider-reseller-3-draft');
      await r.page.getByRole('button', { name: common('draft.done') }).click();
      await r.page.getByRole('heading', { level: 1, name: providers('title') }).waitFor();
      const pending = (await reseller.api.get('/v1/relationship-requests')).body.items;
      assert.equal(pending.length, 1);
      assert.equal(pending[0].providerId, provider.tenant.id);
      assert.equal(pending[0].status, 'pending');

      // The provider sees its new reseller ready and adds a customer for it.
      await p.page.reload();
      await p.page.getByRole('tab', { name: resellers('tabs.active') }).click();
      const resellerRow = p.page.getByRole('row').filter({ hasText: reseller.tenant.name });
      await resellerRow.getByText(resellers('readiness.ready')).waitFor();
      await resellerRow.getByRole('link', { name: resellers('actions.addCustomer') }).click();
      await p.page.getByRole('heading', { level: 1, name: customers('new.title') }).waitFor();
      assert.equal(await p.page.getByLabel(exactLabel(customers('new.reseller'))).inputValue(), reseller.tenant.id);
      const domain = `tailspin-${Date.now()}.example`;
      await p.page.getByLabel(exactLabel(customers('new.company'))).fill('Tailspin Toys');
      await p.page.getByLabel(exactLabel(customers('new.domain'))).fill(domain);
      await p.page.getByLabel(exactLabel(customers('new.country'))).selectOption('US');
      await p.page.getByLabel(exactLabel(customers('new.line1'))).fill('1 Main St');
      await p.page.getByLabel(exactLabel(customers('new.city'))).fill('Seattle');
      await p.page.getByLabel(exactLabel(customers('new.adminName'))).fill('Pat Admin');
      await p.page.getByLabel(exactLabel(customers('new.adminEmail'))).fill(`admin@${domain}`);
      await assertAccessible(p.page, 'new customer');
      await p.page.getByRole('button', { name: customers('new.create') }).click();
      await p.page.getByText(customers('new.createdForReseller', { reseller: reseller.tenant.name })).waitFor();
      assert.ok((await p.page.getByTestId('temporary-password').inputValue()).length >= 16);
      await snap(p.page, 'provider-reseller-4-customer-created');

      // The reseller finds it on its Customers page, acquired indirectly; its record expands.
      await r.page.getByRole('link', { name: common('nav.customers'), exact: true }).click();
      await r.page.getByRole('heading', { level: 1, name: customers('title') }).waitFor();
      await r.page.getByRole('searchbox').fill('Tailspin');
      const customerRow = r.page.getByRole('row').filter({ hasText: 'Tailspin Toys' });
      await customerRow.getByText(customers('acquired.indirect')).waitFor();
      await customerRow.getByRole('button', { name: customers('actions.expand', { name: 'Tailspin Toys' }) }).click();
      await r.page.getByText(customers('role.indirect_reseller')).waitFor();
      // Its users are people to write to: a name, then the address as a mailto link.
      const adminLink = r.page.getByRole('link', { name: `admin@${domain}`, exact: true });
      assert.equal(await adminLink.getAttribute('href'), `mailto:admin@${domain}`);
      await r.page.getByRole('listitem').filter({ has: adminLink }).getByText('Pat Admin').waitFor();
      await assertAccessible(r.page, 'customers');
      await snap(r.page, 'provider-reseller-5-customers');
      // On a phone the customers stack as cards, each value beside its column's name.
      await r.page.setViewportSize({ width: 390, height: 900 });
      await assertStacked(r.page, r.page.locator('tr[data-row]').filter({ hasText: 'Tailspin Toys' }), [
        customers('columns.domain'),
        customers('columns.acquired'),
      ]);
      await assertAccessible(r.page, 'customers on a phone');
      await snap(r.page, 'provider-reseller-5-customers-phone');
      await r.page.setViewportSize({ width: 1280, height: 900 });

      // The provider's Overview counts it: the chart of customers by reseller, and its table.
      const overview = words('en', 'overview');
      await p.page.getByRole('link', { name: common('nav.overview'), exact: true }).click();
      await p.page.getByRole('heading', { level: 2, name: overview('dashboard.title') }).waitFor();
      const byReseller = overview('dashboard.byReseller');
      await p.page.getByRole('button', { name: common('chart.showTable', { title: byReseller }), exact: true }).click();
      const counted = p.page
        .getByRole('table', { name: byReseller, exact: true })
        .getByRole('row')
        .filter({ hasText: reseller.tenant.name });
      assert.equal(await counted.getByRole('cell').nth(1).innerText(), '1');
      // The bars name each reseller in full, with its count.
      const bar = p.page
        .getByRole('figure', { name: byReseller })
        .getByRole('list', { name: byReseller })
        .getByRole('listitem')
        .filter({ hasText: reseller.tenant.name });
      assert.equal((await bar.innerText()).replace(/\s+/g, ' ').trim(), `${reseller.tenant.name} 1`);
      await assertAccessible(p.page, 'provider dashboard');
      await snap(p.page, 'provider-reseller-6-dashboard');
      await p.context.close();
      await r.context.close();
    });
  },
);
