import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../test/support/harness.ts';
import { previousMonth } from '../domain/invoicing.ts';
import { clock } from '../platform/clock.ts';
import { DEMO_PASSWORD, demoTenants, seedDemo } from './demo.ts';

describe('demo data', () => {
  let t: TestTrellis;
  let seeded: boolean;
  before(async () => {
    t = await TestTrellis.start();
    seeded = await seedDemo(t.platform);
  });
  after(() => t.close());

  const signIn = async (email: string) => t.as({ cookie: await t.signIn(email, DEMO_PASSWORD) });

  it('seeds an empty database once', async () => {
    assert.equal(seeded, true);
    assert.equal(await seedDemo(t.platform), false);
  });

  it('every demo admin signs in, in its tenant, market and language', async () => {
    for (const d of demoTenants) {
      const me = (await (await signIn(d.admin.email)).get('/v1/me')).body;
      assert.equal(me.tenant.name, d.name);
      assert.equal(me.tenant.kind, d.kind);
      assert.equal(me.user.language, d.admin.language ?? 'en');
    }
  });

  it('the provider, the direct-bill partner and both resellers are approved and ready to transact', async () => {
    const expected: Record<string, string[]> = {
      'admin@northwind.example': ['indirect_provider:active'],
      'admin@contoso.example': ['direct_bill:active'],
      'admin@fabrikam.example': ['indirect_reseller:active'],
      'admin@tailspin.example': ['indirect_reseller:active'],
      'admin@relecloud.example': ['direct_bill:active', 'indirect_reseller:active'],
    };
    for (const [email, capabilities] of Object.entries(expected)) {
      const info = (await (await signIn(email)).get('/v1/partner/program-info')).body;
      assert.deepEqual(
        info.capabilities.map((c: { capability: string; status: string }) => `${c.capability}:${c.status}`),
        capabilities,
        email,
      );
      assert.equal(info.canTransact, true, email);
      assert.deepEqual(info.agreementsToAccept, [], email);
    }
    const fabrikam = (await (await signIn('admin@fabrikam.example')).get('/v1/partner/program-info')).body;
    assert.equal(fabrikam.resellerReadiness.ready, true);
  });

  it('the direct-bill partner is identified for offboarding and may start the transition', async () => {
    const contoso = await signIn('admin@contoso.example');
    const res = await contoso.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.transition, true);
  });

  it('partners outside the program have a proven partner ID and a complete profile, and no capability', async () => {
    const info = (await (await signIn('admin@woodgrove.example')).get('/v1/partner/program-info')).body;
    assert.equal(info.profile.complete, true);
    assert.equal(info.capabilities.length, 0);
    assert.equal(info.canTransact, false);
  });

  it('the provider works with its three resellers and has an invitation pending', async () => {
    const northwind = await signIn('admin@northwind.example');
    const resellers = (await northwind.get('/v1/indirect-resellers')).body.items;
    assert.deepEqual(resellers.map((r: { reseller: { name: string } }) => r.reseller.name).sort(), [
      'Fabrikam Solutions',
      'Relecloud Services',
      'Tailspin IT',
    ]);
    assert.ok(resellers.every((r: { readiness: { ready: boolean } }) => r.readiness.ready));
    const invitations = (await northwind.get('/v1/partnership-invitations')).body.items;
    assert.equal(invitations[0].status, 'pending');
    const fabrikam = (await (await signIn('admin@fabrikam.example')).get('/v1/indirect-providers')).body.items;
    assert.equal(fabrikam[0].provider.name, 'Northwind Distribution');
  });

  it('customers of each kind: direct for the direct-bill partner, indirect through each reseller', async () => {
    const contoso = (await (await signIn('admin@contoso.example')).get('/v1/customers')).body.items;
    assert.deepEqual(contoso.map((c: { name: string; acquired: string }) => `${c.name}:${c.acquired}`).sort(), [
      'Fourth Coffee:direct',
      'Wide World Importers:direct',
    ]);
    const northwind = (await (await signIn('admin@northwind.example')).get('/v1/customers')).body.items;
    assert.equal(northwind.length, 3);
    const fabrikam = await signIn('admin@fabrikam.example');
    const shared = (await fabrikam.get('/v1/customers')).body.items;
    assert.deepEqual(shared.map((c: { name: string }) => c.name).sort(), ['Alpine Ski House', 'Blue Yonder Airlines']);
  });

  it('offers in every demo market, and orders of both models with their subscriptions (issue 11)', async () => {
    const contoso = await signIn('admin@contoso.example');
    for (const country of ['US', 'CA', 'FR', 'DE', 'KR']) {
      const offers = (await contoso.get(`/v1/offers?country=${country}`)).body.items;
      assert.ok(offers.length >= 5, `${country}: ${offers.length} offers`);
    }
    const customers = (await contoso.get('/v1/customers')).body.items as { id: string; name: string }[];
    const fourth = customers.find((c) => c.name === 'Fourth Coffee')!;
    const subs = (await contoso.get(`/v1/customers/${fourth.id}/subscriptions`)).body.items;
    assert.deepEqual(subs.map((s: { offer: { kind: string } }) => s.offer.kind).sort(), [
      'license_subscription',
      'perpetual_software',
      'reservation',
    ]);
    const fabrikam = await signIn('admin@fabrikam.example');
    const blue = ((await fabrikam.get('/v1/customers')).body.items as { id: string; name: string }[]).find(
      (c) => c.name === 'Blue Yonder Airlines',
    )!;
    const orders = (await fabrikam.get(`/v1/customers/${blue.id}/orders`)).body.items;
    assert.equal(orders.length, 1);
    assert.equal(orders[0].orderedBy.partnerName, 'Northwind Distribution');
    assert.equal(orders[0].resellerOfRecord.name, 'Fabrikam Solutions');
    // Price books: Fabrikam buys at 8% over the list price and sells at 15% over it.
    const office = orders[0].lines.find((l: { sku: string }) => l.sku === 'OFFICE-E3-P1Y');
    assert.deepEqual([office.unitPriceMinor, office.saleUnitPriceMinor], [3888, 4140]);
    // Credit: Northwind's limit for Fabrikam, with the order against it.
    const credit = (await fabrikam.get(`/v1/indirect-providers/${orders[0].orderedBy.partnerId}/credit`)).body;
    assert.deepEqual(
      [credit.limitMinor, credit.currency, credit.overLimit, credit.paymentTermDays],
      [2_500_000, 'USD', 'hold', 30],
    );
    assert.equal(credit.openBalanceMinor, orders[0].totalMinor);
  });

  it('a renewal due soon: Contoso hears at the first timer run that Wide World Importers renews in 3 days (R-SUB-4)', async () => {
    const contoso = await signIn('admin@contoso.example');
    const customers = (await contoso.get('/v1/customers')).body.items as { id: string; name: string }[];
    const wide = customers.find((c) => c.name === 'Wide World Importers')!;
    const [sub] = (await contoso.get(`/v1/customers/${wide.id}/subscriptions`)).body.items as { renewsAt: string }[];
    const days = (Date.parse(sub!.renewsAt) - Date.now()) / 86_400_000;
    assert.ok(days > 2 && days <= 3, `renews in ${days} days`);
    await t.trellis.worker.runTimers();
    const notices = (await t.mailTo('admin@contoso.example')).filter((m) => m.template === 'subscriptionRenewalNotice');
    assert.equal(notices.length, 1);
    assert.match(notices[0]!.subject, /Wide World Importers renews in 3 days/);
  });

  it('licenses assigned to the people of Fourth Coffee and Blue Yonder, by their partners of record (issue 11, part 5)', async () => {
    const contoso = await signIn('admin@contoso.example');
    const fourth = ((await contoso.get('/v1/customers')).body.items as { id: string; name: string }[]).find(
      (c) => c.name === 'Fourth Coffee',
    )!;
    const pools = (await contoso.get(`/v1/customers/${fourth.id}/licenses`)).body.items as {
      subscription: { offer: { sku: string } };
      assigned: number;
      available: number;
      mayManage: boolean;
    }[];
    const e3 = pools.find((p) => p.subscription.offer.sku === 'OFFICE-E3-P1Y')!;
    assert.deepEqual([e3.assigned, e3.available, e3.mayManage], [4, 21, true]);
    const fabrikam = await signIn('admin@fabrikam.example');
    const blue = ((await fabrikam.get('/v1/customers')).body.items as { id: string; name: string }[]).find(
      (c) => c.name === 'Blue Yonder Airlines',
    )!;
    const avery = await signIn('avery@blueyonder.example');
    const mine = (await fabrikam.get(`/v1/customers/${blue.id}/license-assignments`)).body.items as {
      user: { email: string };
      offer: { sku: string };
    }[];
    assert.equal(mine.length, 8);
    assert.deepEqual(
      mine
        .filter((a) => a.user.email === 'avery@blueyonder.example')
        .map((a) => a.offer.sku)
        .sort(),
      ['OFFICE-E3-P1Y', 'SECURITY-P3Y'],
    );
    assert.ok(avery, 'the demo people sign in with the demo password');
  });

  it("last month's invoices at every tier, from orders placed on its last day (issue 11, part 7)", async () => {
    const lastMonth = previousMonth(clock.now()).period;
    const northwind = await signIn('admin@northwind.example');
    const received = (await northwind.get('/v1/invoices?side=received')).body.items;
    // Blue Yonder's 120 Office E3 at 36.00 and 120 Security Suite at 120.00, Coho's 12 monthly Office E3 at 43.20.
    assert.deepEqual(
      received.map((i: { period: string; seller: { name: string }; total: string; currency: string }) => [
        i.period,
        i.seller.name,
        i.total,
        i.currency,
      ]),
      [[lastMonth, 'Trellis Cloud (operator)', '19238.40', 'USD']],
    );
    const fabrikam = await signIn('admin@fabrikam.example');
    const issued = (await fabrikam.get('/v1/invoices?side=issued')).body.items;
    assert.deepEqual(
      issued.map((i: { buyer: { name: string }; totalMinor: number; lineCount: number }) => [
        i.buyer.name,
        i.totalMinor,
        i.lineCount,
      ]),
      // Fabrikam's retail price book: 15% over the list price (18,720.00).
      [['Blue Yonder Airlines', 2_152_800, 2]],
    );
  });

  it('Adatum accepts the joint request waiting for it, and becomes a customer of Fabrikam and Northwind', async () => {
    const fabrikam = await signIn('admin@fabrikam.example');
    assert.equal((await fabrikam.get('/v1/relationship-requests')).body.items[0].status, 'pending');
    const mail = (await t.mailTo('it@adatum.example')).find((m) => m.template === 'relationshipRequest')!;
    const token = /\/links\/([A-Za-z0-9_-]+)/.exec(mail.textBody)![1];
    const adatum = await signIn('it@adatum.example');
    assert.equal((await adatum.post(`/v1/links/${token}/acceptance`, {})).status, 201);
    const names = (await fabrikam.get('/v1/customers')).body.items.map((c: { name: string }) => c.name);
    assert.ok(names.includes('Adatum Corporation'));
  });

  it("the provider holds its default grant on each reseller's tenant (R-PRT-3)", async () => {
    const held = (await (await signIn('admin@northwind.example')).get('/v1/admin-grants?side=held')).body.items;
    assert.equal(held.filter((g: { source: string }) => g.source === 'providerOnReseller').length, 3);
  });

  it('grants of several shapes: time-boxed global admin, narrowed, ended, ending soon, and a request waiting', async () => {
    const fabrikam = (await (await signIn('admin@fabrikam.example')).get('/v1/admin-grants?side=held')).body.items;
    const shapes = fabrikam.map((g: { roles: string[]; status: string; autoExtend: boolean; source: string }) =>
      [g.roles.join('+'), g.status, g.autoExtend, g.source].join(' '),
    );
    assert.ok(shapes.includes('global_admin active false request'), shapes.join('; '));
    assert.ok(shapes.includes('user_admin+license_admin+helpdesk_admin ended true resellerOfRecord'), shapes.join('; '));
    const tailspin = (await (await signIn('admin@tailspin.example')).get('/v1/admin-grants?side=held')).body.items;
    const short = tailspin.find((g: { roles: string[] }) => g.roles.join() === 'global_reader');
    assert.equal((new Date(short.endsAt).getTime() - new Date(short.startsAt).getTime()) / 86_400_000, 5);
    const contoso = await signIn('admin@contoso.example');
    assert.ok(
      (await contoso.get('/v1/admin-grants?side=held')).body.items.some(
        (g: { roles: string[] }) => g.roles.join() === 'license_admin',
      ),
    );
    const [pending] = (await contoso.get('/v1/admin-grant-requests?side=sent')).body.items;
    assert.equal(pending.status, 'pending');
    assert.ok(pending.grantId, 'it widens a grant Contoso holds');
    const mail = (await t.mailTo('it@wideworldimporters.example')).find((m) => m.template === 'adminGrantRequest');
    assert.ok(mail, 'the request waits in the customer admin mailbox');
  });

  it('R-TRN-9: a move of direct customers to the provider is under way; store-channel customers stay direct', async () => {
    const relecloud = await signIn('admin@relecloud.example');
    const info = (await relecloud.get('/v1/partner/program-info')).body;
    assert.deepEqual(info.capabilities.map((c: { capability: string }) => c.capability).sort(), [
      'direct_bill',
      'indirect_reseller',
    ]);
    const [move] = (await relecloud.get('/v1/bulk-moves')).body.items;
    assert.equal(move.total, 20);
    await t.trellis.worker.runOnce(); // the first batch; the next is a minute away at two a minute
    const running = (await relecloud.get(`/v1/bulk-moves/${move.id}`)).body;
    assert.equal(running.status, 'running');
    assert.ok(running.remaining > 0 && running.remaining < 20, JSON.stringify(running));
  });

  it('the provider is in the directory', async () => {
    const found = (await (await signIn('admin@contoso.example')).get('/v1/directory/providers?offers=training,billing')).body
      .items;
    assert.deepEqual(
      found.map((e: { name: string }) => e.name),
      ['Northwind Distribution'],
    );
  });

  it('agreements and incentive programs are published', async () => {
    const operator = await signIn('operator@trellis.example');
    for (const type of ['partner_agreement', 'indirect_reseller_agreement', 'customer_agreement']) {
      assert.equal((await operator.get(`/v1/operator/agreements?type=${type}`)).body.items.length, 1);
    }
    assert.equal((await operator.get('/v1/operator/incentive-programs')).body.items.length, 2);
  });
});
