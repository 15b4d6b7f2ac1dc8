import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extendsItself, grantProblems, grantStillJustified, nextGrantCheck, noticeDue, problemField } from './grants.ts';

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

  it('R-GRT-1: a grant holds at least one role of the catalog; each problem names its rule and says what is wrong', () => {
    assert.deepEqual(grantProblems({ roles: [], days: 30, autoExtend: false }, catalog), [
      { rule: 'R-GRT-1', code: 'no_admin_role', detail: 'A grant holds at least one admin role.' },
    ]);
    assert.deepEqual(grantProblems({ roles: ['root', 'admin', 'user_admin'], days: 0, autoExtend: false }, catalog), [
      { rule: 'R-GRT-1', code: 'unknown_admin_role', detail: "Not in the operator's role catalog: root, admin." },
      { rule: 'R-GRT-1', code: 'grant_duration', detail: 'A grant lasts 1 to 730 days.' },
    ]);
    assert.deepEqual(grantProblems({ roles: ['global_admin'], days: 30, autoExtend: true }, catalog), [
      {
        rule: 'R-GRT-2',
        code: 'auto_extension_with_global_admin',
        detail: 'A grant holding global admin does not extend itself.',
      },
    ]);
  });

  it('R-GRT-2: auto-extension is not allowed while the grant holds global admin', () => {
    const found = grantProblems({ roles: ['global_admin'], days: 30, autoExtend: true }, catalog);
    assert.deepEqual(
      found.map((p) => [p.rule, p.code]),
      [['R-GRT-2', 'auto_extension_with_global_admin']],
    );
    assert.deepEqual(grantProblems({ roles: ['global_admin'], days: 30, autoExtend: false }, catalog), []);
  });

  it('R-GRT-1, R-GRT-2: each problem names the field of the form it is shown under', () => {
    const found = [
      ...grantProblems({ roles: ['no_such_role'], days: 0, autoExtend: false }, catalog),
      ...grantProblems({ roles: [], days: 30, autoExtend: false }, catalog),
      ...grantProblems({ roles: ['global_admin'], days: 30, autoExtend: true }, catalog),
    ];
    assert.deepEqual(Object.fromEntries(found.map((p) => [p.code, problemField[p.code]])), {
      unknown_admin_role: 'roles',
      grant_duration: 'days',
      no_admin_role: 'roles',
      auto_extension_with_global_admin: 'autoExtend',
    });
  });
});

describe('the expiry schedule', () => {
  const end = new Date('2027-06-30T12:00:00Z');
  const day = 86_400_000;
  const at = (days: number) => new Date(end.getTime() - days * day);
  const shape = { endsAt: end, roles: ['user_admin'], autoExtend: false };

  it('R-GRT-1: notices 30, 7 and 1 days before the end, then at the end, then nothing', () => {
    assert.deepEqual(nextGrantCheck({ ...shape, lastNoticeDays: null }), at(30));
    assert.deepEqual(nextGrantCheck({ ...shape, lastNoticeDays: 30 }), at(7));
    assert.deepEqual(nextGrantCheck({ ...shape, lastNoticeDays: 7 }), at(1));
    assert.deepEqual(nextGrantCheck({ ...shape, lastNoticeDays: 1 }), end);
    assert.equal(nextGrantCheck({ ...shape, lastNoticeDays: 0 }), null);
  });

  it('a late timer sends only the latest notice due', () => {
    assert.equal(noticeDue({ ...shape, lastNoticeDays: null }, at(31)), null);
    assert.equal(noticeDue({ ...shape, lastNoticeDays: null }, at(30)), 30);
    assert.equal(noticeDue({ ...shape, lastNoticeDays: null }, at(3)), 7);
    assert.equal(noticeDue({ ...shape, lastNoticeDays: 30 }, at(0.5)), 1);
    assert.equal(noticeDue({ ...shape, lastNoticeDays: 7 }, at(-2)), 0);
    assert.equal(noticeDue({ ...shape, lastNoticeDays: 0 }, at(-2)), null);
  });

  it('R-GRT-2: an auto-extending grant is due a day before its end, unless it holds global admin', () => {
    assert.deepEqual(nextGrantCheck({ ...shape, autoExtend: true, lastNoticeDays: null }), at(1));
    assert.equal(extendsItself({ roles: ['global_admin'], autoExtend: true }), false);
    assert.deepEqual(nextGrantCheck({ ...shape, roles: ['global_admin'], autoExtend: true, lastNoticeDays: null }), at(30));
  });
});

describe('what a grant rests on', () => {
  const none = { relationshipRoles: [], partnership: false };
  it("R-CUS-1: a reseller of record's default grant rests on a direct or indirect-reseller relationship, not a provider's", () => {
    assert.ok(grantStillJustified('resellerOfRecord', { relationshipRoles: ['indirect_reseller'], partnership: false }));
    assert.ok(grantStillJustified('resellerOfRecord', { relationshipRoles: ['direct_partner'], partnership: false }));
    assert.ok(!grantStillJustified('resellerOfRecord', { relationshipRoles: ['indirect_provider'], partnership: false }));
    assert.ok(!grantStillJustified('resellerOfRecord', none));
  });

  it("R-PRT-3: a provider's default grant rests on its partnership alone", () => {
    assert.ok(grantStillJustified('providerOnReseller', { relationshipRoles: [], partnership: true }));
    assert.ok(!grantStillJustified('providerOnReseller', none));
    // A provider that also has a relationship of its own with the reseller's customer: the
    // partnership ended, so does the grant it gave.
    assert.ok(!grantStillJustified('providerOnReseller', { relationshipRoles: ['direct_partner'], partnership: false }));
  });

  it('a requested grant rests on whatever let the partner ask: any relationship or the partnership', () => {
    assert.ok(grantStillJustified('request', { relationshipRoles: ['indirect_provider'], partnership: false }));
    assert.ok(grantStillJustified('request', { relationshipRoles: [], partnership: true }));
    assert.ok(!grantStillJustified('request', none));
  });
});
