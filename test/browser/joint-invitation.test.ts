import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestTrellis } from '../support/harness.ts';
import { ProgramFlow } from '../support/program.ts';
import {
  assertAccessible,
  exactLabel,
  consoleServer,
  launchBrowser,
  person,
  skipWithoutBrowser,
  snap,
  words,
} from './support.ts';

/**
 * Seed 003's customer story in the browser: a reseller's joint invitation (with its provider)
 * reaches a company that has no account; its IT admin opens the mailed link, signs up as a
 * customer, confirms from the mail, signs in, and the reseller and provider both have the
 * customer. Walked once in each language of the console, checked by axe on every page.
 */
const skip = skipWithoutBrowser();

describe('R-CUS-1, R-CUS-2: a new customer accepts a joint invitation from the mailed link, in the browser', { skip }, () => {
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

  /** The newest link of a kind mailed to an address, as the person would click it. */
  async function mailedLink(address: string, path: string): Promise<string> {
    const mail = (await t.mailTo(address)).find((m) => m.textBody.includes(`${url}${path}`));
    assert.ok(mail, `no mail to ${address} with a link to ${path}`);
    return new RegExp(`${url.replace(/[.]/g, '\\.')}${path}[^\\s]*`).exec(mail.textBody)![0];
  }

  for (const [language, locale] of [
    ['en', 'en-US'],
    ['ko', 'ko-KR'],
    ['fr', 'fr-FR'],
  ] as const) {
    it(`in ${language}: link page, sign-up, confirmation from the mail, sign-in; both partners have the customer`, async () => {
      const provider = await flow.partnerIn('indirect_provider');
      const reseller = await flow.partnerIn('indirect_reseller');
      await flow.partnerUp(provider, reseller);
      const cio = `cio-${language}-${Date.now()}@newco-${language}.example`;
      const sent = await reseller.api.post('/v1/relationship-requests', {
        providerId: provider.tenant.id,
        email: cio,
        send: true,
      });
      assert.equal(sent.status, 201, sent.raw);

      const links = words(language, 'links');
      const auth = words(language, 'auth');
      const context = await person(browser, { locale });
      const page: Page = await context.newPage();

      // The mailed link: who asks, what accepting authorizes, and sign-up on the way.
      await page.goto(await mailedLink(cio, '/links/'));
      await page
        .getByRole('heading', { level: 1, name: links('relationship_request.title', { name: reseller.tenant.name }) })
        .waitFor();
      await page.getByText(links('relationship_request.reseller', { name: reseller.tenant.name })).waitFor();
      await page.getByText(links('relationship_request.provider', { name: provider.tenant.name })).waitFor();
      await assertAccessible(page, 'link page');
      await snap(page, `joint-invitation-${language}-1-link`);
      await page.getByRole('button', { name: links('signUpCustomer') }).click();

      // Sign-up as a customer: the link is accepted when the sign-up is confirmed.
      await page.getByRole('heading', { level: 1, name: auth('signUp.title') }).waitFor();
      await page.getByLabel(exactLabel(auth('signUp.company'))).fill(`NewCo ${language}`);
      await page.getByLabel(exactLabel(auth('signUp.country'))).selectOption('US');
      await page.getByLabel(exactLabel(auth('fields.name'))).fill('Chris Newco');
      await page.getByLabel(exactLabel(auth('fields.email'))).fill(cio);
      await page.getByLabel(exactLabel(auth('fields.password'))).fill('a long enough passphrase');
      await assertAccessible(page, 'sign-up page');
      await snap(page, `joint-invitation-${language}-2-sign-up`);
      await page.getByRole('button', { name: auth('signUp.submit') }).click();
      await page.getByText(auth('signUp.sentDetail', { email: cio })).waitFor();

      // The confirmation mail's link creates the customer and accepts the request.
      await page.goto(await mailedLink(cio, '/sign-up/confirm'));
      await page.getByText(auth('confirm.doneTitle', { name: `NewCo ${language}` })).waitFor();
      await snap(page, `joint-invitation-${language}-3-confirmed`);
      await page.getByRole('button', { name: auth('confirm.signIn') }).click();
      await page.getByLabel(exactLabel(auth('fields.password'))).fill('a long enough passphrase');
      await page.getByRole('button', { name: auth('signIn.submit') }).click();
      await page.getByTestId('tenant-name').getByText(`NewCo ${language}`).waitFor();
      await assertAccessible(page, 'overview');
      await snap(page, `joint-invitation-${language}-4-overview`);
      await context.close();

      // Both partners now have the customer: the reseller of record, and its provider through it.
      const resellerSees = (await reseller.api.get('/v1/customers')).body.items.map((c: { name: string }) => c.name);
      assert.ok(resellerSees.includes(`NewCo ${language}`), `the reseller sees ${resellerSees.join(', ')}`);
      const providerSees = (await provider.api.get('/v1/customers')).body.items.map((c: { name: string }) => c.name);
      assert.ok(providerSees.includes(`NewCo ${language}`), `the provider sees ${providerSees.join(', ')}`);
    });
  }
});
