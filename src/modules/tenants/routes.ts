import { credentialRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../platform/context.ts';
import { publicUser } from '../users/service.ts';
import { SignedUp, SignUp, TenantSchema } from './schemas.ts';
import { createTenant, getTenant, publicTenant } from './service.ts';

export const tenantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/tenants',
    {
      config: {
        permission: 'public',
        rateLimit: credentialRateLimit(app.platform.config),
      },
      schema: {
        tags: ['identity'],
        summary: 'Sign up a partner or customer tenant with its first global admin',
        body: SignUp,
        response: { 201: SignedUp },
      },
    },
    async (request, reply) => {
      const { tenant, admin } = await createTenant(request.ctx, request.body);
      return reply.code(201).send({ tenant: publicTenant(tenant), admin: publicUser(admin) });
    },
  );
  app.get(
    '/v1/tenants/current',
    {
      config: { permission: 'signed_in' },
      schema: { tags: ['identity'], summary: "The caller's tenant", response: { 200: TenantSchema } },
    },
    async (request) => publicTenant(await getTenant(request.ctx, requireActor(request.ctx).tenantId)),
  );
};
