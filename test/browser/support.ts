import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../scripts/build-web.ts';
import { TestTrellis } from '../support/harness.ts';

const root = resolve(import.meta.dirname, '..', '..');
export const screenshots = join(root, 'test-results', 'browser');

/** Debian's Chromium, never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INSTALL_HINT = 'apt-get install -y chromium';

/**
 * Whether browser tests can run here. Without a Chromium they are skipped with the command
 * that installs it, unless TRELLIS_REQUIRE_BROWSER is set (CI), where that is a failure.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.TRELLIS_REQUIRE_BROWSER) {
    throw new Error(`no Chromium at ${chromiumPath}, and TRELLIS_REQUIRE_BROWSER is set: ${INSTALL_HINT}`);
  }
  return false;
}

export const skipWithoutBrowser = () =>
  process.env.TRELLIS_SKIP_BROWSER
    ? 'TRELLIS_SKIP_BROWSER is set: browser walks skipped (CI walks them once, in its first pass)'
    : browserAvailable()
      ? false
      : `no Chromium at ${chromiumPath}: browser walks skipped (install it with: ${INSTALL_HINT})`;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** A Trellis listening on a real port (the console needs one), on its own database, in demo mode. */
export async function consoleServer(): Promise<{ t: TestTrellis; url: string }> {
  await ensureWebBuilt({ quiet: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await TestTrellis.start({ config: { publicUrl: url, demo: true, port } });
  await t.trellis.server.listen({ port, host: '127.0.0.1' });
  return { t, url };
}

/**
 * A walk file's console server and browser: started before its tests, closed after them. Read
 * its fields inside a test (they are set once the file's `before` has run).
 */
export function consoleWalk(): { readonly t: TestTrellis; readonly url: string; readonly browser: Browser } {
  const walk = {} as { t: TestTrellis; url: string; browser: Browser };
  before(async () => {
    Object.assign(walk, await consoleServer());
    walk.browser = await launchBrowser();
  });
  after(async () => {
    await walk.browser?.close();
    await walk.t?.close();
  });
  return walk;
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A person: their own browser context (cookies), language and screen. */
export async function person(browser: Browser, options: { locale?: string; width?: number } = {}): Promise<BrowserContext> {
  const locale = options.locale ?? 'en-US';
  return browser.newContext({
    locale,
    extraHTTPHeaders: { 'accept-language': locale },
    viewport: { width: options.width ?? 1280, height: 900 },
  });
}

/** A person signed in through the sign-in page, on their own context, landed in the shell. */
export async function signIn(
  browser: Browser,
  url: string,
  email: string,
  password: string,
  options: { locale?: string; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const locale = options.locale ?? 'en-US';
  const context = await person(browser, { locale, width: options.width });
  const page = await context.newPage();
  const auth = words(locale.slice(0, 2), 'auth');
  await page.goto(`${url}/sign-in`);
  await page.getByLabel(exactLabel(auth('fields.email'))).fill(email);
  await page.getByLabel(exactLabel(auth('fields.password'))).fill(password);
  await page.getByRole('button', { name: auth('signIn.submit') }).click();
  await page.getByTestId('tenant-name').waitFor();
  return { context, page };
}

/** The console's words, as the walks expect to read them on the page. */
export function words(language: string, namespace: string): (key: string, values?: Record<string, string | number>) => string {
  const file = JSON.parse(readFileSync(join(root, 'web', 'src', 'i18n', 'locales', language, `${namespace}.json`), 'utf8'));
  return (key, values = {}) => {
    const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], file);
    assert.equal(typeof found, 'string', `no ${language}/${namespace} key ${key}`);
    return (found as string).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(values[name] ?? `{{${name}}}`));
  };
}

/** Keeps a screenshot of what the person sees, under test-results/browser/. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/**
 * axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A and AA).
 * The violations found are named in the failure, with the elements they concern.
 */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  // Fluent fades dialogs and message bars in: colours measured mid-fade fail contrast that the
  // settled page meets, so axe looks once the page's animations have finished.
  // (A spinner's endless turn is not a fade: it is not waited for.)
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  const source = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the console's CSP rightly refuses inline scripts.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: unknown,
            o: unknown,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    // Fluent's focus manager (tabster) puts hidden focus guards at the edges of menus and
    // drawers that hand focus on at once: axe cannot know that, so they are left out.
    const result = await axe.run(
      { exclude: [['[data-tabster-dummy]']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } },
    );
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(grave, [], `${where}: ${grave.length} serious or critical accessibility violation(s)`);
}

/** A field's label exactly (a required field's label ends with its asterisk). */
export function exactLabel(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`);
}

/**
 * The page's scroll width once a resize has settled. The shell closes its menu on the media
 * query's change event, a render after the resize itself, so an immediate read can still see
 * the wide layout; a page that stays too wide is reported with its real width after 5 s.
 */
export async function settledWidth(page: Page): Promise<number> {
  const width = page.viewportSize()!.width;
  await page.waitForFunction((w) => document.documentElement.scrollWidth === w, width, { timeout: 5000 }).catch(() => undefined);
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * On a phone a list's rows are cards, not a table scrolling sideways: the page is no wider than
 * the screen, the row stacks its cells, and each cell shows its column's name beside its value.
 */
export async function assertStacked(page: Page, row: Locator, labels: readonly string[]): Promise<void> {
  const width = page.viewportSize()!.width;
  assert.equal(await settledWidth(page), width, 'the page does not scroll sideways');
  assert.equal(await row.evaluate((tr) => getComputedStyle(tr).flexDirection), 'column', 'the row is a card');
  const shown = await row
    .locator('td[data-label]')
    .evaluateAll((cells) => cells.map((td) => getComputedStyle(td, '::before').content.replace(/^"|"$/g, '')));
  for (const label of labels) assert.ok(shown.includes(label), `a cell is labelled ${label} (labels: ${shown.join(', ')})`);
}
