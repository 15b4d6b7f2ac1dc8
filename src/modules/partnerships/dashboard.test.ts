import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { ProgramFlow, unique, type Api, type ProgramPartner } from '../../../test/support/program.ts';
import { assertProblem } from '../../../test/support/assert.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { lastMonths } from './service.ts';

/** The provider's dashboard (GET /v1/partner/dashboard): counts that match what was made through the API, its own only. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let provider: ProgramPartner;
let busy: ProgramPartner;
let quiet: ProgramPartner;
let blocked: ProgramPartner;
before(async () => {
  // Sessions outlive the two months the clock moves.
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  provider = await flow.partnerIn('indirect_provider');
  busy = await flow.partnerIn('indirect_reseller');
  quiet = await flow.partnerIn('indirect_reseller');
  blocked = await flow.partnerIn('indirect_reseller');
  for (const r of [busy, quiet, blocked]) await flow.partnerUp(provider, r);
});
after(async () => {
  clock.reset();
  await t.close();
});

async function customerOf(p: ProgramPartner, reseller: ProgramPartner) {
  const tag = unique();
  const res = await p.api.post('/v1/customers', {
    companyName: `Customer ${tag}`,
    primaryDomain: `customer-${tag}.example`,
    countryCode: 'US',
    admin: { name: `Admin ${tag}`, email: `admin@customer-${tag}.example` },
    resellerId: reseller.tenant.id,
  });
  assert.equal(res.status, 201, res.raw);
}

const dashboard = async (p: ProgramPartner, query = '') => {
  const res = await p.api.get(`/v1/partner/dashboard${query}`);
  assert.equal(res.status, 200, res.raw);
  return res.body;
};

describe("the provider's dashboard", () => {
  it('R-PRT-2, R-AGR-2: resellers by readiness, customers by reseller and by month, counted as made', async () => {
    for (let i = 0; i < 3; i++) await customerOf(provider, busy);
    await customerOf(provider, quiet);
    await customerOf(provider, blocked);
    // Another provider's customers with the same reseller never count.
    const other = await flow.partnerIn('indirect_provider');
    await flow.partnerUp(other, busy);
    await customerOf(other, busy);

    // A new partner agreement in force: the reseller that has not accepted it is blocked (R-AGR-2).
    const published = await operator.post('/v1/operator/agreements', {
      type: 'partner_agreement',
      version: `pa-${unique()}`,
      title: 'Partner Agreement',
      body: 'text',
      effectiveAt: '2026-01-01T00:00:00Z',
    });
    assert.equal(published.status, 201, published.raw);
    for (const p of [provider, busy, quiet, other]) {
      await p.api.post('/v1/agreements/partner-agreement/acceptances', { version: published.body.version });
    }

    const now = await dashboard(provider);
    assert.deepEqual(now.resellers, { ready: 2, blocked: 1 });
    assert.deepEqual(now.customersByReseller.items[0], {
      reseller: { id: busy.tenant.id, name: busy.tenant.name },
      customers: 3,
    });
    assert.deepEqual(
      now.customersByReseller.items.map((i: { customers: number }) => i.customers),
      [3, 1, 1],
    );
    assert.deepEqual(now.customersByReseller.others, { resellers: 0, customers: 0 });
    assert.equal(now.newCustomersByMonth.length, 12);
    assert.deepEqual(now.newCustomersByMonth.at(-1), { month: clock.now().toISOString().slice(0, 7), customers: 5 });
    assert.ok(now.newCustomersByMonth.slice(0, -1).every((m: { customers: number }) => m.customers === 0));

    // The top 1 names the busy reseller and sums the others.
    const top = await dashboard(provider, '?top=1');
    assert.equal(top.customersByReseller.items.length, 1);
    assert.deepEqual(top.customersByReseller.others, { resellers: 2, customers: 2 });

    // The other provider sees its own customer only.
    const theirs = await dashboard(other);
    assert.deepEqual(theirs.customersByReseller.items, [
      { reseller: { id: busy.tenant.id, name: busy.tenant.name }, customers: 1 },
    ]);
    assert.deepEqual(theirs.resellers, { ready: 1, blocked: 0 });
  });

  it('months without a new customer stay in the series, at zero; the oldest month leaves it', async () => {
    const before = await dashboard(provider);
    clock.advance(62 * DAY_MS);
    await customerOf(provider, quiet);
    const later = await dashboard(provider);
    assert.deepEqual(
      later.newCustomersByMonth.map((m: { month: string }) => m.month),
      lastMonths(clock.now(), 12),
    );
    const counts = new Map(later.newCustomersByMonth.map((m: { month: string; customers: number }) => [m.month, m.customers]));
    assert.equal(counts.get(before.newCustomersByMonth.at(-1).month), 5);
    assert.equal(counts.get(clock.now().toISOString().slice(0, 7)), 1);
    assert.equal(later.newCustomersByMonth.filter((m: { customers: number }) => m.customers > 0).length, 2);
  });

  it('is for indirect providers only', async () => {
    assertProblem(await busy.api.get('/v1/partner/dashboard'), 403, 'forbidden');
    assertProblem(await (await flow.partnerIn('direct_bill')).api.get('/v1/partner/dashboard'), 403, 'forbidden');
    assertProblem(await provider.api.get('/v1/partner/dashboard?top=0'), 400, 'invalid_request');
  });

  it('lastMonths crosses the year and ends with the current month', () => {
    assert.deepEqual(lastMonths(new Date('2026-02-15T00:00:00Z'), 3), ['2025-12', '2026-01', '2026-02']);
  });
});
