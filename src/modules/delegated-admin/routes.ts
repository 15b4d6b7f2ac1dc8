import { AcceptedNoContent } from '../../platform/http/schemas.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { getTenant } from '../tenants/service.ts';
import { NewUser, RolesBody, UserListQuery, UserPatch, UserSchema, Uuid } from '../users/schemas.ts';
import { inviteUser, listUsers, publicUser, sendPasswordReset, setRoles, updateUser } from '../users/service.ts';
import { actOn } from './service.ts';

/**
 * What a partner does in a customer's tenant (R-CUS-1: "manage their users on their behalf")
 * or a provider in its reseller's (R-PRT-3), each call under a live grant (R-GRT-3). The
 * route's permission is the partner user's own role; the grant is the other tenant's consent.
 */
const UserParams = Type.Object({ id: Uuid, userId: Uuid });
const grantNote = 'Needs a live admin grant of the customer with a role that allows it (R-GRT-3); the audit event names it.';

export const delegatedAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/customers/:id/users',
    {
      config: { permission: 'customers.manage' },
      schema: {
        tags: ['customers'],
        summary: "Add a user to a customer's tenant (user_admin; global_admin to give global_admin)",
        description: `${grantNote} Accepts an Idempotency-Key header.`,
        params: Type.Object({ id: Uuid }),
        body: NewUser,
        response: { 201: UserSchema },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => {
        const acting = await actOn(tx, { customerId: request.params.id }, 'users.manage');
        const customer = await getTenant(acting, request.params.id);
        return { status: 201, body: publicUser(await inviteUser(acting, request.body, customer.name)) };
      }),
  );
  app.patch(
    '/v1/customers/:id/users/:userId',
    {
      config: { permission: 'customers.manage' },
      schema: {
        tags: ['customers'],
        summary: "Rename, disable or re-enable a customer's user (user_admin)",
        description: grantNote,
        params: UserParams,
        body: UserPatch,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      const acting = await actOn(request.ctx, { customerId: request.params.id }, 'users.manage');
      return publicUser(await updateUser(acting, request.params.userId, request.body));
    },
  );
  app.put(
    '/v1/customers/:id/users/:userId/roles',
    {
      config: { permission: 'customers.manage' },
      schema: {
        tags: ['customers'],
        summary: "Set a customer user's roles (user_admin; global_admin for the admin role)",
        description: grantNote,
        params: UserParams,
        body: RolesBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      const acting = await actOn(request.ctx, { customerId: request.params.id }, 'users.manage');
      return publicUser(await setRoles(acting, request.params.userId, request.body.roles));
    },
  );
  app.post(
    '/v1/customers/:id/users/:userId/password-resets',
    {
      config: { permission: 'support.act' },
      schema: {
        tags: ['customers'],
        summary: "Mail a customer's user a password reset link (helpdesk_admin or user_admin)",
        response: { 202: AcceptedNoContent },
        description: grantNote,
        params: UserParams,
      },
    },
    async (request, reply) => {
      const acting = await actOn(request.ctx, { customerId: request.params.id }, 'passwords.reset');
      await sendPasswordReset(acting, request.params.userId);
      return reply.code(202).send();
    },
  );
  app.get(
    '/v1/indirect-resellers/:id/users',
    {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['partnerships'],
        summary: "A reseller's users, for its provider under the partnership's admin grant (R-PRT-3, R-GRT-3)",
        params: Type.Object({ id: Uuid }),
        querystring: Type.Intersect([PageQuery, UserListQuery]),
        response: { 200: Page(UserSchema) },
      },
    },
    async (request) => {
      const acting = await actOn(request.ctx, { resellerId: request.params.id }, 'directory.read');
      return app.paginator.page(
        `reseller-users:${request.ctx.actor?.tenantId}:${request.params.id}:${request.query.search ?? ''}`,
        request.query,
        (after, take) => listUsers(acting, request.query.search, after, take),
        (u) => [u.createdAt.toISOString(), u.id],
        publicUser,
      );
    },
  );
};
