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
  settledWidth,
  skipWithoutBrowser,
  snap,
  words,
} from './support.ts';

/**
 * The operator's reviewer works the review queue in French: rejects one enrollment with a
 * reason, approves another (R-ENR-3), finds the partner in the partner list, and reads the
 * rejection in that partner's audit log. Support, in English, ends a reseller's partnership
 * with one of its providers from the reseller's page, on a support request (R-PRT-6). The
 * operator admin then changes the program's settings: auto-approval and the partner ID
 * registry in Korean, holidays and a default grant in English on a phone-sized screen.
 */
const skip = skipWithoutBrowser();

describe('R-ENR-3: the operator reviewer decides enrollments in the back office', { skip }, () => {
  let t: TestTrellis;
  let url: string;
  let browser: Browser;
  // An installation has one operator tenant: its admin, made once for both walks.
  let operator: Awaited<ReturnType<TestTrellis['operator']>>;
  before(async () => {
    ({ t, url } = await consoleServer());
    browser = await launchBrowser();
    operator = await t.operator();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('in fr: the queue, reject with a reason, approve, the partner list, the audit log', async () => {
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
    // The charts' tables: both enrollments in review, neither with a deadline (not transitions).
    const deadlines = page.getByRole('table', { name: op('charts.deadlines.title') });
    await deadlines.getByRole('row', { name: `${op('charts.deadlines.none')} 2` }).waitFor();
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
    await page.getByRole('link', { name: common('nav.operatorPartners'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: op('partners.title') }).waitFor();
    await page.getByRole('searchbox').fill(rejected.tenant.name.slice(-6));
    const partnerRow = page.getByRole('row').filter({ hasText: rejected.tenant.name });
    // The search narrows the list: the other partner leaves it.
    await page.getByRole('row').filter({ hasText: approved.tenant.name }).waitFor({ state: 'detached' });
    await partnerRow.waitFor();
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

  it('in ko: the operator admin turns on auto-approval and registers a partner ID in the program settings', async () => {
    assert.equal((await operator.api.patch('/v1/me', { language: 'ko' })).status, 200);
    const auth = words('ko', 'auth');
    const common = words('ko', 'common');
    const op = words('ko', 'operator');
    const context = await person(browser, { locale: 'ko-KR' });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(operator.admin.email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill(PASSWORD);
    await page.getByRole('button', { name: auth('signIn.submit') }).click();
    await page.getByRole('link', { name: common('nav.operatorSettings'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: op('settings.title') }).waitFor();
    await page.getByRole('checkbox', { name: op('programs.indirect_provider'), exact: true }).check();
    await page.getByRole('button', { name: op('settings.save'), exact: true }).click();
    await page.getByText(op('settings.saved')).waitFor();
    await assertAccessible(page, 'program settings');
    await snap(page, 'back-office-ko-5-settings');
    const settings = await operator.api.get('/v1/operator/settings');
    assert.equal(settings.body.autoApprove.indirect_provider, true);

    await page.getByRole('tab', { name: op('settings.tabs.registry'), exact: true }).click();
    const partnerId = `PN-KO-${Date.now() % 100000}`;
    await page.getByRole('searchbox').fill(partnerId);
    await page.getByRole('button', { name: op('settings.registry.lookUp'), exact: true }).click();
    await page.getByText(op('settings.registry.notFound', { partnerId })).waitFor();
    await page.getByLabel(exactLabel(op('settings.registry.organization'))).fill('서울 파트너 주식회사');
    await page.getByLabel(exactLabel(op('partners.columns.country'))).selectOption('KR');
    await page.getByLabel(exactLabel(op('settings.registry.accountEmail'))).fill('account@seoul-partner.example');
    await page.getByRole('button', { name: op('settings.registry.register'), exact: true }).click();
    await page.getByRole('button', { name: op('settings.registry.save'), exact: true }).waitFor();
    await assertAccessible(page, 'partner ID registry');
    await snap(page, 'back-office-ko-6-registry');
    await context.close();
    const entry = await operator.api.get(`/v1/operator/partner-ids/${partnerId}`);
    assert.equal(entry.status, 200, entry.raw);
    assert.equal(entry.body.countryCode, 'KR');
  });

  it('in en: support lists a reseller’s partnerships on its page and ends one on a support request (R-PRT-6)', async () => {
    const flow = new ProgramFlow(t, operator.api);
    const reseller = await flow.partnerIn('indirect_reseller');
    const keeps = await flow.partnerIn('indirect_provider');
    const leaves = await flow.partnerIn('indirect_provider');
    await flow.partnerUp(keeps, reseller);
    const ending = await flow.partnerUp(leaves, reseller);
    const support = await member(t, operator.api, ['support']);

    const auth = words('en', 'auth');
    const common = words('en', 'common');
    const op = words('en', 'operator');
    const context = await person(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(support.user.email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill(PASSWORD);
    await page.getByRole('button', { name: auth('signIn.submit') }).click();
    await page.getByTestId('tenant-name').waitFor();

    // The reseller's page: its two partnerships, each with its provider, both active.
    await page.getByRole('link', { name: common('nav.operatorPartners'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: op('partners.title') }).waitFor();
    await page.getByRole('searchbox').fill(reseller.tenant.name);
    await page.getByRole('link', { name: reseller.tenant.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: reseller.tenant.name }).waitFor();
    const partnerships = page.getByRole('table', { name: op('partner.partnerships.title') });
    const leaving = partnerships.getByRole('row').filter({ hasText: leaves.tenant.name });
    const staying = partnerships.getByRole('row').filter({ hasText: keeps.tenant.name });
    await leaving.getByText(op('partner.partnerships.role.reseller')).waitFor();
    await staying.getByText(op('partner.partnerships.status.active')).waitFor();
    await assertAccessible(page, 'partner page with its partnerships');
    await snap(page, 'back-office-en-7-partnerships');

    // End one: the dialog names both sides and asks for the support request.
    await leaving.getByRole('button', { name: op('partner.partnerships.end'), exact: true }).click();
    const dialog = page.getByRole('dialog');
    const names = { provider: leaves.tenant.name, reseller: reseller.tenant.name };
    await dialog.getByText(op('partner.partnerships.dialog.detail', names)).waitFor();
    const confirm = dialog.getByRole('button', { name: op('partner.partnerships.dialog.confirm'), exact: true });
    assert.equal(await confirm.isDisabled(), true, 'no support request yet');
    await dialog.getByLabel(exactLabel(op('partner.partnerships.dialog.supportRequest'))).fill('SR-2026-0042');
    await assertAccessible(page, 'ending dialog');
    await snap(page, 'back-office-en-8-ending');
    await confirm.click();
    await page.getByText(op('partner.partnerships.onRequest', { supportRequest: 'SR-2026-0042' })).waitFor();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await leaving.getByRole('button', { name: op('partner.partnerships.end'), exact: true }).count(), 0);
    await staying.getByText(op('partner.partnerships.status.active')).waitFor();
    await snap(page, 'back-office-en-9-ended');
    await context.close();

    const list = await operator.api.get(`/v1/operator/partners/${reseller.tenant.id}/partnerships`);
    const ended = list.body.items.find((p: { partnershipId: string }) => p.partnershipId === ending);
    assert.equal(ended.status, 'ended');
    assert.equal(ended.supportRequest, 'SR-2026-0042');
    assert.equal((await reseller.api.get('/v1/indirect-providers')).body.items.length, 1, 'one provider left');
  });

  it('R-TRN-2, R-PRT-3: in en on a phone, the operator admin adds holidays and changes the default grant of a provider', async () => {
    assert.equal((await operator.api.patch('/v1/me', { language: 'en' })).status, 200);
    const before = (await operator.api.get('/v1/operator/settings')).body;
    const auth = words('en', 'auth');
    const op = words('en', 'operator');
    const grants = words('en', 'grants');
    const context = await person(browser, { locale: 'en-US', width: 390 });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in?next=${encodeURIComponent('/operator/settings')}`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(operator.admin.email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill(PASSWORD);
    await page.getByRole('button', { name: auth('signIn.submit') }).click();
    await page.getByRole('heading', { level: 1, name: op('settings.title') }).waitFor();
    assert.equal(await settledWidth(page), 390, 'the tabs scroll, the page does not');

    // Holidays: added in any order, listed by date with their weekday; one taken back before saving.
    await page.getByRole('tab', { name: op('settings.tabs.holidays'), exact: true }).click();
    const day = page.getByLabel(exactLabel(op('settings.holidays.day')));
    const add = page.getByRole('button', { name: op('settings.holidays.addSubmit'), exact: true });
    for (const d of ['2026-12-25', '2026-11-26', '2027-01-02']) {
      await day.fill(d);
      await add.click();
    }
    const full = (d: string) =>
      new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
    const holidays = page.getByRole('list', { name: op('settings.holidays.title') });
    assert.deepEqual(await holidays.locator('time').allTextContents(), [
      full('2026-11-26'),
      full('2026-12-25'),
      full('2027-01-02'),
    ]);
    assert.equal(full('2026-11-26'), 'Thursday, November 26, 2026');
    // 2 January 2027 is a Saturday: the list says it is a weekend day anyway.
    await holidays
      .getByRole('listitem')
      .filter({ hasText: full('2027-01-02') })
      .getByText(op('settings.holidays.weekend'))
      .waitFor();
    await day.fill('2026-12-25');
    await page.getByText(op('settings.holidays.taken')).waitFor();
    await page.getByRole('button', { name: op('settings.holidays.removeLabel', { day: full('2027-01-02') }) }).click();
    const sent = page.waitForRequest((r) => r.url().endsWith('/v1/operator/settings') && r.method() === 'PATCH');
    await page.getByRole('button', { name: op('settings.holidays.save'), exact: true }).click();
    assert.deepEqual((await sent).postDataJSON(), { holidays: ['2026-11-26', '2026-12-25'] }, 'only the holidays are sent');
    await page.getByText(op('settings.saved')).waitFor();
    await assertAccessible(page, 'holidays');
    await snap(page, 'back-office-en-7-holidays');
    assert.deepEqual((await operator.api.get('/v1/operator/settings')).body.holidays, ['2026-11-26', '2026-12-25']);

    // The provider's default grant (R-PRT-3): global admin cannot extend itself (R-GRT-2), said beside the switch.
    await page.getByRole('tab', { name: op('settings.tabs.grants'), exact: true }).click();
    const catalog = page.getByRole('list', { name: op('settings.grants.catalogTitle') });
    await catalog.getByText(grants('adminRoles.license_admin.description')).waitFor();
    const provider = page.getByRole('group', { name: op('settings.grants.providerOnReseller.title'), exact: true });
    await provider.getByText(op('settings.grants.providerOnReseller.explanation')).waitFor();
    await provider.getByRole('checkbox', { name: new RegExp(`^${grants('adminRoles.global_admin.name')}`) }).check();
    await page.getByRole('button', { name: op('settings.grants.save'), exact: true }).click();
    await provider.getByText('A grant holding global admin does not extend itself.').waitFor();
    assert.deepEqual((await operator.api.get('/v1/operator/settings')).body.defaultGrants, before.defaultGrants, 'nothing saved');
    await provider.getByRole('switch', { name: op('settings.grants.autoExtend') }).uncheck();
    await provider.getByRole('spinbutton', { name: op('settings.grants.days') }).fill('90');
    await provider.getByRole('spinbutton', { name: op('settings.grants.days') }).blur();
    const saved = page.waitForRequest((r) => r.url().endsWith('/v1/operator/settings') && r.method() === 'PATCH');
    await page.getByRole('button', { name: op('settings.grants.save'), exact: true }).click();
    assert.deepEqual(Object.keys((await saved).postDataJSON()), ['defaultGrants'], 'the catalog did not change: not sent');
    await page.getByText(op('settings.saved')).waitFor();
    await assertAccessible(page, 'admin roles and default grants');
    await snap(page, 'back-office-en-8-default-grants');
    await context.close();

    const after = (await operator.api.get('/v1/operator/settings')).body;
    assert.deepEqual(after.defaultGrants.providerOnReseller, {
      roles: ['license_admin', 'global_reader', 'global_admin'],
      days: 90,
      autoExtend: false,
    });
    assert.deepEqual(after.defaultGrants.resellerOfRecord, before.defaultGrants.resellerOfRecord);
    assert.deepEqual(after.adminRoleCatalog, before.adminRoleCatalog);
  });
});
