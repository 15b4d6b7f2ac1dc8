import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grantAllows, rolesGiving } from './delegated.ts';

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
