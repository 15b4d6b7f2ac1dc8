import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis, type Response } from '../../../test/support/harness.ts';
import { fullProfile, member, ProgramFlow, unique, type Api } from '../../../test/support/program.ts';
import { clock } from '../../platform/clock.ts';
import { assertProblem } from '../../../test/support/assert.ts';

/** Black-box tests of the partner profile, the partner ID registry, linking a partner ID (R-ENR-1) and offboarding (R-TRN-1). */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
});
after(() => t.close());

/** A 400 whose field errors are exactly these body paths. */
function assertFieldErrors(res: Response, paths: string[]) {
  assertProblem(res, 400, 'invalid_request');
  assert.deepEqual(
    res.body.errors.map((e: { in: string; path: string }) => [e.in, e.path]).sort(),
    paths.map((p) => ['body', p]).sort(),
    res.raw,
  );
}

const emptyProfile = { legalName: null, address: null, primaryContact: null, supportContact: null, partnerId: null };

describe('GET and PUT /v1/partner/profile', () => {
  it('a new partner has an empty profile', async () => {
    const p = await t.tenantWithAdmin('partner');
    const res = await p.api.get('/v1/partner/profile');
    assert.equal(res.status, 200, res.raw);
    assert.deepEqual(res.body, emptyProfile);
  });

  it('sections given replace those stored; sections left out stay', async () => {
    const p = await t.tenantWithAdmin('partner');
    const full = fullProfile('US');

    const first = await p.api.put('/v1/partner/profile', { legalName: full.legalName, address: full.address });
    assert.equal(first.status, 200, first.raw);
    assert.equal(first.body.legalName, full.legalName);
    assert.deepEqual(first.body.address, { ...full.address, line2: null });
    assert.equal(first.body.primaryContact, null);
    assert.equal(first.body.supportContact, null);

    const second = await p.api.put('/v1/partner/profile', { primaryContact: full.primaryContact });
    assert.equal(second.status, 200, second.raw);
    assert.equal(second.body.legalName, full.legalName, 'the legal name stays');
    assert.deepEqual(second.body.address, { ...full.address, line2: null }, 'the address stays');
    assert.deepEqual(second.body.primaryContact, full.primaryContact);

    // A section given again replaces the whole section: line2 and the region go when left out of it.
    const moved = { line1: '500 Pine Street', city: 'Seattle', region: 'WA', postalCode: '98101-1234' };
    const withLine2 = await p.api.put('/v1/partner/profile', { address: { ...moved, line2: 'Suite 10' } });
    assert.equal(withLine2.status, 200, withLine2.raw);
    assert.equal(withLine2.body.address.line2, 'Suite 10');
    const third = await p.api.put('/v1/partner/profile', { address: moved, supportContact: full.supportContact });
    assert.equal(third.status, 200, third.raw);
    assert.deepEqual(third.body.address, { ...moved, line2: null });
    assert.deepEqual(third.body.supportContact, full.supportContact);
    assert.deepEqual(third.body.primaryContact, full.primaryContact, 'the primary contact stays');
    assert.equal(third.body.partnerId, null, 'the partner ID is never set through the profile');

    const read = await p.api.get('/v1/partner/profile');
    assert.deepEqual(read.body, third.body);
  });

  it('contact e-mails are stored in lower case', async () => {
    const p = await t.tenantWithAdmin('partner');
    const tag = unique();
    const res = await p.api.put('/v1/partner/profile', {
      primaryContact: { name: 'Pat', email: `Pat-${tag}@Contoso-${tag}.example`, phone: '+1 425 555 0100' },
      supportContact: { email: `Help-${tag}@Contoso-${tag}.example`, phone: '+1 425 555 0101' },
    });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.primaryContact.email, `pat-${tag}@contoso-${tag}.example`);
    assert.equal(res.body.supportContact.email, `help-${tag}@contoso-${tag}.example`);
    assert.equal(res.body.supportContact.website, null);
  });

  it('an empty, unknown or malformed section is 400 and changes nothing', async () => {
    const p = await t.tenantWithAdmin('partner');
    const full = fullProfile('US');
    assert.equal((await p.api.put('/v1/partner/profile', { legalName: full.legalName })).status, 200);
    assertProblem(await p.api.put('/v1/partner/profile', { partnerId: 'PN-forged' }), 400, 'invalid_request');
    assertProblem(await p.api.put('/v1/partner/profile', { legalName: '' }), 400, 'invalid_request');
    assertProblem(
      await p.api.put('/v1/partner/profile', { primaryContact: { ...full.primaryContact, phone: 'call me' } }),
      400,
      'invalid_request',
    );
    assertProblem(
      await p.api.put('/v1/partner/profile', { address: { city: 'Redmond', region: 'WA', postalCode: '98052' } }),
      400,
      'invalid_request',
    );
    const read = await p.api.get('/v1/partner/profile');
    assert.deepEqual(read.body, { ...emptyProfile, legalName: full.legalName });
  });

  it('a customer tenant has no partner profile: 403 on GET and PUT', async () => {
    const c = await t.tenantWithAdmin('customer');
    assertProblem(await c.api.get('/v1/partner/profile'), 403, 'forbidden');
    assertProblem(await c.api.put('/v1/partner/profile', { legalName: 'Customer Ltd' }), 403, 'forbidden');
  });

  it('the operator has no partner profile (403) and an anonymous caller is 401', async () => {
    assertProblem(await operator.get('/v1/partner/profile'), 403, 'forbidden');
    assertProblem(await t.request('GET', '/v1/partner/profile'), 401, 'unauthenticated');
    assertProblem(await t.request('PUT', '/v1/partner/profile', { body: { legalName: 'X' } }), 401, 'unauthenticated');
  });

  it('only a global admin edits: a sales_agent reads the profile but gets 403 on PUT', async () => {
    const p = await t.tenantWithAdmin('partner');
    assert.equal((await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] })).status, 200);
    const full = fullProfile('US');
    assert.equal((await p.api.put('/v1/partner/profile', { legalName: full.legalName })).status, 200);
    const sales = await member(t, p.api, ['sales_agent']);
    const read = await sales.api.get('/v1/partner/profile');
    assert.equal(read.status, 200, read.raw);
    assert.equal(read.body.legalName, full.legalName);
    const res = await sales.api.put('/v1/partner/profile', { legalName: 'Hijacked Inc.' });
    assertProblem(res, 403, 'forbidden');
    assert.equal((await p.api.get('/v1/partner/profile')).body.legalName, full.legalName);
    // An admin_agent manages users, but not the program profile either.
    const agent = await member(t, p.api, ['admin_agent']);
    assertProblem(await agent.api.put('/v1/partner/profile', { legalName: 'Hijacked Inc.' }), 403, 'forbidden');
  });
});

describe('postal addresses are checked per country', () => {
  it("US: '98052' and '98052-6399' are accepted", async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    for (const postalCode of ['98052', '98052-6399']) {
      const res = await p.api.put('/v1/partner/profile', {
        address: { line1: '1 Main Street', city: 'Redmond', region: 'WA', postalCode },
      });
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.address.postalCode, postalCode);
    }
  });

  it("US: 'ABCDE' is refused with a field error at /address/postalCode and nothing is stored", async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    const res = await p.api.put('/v1/partner/profile', {
      legalName: 'Never Stored Inc.',
      address: { line1: '1 Main Street', city: 'Redmond', region: 'WA', postalCode: 'ABCDE' },
    });
    assertFieldErrors(res, ['/address/postalCode']);
    assert.match(res.body.errors[0].message, /ABCDE/);
    assert.match(res.body.errors[0].message, /US/);
    assert.deepEqual((await p.api.get('/v1/partner/profile')).body, emptyProfile);
  });

  it('US: the state is required (/address/region), and so is the postal code', async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    assertFieldErrors(
      await p.api.put('/v1/partner/profile', { address: { line1: '1 Main Street', city: 'Redmond', postalCode: '98052' } }),
      ['/address/region'],
    );
    assertFieldErrors(
      await p.api.put('/v1/partner/profile', {
        address: { line1: '1 Main Street', city: 'Redmond', region: '  ', postalCode: '98052' },
      }),
      ['/address/region'],
    );
    assertFieldErrors(
      await p.api.put('/v1/partner/profile', { address: { line1: '1 Main Street', city: 'Redmond', region: 'WA' } }),
      ['/address/postalCode'],
    );
    // Every problem of the request at once.
    assertFieldErrors(
      await p.api.put('/v1/partner/profile', {
        address: { line1: '1 Main Street', city: 'Redmond', postalCode: 'ABCDE' },
        primaryContact: { name: 'Pat', email: 'pat@gmail.com', phone: '+1 425 555 0100' },
      }),
      ['/address/postalCode', '/address/region', '/primaryContact/email'],
    );
    assert.equal((await p.api.get('/v1/partner/profile')).body.address, null);
  });

  it("FR: '75001' is accepted without a region; a US-style or short code is refused", async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'FR', language: 'fr' });
    const ok = await p.api.put('/v1/partner/profile', {
      address: { line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001' },
    });
    assert.equal(ok.status, 200, ok.raw);
    assert.deepEqual(ok.body.address, {
      line1: '1 rue de Rivoli',
      line2: null,
      city: 'Paris',
      region: null,
      postalCode: '75001',
    });
    for (const postalCode of ['7500', '98052-6399', 'ABCDE']) {
      assertFieldErrors(
        await p.api.put('/v1/partner/profile', { address: { line1: '1 rue de Rivoli', city: 'Paris', postalCode } }),
        ['/address/postalCode'],
      );
    }
    assert.equal((await p.api.get('/v1/partner/profile')).body.address.postalCode, '75001');
  });

  it('a country whose addresses have no postal code (HK) accepts an address without one', async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'HK' });
    const res = await p.api.put('/v1/partner/profile', { address: { line1: '1 Queen’s Road Central', city: 'Hong Kong' } });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.address.postalCode, null);
  });
});

describe('the primary contact uses an address of the organization', () => {
  for (const domain of ['gmail.com', 'naver.com', 'orange.fr', 'GMail.com']) {
    it(`free webmail (${domain}) is refused with a field error at /primaryContact/email`, async () => {
      const p = await t.tenantWithAdmin('partner');
      const res = await p.api.put('/v1/partner/profile', {
        primaryContact: { name: 'Pat', email: `pat.${unique()}@${domain}`, phone: '+1 425 555 0100' },
      });
      assertFieldErrors(res, ['/primaryContact/email']);
      assert.match(res.body.errors[0].message, /organization/);
      assert.equal((await p.api.get('/v1/partner/profile')).body.primaryContact, null);
    });
  }

  it('an address of the organization is accepted for the primary contact', async () => {
    const p = await t.tenantWithAdmin('partner');
    const res = await p.api.put('/v1/partner/profile', {
      primaryContact: { name: 'Pat', email: 'pat@fabrikam.example', phone: '+1 425 555 0100' },
    });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.primaryContact.email, 'pat@fabrikam.example');
  });
});

describe('the partner ID registry (operator)', () => {
  it('the operator registers, reads and changes an entry; the e-mail is stored in lower case', async () => {
    const partnerId = `PN-${unique()}`;
    const body = { organizationName: 'Fabrikam', countryCode: 'US', accountEmail: 'Owner@Fabrikam.example', active: true };
    const created = await operator.put(`/v1/operator/partner-ids/${partnerId}`, body);
    assert.equal(created.status, 200, created.raw);
    assert.equal(created.body.partnerId, partnerId);
    assert.equal(created.body.accountEmail, 'owner@fabrikam.example');
    assert.equal(created.body.active, true);
    assert.ok(!Number.isNaN(Date.parse(created.body.updatedAt)));

    const read = await operator.get(`/v1/operator/partner-ids/${partnerId}`);
    assert.equal(read.status, 200, read.raw);
    assert.deepEqual(read.body, created.body);

    const changed = await operator.put(`/v1/operator/partner-ids/${partnerId}`, {
      ...body,
      organizationName: 'Fabrikam Ltd',
      countryCode: 'FR',
      active: false,
    });
    assert.equal(changed.status, 200, changed.raw);
    const again = await operator.get(`/v1/operator/partner-ids/${partnerId}`);
    assert.equal(again.body.organizationName, 'Fabrikam Ltd');
    assert.equal(again.body.countryCode, 'FR');
    assert.equal(again.body.active, false);

    const events = await operator.get(`/v1/audit-events?subjectId=${partnerId}`);
    assert.deepEqual(
      events.body.items.map((e: { type: string }) => e.type),
      ['partner_id.updated', 'partner_id.registered'],
    );
  });

  it('an unknown ID is 404; a malformed entry is 400', async () => {
    assertProblem(await operator.get(`/v1/operator/partner-ids/PN-${unique()}`), 404, 'not_found');
    const partnerId = `PN-${unique()}`;
    for (const bad of [
      { organizationName: 'X', countryCode: 'usa', accountEmail: 'a@x.example', active: true },
      { organizationName: 'X', countryCode: 'US', accountEmail: 'not an e-mail', active: true },
      { organizationName: '', countryCode: 'US', accountEmail: 'a@x.example', active: true },
      { organizationName: 'X', countryCode: 'US', accountEmail: 'a@x.example' },
    ]) {
      assertProblem(await operator.put(`/v1/operator/partner-ids/${partnerId}`, bad), 400, 'invalid_request');
    }
    assertProblem(
      await operator.put('/v1/operator/partner-ids/bad id!', {
        organizationName: 'X',
        countryCode: 'US',
        accountEmail: 'a@x.example',
        active: true,
      }),
      400,
      'invalid_request',
    );
    assertProblem(await operator.get(`/v1/operator/partner-ids/${partnerId}`), 404, 'not_found');
  });

  it('partners and customers get 403 on the registry, and cannot register an ID', async () => {
    const { partnerId } = await flow.registerPartnerId();
    const p = await t.tenantWithAdmin('partner');
    const c = await t.tenantWithAdmin('customer');
    const entry = { organizationName: 'Mine now', countryCode: 'US', accountEmail: 'me@mine.example', active: true };
    for (const api of [p.api, c.api]) {
      assertProblem(await api.get(`/v1/operator/partner-ids/${partnerId}`), 403, 'forbidden');
      assertProblem(await api.put(`/v1/operator/partner-ids/${partnerId}`, entry), 403, 'forbidden');
      assertProblem(await api.put(`/v1/operator/partner-ids/PN-${unique()}`, entry), 403, 'forbidden');
    }
    assert.equal(
      (await operator.get(`/v1/operator/partner-ids/${partnerId}`)).body.organizationName,
      `Organization ${partnerId}`,
    );
  });
});

describe('linking a partner ID (R-ENR-1)', () => {
  /** Starts a link for a new US partner and returns what the tests need. */
  async function started(entry: Parameters<ProgramFlow['registerPartnerId']>[0] = {}) {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    const id = await flow.registerPartnerId(entry);
    const res = await p.api.post('/v1/partner/partner-id-links', { partnerId: id.partnerId });
    assert.equal(res.status, 201, res.raw);
    const code = await flow.partnerIdCode(id.accountEmail);
    const verify = (c: string) => p.api.post(`/v1/partner/partner-id-links/${res.body.id}/verification`, { code: c });
    const wrong = code === '000000' ? '000001' : '000000';
    return { p, ...id, link: res.body, code, wrong, verify };
  }

  it('R-ENR-1: an ID not in the registry is 422 partner_id_unknown', async () => {
    const p = await t.tenantWithAdmin('partner');
    const partnerId = `PN-${unique()}`;
    const res = await p.api.post('/v1/partner/partner-id-links', { partnerId });
    assertProblem(res, 422, 'partner_id_unknown');
    assert.equal(res.body.rule, 'R-ENR-1');
    assert.match(res.body.detail, new RegExp(partnerId));
  });

  it('R-ENR-1: an inactive organization profile is 422 partner_id_inactive, and no code is mailed', async () => {
    const p = await t.tenantWithAdmin('partner');
    const { partnerId, accountEmail } = await flow.registerPartnerId({ active: false });
    const res = await p.api.post('/v1/partner/partner-id-links', { partnerId });
    assertProblem(res, 422, 'partner_id_inactive');
    assert.equal(res.body.rule, 'R-ENR-1');
    assert.equal((await t.mailTo(accountEmail)).length, 0);
  });

  it("R-ENR-1: an ID registered in another country than the tenant's is 422 partner_id_country_mismatch", async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    const { partnerId, accountEmail } = await flow.registerPartnerId({ countryCode: 'FR' });
    const res = await p.api.post('/v1/partner/partner-id-links', { partnerId });
    assertProblem(res, 422, 'partner_id_country_mismatch');
    assert.equal(res.body.rule, 'R-ENR-1');
    assert.match(res.body.detail, /FR/);
    assert.match(res.body.detail, /US/);
    assert.equal((await t.mailTo(accountEmail)).length, 0);
    // The same ID works for a tenant in its country.
    const fr = await t.tenantWithAdmin('partner', { countryCode: 'FR' });
    assert.equal((await fr.api.post('/v1/partner/partner-id-links', { partnerId })).status, 201);
  });

  it("R-ENR-1: a valid ID mails a 6-digit code to the registry's account e-mail and answers with the masked address", async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    const { partnerId, accountEmail, organizationName } = await flow.registerPartnerId({
      accountEmail: `Jane.Owner-${unique()}@Registry.example`,
    });
    const before = Date.now();
    const res = await p.api.post('/v1/partner/partner-id-links', { partnerId });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.partnerId, partnerId);
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);
    const [local, domain] = accountEmail.split('@') as [string, string];
    assert.equal(res.body.sentTo, `j${'•'.repeat(local.length - 1)}@${domain}`);
    assert.ok(!res.raw.includes(accountEmail), 'the full address is never shown');
    const ttl = Date.parse(res.body.expiresAt) - before;
    assert.ok(ttl > 29 * 60_000 && ttl <= 31 * 60_000, `expires in ${ttl} ms`);

    const mails = await t.mailTo(accountEmail);
    assert.equal(mails.length, 1);
    const mail = mails[0]!;
    assert.equal(mail.template, 'partnerIdCode');
    const code = /\b(\d{6})\b/.exec(mail.subject)?.[1];
    assert.ok(code, mail.subject);
    assert.match(mail.subject, new RegExp(partnerId));
    assert.ok(mail.textBody.includes(code), 'the code is in the text too');
    assert.ok(mail.textBody.includes(organizationName));
    assert.ok(mail.textBody.includes(p.tenant.name));
    // Starting the link proves nothing yet.
    assert.equal((await p.api.get('/v1/partner/profile')).body.partnerId, null);
  });

  it('the code mail is written in the language of the tenant', async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'FR', language: 'fr' });
    const { partnerId, accountEmail } = await flow.registerPartnerId({ countryCode: 'FR' });
    assert.equal((await p.api.post('/v1/partner/partner-id-links', { partnerId })).status, 201);
    const [mail] = await t.mailTo(accountEmail);
    assert.equal(mail?.language, 'fr');
    assert.match(mail.subject, /^Votre code pour lier l’ID partenaire/);
  });

  it('R-ENR-1: the right code sets profile.partnerId; the link then cannot be used again', async () => {
    const { p, partnerId, code, verify } = await started();
    const res = await verify(code);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.partnerId, partnerId);
    assert.equal((await p.api.get('/v1/partner/profile')).body.partnerId, partnerId);
    assertProblem(await verify(code), 410, 'link_unavailable');
    const events = await p.api.get('/v1/audit-events?type=partner.partner_id_linked');
    assert.equal(events.body.items.length, 1);
    assert.deepEqual(events.body.items[0].after, { partnerId });
  });

  it('R-ENR-1: a partner ID proven by one partner cannot be linked by another', async () => {
    const { partnerId, code, verify } = await started();
    assert.equal((await verify(code)).status, 200);
    const other = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    const res = await other.api.post('/v1/partner/partner-id-links', { partnerId });
    assertProblem(res, 422, 'partner_id_taken');
    assert.equal(res.body.rule, 'R-ENR-1');
  });

  it('R-ENR-1: an ID deactivated between the mail and the code is refused when the code comes', async () => {
    const { p, partnerId, accountEmail, organizationName, code, verify } = await started();
    const off = await operator.put(`/v1/operator/partner-ids/${partnerId}`, {
      organizationName,
      countryCode: 'US',
      accountEmail,
      active: false,
    });
    assert.equal(off.status, 200, off.raw);
    const res = await verify(code);
    assertProblem(res, 422, 'partner_id_inactive');
    assert.equal((await p.api.get('/v1/partner/profile')).body.partnerId, null);
  });

  it('R-ENR-1: a wrong code is 422 invalid_code and counted; the right code still works before the fifth', async () => {
    const { p, partnerId, code, wrong, verify } = await started();
    for (let left = 4; left >= 1; left--) {
      const res = await verify(wrong);
      assertProblem(res, 422, 'invalid_code');
      assert.equal(res.body.rule, 'R-ENR-1');
      assert.match(res.body.detail, new RegExp(`${left} attempt\\(s\\) left`));
    }
    assert.equal((await p.api.get('/v1/partner/profile')).body.partnerId, null);
    const res = await verify(code);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.partnerId, partnerId);
  });

  it('R-ENR-1: after five wrong codes even the right code is 410', async () => {
    const { p, code, wrong, verify } = await started();
    for (let i = 0; i < 5; i++) assertProblem(await verify(wrong), 422, 'invalid_code');
    assertProblem(await verify(code), 410, 'link_unavailable');
    assertProblem(await verify(wrong), 410, 'link_unavailable');
    assert.equal((await p.api.get('/v1/partner/profile')).body.partnerId, null);
  });

  it('R-ENR-1: a code is good for 30 minutes: after 31 it is 410', async () => {
    const { p, code, verify } = await started();
    clock.advance(31 * 60_000);
    try {
      assertProblem(await verify(code), 410, 'link_unavailable');
    } finally {
      clock.reset();
    }
    assert.equal((await p.api.get('/v1/partner/profile')).body.partnerId, null);
  });

  it('R-ENR-1: a new code for the same partner ID revokes the earlier one', async () => {
    const { p, partnerId, accountEmail, code: earlierCode, verify: verifyEarlier } = await started();
    const again = await p.api.post('/v1/partner/partner-id-links', { partnerId });
    assert.equal(again.status, 201, again.raw);
    const laterCode = await flow.partnerIdCode(accountEmail);
    assertProblem(await verifyEarlier(earlierCode), 410, 'link_unavailable');
    const res = await p.api.post(`/v1/partner/partner-id-links/${again.body.id}/verification`, { code: laterCode });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.partnerId, partnerId);
  });

  it('R-ENR-1: five codes a day are sent for one partner ID, whichever partner asks; a day later it may be asked again', async () => {
    const { partnerId, accountEmail } = await flow.registerPartnerId();
    const a = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    const b = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    try {
      for (const p of [a, a, a, b, b]) {
        const res = await p.api.post('/v1/partner/partner-id-links', { partnerId });
        assert.equal(res.status, 201, res.raw);
        clock.advance(60_000);
      }
      for (const p of [a, b]) {
        const refused = await p.api.post('/v1/partner/partner-id-links', { partnerId });
        assertProblem(refused, 429, 'rate_limited');
        const retryAfter = Number(refused.headers['retry-after']);
        assert.ok(retryAfter > 23 * 3600 && retryAfter <= 24 * 3600, `Retry-After: ${retryAfter}`);
      }
      assert.equal((await t.mailTo(accountEmail)).length, 5);
      clock.advance(24 * 3_600_000);
      // Sessions last less than a day: sign in again.
      const later = t.as({ cookie: await t.signIn(b.admin.email) });
      assert.equal((await later.post('/v1/partner/partner-id-links', { partnerId })).status, 201);
    } finally {
      clock.reset();
    }
  });

  it('a partner asks for at most ten codes a day, over all partner IDs', async () => {
    const p = await t.tenantWithAdmin('partner', { countryCode: 'US' });
    const ids = [];
    for (let i = 0; i < 11; i++) ids.push((await flow.registerPartnerId()).partnerId);
    try {
      for (const partnerId of ids.slice(0, 10)) {
        const res = await p.api.post('/v1/partner/partner-id-links', { partnerId });
        assert.equal(res.status, 201, res.raw);
      }
      assertProblem(await p.api.post('/v1/partner/partner-id-links', { partnerId: ids[10] }), 429, 'rate_limited');
      clock.advance(24 * 3_600_000 + 60_000);
      const later = t.as({ cookie: await t.signIn(p.admin.email) });
      assert.equal((await later.post('/v1/partner/partner-id-links', { partnerId: ids[10] })).status, 201);
    } finally {
      clock.reset();
    }
  });

  it("R-ENR-1: another tenant's link id is 404, even with the right code", async () => {
    const { p, link, code, verify } = await started();
    const other = await t.tenantWithAdmin('partner');
    const res = await other.api.post(`/v1/partner/partner-id-links/${link.id}/verification`, { code });
    assertProblem(res, 404, 'not_found');
    assert.equal((await other.api.get('/v1/partner/profile')).body.partnerId, null);
    // The owner's link was not used up by the attempt.
    assert.equal((await verify(code)).status, 200);
    assert.ok((await p.api.get('/v1/partner/profile')).body.partnerId);
  });

  it('an unknown link id is 404; a code that is not six digits is 400', async () => {
    const { verify } = await started();
    const p = await t.tenantWithAdmin('partner');
    assertProblem(
      await p.api.post('/v1/partner/partner-id-links/00000000-0000-4000-8000-000000000000/verification', { code: '123456' }),
      404,
      'not_found',
    );
    for (const code of ['12345', '1234567', 'abcdef']) assertProblem(await verify(code), 400, 'invalid_request');
  });

  it('only a partner global admin links an ID: a customer and a sales_agent get 403', async () => {
    const { partnerId } = await flow.registerPartnerId();
    const c = await t.tenantWithAdmin('customer');
    assertProblem(await c.api.post('/v1/partner/partner-id-links', { partnerId }), 403, 'forbidden');
    const p = await t.tenantWithAdmin('partner');
    assert.equal((await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] })).status, 200);
    const sales = await member(t, p.api, ['sales_agent']);
    assertProblem(await sales.api.post('/v1/partner/partner-id-links', { partnerId }), 403, 'forbidden');
  });
});

describe('identifying a direct-bill partner for offboarding (R-TRN-1)', () => {
  it('R-TRN-1: a partner without an active direct_bill capability is refused with 422', async () => {
    const p = await t.tenantWithAdmin('partner');
    const res = await operator.post(`/v1/operator/partners/${p.tenant.id}/offboarding`);
    assertProblem(res, 422, 'not_direct_bill');
    assert.equal(res.body.rule, 'R-TRN-1');
  });

  it('R-TRN-1: an indirect provider is not a direct-bill partner either', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const info = await provider.api.get('/v1/partner/program-info');
    assert.equal(
      info.body.capabilities.find((c: { capability: string }) => c.capability === 'indirect_provider')?.status,
      'active',
    );
    const res = await operator.post(`/v1/operator/partners/${provider.tenant.id}/offboarding`);
    assertProblem(res, 422, 'not_direct_bill');
    assert.equal(res.body.rule, 'R-TRN-1');
  });

  it('R-TRN-1: a direct-bill partner (enrolled, verified, requirements confirmed, approved) is identified: 204, once', async () => {
    const partner = await flow.partnerIn('direct_bill');
    assert.equal(partner.enrollment.status, 'approved');
    const info = await partner.api.get('/v1/partner/program-info');
    assert.equal(info.body.capabilities.find((c: { capability: string }) => c.capability === 'direct_bill')?.status, 'active');

    const res = await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    assert.equal(res.status, 204, res.raw);
    assert.equal(res.raw, '');
    const flagged = await operator.get(`/v1/operator/partners/${partner.tenant.id}`);
    assert.equal(flagged.status, 200, flagged.raw);
    assert.ok(flagged.body.offboardingIdentifiedAt, 'the partner page shows the flag');
    assert.equal(flagged.body.name, partner.tenant.name);
    assert.equal(flagged.body.profile.partnerId, partner.partnerId);
    // Marking again changes nothing.
    assert.equal((await operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`)).status, 204);
    assert.equal(
      (await operator.get(`/v1/operator/partners/${partner.tenant.id}`)).body.offboardingIdentifiedAt,
      flagged.body.offboardingIdentifiedAt,
    );
    const events = await operator.get(`/v1/audit-events?type=partner.identified_for_offboarding&subjectId=${partner.tenant.id}`);
    assert.equal(events.body.items.length, 1);
  });

  it('an unknown or non-partner tenant is 404; partners and operator support staff get 403', async () => {
    assertProblem(
      await operator.post('/v1/operator/partners/00000000-0000-4000-8000-000000000000/offboarding'),
      404,
      'not_found',
    );
    const c = await t.tenantWithAdmin('customer');
    assertProblem(await operator.post(`/v1/operator/partners/${c.tenant.id}/offboarding`), 404, 'not_found');
    assertProblem(await operator.get(`/v1/operator/partners/${c.tenant.id}`), 404, 'not_found');
    const partner = await flow.partnerIn('direct_bill');
    assertProblem(await partner.api.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`), 403, 'forbidden');
    const support = await member(t, operator, ['support']);
    assertProblem(await support.api.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`), 403, 'forbidden');
    const events = await operator.get(`/v1/audit-events?type=partner.identified_for_offboarding&subjectId=${partner.tenant.id}`);
    assert.equal(events.body.items.length, 0);
  });
});
