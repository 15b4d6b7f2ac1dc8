import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { delegatedPermissions, describeAdminRole, grantAllows, rolesGiving } from './delegated.ts';

describe('what admin roles allow', () => {
  it('R-GRT-1: each role gives its own part; global admin gives all of it', () => {
    assert.equal(grantAllows(['directory_reader'], 'directory.read'), true);
    assert.equal(grantAllows(['directory_reader'], 'users.manage'), false);
    assert.equal(grantAllows(['helpdesk_admin'], 'passwords.reset'), true);
    assert.equal(grantAllows(['helpdesk_admin'], 'users.manage'), false);
    assert.equal(grantAllows(['user_admin'], 'users.manage'), true);
    assert.equal(grantAllows(['user_admin'], 'users.grant_admin'), false);
    assert.equal(grantAllows(['global_admin'], 'users.grant_admin'), true);
    assert.equal(grantAllows(['license_admin', 'global_reader'], 'licenses.manage'), true);
    assert.equal(grantAllows(['a_role_the_operator_added'], 'directory.read'), false);
    assert.equal(grantAllows([], 'directory.read'), false);
  });

  it('names the roles that would give a permission', () => {
    assert.deepEqual(rolesGiving('users.grant_admin'), ['global_admin']);
    assert.deepEqual(rolesGiving('passwords.reset'), ['user_admin', 'helpdesk_admin', 'global_admin']);
  });
});

describe('the admin roles of the default catalog', () => {
  it('R-GRT-1: each role gives exactly its part of the delegated permissions', () => {
    const expected: Record<string, string[]> = {
      directory_reader: ['directory.read'],
      global_reader: ['directory.read', 'licenses.read'],
      user_admin: ['directory.read', 'users.manage', 'passwords.reset'],
      helpdesk_admin: ['directory.read', 'passwords.reset'],
      license_admin: ['licenses.read', 'licenses.manage'],
      global_admin: [
        'directory.read',
        'users.manage',
        'users.grant_admin',
        'passwords.reset',
        'licenses.read',
        'licenses.manage',
      ],
    };
    assert.deepEqual([...delegatedPermissions], expected.global_admin);
    for (const [role, gives] of Object.entries(expected)) {
      assert.deepEqual(
        delegatedPermissions.filter((p) => grantAllows([role], p)),
        gives,
        role,
      );
    }
    for (const permission of delegatedPermissions) {
      assert.deepEqual(
        rolesGiving(permission),
        Object.keys(expected).filter((role) => expected[role]!.includes(permission)),
        permission,
      );
    }
  });

  it('each role reads as a line for the grantor deciding; a role the operator added reads as generic', () => {
    assert.equal(describeAdminRole('directory_reader'), 'Reads your directory: users and their details.');
    assert.equal(describeAdminRole('global_reader'), 'Reads what a global admin sees (users, licenses), changes nothing.');
    assert.equal(describeAdminRole('user_admin'), 'Manages your users and resets their passwords.');
    assert.equal(describeAdminRole('helpdesk_admin'), 'Reads your directory and resets passwords.');
    assert.equal(describeAdminRole('license_admin'), 'Assigns and removes licenses.');
    assert.equal(describeAdminRole('global_admin'), 'Full control of your tenant, including its admin roles.');
    assert.equal(describeAdminRole('billing_reader'), "An admin role of the operator's catalog.");
  });
});
