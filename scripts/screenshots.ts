/**
 * The README's tour: the console's main pages as the demo's people see them, captured at
 * 1280x800 into docs/screenshots/*.png.
 *
 *   npm run screenshots                                   starts its own demo server
 *   TRELLIS_URL=http://localhost:3000 npm run screenshots  uses one already running (npm start)
 *
 * Without TRELLIS_URL it builds the console when its sources changed, starts `trellis serve
 * --demo` on the embedded database in a fresh temporary data folder and a free port, and stops
 * it at the end. On the way it does what the pictures need through the API, as the demo's
 * people would: three partners enroll (Contoso's move to indirect reseller, Woodgrove and
 * Hanbit, whose contacts confirm from the mailed link), so that the operator's reviewers have a
 * queue; Blue Yonder's admin chooses the demo password from a forgotten-password link;
 * Northwind's admin starts setting up an authenticator app. With TRELLIS_URL that happens in
 * that server's data.
 *
 * Needs Debian's Chromium (apt-get install -y chromium) and, for the Korean page, a CJK font:
 * apt-get install -y fonts-noto-cjk (without it, Korean words are drawn as empty boxes).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type APIResponse, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { ensureWebBuilt } from './build-web.ts';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const viewport = { width: 1280, height: 800 };

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.once('error', fail);
  });
}

/** The demo server: TRELLIS_URL's, or one of our own on a fresh data folder. */
async function demoServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.TRELLIS_URL;
  if (given) return { url: given.replace(/\/+$/, ''), stop: async () => {} };
  await ensureWebBuilt();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'trellis-screenshots-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    TRELLIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL; // the embedded database, as `npm start` has it
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--demo'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    let banner = '';
    child.stdout.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('Trellis is running')) ready();
    });
    child.once('exit', (code) => fail(new Error(`the demo server stopped before it was ready (exit ${code}):\n${banner}`)));
  });
  console.log(`demo server at ${url} (data in ${dataDir})`);
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A person's browser: its own cookies and language, signed in as `email` when given. */
async function person(browser: Browser, url: string, email: string | null, locale = 'en-US'): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: url,
    viewport,
    locale,
    colorScheme: 'light',
    extraHTTPHeaders: { 'accept-language': locale },
  });
  if (email) {
    const res = await signIn(context, email);
    if (!res.ok()) throw new Error(`sign-in of ${email}: ${res.status()} ${await res.text()}`);
  }
  return context;
}

/** Signs in; sign-ins from one address are rate limited, so a 429 waits as its Retry-After says. */
async function signIn(context: BrowserContext, email: string): Promise<APIResponse> {
  for (;;) {
    const res = await context.request.post('/v1/sessions', { data: { email, password: DEMO_PASSWORD } });
    if (res.status() !== 429) return res;
    const seconds = Number(res.headers()['retry-after'] ?? 5);
    console.log(`sign-in rate limited: waiting ${seconds} s`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }
}

/** From the demo mailbox: the token that `pattern` finds in the newest mail to `to` that has one. */
async function mailedToken(context: BrowserContext, to: string, pattern: RegExp): Promise<string> {
  const res = await context.request.get(`/v1/dev/mailbox?to=${encodeURIComponent(to)}&limit=50`);
  if (!res.ok()) throw new Error(`demo mailbox: ${res.status()} (is this a demo server?)`);
  const { items } = (await res.json()) as { items: { text: string }[] };
  for (const mail of items) {
    const token = pattern.exec(mail.text)?.[1];
    if (token) return token;
  }
  throw new Error(`no mail to ${to} holds ${String(pattern)}`);
}

/** A POST that must succeed, or answer one of the `already` statuses (an earlier run against the same server). */
async function post(context: BrowserContext, path: string, data: unknown, already: number[] = []): Promise<void> {
  const res = await context.request.post(path, { data });
  if (!res.ok() && !already.includes(res.status())) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
}

/**
 * The demo's customers made by their partners have an admin without a password: it chooses one
 * (the demo's) from a forgotten-password link, unless an earlier run did.
 */
async function choosePassword(browser: Browser, url: string, email: string): Promise<void> {
  const context = await person(browser, url, null);
  if (!(await signIn(context, email)).ok()) {
    await post(context, '/v1/password-resets', { email });
    const token = await mailedToken(context, email, /password-setup\?token=([A-Za-z0-9_-]+)/);
    await post(context, '/v1/password-setups', { token, password: DEMO_PASSWORD });
  }
  await context.close();
}

/** Partners that enroll, so that the operator's reviewers have a queue (seeds 000 and 001). */
async function fillReviewQueue(browser: Browser, url: string): Promise<void> {
  const contoso = await person(browser, url, 'admin@contoso.example');
  // R-TRN-1, R-TRN-4: identified by the operator in the demo; in review at once, with its deadline.
  await post(contoso, '/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true }, [409, 422]);
  await contoso.close();
  for (const [email, contact] of [
    ['admin@woodgrove.example', 'contact@woodgrove.example'],
    ['admin@hanbit.example', 'contact@hanbit.example'],
  ] as const) {
    const partner = await person(browser, url, email);
    const res = await partner.request.post('/v1/enrollments', { data: { program: 'indirect_reseller' } });
    if (res.ok()) {
      // R-ENR-2: the primary contact confirms from the mailed link; then it waits for review.
      const token = await mailedToken(partner, contact, /token=([A-Za-z0-9_-]+)/);
      await post(partner, '/v1/email-verifications', { token });
    } else if (res.status() !== 409 && res.status() !== 422) {
      throw new Error(`enrollment of ${email}: ${res.status()} ${await res.text()}`);
    }
    await partner.close();
  }
}

/** Waits for web fonts and for charts and transitions to settle, then captures the viewport. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600);
  const path = join(out, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  console.log(`${name}.png  ${Math.round(statSync(path).size / 1024)} KB`);
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const server = await demoServer();
  const { url } = server;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    await fillReviewQueue(browser, url);

    // The distributor (indirect provider): its Overview with the dashboard's charts.
    const northwind = await person(browser, url, 'admin@northwind.example');
    let page = await northwind.newPage();
    await page.goto('/');
    await page.locator('section[aria-labelledby="dashboard-title"] svg').first().waitFor();
    await shoot(page, 'provider-overview');

    // Its indirect resellers: readiness, invitations.
    await page.goto('/indirect-resellers');
    await page.getByRole('table').first().waitFor();
    await shoot(page, 'indirect-resellers');

    // Its customers, one row opened on its account, users and relationships.
    await page.goto('/customers');
    const expand = page.getByRole('button', { name: /^Show the record of / }).first();
    await expand.click();
    await page.locator('[aria-expanded="true"]').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shoot(page, 'customers');

    // Security settings: setting up an authenticator app, its QR code drawn in the browser.
    await page.goto('/settings/security');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code of your authenticator key' }).waitFor();
    await shoot(page, 'security-totp');
    await northwind.close();

    // A mailed link's landing page: Northwind's invitation, read by a reseller's global admin
    // (the invitation went to a company without an account; any reseller's admin may accept it).
    const reseller = await person(browser, url, 'admin@fabrikam.example');
    const invitation = await mailedToken(reseller, 'owner@alpine-it.example', /\/links\/([A-Za-z0-9_-]+)/);
    page = await reseller.newPage();
    await page.goto(`/links/${invitation}`);
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Authorize indirect provider' }).waitFor();
    await shoot(page, 'link-authorize-provider');
    await reseller.close();

    // The customer admin: the admin grants it gave its partners, over time.
    await choosePassword(browser, url, 'it@blueyonder.example');
    const customer = await person(browser, url, 'it@blueyonder.example');
    page = await customer.newPage();
    await page.goto('/admin-grants?side=given');
    await page.getByRole('figure', { name: 'Grants over time' }).locator('svg').first().waitFor();
    await shoot(page, 'customer-grants');
    await customer.close();

    // The reseller that moved from direct bill: its customers going to Northwind, in one bulk move.
    const relecloud = await person(browser, url, 'admin@relecloud.example');
    const moves = (await (await relecloud.request.get('/v1/bulk-moves')).json()) as { items: { id: string }[] };
    const moveId = moves.items[0]!.id;
    // Two customers a minute: until the first store-channel customer (the third) has been reported.
    for (let tries = 0; tries < 60; tries++) {
      const move = (await (await relecloud.request.get(`/v1/bulk-moves/${moveId}`)).json()) as { failed: number; status: string };
      if (move.failed > 0 || !['queued', 'running'].includes(move.status)) break;
      if (tries === 0) console.log('waiting for the bulk move to reach a store-channel customer');
      await new Promise((r) => setTimeout(r, 5000));
    }
    page = await relecloud.newPage();
    await page.goto(`/bulk-moves/${moveId}`);
    await page.getByRole('progressbar').waitFor();
    await shoot(page, 'bulk-move');
    await relecloud.close();

    // The vendor's reviewers: the enrollment queue with its deadlines, and the enrollment funnel.
    const operator = await person(browser, url, 'operator@trellis.example');
    page = await operator.newPage();
    await page.goto('/operator/enrollments');
    await page.getByRole('table').first().waitFor();
    await page.locator('section[aria-labelledby="funnel-title"] svg').first().waitFor();
    await page.locator('section[aria-labelledby="deadlines-title"] svg').first().waitFor();
    await shoot(page, 'operator-reviews');

    // In dark: the operator's partners, searchable by name, country, capability and status.
    page = await operator.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/operator/partners');
    await page.getByRole('table').first().waitFor();
    await shoot(page, 'dark-operator-partners');
    await operator.close();

    // In Korean: Hanbit Partners' admin, whose language is Korean, on its Overview.
    const hanbit = await person(browser, url, 'admin@hanbit.example', 'ko-KR');
    page = await hanbit.newPage();
    await page.goto('/');
    await page.locator('html[lang="ko"]').waitFor();
    await page.getByRole('heading').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shoot(page, 'ko-overview');
    await hanbit.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
