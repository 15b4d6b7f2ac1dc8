import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import type { Api } from '../../../test/support/program.ts';

/** The operator's settings as its settings page changes them: one field at a time, each refusal at its field. */

let t: TestTrellis;
let operator: Api;
before(async () => {
  t = await TestTrellis.start();
  operator = (await t.operator()).api;
});
after(() => t.close());

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

describe('PATCH /v1/operator/settings', () => {
  it('R-TRN-2: holidays are kept sorted, and a change leaves the fields it does not name as they were', async () => {
    const before = (await operator.get('/v1/operator/settings')).body;
    const res = await operator.patch('/v1/operator/settings', { holidays: ['2027-01-01', '2026-12-25', '2026-11-11'] });
    assert.equal(res.status, 200, res.raw);
    assert.deepEqual(res.body.holidays, ['2026-11-11', '2026-12-25', '2027-01-01']);
    assert.deepEqual((await operator.get('/v1/operator/settings')).body, { ...before, holidays: res.body.holidays });
    const bad = await operator.patch('/v1/operator/settings', { holidays: ['2026-12-25', '25/12/2026'] });
    assertProblem(bad, 400, 'invalid_request');
    assert.deepEqual(paths(bad.body), ['/holidays/1']);
  });

  it('R-GRT-1: a role leaves the catalog only once no default grant holds it', async () => {
    const current = (await operator.get('/v1/operator/settings')).body;
    assert.ok(current.defaultGrants.resellerOfRecord.roles.includes('helpdesk_admin'));
    const withoutHelpdesk = current.adminRoleCatalog.filter((r: string) => r !== 'helpdesk_admin');
    const refused = await operator.patch('/v1/operator/settings', { adminRoleCatalog: withoutHelpdesk });
    assertProblem(refused, 409, 'admin_role_in_use', 'R-GRT-1');
    assert.deepEqual(paths(refused.body), ['/adminRoleCatalog']);
    assert.match(refused.body.detail, /helpdesk_admin is in the default grant resellerOfRecord/);
    assert.deepEqual((await operator.get('/v1/operator/settings')).body.adminRoleCatalog, current.adminRoleCatalog);

    // Taken out of the default grant in the same change, it leaves the catalog.
    const resellerOfRecord = { ...current.defaultGrants.resellerOfRecord, roles: ['user_admin', 'license_admin'] };
    const both = await operator.patch('/v1/operator/settings', {
      adminRoleCatalog: withoutHelpdesk,
      defaultGrants: { ...current.defaultGrants, resellerOfRecord },
    });
    assert.equal(both.status, 200, both.raw);
    assert.deepEqual(both.body.adminRoleCatalog, withoutHelpdesk);
    // A role no default holds leaves alone; a new one joins.
    const added = await operator.patch('/v1/operator/settings', {
      adminRoleCatalog: [...withoutHelpdesk.filter((r: string) => r !== 'directory_reader'), 'billing_reader'],
    });
    assert.equal(added.status, 200, added.raw);
    assert.ok(added.body.adminRoleCatalog.includes('billing_reader'));
    assert.ok(!added.body.adminRoleCatalog.includes('directory_reader'));
    const badName = await operator.patch('/v1/operator/settings', { adminRoleCatalog: ['user_admin', 'Billing Reader'] });
    assertProblem(badName, 400, 'invalid_request');
    assert.deepEqual(paths(badName.body), ['/adminRoleCatalog/1']);
  });

  it("R-GRT-1, R-GRT-2: a default grant's refusal names the field of the grant at fault", async () => {
    const current = (await operator.get('/v1/operator/settings')).body;
    const unknown = await operator.patch('/v1/operator/settings', {
      defaultGrants: { ...current.defaultGrants, providerOnReseller: { roles: ['root'], days: 30, autoExtend: false } },
    });
    assertProblem(unknown, 400, 'unknown_admin_role', 'R-GRT-1');
    assert.deepEqual(paths(unknown.body), ['/defaultGrants/providerOnReseller/roles']);

    const extending = await operator.patch('/v1/operator/settings', {
      defaultGrants: { ...current.defaultGrants, indirectReseller: { roles: ['global_admin'], days: 30, autoExtend: true } },
    });
    assertProblem(extending, 422, 'auto_extension_with_global_admin', 'R-GRT-2');
    assert.deepEqual(paths(extending.body), ['/defaultGrants/indirectReseller/autoExtend']);

    const tooLong = await operator.patch('/v1/operator/settings', {
      defaultGrants: { ...current.defaultGrants, resellerOfRecord: { roles: ['user_admin'], days: 731, autoExtend: true } },
    });
    assertProblem(tooLong, 400, 'invalid_request');
    assert.deepEqual(paths(tooLong.body), ['/defaultGrants/resellerOfRecord/days']);
    assert.deepEqual((await operator.get('/v1/operator/settings')).body.defaultGrants, current.defaultGrants);

    // Without indirectReseller, indirect resellers take the reseller of record's default again.
    const own = { roles: ['global_reader'], days: 90, autoExtend: false };
    const set = await operator.patch('/v1/operator/settings', {
      defaultGrants: { ...current.defaultGrants, indirectReseller: own },
    });
    assert.deepEqual(set.body.defaultGrants.indirectReseller, own);
    const cleared = await operator.patch('/v1/operator/settings', { defaultGrants: current.defaultGrants });
    assert.equal(cleared.status, 200, cleared.raw);
    assert.equal(cleared.body.defaultGrants.indirectReseller, undefined);
  });
});
