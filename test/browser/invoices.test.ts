import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts';
import { assertAccessible, assertStacked, consoleWalk, exactLabel, skipWithoutBrowser, snap, words, signIn } from './support.ts';

/**
 * Invoices in the console (issue 11), on the demo's last month: Northwind, the provider, in
 * English, reads what the operator invoiced it and what it invoiced its resellers, opens one,
 * downloads its reconciliation CSV, marks an issued invoice paid after confirming, and reads
 * the running month's preview; Fabrikam, in French on a phone, reads the invoice it received
 * from Northwind as paid and the one it issued to its customer; the operator reads what it issued.
 */
const skip = skipWithoutBrowser();

describe('Invoices in the browser: issued, received, reconciliation CSV, payment, preview', { skip }, () => {
  const walk = consoleWalk();

  const signedIn = (email: string, password: string, locale: string, width = 1280) =>
    signIn(walk.browser, walk.url, email, password, { locale, width });

  it('in en, the provider reads received and issued invoices, downloads a CSV, marks one paid and reads the preview', async () => {
    assert.equal(await seedDemo(walk.t.platform), true);
    const common = words('en', 'common');
    const v = words('en', 'invoices');
    const { context, page } = await signedIn('admin@northwind.example', DEMO_PASSWORD, 'en-US');
    await page.getByRole('link', { name: common('nav.invoices'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: v('title') }).waitFor();

    // Received: the operator's invoice for last month, in dollars and cents.
    await page.getByRole('tab', { name: v('tabs.received') }).click();
    const fromOperator = page.getByRole('row').filter({ hasText: 'Trellis Cloud (operator)' });
    await fromOperator.getByText('$19,238.40').waitFor();
    await fromOperator.getByText(v('status.open')).waitFor();
    await assertAccessible(page, 'invoices received');
    await snap(page, 'invoices-1-received');

    // Its page: the buyer may not mark it paid; its lines and the reconciliation file.
    await fromOperator.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: /^Lines/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: v('pay.open') }).count(), 0);
    await page.getByRole('table').getByRole('row').nth(1).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: v('detail.csv') }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    assert.equal(
      header,
      'customer,subscription,offer,sku,charge,chargedAt,quantity,period,unitPrice,amount,currency,partnerOfRecord',
    );
    assert.ok(rows.length > 0, 'the CSV has lines');
    const href = await page.getByRole('link', { name: v('detail.csv') }).getAttribute('href');
    const res = await page.request.get(`${walk.url}${href}`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /^text\/csv/);
    await assertAccessible(page, 'invoice received');
    await snap(page, 'invoices-2-received-detail');

    // Issued: the invoice to Fabrikam, marked paid after a confirmation.
    await page.getByRole('link', { name: v('detail.back') }).click();
    await page.getByRole('tab', { name: v('tabs.issued') }).click();
    const toFabrikam = page.getByRole('row').filter({ hasText: 'Fabrikam Solutions' });
    await toFabrikam.getByRole('link').click();
    await page.getByTestId('invoice-status').getByText(v('status.open')).waitFor();
    await page.getByRole('button', { name: v('pay.open') }).click();
    await page.getByRole('dialog', { name: v('pay.title') }).waitFor();
    await assertAccessible(page, 'mark paid, confirming');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: v('pay.confirm') })
      .click();
    await page.getByText(v('pay.done')).waitFor();
    await page.getByTestId('invoice-status').getByText(v('status.paid')).waitFor();
    assert.equal(await page.getByRole('button', { name: v('pay.open') }).count(), 0);
    await snap(page, 'invoices-3-paid');

    // The status filter finds it among the paid ones.
    await page.getByRole('link', { name: v('detail.back') }).click();
    await page.getByRole('tab', { name: v('tabs.issued') }).click();
    await page.getByRole('combobox', { name: v('filters.status') }).click();
    await page.getByRole('option', { name: v('status.paid') }).click();
    await page.getByRole('row').filter({ hasText: 'Fabrikam Solutions' }).getByText(v('status.paid')).waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: 'Tailspin IT' }).count(), 0);

    // This month, as it stands, on both sides.
    await page.getByRole('tab', { name: v('tabs.preview') }).click();
    await page.getByRole('heading', { level: 2, name: v('preview.issued') }).waitFor();
    await page.getByRole('heading', { level: 2, name: v('preview.received') }).waitFor();
    await page.getByText(/as of/).first().waitFor();
    await assertAccessible(page, 'billing preview');
    await snap(page, 'invoices-4-preview');
    await context.close();
  });

  it('in fr on a phone, the reseller reads the invoice it received as paid and the one it issued, as cards', async () => {
    const v = words('fr', 'invoices');
    // Fabrikam's admin reads the console in French (the signed-in user's language wins).
    const fabrikam = walk.t.as({ cookie: await walk.t.signIn('admin@fabrikam.example', DEMO_PASSWORD) });
    assert.equal((await fabrikam.patch('/v1/me', { language: 'fr' })).status, 200);
    const { context, page } = await signedIn('admin@fabrikam.example', DEMO_PASSWORD, 'fr-FR', 390);
    await page.goto(`${walk.url}/invoices?side=received`);
    await page.getByRole('heading', { level: 1, name: v('title') }).waitFor();
    const received = page.getByRole('row').filter({ hasText: 'Northwind Distribution' });
    await received.getByText(v('status.paid')).waitFor();
    await assertStacked(page, received, [v('columns.seller'), v('columns.total'), v('columns.status'), v('columns.due')]);
    await assertAccessible(page, 'invoices received, phone');
    // The month billed narrows the list: last month has it, the month before has none.
    const period = (await fabrikam.get('/v1/invoices?side=received&limit=10')).body.items[0].period as string;
    const [year, month] = period.split('-').map(Number) as [number, number];
    const before = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    await page.getByLabel(exactLabel(v('filters.period'))).fill(before);
    await page.getByText(v('empty.received')).waitFor();
    await page.getByLabel(exactLabel(v('filters.period'))).fill(period);
    await received.getByText(v('status.paid')).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('period'), period);
    await page.getByRole('tab', { name: v('tabs.issued') }).click();
    const issued = page.getByRole('row').filter({ hasText: 'Blue Yonder Airlines' });
    // 21,528.00 USD (18,720.00 at list price, Fabrikam's +15% book) in French: "21 528,00 $US" (narrow no-break spaces).
    await issued.getByText(/21\s528,00/).waitFor();
    await snap(page, 'invoices-5-fr-phone');
    // Its page on the phone: the lines are cards too, and the seller (Fabrikam) may mark it paid.
    await issued.getByRole('link').click();
    await page.getByRole('button', { name: v('pay.open') }).waitFor();
    const line = page.getByRole('row').filter({ hasText: 'Blue Yonder Airlines' }).first();
    await assertStacked(page, line, [v('lines.customer'), v('lines.offer'), v('lines.amount')]);
    await assertAccessible(page, 'invoice issued, phone');
    await snap(page, 'invoices-6-fr-phone-detail');
    await context.close();
  });

  it('in en, the operator reads the invoices it issued', async () => {
    const common = words('en', 'common');
    const v = words('en', 'invoices');
    const { context, page } = await signedIn('operator@trellis.example', DEMO_PASSWORD, 'en-US');
    await page.getByRole('link', { name: common('nav.operatorInvoices'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: v('title') }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Northwind Distribution' }).getByText('$19,238.40').waitFor();
    await assertAccessible(page, 'operator invoices');
    await context.close();
  });
});
