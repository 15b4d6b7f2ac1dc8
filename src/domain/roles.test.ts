import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasPermission, isRoleOf, permissionsOf, rolesByKind } from './roles.ts';

describe('roles and permissions', () => {
  it('R-ENR-4: adding users needs admin_agent; a partner global admin alone does not have it', () => {
    assert.equal(hasPermission('partner', ['global_admin'], 'users.manage'), false);
    assert.equal(hasPermission('partner', ['admin_agent'], 'users.manage'), true);
    assert.equal(hasPermission('partner', ['global_admin', 'admin_agent'], 'users.manage'), true);
    assert.equal(hasPermission('partner', ['global_admin'], 'roles.grant'), true, 'so it can grant admin_agent to itself');
  });

  it('only a partner global admin accepts agreements, enrolls, accepts partnerships and links, grants roles and decides grant requests', () => {
    for (const permission of [
      'agreements.accept',
      'program.enroll',
      'partnerships.accept',
      'links.accept',
      'roles.grant',
      'grants.decide',
    ] as const) {
      for (const role of rolesByKind.partner) {
        assert.equal(hasPermission('partner', [role], permission), role === 'global_admin', `${role} / ${permission}`);
      }
    }
  });

  it('sales agents create customers and order; helpdesk reads; billing and incentives stay in their lanes', () => {
    assert.ok(hasPermission('partner', ['sales_agent'], 'orders.place'));
    assert.ok(hasPermission('partner', ['sales_agent'], 'customers.create'));
    assert.ok(!hasPermission('partner', ['sales_agent'], 'users.manage'));
    assert.ok(hasPermission('partner', ['helpdesk_agent'], 'customers.read'));
    assert.ok(!hasPermission('partner', ['helpdesk_agent'], 'customers.create'));
    assert.deepEqual(permissionsOf('partner', ['billing_admin']), [
      'program.read',
      'agreements.read',
      'billing.read',
      'billing.manage',
    ]);
    assert.deepEqual(permissionsOf('partner', ['incentive_admin']), ['program.read', 'agreements.read', 'incentives.manage']);
  });

  it("billing and incentive admins read nothing of customers: their directories, relationships, grants or the partner's partnerships", () => {
    const customerReads = [
      'customers.read',
      'customer_users.read',
      'relationships.read',
      'grants.read',
      'partnerships.read',
    ] as const;
    for (const role of rolesByKind.partner) {
      const reads = !['billing_admin', 'incentive_admin'].includes(role);
      for (const permission of customerReads)
        assert.equal(hasPermission('partner', [role], permission), reads, `${role} / ${permission}`);
    }
  });

  it('whoever may accept some kind of link may call the acceptance route (links.accept)', () => {
    for (const kind of ['partner', 'customer', 'operator'] as const) {
      for (const role of rolesByKind[kind]) {
        const acceptsSome = (['partnerships.accept', 'relationships.accept', 'grants.decide'] as const).some((p) =>
          hasPermission(kind, [role], p),
        );
        assert.equal(hasPermission(kind, [role], 'links.accept'), acceptsSome, `${kind} ${role}`);
      }
    }
  });

  it('operator roles: admin does everything the operator does; reviewer reviews; support supports', () => {
    assert.ok(hasPermission('operator', ['operator_admin'], 'operator.admin'));
    assert.ok(hasPermission('operator', ['reviewer'], 'operator.review'));
    assert.ok(!hasPermission('operator', ['reviewer'], 'operator.admin'));
    assert.ok(hasPermission('operator', ['support'], 'operator.support'));
    assert.ok(!hasPermission('operator', ['support'], 'operator.review'));
    for (const role of ['operator_admin', 'reviewer', 'support']) assert.ok(hasPermission('operator', [role], 'operator.read'));
    assert.ok(!hasPermission('partner', ['global_admin'], 'operator.read'));
  });

  it('a role means something only in its own kind of tenant', () => {
    assert.ok(isRoleOf('customer', 'user'));
    assert.ok(!isRoleOf('partner', 'user'));
    assert.ok(!isRoleOf('customer', 'operator_admin'));
    assert.equal(hasPermission('customer', ['operator_admin'], 'operator.admin'), false);
    assert.equal(hasPermission('partner', ['operator_admin'], 'operator.admin'), false);
  });

  it("a customer user reads the agreements in effect, and nothing of its tenant's directory, grants or partners", () => {
    assert.deepEqual(permissionsOf('customer', ['user']), ['agreements.read']);
  });
});
