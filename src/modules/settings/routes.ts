import { grantProblems, problemField, type GrantProblem } from '../../domain/grants.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import { grantShapeError } from '../grants/service.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSettings, updateSettings, type OperatorSettings } from './service.ts';
import { SettingsPatch, SettingsSchema } from './schemas.ts';

const defaultGrantNames = ['resellerOfRecord', 'indirectReseller', 'providerOnReseller'] as const;

/**
 * The refusal of a change that would leave a default grant the rules do not allow (R-GRT-1,
 * R-GRT-2) against the catalog it would stand beside: each problem named at its field, so a
 * form shows it there. Default grants sent are checked as grants; a catalog sent alone must
 * keep every role the stored defaults hold (409 `admin_role_in_use`), or the next relationship
 * accepted would be refused its default grant.
 */
function defaultGrantsRefusal(patch: Partial<OperatorSettings>, current: OperatorSettings): AppError | undefined {
  const catalog = patch.adminRoleCatalog ?? current.adminRoleCatalog;
  if (patch.defaultGrants) {
    const found: GrantProblem[] = [];
    const errors: FieldError[] = [];
    for (const name of defaultGrantNames) {
      const shape = patch.defaultGrants[name];
      if (!shape) continue;
      for (const problem of grantProblems(shape, catalog)) {
        found.push(problem);
        errors.push({ path: `/defaultGrants/${name}/${problemField[problem.code]}`, in: 'body', message: problem.detail });
      }
    }
    return grantShapeError(found, 'The default grant is not allowed', errors);
  }
  if (patch.adminRoleCatalog) {
    const held = defaultGrantNames.flatMap((name) =>
      (current.defaultGrants[name]?.roles ?? []).filter((r) => !catalog.includes(r)).map((role) => ({ name, role })),
    );
    if (held.length === 0) return undefined;
    const detail = held.map((h) => `${h.role} is in the default grant ${h.name}.`).join(' ');
    return new AppError(409, 'admin_role_in_use', 'The admin role is in a default grant', detail, {
      rule: 'R-GRT-1',
      errors: [{ path: '/adminRoleCatalog', in: 'body', message: detail }],
    });
  }
  return undefined;
}

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/operator/settings',
    {
      config: { permission: 'operator.admin' },
      schema: { tags: ['operator'], summary: "The operator's program settings", response: { 200: SettingsSchema } },
    },
    async (request) => getSettings(request.ctx),
  );
  app.patch(
    '/v1/operator/settings',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Change program settings',
        description:
          'Only the fields sent change. Default grants must be grants the rules allow with the catalog (R-GRT-1, R-GRT-2), ' +
          'and a role leaves the catalog only once no default grant holds it (409 admin_role_in_use). Holidays are kept sorted.',
        body: SettingsPatch,
        response: { 200: SettingsSchema },
      },
    },
    async (request) => {
      const patch = request.body;
      if (patch.defaultGrants || patch.adminRoleCatalog) {
        const refusal = defaultGrantsRefusal(patch, await getSettings(request.ctx));
        if (refusal) throw refusal;
      }
      return updateSettings(request.ctx, patch.holidays ? { ...patch, holidays: [...patch.holidays].sort() } : patch);
    },
  );
};
