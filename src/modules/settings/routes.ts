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
    async (request) => updateSettings(request.ctx, request.body),
  );
};
