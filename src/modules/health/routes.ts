import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Liveness and database check',
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }) },
      },
    },
    async () => {
      const { database } = app.platform;
      try {
        await database.raw('SELECT 1');
      } catch {
        throw new AppError(503, 'database_unavailable', 'Database unavailable', 'The database did not answer.');
      }
      return { status: 'ok' as const, database: database.kind };
    },
  );
};
