import { credentialRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../platform/context.ts';
import { acceptLink, describeLink } from '../links/service.ts';
import { publicUser } from '../users/service.ts';
import { SignedUp, SignUp, SignUpAccepted, SignUpConfirmation, TenantSchema } from './schemas.ts';
import { confirmSignUp, getTenant, publicTenant, requestSignUp } from './service.ts';

export const tenantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/tenants',
    {
      config: {
        permission: 'public',
        // Sign-up makes a tenant no scope holds yet, and checks the address against every tenant.
        databaseScope: 'system',
        rateLimit: credentialRateLimit(app.platform.config),
      },
      schema: {
        tags: ['identity'],
        summary: "Sign up a partner or customer tenant with its first global admin: mails the admin's address a link to confirm",
        description:
          'Always 202 for a valid request, whether or not the address has an account (that address is told so by mail). ' +
          'The tenant is created when the mailed token is sent to POST /v1/sign-up-confirmations; a dead acceptLink is refused now.',
        body: SignUp,
        response: { 202: SignUpAccepted },
      },
    },
    async (request, reply) => {
      await requestSignUp(request.ctx, request.body, describeLink);
      return reply.code(202).send({ status: 'confirmation_sent' as const, email: request.body.admin.email.toLowerCase() });
    },
  );
  app.post(
    '/v1/sign-up-confirmations',
    {
      config: {
        permission: 'public',
        // The mailed token finds the sign-up it confirms.
        databaseScope: 'system',
        rateLimit: credentialRateLimit(app.platform.config),
      },
      schema: {
        tags: ['identity'],
        summary: 'Confirm a sign-up with the token of its mail (used once): creates the tenant and its admin',
        description:
          'With an acceptLink in the sign-up, the link is accepted in the same step (R-CUS-1), or nothing is created. ' +
          'No session is set: the admin signs in with POST /v1/sessions.',
        body: SignUpConfirmation,
        response: { 201: SignedUp },
      },
    },
    async (request, reply) => {
      const result = await confirmSignUp(request.ctx, request.body.token, (tx, link) => acceptLink(tx, link, {}));
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
