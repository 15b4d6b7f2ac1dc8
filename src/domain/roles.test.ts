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

  it('only a partner global admin accepts agreements, enrolls, accepts partnerships and grants roles', () => {
    for (const permission of ['agreements.accept', 'program.enroll', 'partnerships.accept', 'roles.grant'] as const) {
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
    assert.deepEqual(permissionsOf('partner', ['billing_admin']), ['billing.read', 'billing.manage']);
    assert.deepEqual(permissionsOf('partner', ['incentive_admin']), ['incentives.manage']);
  });

  it('operator roles: admin does everything the operator does; reviewer reviews; support supports', () => {
    assert.ok(hasPermission('operator', ['operator_admin'], 'operator.admin'));
    assert.ok(hasPermission('operator', ['reviewer'], 'operator.review'));
    assert.ok(!hasPermission('operator', ['reviewer'], 'operator.admin'));
    assert.ok(hasPermission('operator', ['support'], 'operator.support'));
    assert.ok(!hasPermission('operator', ['support'], 'operator.review'));
  });

  it('a role means something only in its own kind of tenant', () => {
    assert.ok(isRoleOf('customer', 'user'));
    assert.ok(!isRoleOf('partner', 'user'));
    assert.ok(!isRoleOf('customer', 'operator_admin'));
    assert.equal(hasPermission('customer', ['operator_admin'], 'operator.admin'), false);
    assert.equal(hasPermission('partner', ['operator_admin'], 'operator.admin'), false);
  });

  it('a customer user has no permission beyond being signed in', () => {
    assert.deepEqual(permissionsOf('customer', ['user']), []);
  });
});
