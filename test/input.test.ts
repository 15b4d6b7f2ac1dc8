import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from './support/assert.ts';
import { onPostgres, TestTrellis, type Response } from './support/harness.ts';
import { fullProfile, ProgramFlow, unique, type Api, type ProgramPartner } from './support/program.ts';

/** Input no handler should ever see: NUL characters, cross-site writes, unsafe URLs, racing duplicates. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let provider: ProgramPartner;
let direct: ProgramPartner;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  provider = await flow.partnerIn('indirect_provider');
  direct = await flow.partnerIn('direct_bill');
});
after(() => t.close());

const settle = <T>(calls: Promise<T>[]) =>
  onPostgres
    ? Promise.all(calls)
    : calls.reduce<Promise<T[]>>(async (done, c) => [...(await done), await c], Promise.resolve([]));

describe('NUL characters', () => {
  it('a NUL anywhere in a body, a query or a path is a 400 naming the field, never a 500', async () => {
    const cases: [string, string, unknown, string, string][] = [
      ['POST', '/v1/sessions', { email: 'a\u0000@example.com', password: 'x' }, 'body', '/email'],
      ['POST', '/v1/password-resets', { email: 'reset\u0000@example.com' }, 'body', '/email'],
      ['PUT', '/v1/partner/profile', { legalName: 'Legal\u0000 Inc.' }, 'body', '/legalName'],
      [
        'PUT',
        '/v1/partner/profile',
        { primaryContact: { name: 'N\u0000', email: 'p@company.example', phone: '+1 425 555 0100' } },
        'body',
        '/primaryContact/name',
      ],
      ['POST', '/v1/partnership-invitations', { email: 'x@example.com', 'note\u0000': 1 }, 'body', '/note\u0000'],
      ['GET', '/v1/customers?search=tr%00ey', undefined, 'query', '/search'],
      ['GET', '/v1/directory/providers?market=United%00States', undefined, 'query', '/market'],
      [
        'PUT',
        `/v1/operator/partner-ids/PN-${unique()}%00`,
        { organizationName: 'O', countryCode: 'US', accountEmail: 'a@b.example', active: true },
        'params',
        '/partnerId',
      ],
    ];
    for (const [method, url, body, where, path] of cases) {
      const api = url.includes('/operator/') ? operator : provider.api;
      const res: Response = await api[method.toLowerCase() as 'get'](url, body);
      assertProblem(res, 400, 'invalid_request');
      assert.ok(
        res.body.errors.some((e: { in: string; path: string }) => e.in === where && e.path === path),
        `${method} ${url}: ${res.raw}`,
      );
    }
  });
});

describe('cross-site writes', () => {
  it('a write from another origin, or that the browser marks cross-site, is refused before it reaches a handler', async () => {
    const body = { email: provider.admin.email, password: 'wrong password' };
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://attacker.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await t.request('POST', '/v1/sessions', { body, headers });
      assertProblem(res, 403, 'cross_site_request');
    }
    // A form post as text/plain with the session cookie: refused, and nothing changed.
    const before = (await provider.api.get('/v1/partnership-invitations')).body.items.length;
    const forged = await t.request('POST', '/v1/partnership-invitations', {
      cookie: provider.cookie,
      body: JSON.stringify({ email: `victim-${unique()}@example.com` }),
      headers: { 'content-type': 'text/plain', origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
    });
    assertProblem(forged, 403, 'cross_site_request');
    assert.equal((await provider.api.get('/v1/partnership-invitations')).body.items.length, before);
  });

  it('same-origin pages, the public URL, reads and API-token clients pass', async () => {
    const wrong = { email: provider.admin.email, password: 'wrong password' };
    const sameOrigin = await t.request('POST', '/v1/sessions', {
      body: wrong,
      headers: { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
    });
    assert.equal(sameOrigin.status, 401, sameOrigin.raw);
    const publicUrl = await t.request('POST', '/v1/sessions', { body: wrong, headers: { origin: 'http://trellis.test' } });
    assert.equal(publicUrl.status, 401, publicUrl.raw);
    const read = await t.request('GET', '/v1/me', { cookie: provider.cookie, headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(read.status, 200, read.raw);
    const token = (await provider.api.post('/v1/api-tokens', { name: 'sync', expiresInDays: 1 })).body.token as string;
    const viaToken = await t.request('POST', '/v1/partnership-invitations', {
      token,
      body: { email: `token-${unique()}@example.com` },
      headers: { origin: 'https://integration.example' },
    });
    assert.equal(viaToken.status, 201, viaToken.raw);
  });
});

describe('web addresses', () => {
  it('website fields take only http(s) addresses', async () => {
    for (const website of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'ftp://files.example',
    ]) {
      const profile = await direct.api.put('/v1/partner/profile', {
        supportContact: { ...fullProfile().supportContact, website },
      });
      assertProblem(profile, 400, 'invalid_request');
      assert.equal(profile.body.errors[0].path, '/supportContact/website', profile.raw);
      const entry = await provider.api.put('/v1/partner/directory-entry', { website });
      assertProblem(entry, 400, 'invalid_request');
    }
    const ok = await direct.api.put('/v1/partner/profile', {
      supportContact: { ...fullProfile().supportContact, website: 'HTTPS://help.example/x' },
    });
    assert.equal(ok.status, 200, ok.raw);
  });
});

describe('CSV exports', () => {
  it('cells that a spreadsheet would run as formulas are exported as text', async () => {
    for (const name of ['=HYPERLINK("https://attacker.example")', '+1+1', '-2+3', '@SUM(A1)']) {
      const tag = unique();
      const res = await direct.api.post('/v1/customers', {
        companyName: name,
        primaryDomain: `formula-${tag}.example`,
        countryCode: 'US',
        admin: { name: 'Formula', email: `admin@formula-${tag}.example` },
      });
      assert.equal(res.status, 201, res.raw);
    }
    const csv = (await direct.api.get('/v1/customers/export')).raw;
    for (const cell of [`"'=HYPERLINK(""https://attacker.example"")"`, `'+1+1`, `'-2+3`, `'@SUM(A1)`]) {
      assert.ok(csv.includes(cell), `${cell} in\n${csv}`);
    }
    assert.doesNotMatch(csv, /(^|,)[=+\-@]/m);
  });
});

describe('duplicates made at the same moment', () => {
  it(`${onPostgres ? '10 concurrent' : '10 sequential (PGlite)'} invitations to one address: one is sent, the others are 409, none is a 500`, async () => {
    const email = `race-${unique()}@reseller.example`;
    const results = await settle(Array.from({ length: 10 }, () => provider.api.post('/v1/partnership-invitations', { email })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join());
    for (const r of results.filter((r) => r.status !== 201)) assertProblem(r, 409, 'invitation_pending');
  });

  it(`${onPostgres ? 'concurrent' : 'sequential (PGlite)'} acceptances of two links for the same relationship make one relationship, and no 500`, async () => {
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    const links: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await direct.api.post('/v1/relationship-requests', { email: `it-${unique()}@prospect.example` });
      assert.equal(created.status, 201, created.raw);
      links.push((created.body.link as string).split('/links/')[1]!);
    }
    const results = await settle(links.map((token) => customer.api.post(`/v1/links/${token}/acceptance`, {})));
    assert.ok(
      results.some((r) => r.status === 201),
      results.map((r) => r.raw).join('\n'),
    );
    for (const r of results.filter((r) => r.status !== 201)) assertProblem(r, 409, 'relationship_exists');
    const listed = (await direct.api.get('/v1/customers')).body.items.filter((c: { id: string }) => c.id === customer.tenant.id);
    assert.equal(listed.length, 1);
  });

  it('a partner whose capability was removed enrolls again and is approved: the earlier approval ends', async () => {
    const partner = await flow.partnerIn('indirect_provider');
    const removed = await operator.delete(`/v1/operator/partners/${partner.tenant.id}/capabilities/indirect_provider`);
    assert.equal(removed.status, 204, removed.raw);
    const again = await flow.join(partner, 'indirect_provider');
    assert.equal(again.status, 'approved');
    const mine = (await partner.api.get('/v1/enrollments')).body.items as { id: string; status: string }[];
    assert.deepEqual(mine.map((e) => e.status).sort(), ['approved', 'ended']);
    assert.equal(mine.find((e) => e.id === partner.enrollment.id)?.status, 'ended');
    const info = (await partner.api.get('/v1/partner/program-info')).body;
    assert.ok(
      info.capabilities.some(
        (c: { capability: string; status: string }) => c.capability === 'indirect_provider' && c.status === 'active',
      ),
    );
  });

  it(`${onPostgres ? 'concurrent' : 'sequential (PGlite)'} users added with one address: one is made, the others are 409, never a 500`, async () => {
    const roles = await provider.api.put(`/v1/users/${provider.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(roles.status, 200, roles.raw);
    const email = `same-${unique()}@example.com`;
    const results = await settle(
      Array.from({ length: 6 }, () => provider.api.post('/v1/users', { email, name: 'Same', roles: ['sales_agent'] })),
    );
    assert.equal(results.filter((r) => r.status === 201).length, 1, results.map((r) => r.raw).join('\n'));
    for (const r of results.filter((r) => r.status !== 201)) assert.equal(r.status, 409, r.raw);
  });
});
