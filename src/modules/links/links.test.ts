import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { mailedToken, ProgramFlow, type ProgramPartner } from '../../../test/support/program.ts';

/** Links (/v1/links/{token}): one way in for every kind, a 404 for an unknown one, a 410 for a dead one. */

let t: TestTrellis;
let flow: ProgramFlow;
let direct: ProgramPartner;
let operator: ProgramFlow['operator'];
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  direct = await flow.partnerIn('direct_bill');
});
after(() => t.close());

const tokenOf = (link: string) => link.split('/links/')[1]!;
const unknown = `tra_${'A'.repeat(43)}`;

describe('links', () => {
  it('an unknown link is a 404, to read and to accept', async () => {
    const read = await t.request('GET', `/v1/links/${unknown}`);
    assertProblem(read, 404, 'not_found');
    assert.equal(read.body.detail, 'No such link.');
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    assertProblem(await customer.api.post(`/v1/links/${unknown}/acceptance`, {}), 404, 'not_found');
  });

  it('R-CUS-1: a relationship request reads as one, and accepting it answers with its kind; then it is a 410', async () => {
    const created = await direct.api.post('/v1/relationship-requests', {});
    assert.equal(created.status, 201, created.raw);
    const token = tokenOf(created.body.link);
    const read = await t.request('GET', `/v1/links/${token}`);
    assert.equal(read.status, 200, read.raw);
    assert.equal(read.body.kind, 'relationship_request');
    assert.equal(read.headers['referrer-policy'], 'no-referrer');
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    const accepted = await customer.api.post(`/v1/links/${token}/acceptance`, {});
    assert.equal(accepted.status, 201, accepted.raw);
    assert.equal(accepted.body.kind, 'relationship_request');
    assert.equal(accepted.body.customerId, customer.tenant.id);
    assertProblem(await t.request('GET', `/v1/links/${token}`), 410, 'link_unavailable');
    assertProblem(await customer.api.post(`/v1/links/${token}/acceptance`, {}), 410, 'link_unavailable');
  });

  it('R-PRT-1: a partnership invitation reads as one, and accepting it names the partnership and both partners', async () => {
    const provider = await flow.partnerIn('indirect_provider');
    const reseller = await flow.partnerIn('indirect_reseller');
    const invited = await provider.api.post('/v1/partnership-invitations', { partnerId: reseller.partnerId });
    assert.equal(invited.status, 201, invited.raw);
    const accountEmail = (await operator.get(`/v1/operator/partner-ids/${reseller.partnerId}`)).body.accountEmail;
    const token = await mailedToken(t, accountEmail, 'partnershipInvitation');
    assert.equal((await t.request('GET', `/v1/links/${token}`)).body.kind, 'partnership_invitation');
    const accepted = await reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: true });
    assert.equal(accepted.status, 201, accepted.raw);
    assert.equal(accepted.body.kind, 'partnership_invitation');
    assert.equal(accepted.body.providerId, provider.tenant.id);
    assert.equal(accepted.body.resellerId, reseller.tenant.id);
    assert.match(accepted.body.partnershipId, /^[0-9a-f-]{36}$/);
  });

  it('R-GRT-1: a grant request reads as one, and deciding it answers with its kind, status and grant', async () => {
    const created = await direct.api.post('/v1/relationship-requests', {});
    const customer = await t.tenantWithAdmin('customer', { countryCode: 'US' });
    assert.equal((await customer.api.post(`/v1/links/${tokenOf(created.body.link)}/acceptance`, {})).status, 201);
    const [byDefault] = (await customer.api.get(`/v1/customers/${customer.tenant.id}/admin-grants`)).body.items;
    assert.equal((await customer.api.post(`/v1/admin-grants/${byDefault.id}/ending`)).status, 200);
    const asked = await direct.api.post('/v1/admin-grant-requests', {
      grantorId: customer.tenant.id,
      roles: ['directory_reader'],
      days: 30,
    });
    assert.equal(asked.status, 201, asked.raw);
    const token = tokenOf(asked.body.link);
    assert.equal((await t.request('GET', `/v1/links/${token}`)).body.kind, 'admin_grant_request');
    const decided = await customer.api.post(`/v1/links/${token}/acceptance`, { decision: 'approve' });
    assert.equal(decided.status, 201, decided.raw);
    assert.equal(decided.body.kind, 'admin_grant_request');
    assert.equal(decided.body.status, 'approved');
    assert.match(decided.body.grantId, /^[0-9a-f-]{36}$/);
  });
});
