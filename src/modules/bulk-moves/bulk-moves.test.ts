import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { assertProblem } from '../../../test/support/assert.ts';
import {
  member,
  newCustomer,
  ProgramFlow,
  unique,
  type Api,
  type MadeCustomer,
  type ProgramPartner,
} from '../../../test/support/program.ts';
import { clock } from '../../platform/clock.ts';
import { systemCtx } from '../../platform/context.ts';
import { mayOrderFor } from '../customers/service.ts';

/** Bulk moves of direct-bill customers to a provider (R-TRN-9): the API, the job run by hand, pacing. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let provider: ProgramPartner;

type Customer = MadeCustomer;

/** A direct-bill partner with `n` direct customers, moved to indirect reseller and partnered with the provider. */
async function movingReseller(n: number): Promise<ProgramPartner & { customers: Customer[] }> {
  const partner = await flow.partnerIn('direct_bill');
  const customers: Customer[] = [];
  for (let i = 0; i < n; i++) customers.push(await newCustomer(partner.api));
  await flow.moveToIndirect(partner);
  await flow.partnerUp(provider, partner);
  return { ...partner, customers };
}

/** A user of the partner with these roles (its global admin gives itself admin_agent first, R-ENR-4). */
async function agentOf(p: ProgramPartner, roles: string[]) {
  await p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
  return member(t, p.api, roles);
}

const start = (api: Api, body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.post('/v1/bulk-moves', body, headers);
const csvUpload = (p: ProgramPartner, csv: string, query: string) =>
  t.request('POST', `/v1/bulk-moves?${query}`, {
    cookie: p.cookie,
    body: csv,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
const items = async (api: Api, id: string, status = '') =>
  (await api.get(`/v1/bulk-moves/${id}/items?limit=500${status ? `&status=${status}` : ''}`)).body.items;
const tokenOfMail = (text: string) => /\/links\/([A-Za-z0-9_-]+)/.exec(text)![1]!;

before(async () => {
  t = await TestTrellis.start({ config: { sessionTtlHours: 24 * 90 } });
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  provider = await flow.partnerIn('indirect_provider');
});
after(async () => {
  clock.reset();
  await t.close();
});
afterEach(() => clock.reset());

describe('starting a move', () => {
  it('R-TRN-9: 400 for a bad body or CSV, with the CSV line numbers of bad ids', async () => {
    const p = await movingReseller(1);
    const id = p.customers[0]!.id;
    assertProblem(await start(p.api, { customerIds: [id] }), 400, 'invalid_request');
    assertProblem(await start(p.api, { providerId: provider.tenant.id, customerIds: [] }), 400, 'invalid_request');
    assertProblem(await start(p.api, { providerId: provider.tenant.id, customerIds: ['nope'] }), 400, 'invalid_request');
    assertProblem(
      await start(p.api, { providerId: provider.tenant.id, customerIds: [id], perMinute: 0 }),
      400,
      'invalid_request',
    );
    const q = `providerId=${provider.tenant.id}`;
    const bad = await csvUpload(p, `id,name\n${id},A\nnot-an-id,B\n${randomUUID()},C\n,D\n`, q);
    assertProblem(bad, 400, 'invalid_request');
    assert.deepEqual(
      bad.body.errors.map((e: { path: string }) => e.path),
      ['/lines/3', '/lines/5'],
    );
    assertProblem(await csvUpload(p, `name\nA\n`, q), 400, 'invalid_request');
    assertProblem(await csvUpload(p, `id\n${id}\n`, ''), 400, 'invalid_request');
  });

  it('R-TRN-9, R-CUS-2: only an indirect reseller that holds direct bill, with one of its providers', async () => {
    const direct = await flow.partnerIn('direct_bill');
    const customer = await newCustomer(direct.api);
    const body = { providerId: provider.tenant.id, customerIds: [customer.id] };
    assertProblem(await start(direct.api, body), 422, 'not_an_indirect_reseller', 'R-CUS-2');
    const reseller = await flow.partnerIn('indirect_reseller');
    await flow.partnerUp(provider, reseller);
    assertProblem(await start(reseller.api, body), 422, 'not_direct_bill', 'R-TRN-9');
    const p = await movingReseller(1);
    const otherProvider = await flow.partnerIn('indirect_provider');
    assertProblem(
      await start(p.api, { providerId: otherProvider.tenant.id, customerIds: [p.customers[0]!.id] }),
      422,
      'not_your_provider',
      'R-CUS-2',
    );
    const helpdesk = await agentOf(p, ['helpdesk_agent']);
    assert.equal((await start(helpdesk.api, { providerId: provider.tenant.id, customerIds: [p.customers[0]!.id] })).status, 403);
  });

  it('R-TRN-9: the export file as is; unknown and foreign ids failed at once with the same words; the job sends the rest', async () => {
    const p = await movingReseller(3);
    const stranger = await movingReseller(1);
    const exported = await p.api.get('/v1/customers/export');
    assert.equal(exported.status, 200);
    const csv = `${exported.raw}${randomUUID()},Unknown\n${stranger.customers[0]!.id},Foreign\n`;
    const res = await csvUpload(p, csv, `providerId=${provider.tenant.id}&perMinute=1000`);
    assert.equal(res.status, 202, res.raw);
    assert.equal(res.headers.location, `/v1/bulk-moves/${res.body.id}`);
    assert.deepEqual([res.body.status, res.body.total, res.body.failed, res.body.remaining], ['queued', 5, 2, 3]);
    const failed = await items(p.api, res.body.id, 'failed');
    assert.equal(failed.length, 2);
    for (const f of failed) {
      assert.deepEqual([f.code, f.rule, f.customerName], ['not_a_direct_customer', 'R-TRN-9', null]);
      assert.equal(f.detail, failed[0].detail);
    }
    await t.trellis.worker.runOnce();
    const done = (await p.api.get(`/v1/bulk-moves/${res.body.id}`)).body;
    assert.deepEqual([done.status, done.sent, done.done, done.failed, done.remaining], ['completed', 3, 3, 2, 0]);
    const sent = await items(p.api, res.body.id, 'sent');
    assert.deepEqual(sent.map((i: { customerId: string }) => i.customerId).sort(), p.customers.map((c) => c.id).sort());
    assert.ok(
      sent.every((i: { requestStatus: string; customerName: string }) => i.requestStatus === 'pending' && i.customerName),
    );
    // Mailed by Trellis to each customer's global admin.
    for (const c of p.customers) {
      const mails = (await t.mailTo(c.email)).filter((m) => m.template === 'relationshipRequest');
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.subject, new RegExp(provider.tenant.name));
    }
    // The requests are the partner's, marked joint and named.
    const requests = (await p.api.get('/v1/relationship-requests?limit=500')).body.items;
    assert.equal(requests.length, 3);
    assert.ok(
      requests.every((r: { providerId: string; customerId: string }) => r.providerId === provider.tenant.id && r.customerId),
    );
  });

  it('R-TRN-9: an Idempotency-Key replays the first answer, Location included, and starts nothing more', async () => {
    const p = await movingReseller(1);
    const body = { providerId: provider.tenant.id, customerIds: [p.customers[0]!.id, p.customers[0]!.id] };
    const key = `move-${unique()}`;
    const first = await start(p.api, body, { 'idempotency-key': key });
    const second = await start(p.api, body, { 'idempotency-key': key });
    assert.equal(first.status, 202, first.raw);
    assert.equal(first.body.total, 1, 'duplicates ignored');
    assert.equal(second.raw, first.raw);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.headers.location, first.headers.location);
    assert.equal((await p.api.get('/v1/bulk-moves')).body.items.length, 1);
  });
});

describe('the job', () => {
  it('R-TRN-9: paced by perMinute: one share of the minute per batch', async () => {
    clock.freeze(new Date('2026-12-01T10:00:00Z'));
    const p = await movingReseller(5);
    const res = await start(p.api, { providerId: provider.tenant.id, customerIds: p.customers.map((c) => c.id), perMinute: 2 });
    await t.trellis.worker.runOnce();
    await t.trellis.worker.runOnce();
    let move = (await p.api.get(`/v1/bulk-moves/${res.body.id}`)).body;
    assert.deepEqual([move.status, move.sent, move.remaining], ['running', 2, 3], 'two a minute');
    clock.freeze(new Date('2026-12-01T10:00:59Z'));
    await t.trellis.worker.runOnce();
    assert.equal((await p.api.get(`/v1/bulk-moves/${res.body.id}`)).body.sent, 2, 'not before the minute');
    clock.freeze(new Date('2026-12-01T10:01:00Z'));
    await t.trellis.worker.runOnce();
    assert.equal((await p.api.get(`/v1/bulk-moves/${res.body.id}`)).body.sent, 4);
    clock.freeze(new Date('2026-12-01T10:02:00Z'));
    await t.trellis.worker.runOnce();
    move = (await p.api.get(`/v1/bulk-moves/${res.body.id}`)).body;
    assert.deepEqual([move.status, move.sent, move.remaining], ['completed', 5, 0]);
    assert.deepEqual(
      (await items(p.api, res.body.id)).map((i: { position: number }) => i.position),
      [1, 2, 3, 4, 5],
    );
  });

  it('R-TRN-9: cancellation stops what is left at once; sent requests stay valid; 409 once finished', async () => {
    clock.freeze(new Date('2026-12-02T10:00:00Z'));
    const p = await movingReseller(3);
    const res = await start(p.api, { providerId: provider.tenant.id, customerIds: p.customers.map((c) => c.id), perMinute: 1 });
    await t.trellis.worker.runOnce();
    const cancelled = await p.api.post(`/v1/bulk-moves/${res.body.id}/cancellation`);
    assert.equal(cancelled.status, 200, cancelled.raw);
    assert.deepEqual(
      [cancelled.body.status, cancelled.body.sent, cancelled.body.cancelled, cancelled.body.remaining],
      ['cancelled', 1, 2, 0],
    );
    assertProblem(await p.api.post(`/v1/bulk-moves/${res.body.id}/cancellation`), 409, 'bulk_move_finished');
    clock.freeze(new Date('2026-12-02T11:00:00Z'));
    await t.trellis.worker.runOnce();
    assert.equal((await items(p.api, res.body.id, 'cancelled')).length, 2);
    const [sent] = await items(p.api, res.body.id, 'sent');
    const customer = p.customers.find((c) => c.id === sent.customerId)!;
    const mail = (await t.mailTo(customer.email)).find((m) => m.template === 'relationshipRequest')!;
    const admin = t.as({ cookie: await t.signIn(customer.email, customer.password) });
    const accepted = await admin.post(`/v1/links/${tokenOfMail(mail.textBody)}/acceptance`, {});
    assert.equal(accepted.status, 201, accepted.raw);
    assert.equal((await p.api.get(`/v1/bulk-moves/${res.body.id}`)).body.accepted, 1);
  });

  it('R-TRN-9: pending and done moves are reported per customer: request_pending, already_with_provider', async () => {
    const p = await movingReseller(2);
    const [a, b] = p.customers as [Customer, Customer];
    const body = { providerId: provider.tenant.id, customerIds: [a.id, b.id] };
    const first = await start(p.api, body);
    await t.trellis.worker.runOnce();
    const mail = (await t.mailTo(a.email)).find((m) => m.template === 'relationshipRequest')!;
    const landing = await t.request('GET', `/v1/links/${tokenOfMail(mail.textBody)}`);
    assert.match(landing.body.authorizes[0], /keeps the admin grant you gave it/);
    const admin = t.as({ cookie: await t.signIn(a.email, a.password) });
    const accepted = await admin.post(`/v1/links/${tokenOfMail(mail.textBody)}/acceptance`, {});
    assert.equal(accepted.status, 201, accepted.raw);
    // R-CUS-1: the reseller of record kept the grant it had as direct partner.
    assert.equal(accepted.body.adminGrant, 'kept');
    assert.equal((await admin.get(`/v1/customers/${a.id}/admin-grants`)).body.items.length, 1);
    const second = await start(p.api, body);
    await t.trellis.worker.runOnce();
    const report = await items(p.api, second.body.id, 'failed');
    assert.deepEqual(
      report.map((i: { customerId: string; code: string }) => [i.customerId, i.code]),
      [
        [a.id, 'already_with_provider'],
        [b.id, 'request_pending'],
      ],
    );
    assert.equal((await p.api.get(`/v1/bulk-moves/${first.body.id}`)).body.accepted, 1);
    const given = (await admin.get('/v1/admin-grants?side=given&limit=100')).body.items;
    const toReseller = given.filter(
      (g: { granteeId: string; status: string }) => g.granteeId === p.tenant.id && g.status === 'active',
    );
    assert.equal(toReseller.length, 1, 'one default grant to the reseller, not two');
  });

  it('R-TRN-9: a move stops as failed when the user who started it lost the permission', async () => {
    const p = await movingReseller(2);
    const agent = await agentOf(p, ['sales_agent']);
    const res = await start(agent.api, { providerId: provider.tenant.id, customerIds: p.customers.map((c) => c.id) });
    assert.equal(res.status, 202, res.raw);
    assert.equal((await p.api.put(`/v1/users/${agent.user.id}/roles`, { roles: ['helpdesk_agent'] })).status, 200);
    await t.trellis.worker.runOnce();
    const move = (await p.api.get(`/v1/bulk-moves/${res.body.id}`)).body;
    assert.deepEqual([move.status, move.sent, move.remaining, move.cancelled], ['failed', 0, 0, 2]);
    assert.match(move.error, /relationship_requests\.send/);
  });

  it("R-TRN-9: other tenants' moves are 404", async () => {
    const p = await movingReseller(1);
    const res = await start(p.api, { providerId: provider.tenant.id, customerIds: [p.customers[0]!.id] });
    const other = await movingReseller(0);
    for (const path of [`/v1/bulk-moves/${res.body.id}`, `/v1/bulk-moves/${res.body.id}/items`]) {
      assertProblem(await other.api.get(path), 404, 'not_found');
    }
    assertProblem(await other.api.post(`/v1/bulk-moves/${res.body.id}/cancellation`), 404, 'not_found');
    assert.equal((await other.api.get('/v1/bulk-moves')).body.items.length, 0);
  });
});

describe('store-channel customers and the provider before acceptance', () => {
  it('R-TRN-9: the operator flags a store-channel customer; a joint request to it is refused, and so is its acceptance', async () => {
    const p = await movingReseller(2);
    const [flagged, later] = p.customers as [Customer, Customer];
    const set = await operator.put(`/v1/operator/customers/${flagged.id}/store-channel`, { storeChannel: true });
    assert.equal(set.status, 200, set.raw);
    assert.equal((await p.api.get(`/v1/customers/${flagged.id}`)).body.storeChannel, true);
    assert.equal((await p.api.put(`/v1/operator/customers/${flagged.id}/store-channel`, { storeChannel: true })).status, 403);
    const refused = await p.api.post('/v1/relationship-requests', { providerId: provider.tenant.id, customerId: flagged.id });
    assertProblem(refused, 422, 'store_channel_customer', 'R-TRN-9');
    assert.match(refused.body.detail, /stays on direct bill/);
    assert.match(refused.body.detail, /direct-bill capability/);
    // Flagged after the request was made: refused at acceptance.
    const made = await p.api.post('/v1/relationship-requests', { providerId: provider.tenant.id, customerId: later.id });
    assert.equal(made.status, 201, made.raw);
    await operator.put(`/v1/operator/customers/${later.id}/store-channel`, { storeChannel: true });
    const admin = t.as({ cookie: await t.signIn(later.email, later.password) });
    assertProblem(
      await admin.post(`/v1/links/${made.body.link.split('/links/')[1]}/acceptance`, {}),
      422,
      'store_channel_customer',
      'R-TRN-9',
    );
    const kinds = (await admin.get(`/v1/customers/${later.id}/relationships`)).body.items.map((r: { role: string }) => r.role);
    assert.deepEqual(kinds, ['direct_partner']);
  });

  it('R-TRN-9, R-CUS-4: until the customer accepts, the provider cannot act for it', async () => {
    const p = await movingReseller(1);
    const [c] = p.customers as [Customer];
    await start(p.api, { providerId: provider.tenant.id, customerIds: [c.id] });
    await t.trellis.worker.runOnce();
    const ctx = systemCtx(t.platform);
    assertProblem(await provider.api.get(`/v1/customers/${c.id}`), 404, 'not_found');
    assert.equal(await mayOrderFor(ctx, provider.tenant.id, c.id), false);
    const listed = async () =>
      (await provider.api.get(`/v1/customers?resellerId=${p.tenant.id}`)).body.items.map((i: { id: string }) => i.id);
    assert.deepEqual(await listed(), []);
    const mail = (await t.mailTo(c.email)).find((m) => m.template === 'relationshipRequest')!;
    const admin = t.as({ cookie: await t.signIn(c.email, c.password) });
    assert.equal((await admin.post(`/v1/links/${tokenOfMail(mail.textBody)}/acceptance`, {})).status, 201);
    assert.equal((await provider.api.get(`/v1/customers/${c.id}`)).status, 200);
    assert.deepEqual(await listed(), [c.id]);
    assert.equal(await mayOrderFor(ctx, provider.tenant.id, c.id), true);
    // R-CUS-4: through an active partnership only.
    const [partnership] = (await provider.api.get('/v1/indirect-resellers')).body.items.filter(
      (r: { reseller: { id: string } }) => r.reseller.id === p.tenant.id,
    );
    const ended = await operator.post(`/v1/operator/partnerships/${partnership.partnershipId}/ending`, {
      supportRequest: 'SR-1',
    });
    assert.ok([200, 204].includes(ended.status), ended.raw);
    assert.equal(await mayOrderFor(ctx, provider.tenant.id, c.id), false);
  });
});
