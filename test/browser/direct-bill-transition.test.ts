import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD, type TestTrellis } from '../support/harness.ts';
import { newCustomer, ProgramFlow, type MadeCustomer, type ProgramPartner } from '../support/program.ts';
import {
  assertAccessible,
  consoleServer,
  exactLabel,
  launchBrowser,
  skipWithoutBrowser,
  snap,
  words,
  signIn as signInAs,
} from './support.ts';

/**
 * Seeds 000–002 in the browser: a direct-bill partner's global admin opens "Become an indirect
 * reseller" from the Overview, reviews its details in the enrollment form (proving a new partner
 * ID with the mailed code on the way), is refused until the operator identifies it for offboarding,
 * then confirms the no-rollback warning and enrolls (in French). Once approved it moves its direct
 * customers to its provider in one bulk move whose progress bar reaches the end, with the report
 * customer by customer.
 */
const skip = skipWithoutBrowser();

describe('R-TRN-1, R-TRN-4, R-TRN-9: the move from direct bill to indirect reseller, in the browser', { skip }, () => {
  let t: TestTrellis;
  let url: string;
  let browser: Browser;
  let flow: ProgramFlow;
  let partner: ProgramPartner;
  let provider: ProgramPartner;
  const customers: MadeCustomer[] = [];
  before(async () => {
    ({ t, url } = await consoleServer());
    flow = new ProgramFlow(t, (await t.operator()).api);
    browser = await launchBrowser();
    provider = await flow.partnerIn('indirect_provider');
    partner = await flow.partnerIn('direct_bill', { language: 'fr' });
    // Direct customers are made before the move: afterwards it adds no new direct ones (R-TRN-5).
    for (let i = 0; i < 3; i++) customers.push(await newCustomer(partner.api));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = (email: string, password: string, locale: string) => signInAs(browser, url, email, password, { locale });

  it('R-TRN-1, R-TRN-4 in fr: the enrollment form, a partner ID proven by its code, the warning confirmed, the status after', async () => {
    const overview = words('fr', 'overview');
    const enroll = words('fr', 'enroll');
    const common = words('fr', 'common');
    const { context, page } = await signIn(partner.admin.email, PASSWORD, 'fr-FR');

    await page.getByRole('link', { name: overview('tasks.becomeReseller'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: enroll('title') }).waitFor();

    // Step 1: the profile as stored (R-ENR-6), kept as it is.
    const step = (n: number, name: string) =>
      page.getByRole('heading', { level: 2, name: enroll('steps.heading', { n, total: 4, name: enroll(`steps.${name}`) }) });
    await step(1, 'profile').waitFor();
    assert.match(await page.getByLabel(exactLabel(enroll('profile.legalName'))).inputValue(), /^Legal /);
    await assertAccessible(page, 'enrollment profile');
    await page.getByRole('button', { name: enroll('next') }).click();

    // Step 2: a new partner ID, proven with the code mailed to its account address (R-ENR-1).
    await step(2, 'partnerId').waitFor();
    await page.getByText(enroll('partnerId.proven', { partnerId: partner.partnerId! })).waitFor();
    await page.getByRole('button', { name: enroll('partnerId.change') }).click();
    const fresh = await flow.registerPartnerId({ countryCode: 'US' });
    await page.getByLabel(exactLabel(enroll('partnerId.label'))).fill(fresh.partnerId);
    await page.getByRole('button', { name: enroll('partnerId.send') }).click();
    await page.getByLabel(exactLabel(enroll('partnerId.code'))).fill(await flow.partnerIdCode(fresh.accountEmail));
    await assertAccessible(page, 'partner ID code');
    await snap(page, 'direct-bill-transition-1-partner-id');
    await page.getByRole('button', { name: enroll('partnerId.verify') }).click();
    await page.getByText(enroll('partnerId.proven', { partnerId: fresh.partnerId })).waitFor();
    await page.getByRole('button', { name: enroll('next') }).click();

    // Step 3: the contacts as stored.
    await step(3, 'contacts').waitFor();
    const contactEmail = page.getByLabel(exactLabel(enroll('contacts.email')));
    assert.equal(await contactEmail.inputValue(), partner.primaryContactEmail);
    // A free webmail address is refused beside its field, and the step stays.
    await contactEmail.fill('primary@gmail.com');
    await page.getByRole('button', { name: enroll('next') }).click();
    // The server's reason is English; the field says it is refused in French (problems.fields.invalid).
    await page.getByText(common('problems.fields.invalid'), { exact: true }).waitFor();
    assert.equal(await page.getByText('use an address of your organization, not a free webmail one').count(), 0);
    assert.match((await contactEmail.getAttribute('aria-invalid')) ?? '', /true/);
    await contactEmail.fill(partner.primaryContactEmail!);
    await page.getByRole('button', { name: enroll('next') }).click();

    // Step 4: indirect reseller is chosen; the warning must be confirmed before Enroll now (R-TRN-4).
    await step(4, 'program').waitFor();
    assert.equal(await page.getByRole('radio', { name: enroll('programs.indirect_reseller') }).isChecked(), true);
    const warning = page.getByTestId('no-rollback-warning');
    await warning.getByText(enroll('transition.title')).waitFor();
    const submit = page.getByRole('button', { name: enroll('program.submit') });
    assert.equal(await submit.isDisabled(), true, 'Enroll now waits for the confirmation');
    await page.getByRole('checkbox', { name: enroll('transition.acknowledge') }).check();
    await assertAccessible(page, 'no-rollback warning');
    await snap(page, 'direct-bill-transition-2-warning');

    // Not yet identified for offboarding: refused with its rule (R-TRN-1).
    await submit.click();
    const refusal = page.locator('[data-problem-code="not_identified_for_offboarding"]');
    await refusal.waitFor();
    await refusal.getByRole('link', { name: common('problems.rule', { rule: 'R-TRN-1' }) }).waitFor();
    assert.equal((await partner.api.get('/v1/enrollments')).body.items.length, 1, 'only the direct-bill enrollment');

    const flagged = await flow.operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    assert.equal(flagged.status, 204, flagged.raw);
    await submit.click();
    await page.getByRole('heading', { level: 1, name: enroll('status.title') }).waitFor();
    await page.getByTestId('enrollment-status').getByText(enroll('status.values.pending_review')).waitFor();
    await assertAccessible(page, 'enrollment status');
    await snap(page, 'direct-bill-transition-3-status');
    const [enrollment] = (await partner.api.get('/v1/enrollments')).body.items;
    assert.deepEqual(
      [enrollment.program, enrollment.status, enrollment.transition],
      ['indirect_reseller', 'pending_review', true],
    );
    assert.equal((await partner.api.get('/v1/partner/profile')).body.partnerId, fresh.partnerId);
    partner = { ...partner, partnerId: fresh.partnerId };

    // The Overview now shows the enrollment in review instead of the task.
    await page.getByRole('link', { name: common('nav.overview'), exact: true }).click();
    await page
      .getByRole('link', {
        name: overview('tasks.enrollment', {
          program: overview('capabilities.indirect_reseller'),
          status: overview('enrollmentStatus.pending_review'),
        }),
      })
      .waitFor();
    assert.equal(await page.getByRole('link', { name: overview('tasks.becomeReseller') }).count(), 0);
    await context.close();
    const approved = await flow.operator.post(`/v1/operator/enrollments/${enrollment.id}/approval`);
    assert.equal(approved.status, 200, approved.raw);
  });

  it('R-TRN-9 in fr: a bulk move of chosen customers; the progress bar reaches the end, the report names the one that cannot move', async () => {
    await flow.partnerUp(provider, partner);
    // A store-channel customer cannot accept the joint invitation: it stays on direct bill.
    const store = customers[2]!;
    const flaggedStore = await flow.operator.put(`/v1/operator/customers/${store.id}/store-channel`, { storeChannel: true });
    assert.equal(flaggedStore.status, 200, flaggedStore.raw);
    const common = words('fr', 'common');
    const moves = words('fr', 'bulkMoves');
    const { context, page } = await signIn(partner.admin.email, PASSWORD, 'fr-FR');

    await page.getByRole('link', { name: common('nav.bulkMoves'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: moves('title') }).waitFor();
    await page.getByText(moves('list.empty')).waitFor();
    await page.getByLabel(exactLabel(moves('new.provider'))).selectOption(provider.tenant.id);
    await page.getByRole('checkbox', { name: moves('new.all') }).check();
    await page.getByText(moves('new.chosen', { n: 3 })).waitFor();
    await assertAccessible(page, 'new bulk move');
    await page.getByRole('button', { name: moves('new.start') }).click();

    await page.getByRole('heading', { level: 1, name: moves('detail.title', { provider: provider.tenant.name }) }).waitFor();
    await page.getByTestId('move-status').getByText(moves('status.queued')).waitFor();
    await page
      .getByTestId('count-remaining')
      .getByText(moves('progress.remaining', { n: 3 }))
      .waitFor();
    await snap(page, 'direct-bill-transition-4-move-queued');

    // The job runs; the page, polling, follows it to the end.
    await t.trellis.worker.runOnce();
    await page.getByTestId('move-status').getByText(moves('status.completed')).waitFor();
    await page
      .getByTestId('count-done')
      .getByText(moves('progress.done', { n: 2 }))
      .waitFor();
    await page
      .getByTestId('count-failed')
      .getByText(moves('progress.failed', { n: 1 }))
      .waitFor();
    await page
      .getByTestId('count-remaining')
      .getByText(moves('progress.remaining', { n: 0 }))
      .waitFor();
    const bar = page.getByRole('progressbar', { name: moves('progress.label', { processed: 3, total: 3 }) });
    assert.equal(await bar.getAttribute('aria-valuenow'), '1');
    const report = page.getByRole('table', { name: moves('detail.report') });
    await report
      .getByRole('row')
      .filter({ hasText: moves('itemStatus.sent') })
      .nth(1)
      .waitFor();
    const refused = report.getByRole('row').filter({ hasText: moves('itemStatus.failed') });
    await refused.getByText(moves('reasons.store_channel_customer')).waitFor();
    await refused.getByRole('link', { name: 'R-TRN-9' }).waitFor();
    assert.equal(await page.getByRole('button', { name: moves('cancel.open') }).count(), 0, 'a finished move is not cancelled');
    await assertAccessible(page, 'bulk move report');
    await snap(page, 'direct-bill-transition-5-move-done');

    const [move] = (await partner.api.get('/v1/bulk-moves')).body.items;
    assert.deepEqual([move.status, move.sent, move.failed, move.remaining], ['completed', 2, 1, 0]);
    await page.getByRole('link', { name: moves('detail.back') }).click();
    await page
      .getByRole('table', { name: moves('list.title') })
      .getByText(provider.tenant.name)
      .waitFor();

    // A move from a CSV file: a bad line is refused with its number; the export file as is starts one, cancelled before it runs.
    await page.getByLabel(exactLabel(moves('new.provider'))).selectOption(provider.tenant.id);
    await page.getByRole('radio', { name: moves('new.fromCsv') }).check();
    const file = page.getByLabel(exactLabel(moves('new.file')));
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('id\nnot-a-customer\n') });
    await page.getByRole('button', { name: moves('new.start') }).click();
    await page.locator('[data-problem-code="invalid_request"]').getByText(/2/).waitFor();
    const exported = await partner.api.get('/v1/customers/export');
    await file.setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(exported.raw) });
    await page.getByRole('button', { name: moves('new.start') }).click();
    await page.getByTestId('move-status').getByText(moves('status.queued')).waitFor();
    await page.getByRole('button', { name: moves('cancel.open') }).click();
    await page
      .getByRole('dialog')
      .getByText(moves('cancel.detail', { n: 3 }))
      .waitFor();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: moves('cancel.confirm') })
      .click();
    await page.getByTestId('move-status').getByText(moves('status.cancelled')).waitFor();
    await page
      .getByTestId('count-cancelled')
      .getByText(moves('progress.cancelled', { n: 3 }))
      .waitFor();
    await snap(page, 'direct-bill-transition-6-move-cancelled');
    await context.close();
  });
});
