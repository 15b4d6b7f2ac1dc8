import { AcceptedNoContent, NoContent } from '../../platform/http/schemas.ts';
import { credentialRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { getTenant } from '../tenants/service.ts';
import {
  NewUser,
  PasswordChange,
  PasswordReset,
  PasswordSetup,
  RolesBody,
  UserListQuery,
  UserPatch,
  UserSchema,
  Uuid,
} from './schemas.ts';
import {
  changePassword,
  getUser,
  inviteUser,
  listUsers,
  publicUser,
  requestPasswordReset,
  sendPasswordReset,
  setRoles,
  setUpPassword,
  updateUser,
} from './service.ts';

const IdParams = Type.Object({ id: Uuid });

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['users'],
        summary: "The caller's tenant's users",
        querystring: Type.Intersect([PageQuery, UserListQuery]),
        response: { 200: Page(UserSchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `users:${requireActor(request.ctx).tenantId}:${request.query.search ?? ''}`,
        request.query,
        (after, take) => listUsers(request.ctx, request.query.search, after, take),
        (u) => [u.createdAt.toISOString(), u.id],
        publicUser,
      ),
  );
  app.post(
    '/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Add a user: it is mailed a link to choose its password',
        description: 'Accepts an Idempotency-Key header. Partner tenants need the admin_agent role (R-ENR-4).',
        body: NewUser,
        response: { 201: UserSchema },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => {
        const tenant = await getTenant(tx, requireActor(tx).tenantId);
        return { status: 201, body: publicUser(await inviteUser(tx, request.body, tenant.name)) };
      }),
  );
  app.get(
    '/v1/users/:id',
    { config: { permission: 'users.read' }, schema: { tags: ['users'], params: IdParams, response: { 200: UserSchema } } },
    async (request) => publicUser(await getUser(request.ctx, request.params.id)),
  );
  app.patch(
    '/v1/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Rename, change language, disable (ends its sessions and tokens) or re-enable a user',
        params: IdParams,
        body: UserPatch,
        response: { 200: UserSchema },
      },
    },
    async (request) => publicUser(await updateUser(request.ctx, request.params.id, request.body)),
  );
  app.put(
    '/v1/users/:id/roles',
    {
      config: { permission: 'roles.grant' },
      schema: {
        tags: ['users'],
        summary: "Set a user's roles (global admin only; may grant itself admin_agent, R-ENR-4)",
        params: IdParams,
        body: RolesBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => publicUser(await setRoles(request.ctx, request.params.id, request.body.roles)),
  );
  app.post(
    '/v1/users/:id/password-resets',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Mail one of your users a link to choose a new password',
        description: 'Only the newest link works. Refused for a user not active (409) or an admin above the caller (403).',
        params: IdParams,
        response: { 202: AcceptedNoContent },
      },
    },
    async (request, reply) => {
      await sendPasswordReset(request.ctx, request.params.id);
      return reply.code(202).send();
    },
  );
  app.post(
    '/v1/password-setups',
    {
      config: {
        permission: 'public',
        // The mailed token finds the user.
        databaseScope: 'system',
        rateLimit: credentialRateLimit(app.platform.config),
      },
      schema: {
        tags: ['users'],
        summary: 'Choose a password with the token of an invitation or reset mail (used once)',
        description: 'After a reset, every session of the user ends and so do its API tokens.',
        body: PasswordSetup,
        response: { 200: UserSchema },
      },
    },
    async (request) => publicUser(await setUpPassword(request.ctx, request.body.token, request.body.password)),
  );
  app.post(
    '/v1/password-resets',
    {
      config: {
        permission: 'public',
        // The address finds the user, in whichever tenant it is.
        databaseScope: 'system',
        rateLimit: credentialRateLimit(app.platform.config),
      },
      schema: {
        tags: ['users'],
        summary: 'Forgotten password: mails a reset link (valid one hour) when the address belongs to a user',
        response: { 202: AcceptedNoContent },
        description:
          'Always 202, whether or not the address is known. A new link revokes the earlier ones; past three mails an hour ' +
          'to one address, nothing more is sent (still 202).',
        body: PasswordReset,
      },
    },
    async (request, reply) => {
      await requestPasswordReset(request.ctx, request.body.email);
      return reply.code(202).send();
    },
  );
  app.put(
    '/v1/me/password',
    {
      config: {
        permission: 'signed_in',
        allowDuringMfaEnrollment: true,
        rateLimit: credentialRateLimit(app.platform.config),
      },
      schema: {
        tags: ['users'],
        summary: 'Change your password; your other sessions end, and your API tokens unless endApiTokens is false',
        response: { 204: NoContent },
        body: PasswordChange,
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword, endApiTokens } = request.body;
      await changePassword(request.ctx, currentPassword, newPassword, endApiTokens ?? true);
      return reply.code(204).send();
    },
  );
};
