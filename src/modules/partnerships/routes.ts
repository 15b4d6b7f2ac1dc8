import { perTenantRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import {
  DashboardQuery,
  Ending,
  InvitationSchema,
  NewInvitation,
  OperatorPartnershipItem,
  PartnershipListQuery,
  ProviderDashboard,
  ProviderItem,
  ResellerItem,
} from './schemas.ts';
import {
  endPartnership,
  getInvitation,
  inviteReseller,
  operatorPartnershipItems,
  providerDashboard,
  providerItems,
  publicInvitation,
  requireProgramPartner,
  requireProvider,
  requireReseller,
  resellerItems,
  resendInvitation,
  revokeInvitation,
} from './service.ts';
import { pageInvitations, pagePartnerships, pagePartnershipsOf } from './store.ts';

const IdParams = Type.Object({ id: Uuid });

export const partnershipRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Sending invitations is rate limited per partner as well as per recipient (in the service).
  const perPartner = perTenantRateLimit(200);

  app.post(
    '/v1/partnership-invitations',
    {
      config: { permission: 'partnerships.invite', rateLimit: perPartner },
      schema: {
        tags: ['partnerships'],
        summary: 'Invite a reseller (R-PRT-1): Trellis mails the link. Accepts an Idempotency-Key header.',
        body: NewInvitation,
        response: { 201: InvitationSchema },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => ({ status: 201, body: publicInvitation(await inviteReseller(tx, request.body)) })),
  );
  app.get(
    '/v1/partnership-invitations',
    {
      config: { permission: 'partnerships.invite' },
      schema: {
        tags: ['partnerships'],
        summary: 'Your invitations with their status, newest first',
        querystring: PageQuery,
        response: { 200: Page(InvitationSchema) },
      },
    },
    async (request) => {
      const { tenantId } = await requireProvider(request.ctx);
      return app.paginator.page(
        `invitations:${tenantId}`,
        request.query,
        (after, take) => pageInvitations(request.ctx, tenantId, after, take),
        (i) => [i.createdAt.toISOString(), i.id],
        publicInvitation,
      );
    },
  );
  app.get(
    '/v1/partnership-invitations/:id',
    {
      config: { permission: 'partnerships.invite' },
      schema: { tags: ['partnerships'], params: IdParams, response: { 200: InvitationSchema } },
    },
    async (request) => publicInvitation(await getInvitation(request.ctx, request.params.id)),
  );
  app.post(
    '/v1/partnership-invitations/:id/revocation',
    {
      config: { permission: 'partnerships.invite' },
      schema: {
        tags: ['partnerships'],
        summary: 'Revoke a pending invitation: its link stops working',
        params: IdParams,
        response: { 200: InvitationSchema },
      },
    },
    async (request) => publicInvitation(await revokeInvitation(request.ctx, request.params.id)),
  );
  app.post(
    '/v1/partnership-invitations/:id/resends',
    {
      config: { permission: 'partnerships.invite', rateLimit: perPartner },
      schema: {
        tags: ['partnerships'],
        summary: 'Mail a pending or expired invitation again, with a new link and a new validity',
        params: IdParams,
        response: { 200: InvitationSchema },
      },
    },
    async (request) => publicInvitation(await resendInvitation(request.ctx, request.params.id)),
  );
  app.get(
    '/v1/indirect-resellers',
    {
      config: { permission: 'partnerships.read' },
      schema: {
        tags: ['partnerships'],
        summary: "The provider's resellers, with each one's readiness (R-PRT-2, R-AGR-2)",
        querystring: Type.Intersect([PageQuery, PartnershipListQuery]),
        response: { 200: Page(ResellerItem) },
      },
    },
    async (request) => {
      const { tenantId } = await requireProvider(request.ctx);
      const status = request.query.status ?? 'active';
      const rows = await app.paginator.page(
        `resellers:${tenantId}:${status}`,
        request.query,
        (after, take) => pagePartnerships(request.ctx, 'providerId', tenantId, status, after, take),
        (p) => [p.createdAt.toISOString(), p.id],
      );
      return { items: await resellerItems(request.ctx, rows.items), nextCursor: rows.nextCursor };
    },
  );
  app.get(
    '/v1/partner/dashboard',
    {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['partnerships'],
        summary: "The provider's dashboard: resellers by readiness, customers by reseller, new customers by month",
        description: 'Counted by the database, not paged: quick at any number of customers. Indirect providers only.',
        querystring: DashboardQuery,
        response: { 200: ProviderDashboard },
      },
    },
    async (request) => providerDashboard(request.ctx, request.query.top ?? 10),
  );
  app.get(
    '/v1/indirect-providers',
    {
      config: { permission: 'partnerships.read' },
      schema: {
        tags: ['partnerships'],
        summary: "The reseller's providers (R-PRT-2); open once the indirect reseller capability is active (R-TRN-6)",
        querystring: Type.Intersect([PageQuery, PartnershipListQuery]),
        response: { 200: Page(ProviderItem) },
      },
    },
    async (request) => {
      const { tenantId } = await requireReseller(request.ctx);
      const status = request.query.status ?? 'active';
      const rows = await app.paginator.page(
        `providers:${tenantId}:${status}`,
        request.query,
        (after, take) => pagePartnerships(request.ctx, 'resellerId', tenantId, status, after, take),
        (p) => [p.createdAt.toISOString(), p.id],
      );
      return { items: await providerItems(request.ctx, rows.items), nextCursor: rows.nextCursor };
    },
  );
  app.get(
    '/v1/operator/partners/:id/partnerships',
    {
      config: { permission: 'operator.read' },
      schema: {
        tags: ['operator'],
        summary: "A partner's partnerships, as provider or as reseller, newest first (R-PRT-2, R-PRT-6)",
        description:
          'Active and ended ones unless status says which; each with the other side and, once ended, its support request.',
        params: IdParams,
        querystring: Type.Intersect([PageQuery, PartnershipListQuery]),
        response: { 200: Page(OperatorPartnershipItem) },
      },
    },
    async (request) => {
      const partner = await requireProgramPartner(request.ctx, request.params.id);
      const { status } = request.query;
      const rows = await app.paginator.page(
        `operator-partnerships:${partner.id}:${status ?? 'any'}`,
        request.query,
        (after, take) => pagePartnershipsOf(request.ctx, partner.id, status, after, take),
        (p) => [p.createdAt.toISOString(), p.id],
      );
      return { items: await operatorPartnershipItems(request.ctx, partner.id, rows.items), nextCursor: rows.nextCursor };
    },
  );
  app.post(
    '/v1/operator/partnerships/:id/ending',
    {
      config: { permission: 'operator.support' },
      schema: {
        tags: ['operator'],
        summary: 'End a partnership on a support request (R-PRT-6)',
        params: IdParams,
        body: Ending,
        response: {
          200: Type.Object({ id: Type.String(), status: Type.String(), endedAt: Type.String(), supportRequest: Type.String() }),
        },
      },
    },
    async (request) => {
      const p = await endPartnership(request.ctx, request.params.id, request.body.supportRequest);
      return { id: p.id, status: p.status, endedAt: p.endedAt!.toISOString(), supportRequest: p.supportRequest! };
    },
  );
};
