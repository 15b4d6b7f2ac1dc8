import { credentialRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { inTransaction, requireActor } from '../../platform/context.ts';
import { acceptLink } from '../links/service.ts';
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
      const { acceptLink: link, ...signUp } = request.body;
      // Signing up on the way to accept a link: the tenant exists only if the acceptance succeeds.
      const result = await inTransaction(request.ctx, async (tx) => {
        const { tenant, admin } = await createTenant(tx, signUp);
        if (!link) return { tenant, admin, acceptance: undefined };
        const actor = { userId: admin.id, tenantId: tenant.id, tenantKind: tenant.kind, email: admin.email, roles: admin.roles };
        return { tenant, admin, acceptance: await acceptLink({ ...tx, actor }, link, {}) };
      });
      return reply.code(201).send({
        tenant: publicTenant(result.tenant),
        admin: publicUser(result.admin),
        ...(result.acceptance ? { acceptance: result.acceptance } : {}),
      });
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
