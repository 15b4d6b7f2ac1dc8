import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { clock, DAY_MS } from '../../src/platform/clock.ts';
import { ProgramFlow, unique } from '../support/program.ts';
import { assertAccessible, consoleWalk, exactLabel, person, skipWithoutBrowser, snap, words } from './support.ts';

/**
 * A partner's global admin, in French, walks its settings: makes an API token and sees it
 * once, turns on two-step verification by reading the key off the page, accepts the partner
 * agreement, and adds a user as admin agent once it granted itself that role (R-ENR-4).
 * Each step is checked against what the API then says.
 */
const skip = skipWithoutBrowser();

describe('Settings in the browser: API token, TOTP, agreement, users (R-ENR-4)', { skip }, () => {
  const walk = consoleWalk();

  it('R-ENR-4: in fr, a partner admin required to use MFA enrols TOTP first, makes a token seen once, accepts the agreement, grants itself admin_agent and adds an admin agent, edits the profile', async () => {
    const { t, url, browser } = walk;
    const operator = (await t.operator()).api;
    const flow = new ProgramFlow(t, operator);
    const partner = await flow.partnerIn('direct_bill', { language: 'fr' });
    const published = await operator.post('/v1/operator/agreements', {
      type: 'partner_agreement',
      version: '2026-12',
      title: 'Contrat partenaire Trellis',
      body: 'Article 1. Le partenaire respecte les règles du programme.',
      effectiveAt: new Date(clock.now().getTime() - DAY_MS).toISOString(),
    });
    assert.equal(published.status, 201, published.raw);
    const mfa = await operator.patch('/v1/operator/settings', { requireMfaForPartnerUsers: true });
    assert.equal(mfa.status, 200, mfa.raw);

    const auth = words('fr', 'auth');
    const common = words('fr', 'common');
    const s = words('fr', 'settings');
    const context = await person(browser, { locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in?next=${encodeURIComponent('/settings/program-info')}`);
    await page.getByLabel(exactLabel(auth('fields.email'))).fill(partner.admin.email);
    await page.getByLabel(exactLabel(auth('fields.password'))).fill('correct horse battery staple');
    await page.getByRole('button', { name: auth('signIn.submit') }).click();

    // The operator requires two-step verification: the console opens on Sign-in and security, and only there,
    // until the key read off the page gives the code an authenticator app would compute.
    await page.getByRole('heading', { level: 1, name: s('security.title') }).waitFor();
    await page.getByText(s('security.totp.requiredTitle')).waitFor();
    assert.deepEqual(await page.getByRole('tab').allTextContents(), [s('nav.security')]);
    assert.equal(await page.getByRole('link', { name: common('nav.programInfo'), exact: true }).count(), 0);
    await page.getByRole('button', { name: s('security.totp.start') }).click();
    await page.getByRole('img', { name: s('security.totp.qrAlt') }).waitFor();
    const key = (await page.getByTestId('totp-secret').textContent())!.trim();
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
      timestamp: clock.now().getTime(),
    });
    await page.getByLabel(exactLabel(s('security.totp.code'))).fill(code);
    await assertAccessible(page, 'security, enrolling');
    await snap(page, 'settings-fr-1-totp');
    await page.getByRole('button', { name: s('security.totp.activate'), exact: true }).click();
    await page.getByText(s('security.totp.activated')).waitFor();
    assert.equal((await partner.api.get('/v1/me')).body.user.mfaEnabled, true);
    await page.getByRole('tab', { name: s('nav.program-info') }).click();

    // Program info, where the enrollment mails lead: the partner agreement waits to be accepted.
    await page.getByRole('heading', { level: 1, name: s('programInfo.title') }).waitFor();
    await page
      .getByRole('link', {
        name: s('programInfo.toAccept', { name: s('agreements.type.partner-agreement'), version: '2026-12' }),
      })
      .waitFor();
    await assertAccessible(page, 'program info');
    await snap(page, 'settings-fr-2-program-info');
    // The Overview's task names the agreement in French by its type, not as the API's slug.
    await page.getByRole('link', { name: common('nav.overview'), exact: true }).click();
    const overview = words('fr', 'overview');
    await page
      .getByRole('link', {
        name: overview('tasks.agreement', { type: s('agreements.type.partner-agreement'), version: '2026-12' }),
      })
      .waitFor();
    assert.equal(await page.getByText('partner-agreement').count(), 0);

    // API tokens: the secret is on the page once, and works.
    await page.getByRole('link', { name: common('nav.apiTokens'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: s('tokens.title') }).waitFor();
    await page.getByLabel(exactLabel(s('tokens.new.name'))).fill('Export de facturation');
    await page.getByRole('button', { name: s('tokens.new.submit') }).click();
    const secret = (await page.getByTestId('api-token-secret').textContent())!.trim();
    await page.getByRole('button', { name: s('tokens.secret.copy') }).waitFor();
    await snap(page, 'settings-fr-3-token-once');
    const asToken = await t.request('GET', '/v1/me', { token: secret });
    assert.equal(asToken.status, 200, asToken.raw);
    assert.equal(asToken.body.authenticatedBy, 'api_token');
    await page.getByRole('button', { name: s('tokens.secret.done') }).click();
    await page.getByRole('row').filter({ hasText: 'Export de facturation' }).getByText(s('tokens.status.active')).waitFor();
    assert.equal(await page.getByTestId('api-token-secret').count(), 0, 'the secret is shown once');

    // Agreements: read the text, tick that it was read, accept.
    await page.getByRole('tab', { name: s('nav.agreements') }).click();
    const agreement = page.getByRole('region', { name: s('agreements.type.partner-agreement') });
    await agreement.getByText('Article 1. Le partenaire respecte les règles du programme.').waitFor();
    const accept = agreement.getByRole('button', { name: s('agreements.accept', { version: '2026-12' }) });
    assert.equal(await accept.isDisabled(), true, 'accepting waits until the text is said to be read');
    await agreement
      .getByLabel(s('agreements.haveRead', { name: s('agreements.type.partner-agreement'), version: '2026-12' }))
      .check();
    await accept.click();
    await agreement.getByText(s('agreements.accepted', { date: '' }).trim(), { exact: false }).waitFor();
    const accepted = await partner.api.get('/v1/agreements/partner-agreement');
    assert.equal(accepted.body.acceptance?.userId, partner.admin.id, accepted.raw);

    // Users: the global admin is refused with R-ENR-4, grants itself admin_agent, then adds an admin agent.
    await page.getByRole('tab', { name: s('nav.users') }).click();
    await page.getByRole('heading', { level: 1, name: s('users.title') }).waitFor();
    await page.getByText(s('users.adminAgent.title')).waitFor();
    const email = `agent-${unique()}@example.com`;
    const addUser = async () => {
      await page.getByRole('button', { name: s('users.add.open') }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(exactLabel(s('users.add.email'))).fill(email);
      await dialog.getByLabel(exactLabel(s('users.add.name'))).fill('Camille Agent');
      await dialog.getByRole('checkbox', { name: common('roles.admin_agent') }).check();
      await dialog.getByRole('button', { name: s('users.add.submit'), exact: true }).click();
      return dialog;
    };
    const refused = await addUser();
    await refused.getByRole('link', { name: common('problems.rule', { rule: 'R-ENR-4' }) }).waitFor();
    // Not a generic "not allowed": what the rule asks, in French, and the way out.
    await refused.getByText(words('fr', 'errors')('refusals.R-ENR-4'), { exact: false }).waitFor();
    assert.equal(await refused.locator('[data-problem-code="forbidden"]').count(), 1);
    await snap(page, 'settings-fr-4-refused');
    await refused.getByRole('button', { name: s('cancel') }).click();
    await page.getByRole('button', { name: s('users.adminAgent.grantSelf') }).click();
    await page.getByRole('button', { name: s('users.adminAgent.grantSelf') }).waitFor({ state: 'detached' });
    await addUser();
    await page.getByText(s('users.add.done', { email })).waitFor();
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByText(s('users.status.invited')).waitFor();
    // Its role reads in French, not as the API names it.
    await row.getByText(common('roles.admin_agent'), { exact: true }).waitFor();
    assert.equal(await row.getByText('admin_agent', { exact: true }).count(), 0);
    await assertAccessible(page, 'users');
    await snap(page, 'settings-fr-5-users');

    // Profile: the legal profile as stored, changed and saved whole.
    await page.getByRole('tab', { name: s('nav.profile') }).click();
    const legalName = page.getByLabel(exactLabel(s('profile.fields.legalName')));
    await legalName.fill('Partenaire Exemple SAS');
    await page.getByRole('button', { name: s('profile.saveLegal') }).click();
    await page.getByText(s('profile.saved')).waitFor();
    await snap(page, 'settings-fr-6-profile');
    await context.close();

    const users = await partner.api.get('/v1/users');
    const added = users.body.items.find((u: { email: string }) => u.email === email);
    assert.deepEqual(added?.roles, ['admin_agent']);
    assert.equal(added?.status, 'invited');
    const admin = users.body.items.find((u: { id: string }) => u.id === partner.admin.id);
    assert.deepEqual([...admin.roles].sort(), ['admin_agent', 'global_admin']);
    assert.ok(
      (await t.mailTo(email)).some((m) => m.template === 'userInvitation'),
      'the new user is mailed its link',
    );
  });
});
