import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts';
import { assertAccessible, assertStacked, consoleWalk, exactLabel, person, skipWithoutBrowser, snap, words } from './support.ts';

/**
 * Price books in the console (issue 11, part 8), on the demo data. Northwind, the provider, in
 * English, reads its book with Fabrikam's +8%, makes a group Gold with Fabrikam in it, prices one
 * offer at a fixed 40.00 USD for Gold, is told at the offer's field that the book has that rule
 * already (409 price_entry_exists) and at the percent's that a discount stops at 99.99%. The price
 * then holds end to end (R-CUS-9, each party its own tier): an order for Fabrikam's customer
 * records 40.00 as Fabrikam's price, which Fabrikam reads, in French on a phone, in the customer's
 * order history, after changing its Retail book's markup from its rules shown as cards. A reader
 * without billing.manage sees every list and no button that changes one.
 */
const skip = skipWithoutBrowser();

describe('Price books in the browser: books, rules, groups, the 409, prices that hold, readers', { skip }, () => {
  const walk = consoleWalk();
  const ids = { office: '', blue: '', fabrikam: '', book: '', gold: '' };

  async function signedIn(email: string, locale: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
    const context = await person(walk.browser, { locale, width });
    const page = await context.newPage();
    const auth = words(locale.slice(0, 2), 'auth');
    await page.goto(`${walk.url}/sign-in`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: auth('signIn.submit') }).click();
    await page.getByTestId('tenant-name').waitFor();
    return { context, page };
  }

  it('in en, the provider reads its book, makes a group Gold with Fabrikam, prices an offer for it, and is told of a duplicate rule at the offer', async () => {
    assert.equal(await seedDemo(walk.t.platform), true);
    const northwind = walk.t.as({ cookie: await walk.t.signIn('admin@northwind.example', DEMO_PASSWORD) });
    const offers = (await northwind.get('/v1/offers?country=US&limit=100')).body.items as { id: string; sku: string }[];
    ids.office = offers.find((o) => o.sku === 'OFFICE-E3-P1Y')!.id;
    const common = words('en', 'common');
    const v = words('en', 'pricing');
    const { context, page } = await signedIn('admin@northwind.example', 'en-US');

    // The books: the demo's, with its one rule.
    await page.getByRole('link', { name: common('nav.priceBooks'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: v('title') }).waitFor();
    const bookRow = page.getByRole('row').filter({ hasText: 'Partner prices 2026' });
    await bookRow.getByText(v('books.rules_one', { count: 1 })).waitFor();
    await assertAccessible(page, 'price books');
    await snap(page, 'price-books-1-books');

    // Its rules: Fabrikam at +8% on every offer.
    await bookRow.getByRole('link', { name: 'Partner prices 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partner prices 2026' }).waitFor();
    ids.book = new URL(page.url()).pathname.split('/').pop()!;
    const fabrikamRule = page.getByRole('row').filter({ hasText: 'Fabrikam Solutions' });
    await fabrikamRule.getByText('+8%').waitFor();
    await fabrikamRule.getByText(v('book.allOffers')).waitFor();

    // A group, Gold, with Fabrikam in it (picked by typing part of its name).
    await page.getByRole('link', { name: v('book.back') }).click();
    await page.getByRole('tab', { name: v('tabs.groups') }).click();
    await page.getByText(v('groups.empty')).waitFor();
    await page.getByRole('button', { name: v('groups.new') }).click();
    const dialog = page.getByRole('dialog', { name: v('groups.new') });
    await dialog.getByLabel(exactLabel(v('form.name'))).fill('Gold');
    await assertAccessible(page, 'new group');
    await dialog.getByRole('button', { name: v('form.create') }).click();
    await page.getByRole('heading', { level: 1, name: 'Gold' }).waitFor();
    ids.gold = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(v('group.empty')).waitFor();
    await page.getByRole('combobox', { name: exactLabel(v('rule.buyer.resellers')) }).click();
    await page.getByRole('combobox', { name: exactLabel(v('rule.buyer.resellers')) }).pressSequentially('Fabr');
    await page.getByRole('option', { name: 'Fabrikam Solutions' }).click();
    await page.getByRole('button', { name: v('group.add') }).click();
    await page.getByText(v('group.added', { name: 'Fabrikam Solutions' })).waitFor();
    await page.getByRole('row').filter({ hasText: 'Fabrikam Solutions' }).waitFor();
    await assertAccessible(page, 'group with a member');
    await snap(page, 'price-books-2-group');

    // A fixed 40.00 USD for Office E3 (annual) to Gold.
    await page.goto(`${walk.url}/price-books/${ids.book}`);
    await page.getByRole('heading', { level: 2, name: v('rule.title') }).waitFor();
    await page.getByLabel(exactLabel(v('rule.offer'))).selectOption(ids.office);
    await page.getByRole('radio', { name: v('rule.forGroup') }).check();
    await page.getByLabel(exactLabel(v('rule.group'))).selectOption({ label: 'Gold' });
    await page.getByRole('radio', { name: v('rule.fixed') }).check();
    await page.getByLabel(exactLabel(v('rule.amount'))).fill('40.00');
    assert.equal(await page.getByLabel(exactLabel(v('rule.currency'))).inputValue(), 'USD');
    await page.getByRole('button', { name: v('rule.submit') }).click();
    await page.getByText(v('rule.added')).waitFor();
    const goldRule = page.getByRole('row').filter({ hasText: v('book.group', { name: 'Gold' }) });
    await goldRule.getByText(v('book.fixed', { amount: '$40.00' })).waitFor();
    await goldRule.getByText('Office E3 (annual term, billed monthly)').waitFor();
    await goldRule.getByText('USD').waitFor();

    // The same rule again: the book has it (409 price_entry_exists), said at the offer's field.
    await page.getByRole('button', { name: v('rule.submit') }).click();
    const offerField = page.locator('[data-field-path="/offerId"]');
    await offerField.getByText(v('rule.errors.exists')).waitFor();
    assert.equal(await offerField.getAttribute('data-problem-code'), 'price_entry_exists');
    assert.equal(
      await page
        .getByRole('row')
        .filter({ hasText: v('book.group', { name: 'Gold' }) })
        .count(),
      1,
    );
    await assertAccessible(page, 'duplicate rule refused');
    await snap(page, 'price-books-3-duplicate');

    // A discount past 100% is refused by the API (basis points above -10000), worded in percent at the field.
    await page.getByRole('radio', { name: v('rule.markup') }).check();
    await page.getByLabel(exactLabel(v('rule.offer'))).selectOption('');
    await page.getByRole('radio', { name: v('rule.forEveryone') }).check();
    await page.getByLabel(exactLabel(v('rule.percent'))).fill('-150');
    await page.getByRole('button', { name: v('rule.submit') }).click();
    await page.locator('[data-field-path="/rule/basisPoints"]').getByText(v('rule.errors.percentRange')).waitFor();
    await page.getByLabel(exactLabel(v('rule.percent'))).fill('eight');
    await page.getByRole('button', { name: v('rule.submit') }).click();
    await page.locator('[data-field-path="/rule/basisPoints"]').getByText(v('rule.errors.percent')).waitFor();

    // The books list counts the rules.
    await page.getByRole('link', { name: v('book.back') }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Partner prices 2026' })
      .getByText(v('books.rules_other', { count: 2 }))
      .waitFor();

    // A book made, renamed, and deleted after a confirmation that says what goes with it.
    await page.getByRole('button', { name: v('books.new') }).click();
    const making = page.getByRole('dialog', { name: v('books.new') });
    await making.getByLabel(exactLabel(v('form.name'))).fill('Spring promo');
    await making.getByRole('button', { name: v('form.create') }).click();
    await page.getByRole('heading', { level: 1, name: 'Spring promo' }).waitFor();
    await page.getByText(v('book.empty')).waitFor();
    await page.getByRole('link', { name: v('book.back') }).click();
    await page.getByRole('button', { name: v('books.renameOf', { name: 'Spring promo' }) }).click();
    const renaming = page.getByRole('dialog', { name: v('books.renameOf', { name: 'Spring promo' }) });
    await renaming.getByLabel(exactLabel(v('form.name'))).fill('Spring promo 2026');
    await renaming.getByRole('button', { name: v('form.save') }).click();
    await page.getByRole('button', { name: v('books.deleteOf', { name: 'Spring promo 2026' }) }).click();
    const deleting = page.getByRole('alertdialog', { name: v('books.deleteTitle', { name: 'Spring promo 2026' }) });
    await deleting.getByText(v('books.deleteEmpty')).waitFor();
    await assertAccessible(page, 'delete a book, confirming');
    await snap(page, 'price-books-3b-delete');
    await deleting.getByRole('button', { name: v('books.deleteConfirm') }).click();
    await page.getByText(v('books.deleted', { name: 'Spring promo 2026' })).waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: 'Spring promo' }).count(), 0);

    // The price holds: an order for Fabrikam's customer records 40.00 as the reseller's price (the
    // Gold rule for the offer comes before Fabrikam's own +8% on every offer).
    const customers = (await northwind.get('/v1/customers?search=Blue%20Yonder')).body.items as { id: string }[];
    ids.blue = customers[0]!.id;
    const resellers = (await northwind.get('/v1/indirect-resellers?status=active')).body.items as {
      reseller: { id: string; name: string };
    }[];
    ids.fabrikam = resellers.find((r) => r.reseller.name === 'Fabrikam Solutions')!.reseller.id;
    const placed = await northwind.post(
      `/v1/customers/${ids.blue}/orders`,
      { lines: [{ offerId: ids.office, quantity: 1 }], resellerId: ids.fabrikam },
      { 'idempotency-key': randomUUID() },
    );
    assert.equal(placed.status, 201, placed.raw);
    assert.deepEqual([placed.body.lines[0].unitPriceMinor, placed.body.lines[0].saleUnitPriceMinor], [3600, 4000]);
    await context.close();
  });

  it("in fr on a phone, the reseller changes its Retail book's markup from its rules as cards, and reads its 40.00 price in its customer's orders", async () => {
    const v = words('fr', 'pricing');
    const c = words('fr', 'commerce');
    const fabrikam = walk.t.as({ cookie: await walk.t.signIn('admin@fabrikam.example', DEMO_PASSWORD) });
    assert.equal((await fabrikam.patch('/v1/me', { language: 'fr' })).status, 200);
    const { context, page } = await signedIn('admin@fabrikam.example', 'fr-FR', 390);
    await page.goto(`${walk.url}/price-books`);
    await page.getByRole('heading', { level: 1, name: v('title') }).waitFor();
    const retail = page.getByRole('row').filter({ hasText: 'Retail' });
    await retail.getByText(v('books.rules_one', { count: 1 })).waitFor();
    // A reseller prices only its customers: no audience to choose.
    assert.equal(await page.getByRole('combobox', { name: v('audience.label') }).count(), 0);
    await assertStacked(page, retail, [v('books.columns.name'), v('books.columns.rules'), v('books.columns.updated')]);
    await assertAccessible(page, 'price books, phone');
    await snap(page, 'price-books-4-fr-phone');

    await retail.getByRole('link', { name: 'Retail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Retail' }).waitFor();
    const everyone = page.getByRole('row').filter({ hasText: v('book.everyone') });
    // French puts a narrow no-break space before the percent sign.
    await everyone.getByText(/^\+15\s%$/).waitFor();
    await assertStacked(page, everyone, [v('book.columns.offer'), v('book.columns.for'), v('book.columns.rule')]);
    await assertAccessible(page, 'book rules, phone');
    await snap(page, 'price-books-5-fr-phone-rules');
    await everyone.getByRole('button', { name: v('book.edit') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(exactLabel(v('rule.percent'))).fill('12,5');
    await assertAccessible(page, 'change a markup, phone');
    await snap(page, 'price-books-6-fr-phone-edit');
    await dialog.getByRole('button', { name: v('rule.change') }).click();
    await everyone.getByText(/^\+12,5\s%$/).waitFor();
    const rules = (await fabrikam.get(`/v1/partner/price-books?audience=customers`)).body.items as { id: string }[];
    const entries = await fabrikam.get(`/v1/partner/price-books/${rules[0]!.id}/entries`);
    assert.deepEqual(entries.body.items[0].rule, { kind: 'markup', basisPoints: 1250 });

    // Its buy price for the order Northwind placed: the Gold group's 40.00 USD, in Blue Yonder's order history.
    await page.goto(`${walk.url}/customers/${ids.blue}?tab=orders`);
    const line = c('orders.line', { quantity: '1', name: 'Office E3 (annual term, billed monthly)', price: 'PRICE' });
    const [before, after] = line.split('PRICE') as [string, string];
    const pattern = new RegExp(`${escape(before)}40,00\\s\\$US${escape(after)}`);
    await page.getByText(pattern).first().waitFor();
    await snap(page, 'price-books-7-fr-phone-order');
    await context.close();
  });

  it("in ko, the provider reads its book's rules and its group in Korean", async () => {
    const v = words('ko', 'pricing');
    const northwind = walk.t.as({ cookie: await walk.t.signIn('admin@northwind.example', DEMO_PASSWORD) });
    assert.equal((await northwind.patch('/v1/me', { language: 'ko' })).status, 200);
    const { context, page } = await signedIn('admin@northwind.example', 'ko-KR');
    await page.goto(`${walk.url}/price-books/${ids.book}`);
    await page.getByRole('heading', { level: 2, name: v('book.rulesTitle'), exact: true }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: v('book.group', { name: 'Gold' }) })
      .getByText('USD')
      .waitFor();
    await page.getByRole('row').filter({ hasText: 'Fabrikam Solutions' }).getByText(v('book.allOffers')).waitFor();
    await page.getByRole('heading', { level: 2, name: v('rule.title') }).waitFor();
    await assertAccessible(page, 'book, ko');
    await snap(page, 'price-books-9-ko-book');
    await page.goto(`${walk.url}/price-books?view=groups`);
    await page.getByRole('row').filter({ hasText: 'Gold' }).waitFor();
    await assertAccessible(page, 'groups, ko');
    await snap(page, 'price-books-10-ko-groups');
    assert.equal((await northwind.patch('/v1/me', { language: 'en' })).status, 200);
    await context.close();
  });
});

/** Text as a regular expression that matches it literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
