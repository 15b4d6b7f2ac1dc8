import { NoContent } from '../../platform/http/schemas.ts';
import { credentialRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import { ApiTokenSchema, CreatedApiToken, NewApiToken } from './schemas.ts';
import { createApiToken, listApiTokens, publicApiToken, revokeApiToken } from './service.ts';

export const apiTokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limit = credentialRateLimit(app.platform.config);
  app.post(
    '/v1/api-tokens',
    {
      config: { permission: 'signed_in', rateLimit: limit },
      schema: {
        tags: ['identity'],
        summary: 'Make an API token for your own programs: the token is shown once',
        body: NewApiToken,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiToken(request.ctx, request.body)),
  );
  app.get(
    '/v1/api-tokens',
    {
      config: { permission: 'signed_in' },
      schema: {
        tags: ['identity'],
        summary: 'Your API tokens, newest first',
        querystring: PageQuery,
        response: { 200: Page(ApiTokenSchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `api-tokens:${requireActor(request.ctx).userId}`,
        request.query,
        (after, take) => listApiTokens(request.ctx, after, take),
        (t) => [t.createdAt.toISOString(), t.id],
        publicApiToken,
      ),
  );
  app.delete(
    '/v1/api-tokens/:id',
    {
      config: { permission: 'signed_in', rateLimit: limit },
      schema: {
        tags: ['identity'],
        summary: 'Revoke one of your API tokens, at once',
        params: Type.Object({ id: Uuid }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await revokeApiToken(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );
};
