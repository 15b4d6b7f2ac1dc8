import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  firstAdminRole,
  hasPermission,
  isRoleOf,
  markerPermissions,
  mayHandOn,
  permissionsOf,
  permissions,
  rolesByKind,
} from './roles.ts';

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

/**
 * The whole role table as DOMAIN.md ("Who is in the system") states it: a role that gains or
 * loses a permission fails here, so the change is made on purpose, with this list.
 */
const table = {
  partner: {
    global_admin: [
      'users.read',
      'roles.grant',
      'audit.read',
      'program.read',
      'program.enroll',
      'agreements.read',
      'agreements.accept',
      'partnerships.read',
      'partnerships.accept',
      'partnerships.invite',
      'customers.read',
      'customers.create',
      'customers.manage',
      'customer_users.read',
      'relationships.read',
      'relationships.manage',
      'relationship_requests.send',
      'grants.read',
      'grants.decide',
      'grants.manage',
      'licenses.manage',
      'subscriptions.manage',
      'orders.place',
      'support.act',
      'billing.read',
      'billing.manage',
      'incentives.manage',
      'links.accept',
      'catalog.read',
      'orders.read',
      'subscriptions.read',
    ],
    admin_agent: [
      'users.read',
      'users.manage',
      'audit.read',
      'program.read',
      'agreements.read',
      'partnerships.read',
      'partnerships.invite',
      'customers.read',
      'customers.create',
      'customers.manage',
      'customer_users.read',
      'relationships.read',
      'relationships.manage',
      'relationship_requests.send',
      'grants.read',
      'grants.manage',
      'licenses.manage',
      'subscriptions.manage',
      'catalog.read',
      'orders.read',
      'subscriptions.read',
    ],
    sales_agent: [
      'program.read',
      'agreements.read',
      'partnerships.read',
      'customers.read',
      'customers.create',
      'customer_users.read',
      'relationships.read',
      'relationship_requests.send',
      'grants.read',
      'orders.place',
      'catalog.read',
      'orders.read',
      'subscriptions.read',
    ],
    helpdesk_agent: [
      'program.read',
      'agreements.read',
      'partnerships.read',
      'customers.read',
      'customer_users.read',
      'relationships.read',
      'grants.read',
      'support.act',
      'catalog.read',
      'orders.read',
      'subscriptions.read',
    ],
    billing_admin: ['program.read', 'agreements.read', 'billing.read', 'billing.manage'],
    incentive_admin: ['program.read', 'agreements.read', 'incentives.manage'],
  },
  customer: {
    global_admin: [
      'users.read',
      'users.manage',
      'roles.grant',
      'audit.read',
      'agreements.read',
      'agreements.accept',
      'customer_users.read',
      'relationships.read',
      'relationships.accept',
      'relationships.manage',
      'grants.read',
      'grants.decide',
      'grants.manage',
      'links.accept',
      'orders.read',
      'subscriptions.read',
      // Its subscriptions' licenses, assigned to its users (issue 11, part 5).
      'licenses.manage',
      'billing.read',
    ],
    user: ['agreements.read'],
  },
  operator: {
    operator_admin: [
      'users.read',
      'users.manage',
      'roles.grant',
      'audit.read',
      'agreements.read',
      'operator.read',
      'operator.admin',
      'operator.review',
      'operator.support',
    ],
    reviewer: ['audit.read', 'operator.read', 'operator.review'],
    support: ['audit.read', 'operator.read', 'operator.support'],
  },
} as const;

describe('the role table', () => {
  it('each role of each kind of tenant gives exactly its permissions', () => {
    for (const kind of ['partner', 'customer', 'operator'] as const) {
      assert.deepEqual(Object.keys(table[kind]), [...rolesByKind[kind]], kind);
      for (const [role, expected] of Object.entries(table[kind])) {
        assert.deepEqual(new Set(permissionsOf(kind, [role])), new Set(expected), `${kind} ${role}`);
        for (const permission of expected) assert.ok(hasPermission(kind, [role], permission), `${kind} ${role} ${permission}`);
      }
    }
  });

  it('the permissions a route may name: the markers, then every permission some role gives, each once', () => {
    assert.deepEqual(markerPermissions, ['public', 'signed_in']);
    const given = new Set(Object.values(table).flatMap((roles) => Object.values(roles).flat()));
    assert.deepEqual(new Set(permissions.filter((p) => !markerPermissions.includes(p))), given);
    assert.equal(new Set(permissions).size, permissions.length);
  });

  it('the markers hold for anyone signed in, whatever its roles, even none; no role, no permission', () => {
    for (const kind of ['partner', 'customer', 'operator'] as const) {
      assert.equal(hasPermission(kind, [], 'signed_in'), true);
      assert.equal(hasPermission(kind, [], 'public'), true);
      assert.equal(hasPermission(kind, [], 'audit.read'), false);
      assert.deepEqual(permissionsOf(kind, []), []);
      assert.equal(hasPermission(kind, ['no_such_role'], 'audit.read'), false);
    }
    assert.ok(!permissionsOf('partner', ['global_admin']).includes('signed_in'));
  });

  it('roles add up: a user with two roles holds what either gives', () => {
    assert.deepEqual(
      new Set(permissionsOf('partner', ['billing_admin', 'incentive_admin'])),
      new Set(['program.read', 'agreements.read', 'billing.read', 'billing.manage', 'incentives.manage']),
    );
    assert.ok(hasPermission('partner', ['no_such_role', 'billing_admin'], 'billing.read'));
  });

  it('each kind of tenant has its roles, and its first admin one of them', () => {
    assert.deepEqual(rolesByKind, {
      partner: ['global_admin', 'admin_agent', 'sales_agent', 'helpdesk_agent', 'billing_admin', 'incentive_admin'],
      customer: ['global_admin', 'user'],
      operator: ['operator_admin', 'reviewer', 'support'],
    });
    assert.deepEqual(firstAdminRole, { partner: 'global_admin', customer: 'global_admin', operator: 'operator_admin' });
    for (const kind of ['partner', 'customer', 'operator'] as const) {
      for (const role of rolesByKind[kind]) assert.ok(isRoleOf(kind, role));
    }
    assert.ok(!isRoleOf('operator', 'global_admin'));
  });

  it('R-ENR-4: roles are handed on with roles.grant, and the first admin role only by those who hold it', () => {
    assert.equal(mayHandOn('partner', ['global_admin'], 'admin_agent'), true);
    assert.equal(mayHandOn('partner', ['global_admin'], 'global_admin'), true);
    assert.equal(mayHandOn('partner', ['admin_agent'], 'sales_agent'), false, 'admin_agent lacks roles.grant');
    assert.equal(mayHandOn('customer', ['global_admin'], 'global_admin'), true);
    assert.equal(mayHandOn('customer', ['user'], 'user'), false);
    assert.equal(mayHandOn('operator', ['operator_admin'], 'operator_admin'), true);
    assert.equal(mayHandOn('operator', ['operator_admin'], 'reviewer'), true);
    assert.equal(mayHandOn('operator', ['reviewer'], 'reviewer'), false);
  });
});
