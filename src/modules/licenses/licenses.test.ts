import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { commerceWorld, order, orderingCustomer, type CommerceWorld } from '../../../test/support/commerce.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { mailedToken, member, ProgramFlow, unique, type Api, type MadeCustomer } from '../../../test/support/program.ts';

/** Customer users and licenses (issue 11, part 5): each rule by its id. */

let t: TestTrellis;
let operator: Api;
let flow: ProgramFlow;
let w: CommerceWorld;
/** The global admins of the world's two customers. */
let directAdmin: Api;
let indirectAdmin: Api;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
  flow = new ProgramFlow(t, operator);
  w = await commerceWorld(flow, operator);
  directAdmin = await adminOf(w.directCustomer);
  indirectAdmin = await adminOf(w.indirectCustomer);
});
after(() => t.close());

async function adminOf(customer: MadeCustomer): Promise<Api> {
  return t.as({ cookie: await t.signIn(customer.email, customer.password) });
}

/** Users added by the customer's admin (invited: a license may go to them before they sign in). */
async function usersOf(admin: Api, count: number): Promise<{ id: string; name: string }[]> {
  const made = [];
  for (let i = 0; i < count; i++) {
    const tag = unique();
    const res = await admin.post('/v1/users', { email: `user-${tag}@customer.example`, name: `User ${tag}`, roles: ['user'] });
    assert.equal(res.status, 201, res.raw);
    made.push(res.body as { id: string; name: string });
  }
  return made;
}

/** A new subscription of the direct customer (or of the indirect one, through the reseller). */
async function subscribe(quantity: number, indirect = false): Promise<string> {
  const made = indirect
    ? await order(w.provider.api, w.indirectCustomer.id, w.offer.id, quantity, { resellerId: w.reseller.tenant.id })
    : await order(w.direct.api, w.directCustomer.id, w.offer.id, quantity);
  assert.equal(made.status, 201, made.raw);
  return made.body.lines[0].subscriptionId as string;
}

const assign = (api: Api, subscriptionId: string, userId: string) =>
  api.post(`/v1/subscriptions/${subscriptionId}/license-assignments`, { userId });
const unassign = (api: Api, subscriptionId: string, userId: string) =>
  api.delete(`/v1/subscriptions/${subscriptionId}/license-assignments/${userId}`);

interface Pool {
  subscription: { id: string; quantity: number };
  assigned: number;
  available: number;
  mayManage: boolean;
}
async function poolOf(api: Api, customerId: string, subscriptionId: string): Promise<Pool | undefined> {
  const res = await api.get(`/v1/customers/${customerId}/licenses?limit=500`);
  assert.equal(res.status, 200, res.raw);
  return (res.body.items as Pool[]).find((p) => p.subscription.id === subscriptionId);
}

describe('the customer record: services, users and licenses', () => {
  it("R-CUS-8, R-GRT-3: the direct-bill partner assigns licenses under its grant; the record shows each subscription's assigned and available, and each user's licenses", async () => {
    const sub = await subscribe(3);
    const [ann, bob] = await usersOf(directAdmin, 2);
    const first = await assign(w.direct.api, sub, ann!.id);
    assert.equal(first.status, 201, first.raw);
    assert.deepEqual(
      [first.body.subscriptionId, first.body.customerId, first.body.user.id, first.body.user.status, first.body.offer.id],
      [sub, w.directCustomer.id, ann!.id, 'invited', w.offer.id],
    );
    assert.equal(first.body.assignedBy, w.direct.admin.id);
    assert.equal((await assign(directAdmin, sub, bob!.id)).status, 201, 'the customer global admin assigns too');

    for (const api of [w.direct.api, directAdmin]) {
      const pool = await poolOf(api, w.directCustomer.id, sub);
      assert.deepEqual([pool?.subscription.quantity, pool?.assigned, pool?.available, pool?.mayManage], [3, 2, 1, true]);
    }
    const annsLicenses = await w.direct.api.get(`/v1/customers/${w.directCustomer.id}/license-assignments?userId=${ann!.id}`);
    assert.equal(annsLicenses.status, 200, annsLicenses.raw);
    assert.deepEqual(
      annsLicenses.body.items.map((a: { offer: { name: string }; subscriptionId: string }) => [a.subscriptionId, a.offer.name]),
      [[sub, w.offer.name]],
    );
    const ofSubscription = await directAdmin.get(`/v1/subscriptions/${sub}/license-assignments`);
    assert.deepEqual(
      ofSubscription.body.items.map((a: { user: { id: string } }) => a.user.id),
      [bob!.id, ann!.id],
      'newest first',
    );

    // The customer's audit trail names the partner and the grant it acted under.
    const [grant] = (await directAdmin.get(`/v1/customers/${w.directCustomer.id}/admin-grants`)).body.items;
    const [event] = (await directAdmin.get(`/v1/audit-events?type=license.assigned&subjectId=${first.body.id}`)).body.items;
    assert.deepEqual([event.actor.tenantId, event.grantId], [w.direct.tenant.id, grant.id]);

    const removed = await unassign(w.direct.api, sub, ann!.id);
    assert.equal(removed.status, 204, removed.raw);
    assert.equal((await poolOf(w.direct.api, w.directCustomer.id, sub))?.assigned, 1);
    assertProblem(await unassign(w.direct.api, sub, ann!.id), 404, 'not_found');
    const [gone] = (await directAdmin.get(`/v1/audit-events?type=license.removed&subjectId=${first.body.id}`)).body.items;
    assert.equal(gone.actor.userId, w.direct.admin.id);
  });

  it('R-CUS-8: assigning a license the user holds already is idempotent: 200 with the same assignment, one event', async () => {
    const sub = await subscribe(2);
    const [user] = await usersOf(directAdmin, 1);
    const first = await assign(w.direct.api, sub, user!.id);
    const again = await assign(directAdmin, sub, user!.id);
    assert.equal(first.status, 201, first.raw);
    assert.equal(again.status, 200, again.raw);
    assert.equal(again.body.id, first.body.id);
    assert.equal((await poolOf(directAdmin, w.directCustomer.id, sub))?.assigned, 1);
    const events = (await directAdmin.get(`/v1/audit-events?type=license.assigned&subjectId=${first.body.id}`)).body.items;
    assert.equal(events.length, 1);
  });
});

describe('who manages licenses', () => {
  it('R-CUS-7: of an indirect customer, the reseller of record assigns and removes licenses; the provider, which orders, is refused', async () => {
    const sub = await subscribe(2, true);
    const [user] = await usersOf(indirectAdmin, 1);
    assertProblem(await assign(w.provider.api, sub, user!.id), 422, 'licenses_managed_by_reseller', 'R-CUS-7');
    const byReseller = await assign(w.reseller.api, sub, user!.id);
    assert.equal(byReseller.status, 201, byReseller.raw);
    assertProblem(await unassign(w.provider.api, sub, user!.id), 422, 'licenses_managed_by_reseller', 'R-CUS-7');
    const pool = await poolOf(w.reseller.api, w.indirectCustomer.id, sub);
    assert.deepEqual([pool?.assigned, pool?.mayManage], [1, true]);
    assert.equal((await poolOf(indirectAdmin, w.indirectCustomer.id, sub))?.mayManage, true);
    // The provider holds no grant of the customer: its licenses are not the provider's to read (R-GRT-3).
    assertProblem(await w.provider.api.get(`/v1/customers/${w.indirectCustomer.id}/licenses`), 403, 'forbidden', 'R-GRT-3');
    assert.equal((await unassign(w.reseller.api, sub, user!.id)).status, 204);
  });

  it('R-CUS-7: of a direct customer, the direct-bill partner manages licenses; another partner of the customer sees none of them', async () => {
    const customer = await orderingCustomer(w.direct.api);
    const admin = await adminOf(customer);
    const placed = await order(w.direct.api, customer.id, w.offer.id, 2);
    const sub = placed.body.lines[0].subscriptionId as string;
    const [user] = await usersOf(admin, 1);
    assert.equal((await assign(w.direct.api, sub, user!.id)).status, 201);
    // The reseller has no relationship with this customer: it is told nothing.
    assertProblem(await assign(w.reseller.api, sub, user!.id), 404, 'not_found');
    assertProblem(await w.reseller.api.get(`/v1/subscriptions/${sub}/license-assignments`), 404, 'not_found');
    assertProblem(await w.reseller.api.get(`/v1/customers/${customer.id}/license-assignments`), 404, 'not_found');
  });
});

describe('several partners on one customer', () => {
  it("R-CUS-9: the direct-bill partner and the reseller each see and manage their own subscriptions' licenses; the customer sees all", async () => {
    const customer = await orderingCustomer(w.direct.api);
    const admin = await adminOf(customer);
    const joint = await w.reseller.api.post('/v1/relationship-requests', {
      providerId: w.provider.tenant.id,
      email: customer.email,
      send: true,
    });
    assert.equal(joint.status, 201, joint.raw);
    const link = await mailedToken(t, customer.email, 'relationshipRequest');
    assert.equal((await admin.post(`/v1/links/${link}/acceptance`, {})).status, 201);
    const direct = (await order(w.direct.api, customer.id, w.offer.id, 2)).body.lines[0].subscriptionId as string;
    const placed = await order(w.provider.api, customer.id, w.offer.id, 2, { resellerId: w.reseller.tenant.id });
    assert.equal(placed.status, 201, placed.raw);
    const indirect = placed.body.lines[0].subscriptionId as string;
    const [user] = await usersOf(admin, 1);
    assert.equal((await assign(w.direct.api, direct, user!.id)).status, 201);
    assert.equal((await assign(w.reseller.api, indirect, user!.id)).status, 201);
    // Each partner manages only its own: the other's subscription is not found.
    assertProblem(await unassign(w.direct.api, indirect, user!.id), 404, 'not_found');
    assertProblem(await unassign(w.reseller.api, direct, user!.id), 404, 'not_found');

    const seen = async (api: Api) => {
      const pools = (await api.get(`/v1/customers/${customer.id}/licenses`)).body.items as Pool[];
      const assignments = (await api.get(`/v1/customers/${customer.id}/license-assignments?userId=${user!.id}`)).body.items as {
        subscriptionId: string;
      }[];
      return [pools.map((p) => p.subscription.id).sort(), assignments.map((a) => a.subscriptionId).sort()];
    };
    assert.deepEqual(await seen(w.direct.api), [[direct], [direct]]);
    assert.deepEqual(await seen(w.reseller.api), [[indirect], [indirect]]);
    assert.deepEqual(await seen(admin), [[direct, indirect].sort(), [direct, indirect].sort()]);
  });
});

describe('licenses under a live grant', () => {
  it('R-GRT-3: a grant without license_admin is refused, saying which role to ask for; a global reader reads; license_admin alone assigns; ended grants stop it', async () => {
    const customer = await orderingCustomer(w.direct.api);
    const admin = await adminOf(customer);
    const sub = (await order(w.direct.api, customer.id, w.offer.id, 5)).body.lines[0].subscriptionId as string;
    const [user] = await usersOf(admin, 1);
    const [grant] = (await admin.get(`/v1/customers/${customer.id}/admin-grants`)).body.items;

    assert.equal((await admin.patch(`/v1/admin-grants/${grant.id}`, { roles: ['helpdesk_admin'] })).status, 200);
    const refused = await assign(w.direct.api, sub, user!.id);
    assertProblem(refused, 403, 'forbidden', 'R-GRT-3');
    assert.match(refused.body.detail, /license_admin/);
    assertProblem(await w.direct.api.get(`/v1/customers/${customer.id}/license-assignments`), 403, 'forbidden', 'R-GRT-3');
    assert.equal((await poolOf(admin, customer.id, sub))?.assigned, 0);

    // A reader reads them, and may not change them; a license admin does both.
    const approve = async (roles: string[]) => {
      const asked = await w.direct.api.post('/v1/admin-grant-requests', { grantorId: customer.id, roles, days: 30 });
      assert.equal(asked.status, 201, asked.raw);
      const approved = await admin.post(`/v1/admin-grant-requests/${asked.body.request.id}/approval`, {});
      assert.equal(approved.status, 200, approved.raw);
    };
    await approve(['global_reader']);
    assert.equal((await poolOf(w.direct.api, customer.id, sub))?.mayManage, false);
    assertProblem(await assign(w.direct.api, sub, user!.id), 403, 'forbidden', 'R-GRT-3');
    await approve(['license_admin']);
    assert.equal((await assign(w.direct.api, sub, user!.id)).status, 201);
    assert.equal((await poolOf(w.direct.api, customer.id, sub))?.mayManage, true);

    const held = (await w.direct.api.get(`/v1/admin-grants?counterpartId=${customer.id}`)).body.items as { id: string }[];
    for (const g of held) assert.equal((await admin.post(`/v1/admin-grants/${g.id}/ending`)).status, 200);
    assertProblem(await unassign(w.direct.api, sub, user!.id), 403, 'forbidden', 'R-GRT-3');
    assertProblem(await w.direct.api.get(`/v1/subscriptions/${sub}/license-assignments`), 403, 'forbidden', 'R-GRT-3');
    // The customer's own admin needs no grant.
    assert.equal((await unassign(admin, sub, user!.id)).status, 204);
  });

  it("R-GRT-3: the partner user's own role must allow it: a sales agent reads licenses and assigns none; a customer's plain user does neither", async () => {
    const sub = await subscribe(2);
    const [user] = await usersOf(directAdmin, 1);
    // Adding a user takes admin_agent (R-ENR-4): the global admin grants it to itself first.
    const roles = await w.direct.api.put(`/v1/users/${w.direct.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] });
    assert.equal(roles.status, 200, roles.raw);
    const sales = await member(t, w.direct.api, ['sales_agent']);
    const refused = await assign(sales.api, sub, user!.id);
    assertProblem(refused, 403, 'forbidden');
    assert.equal(refused.body.permission, 'licenses.manage');
    const pool = await poolOf(sales.api, w.directCustomer.id, sub);
    assert.equal(pool?.mayManage, false);
    const plain = await member(t, directAdmin, ['user']);
    assertProblem(await assign(plain.api, sub, user!.id), 403, 'forbidden');
    assertProblem(await plain.api.get(`/v1/customers/${w.directCustomer.id}/licenses`), 403, 'forbidden');
  });
});

describe('within the quantity', () => {
  it('R-LIC-1: an assignment beyond the quantity is refused with both counts', async () => {
    const sub = await subscribe(1);
    const [a, b] = await usersOf(directAdmin, 2);
    assert.equal((await assign(w.direct.api, sub, a!.id)).status, 201);
    const refused = await assign(w.direct.api, sub, b!.id);
    assertProblem(refused, 409, 'license_quantity_exceeded', 'R-LIC-1');
    assert.deepEqual([refused.body.quantity, refused.body.assigned], [1, 1]);
    assert.equal((await poolOf(w.direct.api, w.directCustomer.id, sub))?.available, 0);
  });

  it('R-LIC-1: 30 assignments at once of a subscription of 5 assign exactly 5; 10 of one user at once make one', async () => {
    const sub = await subscribe(5);
    const users = await usersOf(directAdmin, 30);
    const answers = await Promise.all(users.map((u, i) => assign(i % 2 ? directAdmin : w.direct.api, sub, u.id)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [...Array(5).fill(201), ...Array(25).fill(409)], answers.find((a) => a.status >= 500)?.raw);
    const pool = await poolOf(directAdmin, w.directCustomer.id, sub);
    assert.deepEqual([pool?.assigned, pool?.available], [5, 0]);

    const other = await subscribe(5);
    const same = await Promise.all(Array.from({ length: 10 }, () => assign(w.direct.api, other, users[0]!.id)));
    assert.deepEqual(
      same.map((a) => a.status).sort(),
      [200, 200, 200, 200, 200, 200, 200, 200, 200, 201],
      same.find((a) => a.status >= 300)?.raw,
    );
    assert.equal(new Set(same.map((a) => a.body.id)).size, 1);
    assert.equal((await poolOf(directAdmin, w.directCustomer.id, other))?.assigned, 1);
  });

  it('R-LIC-1: a quantity below the licenses assigned is refused, naming how many to remove; assignments racing a decrease never exceed it', async () => {
    const sub = await subscribe(5);
    const users = await usersOf(directAdmin, 4);
    for (const u of users) assert.equal((await assign(w.direct.api, sub, u.id)).status, 201);
    const refused = await w.direct.api.patch(`/v1/subscriptions/${sub}`, { quantity: 2 });
    assertProblem(refused, 409, 'licenses_assigned', 'R-LIC-1');
    assert.deepEqual([refused.body.assigned, refused.body.toUnassign], [4, 2]);
    assert.match(refused.body.detail, /remove 2/);
    const unchanged = (await w.direct.api.get(`/v1/customers/${w.directCustomer.id}/subscriptions?limit=500`)).body.items.find(
      (s: { id: string }) => s.id === sub,
    );
    assert.equal(unchanged.quantity, 5);

    // Down to exactly the licenses assigned is allowed.
    const exact = await w.direct.api.patch(`/v1/subscriptions/${sub}`, { quantity: 4 });
    assert.equal(exact.status, 200, exact.raw);
    assert.equal((await unassign(w.direct.api, sub, users[0]!.id)).status, 204);
    assert.equal((await unassign(directAdmin, sub, users[1]!.id)).status, 204);

    // A decrease to 2 and two assignments at once: whichever order they take, no more than the quantity is assigned.
    const [x, y] = await usersOf(directAdmin, 2);
    const [decrease] = await Promise.all([
      w.direct.api.patch(`/v1/subscriptions/${sub}`, { quantity: 2 }),
      assign(w.direct.api, sub, x!.id),
      assign(directAdmin, sub, y!.id),
    ]);
    const pool = await poolOf(directAdmin, w.directCustomer.id, sub);
    assert.ok(pool && pool.assigned <= pool.subscription.quantity, JSON.stringify(pool));
    assert.equal(pool?.subscription.quantity, decrease.status === 200 ? 2 : 4, decrease.raw);
  });
});

describe('what is assigned to whom', () => {
  it("R-LIC-2: only an active subscription's licenses are assigned; a suspended one's are still removed", async () => {
    const sub = await subscribe(3);
    const [a, b] = await usersOf(directAdmin, 2);
    assert.equal((await assign(w.direct.api, sub, a!.id)).status, 201);
    const suspended = await w.direct.api.patch(`/v1/subscriptions/${sub}`, { status: 'suspended' });
    assert.equal(suspended.status, 200, suspended.raw);
    const refused = await assign(w.direct.api, sub, b!.id);
    assertProblem(refused, 409, 'subscription_not_active', 'R-LIC-2');
    assert.match(refused.body.detail, /suspended/);
    assert.equal((await unassign(w.direct.api, sub, a!.id)).status, 204);
  });

  it('R-LIC-2: a disabled user is refused (422), re-enabled it gets one; a user of another tenant, or none, is not found', async () => {
    const sub = await subscribe(3);
    const [user] = await usersOf(directAdmin, 1);
    assert.equal((await directAdmin.patch(`/v1/users/${user!.id}`, { status: 'disabled' })).status, 200);
    const refused = await assign(w.direct.api, sub, user!.id);
    assertProblem(refused, 422, 'user_disabled', 'R-LIC-2');
    assert.match(refused.body.detail, new RegExp(user!.name));
    assert.equal((await directAdmin.patch(`/v1/users/${user!.id}`, { status: 'active' })).status, 200);
    assert.equal((await assign(w.direct.api, sub, user!.id)).status, 201);

    const [stranger] = await usersOf(indirectAdmin, 1);
    const elsewhere = await assign(w.direct.api, sub, stranger!.id);
    assertProblem(elsewhere, 404, 'not_found');
    assert.match(elsewhere.body.detail, /this customer's users/);
    assertProblem(await assign(w.direct.api, sub, w.direct.admin.id), 404, 'not_found');
    assertProblem(await assign(w.direct.api, sub, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    assertProblem(await assign(w.direct.api, '00000000-0000-4000-8000-000000000000', user!.id), 404, 'not_found');
    // Another customer's admin sees nothing of this subscription.
    assertProblem(await assign(indirectAdmin, sub, stranger!.id), 404, 'not_found');
    assertProblem(await indirectAdmin.get(`/v1/customers/${w.directCustomer.id}/licenses`), 404, 'not_found');
  });
});
