import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { perTenantRateLimit } from '../../platform/http/auth.ts';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import {
  ApprovalBody,
  GrantRequestItem,
  GrantRequestSchema,
  IdParams,
  ListQuery,
  NewGrantRequest,
  RejectionBody,
  WithLink,
} from './schemas.ts';
import {
  createGrantRequest,
  decideGrantRequest,
  getGrantRequest,
  publicGrantRequest,
  revokeGrantRequest,
  withNames,
} from './service.ts';
import { pageGrantRequests } from './store.ts';

const tags = ['grants'];

/**
 * Delegated-admin grant requests (R-GRT-1, R-GRT-2): a partner asks, the grantor's global admin
 * decides by the mailed link (/v1/links/{token}) or from its list of received requests.
 * `grants.manage` is held by partner global admins and admin agents and by customer global
 * admins; deciding also needs the global admin role itself (checked by the service).
 */
export const grantRequestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/admin-grant-requests',
    {
      config: { permission: 'grants.manage', rateLimit: perTenantRateLimit(500) },
      schema: {
        tags,
        summary: 'Ask a customer (or, as a provider, a reseller) for a new grant, or a wider one (grantId)',
        description: "Mails the link to the grantor's global admins; it stays valid 90 days. Accepts an Idempotency-Key header.",
        body: NewGrantRequest,
        response: { 201: WithLink },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => {
        const { request: created, link } = await createGrantRequest(tx, request.body);
        return { status: 201, body: { request: publicGrantRequest(created), link } };
      }),
  );
  app.get(
    '/v1/admin-grant-requests',
    {
      config: { permission: 'grants.manage' },
      schema: {
        tags,
        summary: 'Requests your tenant sent (side=sent) or received (side=received), newest first',
        querystring: Type.Intersect([PageQuery, ListQuery]),
        response: { 200: Page(GrantRequestItem) },
      },
    },
    async (request) => {
      const { tenantId } = requireActor(request.ctx);
      const { side } = request.query;
      const page = await app.paginator.page(
        `grant-requests:${tenantId}:${side}`,
        request.query,
        (after, take) => pageGrantRequests(request.ctx, side === 'received' ? 'grantorId' : 'granteeId', tenantId, after, take),
        (r) => [r.createdAt.toISOString(), r.id],
        publicGrantRequest,
      );
      return withNames(request.ctx, page);
    },
  );
  app.get(
    '/v1/admin-grant-requests/:id',
    {
      config: { permission: 'grants.manage' },
      schema: { tags, summary: 'One request, to either side', params: IdParams, response: { 200: GrantRequestSchema } },
    },
    async (request) => publicGrantRequest(await getGrantRequest(request.ctx, request.params.id)),
  );
  app.post(
    '/v1/admin-grant-requests/:id/revocation',
    {
      config: { permission: 'grants.manage' },
      schema: {
        tags,
        summary: 'The partner that asked takes a pending request back: the link stops working',
        params: IdParams,
        response: { 200: GrantRequestSchema },
      },
    },
    async (request) => publicGrantRequest(await revokeGrantRequest(request.ctx, request.params.id)),
  );
  app.post(
    '/v1/admin-grant-requests/:id/approval',
    {
      config: { permission: 'grants.decide' },
      schema: {
        tags,
        summary: "The grantor's global admin approves, with all or fewer of the roles and days asked",
        description: 'Send {} to approve as asked; roles and days narrow it (R-GRT-1). The mailed link stops working.',
        params: IdParams,
        body: ApprovalBody,
        response: { 200: GrantRequestSchema },
      },
    },
    async (request) => {
      const decision = { decision: 'approve' as const, ...request.body };
      return publicGrantRequest((await decideGrantRequest(request.ctx, request.params.id, decision)).request);
    },
  );
  app.post(
    '/v1/admin-grant-requests/:id/rejection',
    {
      config: { permission: 'grants.decide' },
      schema: {
        tags,
        summary: "The grantor's global admin rejects, optionally saying why",
        params: IdParams,
        body: RejectionBody,
        response: { 200: GrantRequestSchema },
      },
    },
    async (request) => {
      const decision = { decision: 'reject' as const, ...request.body };
      return publicGrantRequest((await decideGrantRequest(request.ctx, request.params.id, decision)).request);
    },
  );
};
