import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { NoContent } from '../../platform/http/schemas.ts';
import { Uuid } from '../users/schemas.ts';
import { AssignmentListQuery, AssignmentSchema, LicensePoolSchema, NewAssignmentBody } from './schemas.ts';
import {
  assignLicense,
  assignmentItem,
  customerAssignmentsPage,
  customerLicensesPage,
  removeLicense,
  subscriptionAssignmentsPage,
} from './service.ts';

const access =
  "The customer's global admin, or a partner that ordered the subscription or is its reseller of record (R-CUS-9) under a live admin grant of the customer with license_admin, global_reader or global_admin (R-GRT-3).";
const manage =
  "The customer's global admin, or its partner of record under a live admin grant with license_admin or global_admin (R-GRT-3): the reseller of record of an indirect subscription, not its provider (R-CUS-7), the direct-bill partner of a direct one.";

/** Licenses of a customer's subscriptions, assigned to its users (issue 11, part 5; R-CUS-8, R-LIC-1, R-LIC-2). */
export const licenseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/licenses',
    {
      config: { permission: 'subscriptions.read' },
      schema: {
        tags: ['commerce'],
        summary: "A customer's subscriptions with their licenses assigned and available, newest first (R-CUS-8)",
        description: access,
        params: Type.Object({ id: Uuid }),
        querystring: PageQuery,
        response: { 200: Page(LicensePoolSchema) },
      },
    },
    async (request) => {
      const { fetch, items } = await customerLicensesPage(request.ctx, request.params.id);
      const page = await app.paginator.page(`licenses:${request.params.id}`, request.query, fetch, (r) => [
        r.subscription.createdAt.toISOString(),
        r.subscription.id,
      ]);
      return { items: await items(page.items), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/v1/customers/:id/license-assignments',
    {
      config: { permission: 'subscriptions.read' },
      schema: {
        tags: ['commerce'],
        summary:
          "A customer's licenses assigned to its users, newest first: all, one user's (userId) or one subscription's (R-CUS-8)",
        description: access,
        params: Type.Object({ id: Uuid }),
        querystring: Type.Intersect([PageQuery, AssignmentListQuery]),
        response: { 200: Page(AssignmentSchema) },
      },
    },
    async (request) => {
      const { userId, subscriptionId } = request.query;
      const fetch = await customerAssignmentsPage(request.ctx, request.params.id, { userId, subscriptionId });
      return app.paginator.page(
        `license-assignments:${request.params.id}:${userId ?? ''}:${subscriptionId ?? ''}`,
        request.query,
        fetch,
        (r) => [r.assignment.createdAt.toISOString(), r.assignment.id],
        assignmentItem,
      );
    },
  );
  app.get(
    '/v1/subscriptions/:id/license-assignments',
    {
      config: { permission: 'subscriptions.read' },
      schema: {
        tags: ['commerce'],
        summary: "A subscription's licenses assigned to users, newest first",
        description: access,
        params: Type.Object({ id: Uuid }),
        querystring: PageQuery,
        response: { 200: Page(AssignmentSchema) },
      },
    },
    async (request) => {
      const fetch = await subscriptionAssignmentsPage(request.ctx, request.params.id);
      return app.paginator.page(
        `subscription-license-assignments:${request.params.id}`,
        request.query,
        fetch,
        (r) => [r.assignment.createdAt.toISOString(), r.assignment.id],
        assignmentItem,
      );
    },
  );
  app.post(
    '/v1/subscriptions/:id/license-assignments',
    {
      config: { permission: 'licenses.manage' },
      schema: {
        tags: ['commerce'],
        summary: "Assign one of the subscription's licenses to a user of its customer, within its quantity (R-LIC-1, R-LIC-2)",
        description: `${manage} Only an active subscription's licenses are assigned, to an active or invited user of the customer; never more than its quantity, however many assignments run at once (409 license_quantity_exceeded). Assigning a license the user holds already is idempotent: 200 with the assignment it has, 201 for a new one.`,
        params: Type.Object({ id: Uuid }),
        body: NewAssignmentBody,
        response: { 200: AssignmentSchema, 201: AssignmentSchema },
      },
    },
    async (request, reply) => {
      const { created, assignment } = await assignLicense(request.ctx, request.params.id, request.body.userId);
      return reply.code(created ? 201 : 200).send(assignment);
    },
  );
  app.delete(
    '/v1/subscriptions/:id/license-assignments/:userId',
    {
      config: { permission: 'licenses.manage' },
      schema: {
        tags: ['commerce'],
        summary: "Remove a user's license of the subscription, whatever the subscription's state",
        description: `${manage} 404 when the user holds none.`,
        params: Type.Object({ id: Uuid, userId: Uuid }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeLicense(request.ctx, request.params.id, request.params.userId);
      return reply.code(204).send();
    },
  );
};
