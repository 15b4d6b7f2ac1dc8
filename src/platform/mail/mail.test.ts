import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { mailMessages } from '../db/schema.ts';
import { eventually } from '../../../test/support/eventually.ts';
import { startSmtpSink } from '../../../test/support/smtp.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { renderMail } from './render.ts';
import { languages, templates, type TemplateName } from './templates/index.ts';

const sample = {
  welcome: { name: 'Ada <b>', tenantName: 'Adatum & Co', kind: 'customer', signInUrl: 'http://trellis.test/sign-in' },
  userInvitation: {
    name: 'Ada',
    tenantName: 'Adatum',
    inviterName: 'Bob',
    url: 'http://trellis.test/password-setup?token=x',
    days: 7,
  },
  apiTokenCreated: {
    name: 'Ada',
    tokenName: 'ci',
    expiresOn: '2027-01-01',
    tokensUrl: 'http://trellis.test/settings/api-tokens',
  },
  mfaEnabled: { name: 'Ada' },
  passwordReset: { name: 'Ada', url: 'http://trellis.test/password-setup?token=y', minutes: 60 },
  passwordChanged: { name: 'Ada', revokedTokens: 2, keptTokens: 0, resetUrl: 'http://trellis.test/password-reset' },
  signUpConfirmation: {
    name: 'Ada',
    tenantName: 'Adatum',
    kind: 'customer',
    url: 'http://trellis.test/sign-up/confirm?token=s',
    hours: 24,
  },
  signUpExisting: { name: 'Ada', signInUrl: 'http://trellis.test/sign-in', resetUrl: 'http://trellis.test/password-reset' },
  partnerIdCode: { organization: 'Adatum', partnerId: '1234567', tenantName: 'Adatum', code: '012345', minutes: 30 },
  enrollmentVerification: {
    name: 'Ada',
    tenantName: 'Adatum',
    program: 'indirect_reseller',
    url: 'http://trellis.test/verify?token=z',
    days: 7,
  },
  enrollmentUnderReview: {
    name: 'Ada',
    tenantName: 'Adatum',
    program: 'direct_bill',
    programInfoUrl: 'http://trellis.test/program-info',
  },
  enrollmentApproved: {
    name: 'Ada',
    tenantName: 'Adatum',
    program: 'indirect_provider',
    programInfoUrl: 'http://trellis.test/program-info',
  },
  reviewDeadlineReminder: {
    name: 'Rita',
    tenantName: 'Contoso',
    dueAt: '2026-11-30',
    queueUrl: 'http://trellis.test/operator/enrollments',
  },
  partnershipInvitation: { providerName: 'Northwind', market: 'United States', url: 'http://trellis.test/links/x', days: 7 },
  relationshipRequest: { partnerName: 'Fabrikam', providerName: 'Northwind', url: 'http://trellis.test/links/y', days: 7 },
  incentiveInvitation: { organization: 'Contoso', programName: 'Reseller Growth', url: 'http://trellis.test/incentives' },
  enrollmentRejected: {
    name: 'Ada',
    tenantName: 'Adatum',
    program: 'direct_bill',
    reason: 'incomplete',
    programInfoUrl: 'http://trellis.test/program-info',
  },
  adminGrantRequest: {
    partnerName: 'Fabrikam',
    grantorName: 'Contoso',
    roles: ['user_admin'],
    days: 30,
    autoExtend: false,
    widens: false,
    message: null,
    url: 'http://trellis.test/links/z',
    expiresInDays: 90,
  },
  adminGrantRequestDecided: {
    grantorName: 'Contoso',
    approved: true,
    roles: ['user_admin'],
    days: 30,
    narrowed: false,
    reason: null,
    url: 'http://trellis.test/admin-grant-requests/1',
  },
  adminGrantExpiring: {
    name: 'Ada',
    side: 'grantee',
    otherName: 'Contoso',
    roles: 'user_admin',
    endsAt: '2027-06-30 12:00 UTC',
    url: 'http://trellis.test/admin-grants',
    days: 7,
  },
  adminGrantExpired: {
    name: 'Ada',
    side: 'grantor',
    otherName: 'Fabrikam',
    roles: 'user_admin',
    endsAt: '2027-06-30 12:00 UTC',
    url: 'http://trellis.test/admin-grants',
  },
  adminGrantExtended: {
    name: 'Ada',
    side: 'grantor',
    otherName: 'Fabrikam',
    roles: 'user_admin',
    endsAt: '2027-12-27 12:00 UTC',
    url: 'http://trellis.test/admin-grants',
    days: 180,
  },
  adminGrantEnded: {
    name: 'Ada',
    grantorName: 'Contoso',
    endedBy: 'Bob',
    roles: 'user_admin',
    endedAt: '2027-01-01 09:00 UTC',
    url: 'http://trellis.test/admin-grants',
  },
  orderHeld: {
    name: 'Ada',
    resellerName: 'Fabrikam <Solutions>',
    customerName: 'Blue Yonder & Co',
    amount: '13.20 USD',
    limit: '50.00 USD',
    balance: '52.80 USD',
    url: 'http://trellis.test/held-orders?order=00000000-0000-4000-8000-000000000001',
  },
  subscriptionRenewalNotice: {
    name: 'Ada',
    customerName: 'Fourth Coffee',
    offerName: 'Office E3',
    subscriptionId: '5b0c8a52-0000-4000-8000-000000000001',
    renews: true,
    date: '2027-06-30 12:00 UTC',
    days: 7,
    quantity: 25,
    url: 'http://trellis.test/customers/1',
  },
} satisfies { [N in TemplateName]: Parameters<(typeof templates)[N]['en']>[0] };

describe('mail templates', () => {
  it('every template renders in English, Korean and French, with a plain-text and an HTML part', () => {
    for (const name of Object.keys(templates) as TemplateName[]) {
      const subjects = new Set<string>();
      for (const lang of languages) {
        const mail = renderMail(name, lang, sample[name] as never);
        assert.equal(mail.language, lang);
        assert.ok(mail.subject.length > 0 && mail.text.length > 0 && mail.html.startsWith('<!doctype html>'), `${name}/${lang}`);
        subjects.add(mail.subject);
      }
      assert.equal(subjects.size, languages.length, `${name} has a subject per language`);
    }
  });

  it('falls back to English for a language Trellis does not speak', () => {
    assert.equal(renderMail('mfaEnabled', 'de', { name: 'Ada' }).language, 'en');
  });

  it('escapes data in the HTML part and keeps it as written in the text part', () => {
    const mail = renderMail('welcome', 'en', sample.welcome);
    assert.match(mail.html, /Ada &lt;b&gt;/);
    assert.match(mail.html, /Adatum &amp; Co/);
    assert.doesNotMatch(mail.html, /<b>/);
    assert.match(mail.text, /Ada <b>/);
  });
});

describe('mail through a real SMTP server', () => {
  let t: TestTrellis;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  before(async () => {
    sink = await startSmtpSink();
    t = await TestTrellis.start({ config: { smtpUrl: sink.url }, worker: true });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  it('the worker consumes the sign-up event and delivers the welcome mail in the recipient language', async () => {
    const { admin } = await t.signUp('customer', { language: 'fr', email: 'ada@adatum-smtp.example' });
    // No runOnce here: the commit wakes the pg-boss worker, which dispatches the event and sends.
    // The sign-up's confirmation went out first; the welcome follows the confirmed sign-up.
    const mail = await sink.waitFor(
      (m) => m.to !== undefined && JSON.stringify(m.to).includes(admin.email) && /Bienvenue/.test(m.subject ?? ''),
    );
    assert.match(mail.text ?? '', /Se connecter: http:\/\/trellis\.test\/sign-in/);
    assert.match(String(mail.html), /<a href="http:\/\/trellis\.test\/sign-in">/);
    assert.equal(mail.headers.get('content-language'), 'fr');
    await eventually(async () => {
      const [row] = await t.db
        .select()
        .from(mailMessages)
        .where(and(eq(mailMessages.toAddress, admin.email), eq(mailMessages.template, 'welcome')));
      assert.equal(row?.status, 'sent');
      assert.ok(row?.sentAt);
    });
  });
});

describe('mail when the SMTP server fails', () => {
  let t: TestTrellis;
  before(async () => {
    // Port 9 (discard) is closed here: every delivery attempt fails.
    t = await TestTrellis.start({ config: { smtpUrl: 'smtp://127.0.0.1:9?ignoreTLS=true&connectionTimeout=2000' } });
  });
  after(() => t.close());

  it('keeps the message queued with the error, and gives up after five attempts', async () => {
    const { admin } = await t.signUp('customer');
    let [row] = await t.mailTo(admin.email);
    assert.equal(row?.status, 'queued');
    assert.equal(row?.attempts, 1);
    assert.ok(row?.lastError);
    for (let i = 0; i < 4; i++) await t.trellis.worker.deliverMail();
    [row] = await t.mailTo(admin.email);
    assert.equal(row?.status, 'failed');
    assert.equal(row?.attempts, 5);
  });
});

describe('mail without SMTP (demo mode)', () => {
  let t: TestTrellis;
  before(async () => {
    t = await TestTrellis.start({ config: { demo: true } });
  });
  after(() => t.close());

  it('holds messages in the outbox and shows them in the dev mailbox', async () => {
    const { admin } = await t.signUp('partner', { language: 'ko' });
    const [row] = await t.mailTo(admin.email);
    assert.equal(row?.status, 'held');
    const res = await t.request('GET', `/v1/dev/mailbox?to=${encodeURIComponent(admin.email)}`);
    assert.equal(res.status, 200);
    // The sign-up's confirmation, then the welcome, newest first.
    assert.deepEqual(
      res.body.items.map((m: { template: string }) => m.template),
      ['welcome', 'signUpConfirmation'],
    );
    assert.equal(res.body.items[0].language, 'ko');
    assert.match(res.body.items[0].subject, /환영합니다/);
  });
});

describe('the dev mailbox outside demo mode', () => {
  let t: TestTrellis;
  before(async () => {
    t = await TestTrellis.start();
  });
  after(() => t.close());

  it('does not exist', async () => {
    const res = await t.request('GET', '/v1/dev/mailbox');
    assert.equal(res.status, 404);
  });
});
