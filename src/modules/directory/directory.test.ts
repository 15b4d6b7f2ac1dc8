import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, unique, type Api, type ProgramPartner } from '../../../test/support/program.ts';

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
const tag = unique();
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
});
after(() => t.close());

async function listedProvider(countryCode: 'US' | 'FR', offers: string[], listed = true): Promise<ProgramPartner> {
  const provider = await flow.partnerIn('indirect_provider', { countryCode });
  const res = await provider.api.put('/v1/partner/directory-entry', {
    description: `Distributor ${tag} with ${offers.join(' and ')}`,
    offers,
    website: 'https://provider.example',
    contactEmail: 'Sales@Provider.example',
    listed,
  });
  assert.equal(res.status, 200, res.raw);
  return provider;
}

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name).sort();

describe('the provider directory (R-DIR-1)', () => {
  let usTraining: ProgramPartner;
  let usBilling: ProgramPartner;
  let frAll: ProgramPartner;
  let searcher: ProgramPartner;
  before(async () => {
    usTraining = await listedProvider('US', ['training', 'support']);
    usBilling = await listedProvider('US', ['billing', 'financing', 'training']);
    frAll = await listedProvider('FR', ['training', 'marketing', 'financing', 'support', 'billing']);
    await listedProvider('US', ['training'], false);
    searcher = await flow.partnerIn('indirect_reseller');
  });

  it('R-DIR-1: partners search official providers by market, country and offered services; unlisted ones are hidden', async () => {
    const all = await searcher.api.get(`/v1/directory/providers?search=${tag}`);
    assert.equal(all.status, 200, all.raw);
    assert.deepEqual(names(all), [usTraining.tenant.name, usBilling.tenant.name, frAll.tenant.name].sort());
    assert.deepEqual(names(await searcher.api.get(`/v1/directory/providers?search=${tag}&market=Europe`)), [frAll.tenant.name]);
    assert.deepEqual(
      names(await searcher.api.get(`/v1/directory/providers?search=${tag}&country=US`)),
      [usTraining.tenant.name, usBilling.tenant.name].sort(),
    );
    assert.deepEqual(
      names(await searcher.api.get(`/v1/directory/providers?search=${tag}&offers=training,billing`)),
      [usBilling.tenant.name, frAll.tenant.name].sort(),
    );
    const entry = all.body.items.find((i: { providerId: string }) => i.providerId === usTraining.tenant.id);
    assert.deepEqual(entry.offers.sort(), ['support', 'training']);
    assert.equal(entry.contactEmail, 'sales@provider.example');
    assert.equal(entry.market, 'United States');
  });

  it('pages by name with cursors', async () => {
    const first = await searcher.api.get(`/v1/directory/providers?search=${tag}&limit=2`);
    assert.equal(first.body.items.length, 2);
    const second = await searcher.api.get(`/v1/directory/providers?search=${tag}&limit=2&cursor=${first.body.nextCursor}`);
    assert.equal(second.body.items.length, 1);
    assert.equal(second.body.nextCursor, null);
  });

  it('R-DIR-1: only active indirect providers keep an entry; customers do not search; unknown offers are 400', async () => {
    const reseller = await flow.partnerIn('indirect_reseller');
    const put = await reseller.api.put('/v1/partner/directory-entry', {
      description: 'x',
      offers: [],
      contactEmail: 'a@b.example',
      listed: true,
    });
    assert.equal(put.status, 403);
    assert.equal(put.body.rule, 'R-DIR-1');
    const customer = await t.tenantWithAdmin('customer');
    assert.equal((await customer.api.get('/v1/directory/providers')).status, 403);
    assert.equal((await searcher.api.get('/v1/directory/providers?offers=training,pizza')).status, 400);
    assert.equal((await usTraining.api.get('/v1/partner/directory-entry')).body.providerId, usTraining.tenant.id);
  });

  it('R-DIR-1: a provider whose capability is removed leaves the directory', async () => {
    const leaving = await listedProvider('US', ['support']);
    assert.ok(names(await searcher.api.get(`/v1/directory/providers?search=${tag}`)).includes(leaving.tenant.name));
    const removed = await operator.delete(`/v1/operator/partners/${leaving.tenant.id}/capabilities/indirect_provider`);
    assert.equal(removed.status, 204, removed.raw);
    await t.trellis.worker.runOnce();
    assert.ok(!names(await searcher.api.get(`/v1/directory/providers?search=${tag}`)).includes(leaving.tenant.name));
  });
});
