import { NoContent } from '../../platform/http/schemas.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { permissionsOf } from '../../domain/roles.ts';
import { requireActor } from '../../platform/context.ts';
import { SESSION_COOKIE, credentialRateLimit, perUserRateLimit } from '../../platform/http/auth.ts';
import { getTenant, publicTenant } from '../tenants/service.ts';
import { SelfPatch, UserSchema } from '../users/schemas.ts';
import { getUser, publicUser, updateSelf } from '../users/service.ts';
import { MeSchema, SessionSchema, SignInBody, TotpCode, TotpStart } from './schemas.ts';
import { activateTotp, deactivateTotp, signIn, signOut, startTotp } from './service.ts';

const self = { permission: 'signed_in', allowDuringMfaEnrollment: true } as const;
/** Ten authenticator codes per user per quarter-hour, on each route that checks one. */
const codeChecks = { ...self, rateLimit: perUserRateLimit(10, 15 * 60_000) };

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app.platform;
  app.post(
    '/v1/sessions',
    {
      config: {
        permission: 'public',
        // The address and password find the user, in whichever tenant it is.
        databaseScope: 'system',
        rateLimit: credentialRateLimit(config),
      },
      schema: {
        tags: ['identity'],
        summary: 'Sign in: sets the session cookie',
        body: SignInBody,
        response: { 201: SessionSchema },
      },
    },
    async (request, reply) => {
      const s = await signIn(request.ctx, request.body);
      reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.publicUrl.startsWith('https:'),
        path: '/',
        expires: s.expiresAt,
      });
      return reply.code(201).send({
        user: publicUser(s.user),
        tenant: publicTenant(s.tenant),
        expiresAt: s.expiresAt.toISOString(),
        mfaEnrollmentRequired: s.mfaEnrollmentRequired,
      });
    },
  );
  app.delete(
    '/v1/sessions/current',
    { config: self, schema: { tags: ['identity'], summary: 'Sign out', response: { 204: NoContent } } },
    async (request, reply) => {
      await signOut(request.ctx);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
  app.get(
    '/v1/me',
    { config: self, schema: { tags: ['identity'], summary: 'Who is calling, and what it may do', response: { 200: MeSchema } } },
    async (request) => {
      const actor = requireActor(request.ctx);
      const [user, tenant] = await Promise.all([getUser(request.ctx, actor.userId), getTenant(request.ctx, actor.tenantId)]);
      return {
        user: publicUser(user),
        tenant: publicTenant(tenant),
        permissions: permissionsOf(actor.tenantKind, actor.roles),
        authenticatedBy: actor.apiTokenId ? ('api_token' as const) : ('session' as const),
        mfaEnrollmentRequired: actor.mfaEnrollmentRequired ?? false,
      };
    },
  );
  app.patch(
    '/v1/me',
    {
      config: { permission: 'signed_in' },
      schema: {
        tags: ['identity'],
        summary: "Change one's own name or language (the console's and the mail's)",
        body: SelfPatch,
        response: { 200: UserSchema },
      },
    },
    async (request) => publicUser(await updateSelf(request.ctx, request.body)),
  );
  app.post(
    '/v1/me/totp',
    {
      config: self,
      schema: { tags: ['identity'], summary: 'Start enrolling an authenticator app (TOTP)', response: { 201: TotpStart } },
    },
    async (request, reply) => reply.code(201).send(await startTotp(request.ctx)),
  );
  app.post(
    '/v1/me/totp/activation',
    {
      config: codeChecks,
      schema: { tags: ['identity'], summary: 'Finish enrolment with a first code', body: TotpCode, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await activateTotp(request.ctx, request.body.code);
      return reply.code(204).send();
    },
  );
  app.post(
    '/v1/me/totp/deactivation',
    {
      config: codeChecks,
      schema: { tags: ['identity'], summary: 'Turn two-step verification off', body: TotpCode, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deactivateTotp(request.ctx, request.body.code);
      return reply.code(204).send();
    },
  );
};
