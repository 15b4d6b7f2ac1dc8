import { grantProblems } from '../../domain/grants.ts';
import { grantShapeError } from '../grants/service.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSettings, updateSettings } from './service.ts';
import { SettingsPatch, SettingsSchema } from './schemas.ts';

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
      schema: { tags: ['operator'], summary: 'Change program settings', body: SettingsPatch, response: { 200: SettingsSchema } },
    },
    async (request) => {
      // Default grants must be grants the rules allow (R-GRT-1, R-GRT-2), with the catalog being set.
      const defaults = request.body.defaultGrants;
      if (defaults) {
        const catalog = request.body.adminRoleCatalog ?? (await getSettings(request.ctx)).adminRoleCatalog;
        for (const shape of [defaults.resellerOfRecord, defaults.indirectReseller, defaults.providerOnReseller]) {
          if (!shape) continue;
          const refusal = grantShapeError(grantProblems(shape, catalog), 'The default grant is not allowed');
          if (refusal) throw refusal;
        }
      }
      return updateSettings(request.ctx, request.body);
    },
  );
};
