import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from './support/harness.ts';
import { member, ProgramFlow, unique, type Api, type ProgramPartner } from './support/program.ts';

/** GET /v1/operator/partners: the back office's searchable list of partners. */
describe('the operator searches its partners', () => {
  let t: TestTrellis;
  let operator: Api;
  let provider: ProgramPartner;
  let french: ProgramPartner;
  let pending: ProgramPartner;
  const tag = unique();
  const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name);

  before(async () => {
    t = await TestTrellis.start();
    operator = (await t.operator()).api;
    const flow = new ProgramFlow(t, operator);
    provider = await flow.partnerIn('indirect_provider');
    french = await flow.partner({ countryCode: 'FR' });
    pending = await flow.partner();
    await flow.enroll(pending, 'direct_bill');
    // Names to search for, set by SQL: sign-up names are random.
    for (const [p, name] of [
      [provider, `Fabrikam Distribution ${tag}`],
      [french, `Contoso France ${tag}`],
      [pending, `Contoso Direct ${tag}`],
    ] as const) {
      await t.platform.database.raw('UPDATE tenants SET name = $1 WHERE id = $2', [name, p.tenant.id]);
    }
  });
  after(() => t.close());

  it('lists partners newest first with their capabilities and proven partner ID, and no other tenants', async () => {
    const res = await operator.get('/v1/operator/partners');
    assert.equal(res.status, 200, res.raw);
    assert.deepEqual(names(res).slice(0, 3), [`Contoso Direct ${tag}`, `Contoso France ${tag}`, `Fabrikam Distribution ${tag}`]);
    assert.equal(res.body.items.length, 3, 'the operator tenant is not a partner');
    const item = res.body.items.find((i: { id: string }) => i.id === provider.tenant.id);
    assert.equal(item.partnerId, provider.partnerId);
    assert.equal(item.countryCode, 'US');
    assert.deepEqual(
      item.capabilities.map((c: { capability: string; status: string }) => `${c.capability}:${c.status}`),
      ['indirect_provider:active'],
    );
  });

  it('searches part of the name in any case, and filters by country, capability and status', async () => {
    assert.deepEqual(names(await operator.get(`/v1/operator/partners?search=CONTOSO`)), [
      `Contoso Direct ${tag}`,
      `Contoso France ${tag}`,
    ]);
    assert.deepEqual(names(await operator.get(`/v1/operator/partners?search=ntoso%20fr`)), [`Contoso France ${tag}`]);
    assert.deepEqual(names(await operator.get('/v1/operator/partners?search=%25')), [], 'a % is a character, not a wildcard');
    assert.deepEqual(names(await operator.get('/v1/operator/partners?country=FR')), [`Contoso France ${tag}`]);
    assert.deepEqual(names(await operator.get('/v1/operator/partners?capability=indirect_provider')), [
      `Fabrikam Distribution ${tag}`,
    ]);
    assert.deepEqual(names(await operator.get('/v1/operator/partners?status=active')), [`Fabrikam Distribution ${tag}`]);
    assert.deepEqual(names(await operator.get('/v1/operator/partners?capability=indirect_provider&status=pending')), []);
    assert.deepEqual(names(await operator.get('/v1/operator/partners?search=contoso&country=US')), [`Contoso Direct ${tag}`]);
  });

  it('pages with cursors that belong to one search', async () => {
    const first = await operator.get('/v1/operator/partners?limit=2');
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await operator.get(`/v1/operator/partners?limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(names(second), [`Fabrikam Distribution ${tag}`]);
    assert.equal(second.body.nextCursor, null);
    const elsewhere = await operator.get(`/v1/operator/partners?limit=2&search=contoso&cursor=${first.body.nextCursor}`);
    assert.equal(elsewhere.status, 400);
  });

  it('every operator role reads it (operator.read); partners do not', async () => {
    for (const role of ['reviewer', 'support']) {
      const staff = await member(t, operator, [role], `${role}-${unique()}@operator.example`);
      assert.equal((await staff.api.get('/v1/operator/partners')).status, 200, role);
    }
    const refused = await provider.api.get('/v1/operator/partners');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.permission, 'operator.read');
  });

  it('rejects a malformed filter', async () => {
    assert.equal((await operator.get('/v1/operator/partners?country=france')).status, 400);
    assert.equal((await operator.get('/v1/operator/partners?capability=reseller')).status, 400);
    assert.equal((await operator.get('/v1/operator/partners?search=')).status, 400);
  });
});
