import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { createTenant } from '../tenants/service.ts';
import { grantFor, underGrant } from './access.ts';
import { createGrant } from './service.ts';
import { updateGrant } from './store.ts';

/** R-GRT-3: the one check of a partner's access to another tenant, against the grants in force now. */

let t: TestTrellis;
let system: Ctx;
before(async () => {
  t = await TestTrellis.start();
  system = systemCtx(t.trellis.platform);
});
after(() => t.close());

async function tenant(kind: 'partner' | 'customer') {
  const tag = randomBytes(4).toString('hex');
  const { tenant, admin } = await createTenant(system, {
    kind,
    name: `${kind} ${tag}`,
    countryCode: 'US',
    // Never signed in with: no password to hash.
    admin: { email: `admin@${tag}.example`, name: 'Admin', passwordHash: 'unused' },
  });
  const ctx: Ctx = {
    ...system,
    actor: { userId: admin.id, tenantId: tenant.id, tenantKind: kind, email: admin.email, roles: admin.roles },
  };
  return { id: tenant.id, ctx };
}

const grant = (grantorId: string, granteeId: string, roles: string[], days = 30) =>
  createGrant(system, { grantorId, granteeId, source: 'request', roles, days, autoExtend: false });

describe('grantFor and underGrant (R-GRT-3)', () => {
  it('R-GRT-3: a live grant whose roles give the permission is the one the partner acts under', async () => {
    const partner = await tenant('partner');
    const customer = await tenant('customer');
    await grant(customer.id, partner.id, ['license_admin']);
    const given = await grant(customer.id, partner.id, ['user_admin']);
    assert.deepEqual(await grantFor(partner.ctx, customer.id, 'users.manage'), {
      id: given.id,
      grantorId: customer.id,
      grantorKind: 'customer',
      roles: ['user_admin'],
    });
    const acting = await underGrant(partner.ctx, customer.id, 'passwords.reset');
    assert.equal(acting.grant?.id, given.id);
    assert.equal(acting.actor, partner.ctx.actor, 'the rest of the context is kept');
    assert.equal(acting.db, partner.ctx.db);
  });

  it('R-GRT-3: of several live grants that give it, the widest is acted under (global_admin first), whatever their order', async () => {
    for (const order of [
      ['narrow', 'wide', 'global'],
      ['global', 'wide', 'narrow'],
      ['wide', 'narrow', 'global'],
    ] as const) {
      const partner = await tenant('partner');
      const customer = await tenant('customer');
      const roles = { narrow: ['user_admin'], wide: ['user_admin', 'license_admin', 'helpdesk_admin'], global: ['global_admin'] };
      const made: Record<string, string> = {};
      for (const name of order) made[name] = (await grant(customer.id, partner.id, roles[name])).id;
      assert.equal((await grantFor(partner.ctx, customer.id, 'users.manage'))?.id, made.global, order.join(', '));
      await updateGrant(system, made.global!, { status: 'ended', endedAt: clock.now() });
      assert.equal((await grantFor(partner.ctx, customer.id, 'users.manage'))?.id, made.wide, order.join(', '));
    }
  });

  it('R-GRT-3: a grant whose roles do not give it is refused, naming the roles to ask for', async () => {
    const partner = await tenant('partner');
    const customer = await tenant('customer');
    await grant(customer.id, partner.id, ['directory_reader']);
    assert.equal(await grantFor(partner.ctx, customer.id, 'licenses.manage'), undefined);
    await assert.rejects(
      () => underGrant(partner.ctx, customer.id, 'licenses.manage'),
      (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.status, 403);
        assert.equal(err.extra.rule, 'R-GRT-3');
        assert.equal(err.extra.needs, 'licenses.manage');
        assert.equal(
          err.detail,
          'No live admin grant of this tenant lets you do this (licenses.manage): ask its global admin for one with ' +
            'license_admin, global_admin (POST /v1/admin-grant-requests).',
        );
        return true;
      },
    );
  });

  it('R-GRT-3: an ended grant stops access on the next call', async () => {
    const partner = await tenant('partner');
    const customer = await tenant('customer');
    const given = await grant(customer.id, partner.id, ['global_admin']);
    assert.ok(await grantFor(partner.ctx, customer.id, 'directory.read'));
    await updateGrant(system, given.id, { status: 'ended', endedAt: clock.now() });
    assert.equal(await grantFor(partner.ctx, customer.id, 'directory.read'), undefined);
  });

  it('R-GRT-3: an expired grant gives nothing, from the instant it ends', async () => {
    const partner = await tenant('partner');
    const customer = await tenant('customer');
    const given = await grant(customer.id, partner.id, ['helpdesk_admin'], 1);
    clock.freeze(new Date(given.endsAt.getTime() - 1));
    try {
      assert.ok(await grantFor(partner.ctx, customer.id, 'passwords.reset'), 'in force until its last millisecond');
      clock.freeze(given.endsAt);
      assert.equal(await grantFor(partner.ctx, customer.id, 'passwords.reset'), undefined);
      clock.freeze(new Date(given.endsAt.getTime() + DAY_MS));
      assert.equal(await grantFor(partner.ctx, customer.id, 'passwords.reset'), undefined);
    } finally {
      clock.reset();
    }
  });

  it('a grant of another tenant, or to another partner, gives nothing here', async () => {
    const partner = await tenant('partner');
    const other = await tenant('partner');
    const customer = await tenant('customer');
    const elsewhere = await tenant('customer');
    await grant(elsewhere.id, partner.id, ['global_admin']);
    await grant(customer.id, other.id, ['global_admin']);
    assert.equal(await grantFor(partner.ctx, customer.id, 'directory.read'), undefined);
  });

  it('no grant is looked up for a customer, nor for a partner on its own tenant', async () => {
    const partner = await tenant('partner');
    const customer = await tenant('customer');
    await grant(customer.id, partner.id, ['global_admin']);
    assert.equal(await grantFor(customer.ctx, customer.id, 'directory.read'), undefined);
    assert.equal(await grantFor(partner.ctx, partner.id, 'directory.read'), undefined);
    // A customer acting on a partner's tenant gets nothing even where the partner granted it something.
    await grant(partner.id, customer.id, ['global_admin']);
    assert.equal(await grantFor(customer.ctx, partner.id, 'directory.read'), undefined);
  });
});
