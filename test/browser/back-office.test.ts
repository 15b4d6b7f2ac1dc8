import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD, type TestTrellis } from '../support/harness.ts';
import { member, ProgramFlow } from '../support/program.ts';
import {
  assertAccessible,
  consoleServer,
  exactLabel,
  launchBrowser,
  person,
  skipWithoutBrowser,
  snap,
  words,
} from './support.ts';

/**
 * The operator's reviewer works the review queue in French: rejects one enrollment with a
 * reason, approves another (R-ENR-3), finds the partner in the partner list, and reads the
 * rejection in that partner's audit log.
 */
const skip = skipWithoutBrowser();

describe('R-ENR-3: the operator reviewer decides enrollments in the back office', { skip }, () => {
  let t: TestTrellis;
  let url: string;
  let browser: Browser;
  before(async () => {
    ({ t, url } = await consoleServer());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('in fr: the queue, reject with a reason, approve, the partner list, the audit log', async () => {
    const operator = await t.operator();
    const flow = new ProgramFlow(t, operator.api);
    const rejected = await flow.partner({ countryCode: 'FR' });
    const approved = await flow.partner({ countryCode: 'FR' });
    const toReject = await flow.verify(await flow.enroll(rejected, 'indirect_provider'));
    const toApprove = await flow.verify(await flow.enroll(approved, 'indirect_provider'));
    assert.equal(toReject.status, 'pending_review');
    const reviewer = await member(t, operator.api, ['reviewer']);
    // The console speaks the user's own language once signed in.
    assert.equal((await reviewer.api.patch('/v1/me', { language: 'fr' })).status, 200);

    const auth = words('fr', 'auth');
    const common = words('fr', 'common');
    const op = words('fr', 'operator');
    const context = await person(browser, { locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(reviewer.user.email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill(PASSWORD);
    await page.getByRole('button', { name: auth('signIn.submit') }).click();
    await page.getByTestId('tenant-name').waitFor();

    // The queue: both enrollments in review, with their program.
    await page.getByRole('link', { name: common('nav.reviews'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: op('reviews.title') }).waitFor();
    const rejectRow = page.getByRole('row').filter({ hasText: rejected.tenant.name });
    await rejectRow.getByText(op('status.pending_review')).waitFor();
    await page.getByRole('row').filter({ hasText: approved.tenant.name }).waitFor();
    await assertAccessible(page, 'review queue');
    await snap(page, 'back-office-fr-1-queue');

    // Reject one, with a reason.
    await rejectRow.getByRole('link', { name: rejected.tenant.name, exact: true }).click();
    const title = op('review.title', { name: rejected.tenant.name, program: op('programs.indirect_provider') });
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await assertAccessible(page, 'an enrollment in review');
    await page.getByLabel(exactLabel(op('review.reject.reason'))).fill('Le profil ne correspond pas à l’ID partenaire');
    await page.getByRole('button', { name: op('review.reject.submit'), exact: true }).click();
    await page.getByText(op('review.settled.rejected')).waitFor();
    await page.getByText('Le profil ne correspond pas à l’ID partenaire').waitFor();
    await snap(page, 'back-office-fr-2-rejected');

    // Approve the other from the queue, which no longer holds the rejected one.
    await page.getByRole('link', { name: op('review.back'), exact: true }).click();
    await page.getByRole('link', { name: approved.tenant.name, exact: true }).click();
    await page.getByRole('button', { name: op('review.approve.submit'), exact: true }).click();
    await page.getByText(op('review.settled.approved')).waitFor();
    await page.getByRole('link', { name: op('review.back'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: op('reviews.title') }).waitFor();
    await page.getByText(op('reviews.empty')).waitFor();

    // The partner list finds the rejected partner by part of its name.
    await page.getByRole('link', { name: common('nav.partners'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: op('partners.title') }).waitFor();
    await page.getByRole('searchbox').fill(rejected.tenant.name.slice(-6));
    const partnerRow = page.getByRole('row').filter({ hasText: rejected.tenant.name });
    await partnerRow.waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: approved.tenant.name }).count(), 0);
    await assertAccessible(page, 'partner list');
    await snap(page, 'back-office-fr-3-partners');
    await partnerRow.getByRole('link', { name: rejected.tenant.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: rejected.tenant.name }).waitFor();
    await assertAccessible(page, 'partner page');

    // Its audit log holds the rejection, with the reason in what changed.
    await page.getByRole('link', { name: op('partner.audit'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: op('audit.title') }).waitFor();
    const event = page.getByRole('row').filter({ hasText: 'enrollment.rejected' });
    await event.waitFor();
    await event.getByText(op('audit.showChange')).click();
    await event.getByText('Le profil ne correspond pas à l’ID partenaire', { exact: false }).waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: 'enrollment.approved' }).count(), 0, 'one tenant only');
    await assertAccessible(page, 'audit log');
    await snap(page, 'back-office-fr-4-audit');
    await context.close();

    const decided = await reviewer.api.get(`/v1/operator/enrollments/${toApprove.id}`);
    assert.equal(decided.body.status, 'approved');
  });
});
