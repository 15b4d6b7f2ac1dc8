import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorCodeTranslations } from '../../src/platform/http/error-codes.i18n.ts';
import { newCustomer, ProgramFlow } from '../support/program.ts';
import { assertAccessible, assertStacked, consoleWalk, exactLabel, person, skipWithoutBrowser, snap, words } from './support.ts';

/**
 * A customer's global admin ends the admin grant its partner holds, from Admin grants, and
 * the partner loses access on its next request (R-GRT-3). Walked in Korean, at a phone's width.
 */
const skip = skipWithoutBrowser();

describe('R-GRT-3: a customer ends a grant in the browser and the partner loses access at once', { skip }, () => {
  const walk = consoleWalk();

  it('in ko at 390 px: Admin grants, End, confirm; the partner reads the customer’s users no more, until a new request is approved', async () => {
    const { t, url, browser } = walk;
    const flow = new ProgramFlow(t, (await t.operator()).api);
    const partner = await flow.partnerIn('direct_bill');
    const tag = Date.now();
    const customer = await newCustomer(partner.api, {
      admin: { name: '김지민', email: `admin@customer-ko-${tag}.example`, language: 'ko' },
    });
    assert.equal((await partner.api.get(`/v1/customers/${customer.id}/users`)).status, 200);

    const auth = words('ko', 'auth');
    const common = words('ko', 'common');
    const grants = words('ko', 'grants');
    const context = await person(browser, { locale: 'ko-KR', width: 390 });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(customer.email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill(customer.password);
    await page.getByRole('button', { name: auth('signIn.submit') }).click();
    await page.getByTestId('tenant-name').waitFor();

    // On a phone the menu is behind its button.
    await page.getByRole('button', { name: common('shell.menu') }).click();
    await page.getByRole('link', { name: common('nav.grants'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: grants('title') }).waitFor();
    const row = page.getByRole('row').filter({ hasText: partner.tenant.name });
    await row.getByText(grants('status.active')).waitFor();
    await assertStacked(page, row, [grants('columns.grantee'), grants('columns.status')]);
    // The timeline's row label stands whole inside the chart, clear of its axis and bar.
    const timeline = page.getByRole('figure', { name: grants('timeline.title') });
    const label = timeline.locator('svg text').filter({ hasText: partner.tenant.name }).first();
    await label.waitFor();
    const chart = (await timeline.locator('svg').first().boundingBox())!;
    const box = (await label.boundingBox())!;
    const bars = await timeline
      .locator('svg rect')
      .evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect()).filter((b) => b.width > 0 && b.height > 4));
    assert.ok(box.x >= chart.x, `the label starts inside the chart (${box.x} < ${chart.x})`);
    assert.ok(bars.length > 0, 'the grant is drawn');
    const barStart = Math.min(...bars.map((b) => b.x));
    assert.ok(box.x + box.width + 12 <= barStart, `the label keeps clear of its bar (${box.x + box.width} vs ${barStart})`);
    await assertAccessible(page, 'admin grants');
    await snap(page, 'grant-ending-ko-1-grants');
    await row.getByRole('button', { name: grants('end.open') }).click();
    await page
      .getByRole('dialog')
      .getByText(grants('end.detail', { name: partner.tenant.name }))
      .waitFor();
    await page.getByRole('button', { name: grants('end.confirm') }).click();
    await row.getByText(grants('status.ended'), { exact: false }).waitFor();
    await snap(page, 'grant-ending-ko-2-ended');

    const after = await partner.api.get(`/v1/customers/${customer.id}/users`);
    assert.equal(after.status, 403, after.raw);
    assert.equal(after.body.rule, 'R-GRT-3');

    // The partner asks again; the customer's admin approves from Requests received, and access is back.
    const asked = await partner.api.post('/v1/admin-grant-requests', {
      grantorId: customer.id,
      roles: ['user_admin'],
      days: 30,
      message: '사용자 관리를 도와드리겠습니다',
    });
    assert.equal(asked.status, 201, asked.raw);
    await page.getByRole('tab', { name: grants('tabs.received') }).click();
    const request = page.getByRole('row').filter({ hasText: partner.tenant.name });
    await request.getByText(grants('requestStatus.pending')).waitFor();
    await assertAccessible(page, 'grant requests received');
    await request.getByRole('button', { name: grants('requests.approve') }).click();
    await request.getByText(grants('requestStatus.approved')).waitFor();
    await snap(page, 'grant-ending-ko-3-approved');

    // A refusal reads in Korean too: a customer has no enrollment to open, and the bar says so in its title and message.
    await page.goto(`${url}/enrollments/00000000-0000-4000-8000-000000000000`);
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    const code = (await refusal.getAttribute('data-problem-code')) as 'forbidden' | 'not_found';
    assert.ok(code === 'forbidden' || code === 'not_found', String(code));
    await refusal.getByText(errorCodeTranslations.ko[code].title, { exact: true }).waitFor();
    // What it means to a person, in the console's own Korean words (web/src/i18n/locales/ko/errors.json).
    await refusal.getByText(words('ko', 'errors')(`codes.${code}`), { exact: false }).waitFor();
    await snap(page, 'grant-ending-ko-4-refusal');
    await context.close();
    assert.equal((await partner.api.get(`/v1/customers/${customer.id}/users`)).status, 200);
  });
});
