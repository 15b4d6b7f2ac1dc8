import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from './support/harness.ts';
import { mailedToken, ProgramFlow, type Api } from './support/program.ts';

/**
 * Seeds 000 and 003 as one script through the API: a provider invites a reseller, the
 * reseller accepts; a joint customer invitation is accepted and both relationships show on
 * both sides; the provider creates a customer for the reseller; the partner that moved from
 * direct bill is refused a new direct customer.
 */
describe('provider, reseller and customers (seeds 000 and 003)', () => {
  let t: TestTrellis;
  let operator: Api;
  before(async () => {
    t = await TestTrellis.start();
    operator = (await t.operator()).api;
  });
  after(() => t.close());

  it('R-PRT-1, R-PRT-2, R-CUS-2, R-CUS-3, R-CUS-5, R-CUS-6, R-TRN-5: the whole story', async () => {
    const flow = new ProgramFlow(t, operator);
    const provider = await flow.partnerIn('indirect_provider');
    // The reseller is a direct-bill partner that moves to indirect (seed 000), with a direct customer of its own.
    const reseller = await flow.partnerIn('direct_bill');
    const ownCustomer = await reseller.api.post('/v1/customers', {
      companyName: 'Old Direct Customer',
      primaryDomain: 'old-direct.example',
      countryCode: 'US',
      admin: { name: 'Old IT', email: 'it@old-direct.example' },
    });
    assert.equal(ownCustomer.status, 201, ownCustomer.raw);
    await operator.post(`/v1/operator/partners/${reseller.tenant.id}/offboarding`);
    const moved = await reseller.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assert.equal((await operator.post(`/v1/operator/enrollments/${moved.body.id}/approval`)).status, 200);
    assert.equal((await reseller.api.get('/v1/partner/program-info')).body.areas.indirectProviders, true);

    // Seed 003: the provider invites, the reseller's global admin authorizes.
    assert.equal((await provider.api.post('/v1/partnership-invitations', { partnerId: reseller.partnerId })).status, 201);
    const accountEmail = (await operator.get(`/v1/operator/partner-ids/${reseller.partnerId}`)).body.accountEmail;
    const invitation = await mailedToken(t, accountEmail, 'partnershipInvitation');
    assert.equal((await reseller.api.post(`/v1/links/${invitation}/acceptance`, { authorize: true })).status, 201);
    assert.equal((await provider.api.get('/v1/indirect-resellers')).body.items[0].reseller.id, reseller.tenant.id);
    assert.equal((await reseller.api.get('/v1/indirect-providers')).body.items[0].provider.id, provider.tenant.id);

    // A joint invitation to a new customer: both relationships, on both sides.
    const joint = await reseller.api.post('/v1/relationship-requests', {
      providerId: provider.tenant.id,
      email: 'cio@newco.example',
      send: true,
    });
    assert.equal(joint.status, 201, joint.raw);
    const newco = await t.tenantWithAdmin('customer', { countryCode: 'US', name: 'NewCo' });
    const link = await mailedToken(t, 'cio@newco.example', 'relationshipRequest');
    assert.equal((await newco.api.post(`/v1/links/${link}/acceptance`, {})).status, 201);
    const resellerSees = (await reseller.api.get('/v1/customers')).body.items;
    assert.deepEqual(resellerSees.map((c: { name: string; acquired: string }) => `${c.name}:${c.acquired}`).sort(), [
      'NewCo:indirect',
      'Old Direct Customer:direct',
    ]);
    const providerSees = (await provider.api.get('/v1/customers')).body.items;
    assert.deepEqual(
      providerSees.map((c: { name: string; reseller: { id: string } }) => [c.name, c.reseller.id]),
      [['NewCo', reseller.tenant.id]],
    );

    // The provider creates a customer for the reseller, which sees it (R-CUS-3).
    const forReseller = await provider.api.post('/v1/customers', {
      companyName: 'Made For Reseller',
      primaryDomain: 'made-for-reseller.example',
      countryCode: 'US',
      admin: { name: 'MFR IT', email: 'it@made-for-reseller.example' },
      resellerId: reseller.tenant.id,
    });
    assert.equal(forReseller.status, 201, forReseller.raw);
    const shared = (await reseller.api.get(`/v1/indirect-providers/${provider.tenant.id}/customers`)).body.items;
    assert.deepEqual(shared.map((c: { name: string }) => c.name).sort(), ['Made For Reseller', 'NewCo']);

    // Seed 000: no new direct customer, no direct request, after the move.
    const refused = await reseller.api.post('/v1/customers', {
      companyName: 'Too Late',
      primaryDomain: 'too-late.example',
      countryCode: 'US',
      admin: { name: 'TL IT', email: 'it@too-late.example' },
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.rule, 'R-TRN-5');
    assert.equal((await reseller.api.post('/v1/relationship-requests', {})).body.rule, 'R-TRN-5');
  });
});
