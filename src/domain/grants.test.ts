import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grantProblems } from './grants.ts';

const catalog = ['user_admin', 'global_reader', 'global_admin'];

describe('grant shapes', () => {
  it('R-GRT-1: 1 to 730 days, roles from the catalog', () => {
    assert.deepEqual(grantProblems({ roles: ['user_admin'], days: 730, autoExtend: true }, catalog), []);
    assert.deepEqual(grantProblems({ roles: ['user_admin'], days: 1, autoExtend: false }, catalog), []);
    assert.deepEqual(
      grantProblems({ roles: ['user_admin'], days: 731, autoExtend: false }, catalog).map((p) => p.code),
      ['grant_duration'],
    );
    assert.deepEqual(
      grantProblems({ roles: ['user_admin'], days: 0, autoExtend: false }, catalog).map((p) => p.code),
      ['grant_duration'],
    );
    assert.deepEqual(
      grantProblems({ roles: ['root'], days: 10, autoExtend: false }, catalog).map((p) => p.code),
      ['unknown_admin_role'],
    );
  });

  it('R-GRT-2: auto-extension is not allowed while the grant holds global admin', () => {
    const found = grantProblems({ roles: ['global_admin'], days: 30, autoExtend: true }, catalog);
    assert.deepEqual(
      found.map((p) => [p.rule, p.code]),
      [['R-GRT-2', 'auto_extension_with_global_admin']],
    );
    assert.deepEqual(grantProblems({ roles: ['global_admin'], days: 30, autoExtend: false }, catalog), []);
  });
});
