import { perTenantRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Email, Uuid } from '../users/schemas.ts';
import { createRequest, getRequest, publicRequest, resendRequest, revokeRequest, withNames } from './service.ts';
import { pageRequests } from './store.ts';

const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const RequestSchema = Type.Object({
  id: Type.String(),
  providerId: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: Type.String({ format: 'date-time' }),
  sendCount: Type.Integer({ description: 'How many times Trellis mailed it.' }),
  acceptedAt: Time,
  acceptedCustomerId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const RequestItem = Type.Intersect([
  RequestSchema,
  Type.Object({ providerName: Type.Union([Type.String(), Type.Null()]), customerName: Type.Union([Type.String(), Type.Null()]) }),
]);
const WithLink = Type.Object({
  request: RequestSchema,
  link: Type.String({ description: 'The personalized link: shown here, and in the draft.' }),
  draft: Type.Object(
    { subject: Type.String(), body: Type.String(), mailto: Type.String() },
    { description: 'An editable draft mail to send from your own mail client.' },
  ),
});
const IdParams = Type.Object({ id: Uuid });
const withLink = (r: Awaited<ReturnType<typeof createRequest>>) => ({
  request: publicRequest(r.request),
  link: r.link,
  draft: r.draft,
});

export const relationshipRequestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const perPartner = perTenantRateLimit(500);
  app.post(
    '/v1/relationship-requests',
    {
      config: { permission: 'relationship_requests.send', rateLimit: perPartner },
      schema: {
        tags: ['customers'],
        summary: 'Request a reseller relationship (R-CUS-1), or jointly with a provider (providerId, R-CUS-2)',
        description:
          'Answers with the link and an editable draft; send: true has Trellis mail it. Accepts an Idempotency-Key header.',
        body: Type.Object(
          {
            providerId: Type.Optional(Uuid),
            customerId: Type.Optional(Uuid),
            email: Type.Optional(Email),
            send: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: WithLink },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => ({ status: 201, body: withLink(await createRequest(tx, request.body)) })),
  );
  app.get(
    '/v1/relationship-requests',
    {
      config: { permission: 'relationship_requests.send' },
      schema: {
        tags: ['customers'],
        summary: 'Your requests with their status, newest first',
        querystring: PageQuery,
        response: { 200: Page(RequestItem) },
      },
    },
    async (request) => {
      const { tenantId } = requireActor(request.ctx);
      const page = await app.paginator.page(
        `requests:${tenantId}`,
        request.query,
        (after, take) => pageRequests(request.ctx, tenantId, after, take),
        (r) => [r.createdAt.toISOString(), r.id],
        publicRequest,
      );
      return withNames(request.ctx, page);
    },
  );
  app.get(
    '/v1/relationship-requests/:id',
    {
      config: { permission: 'relationship_requests.send' },
      schema: { tags: ['customers'], params: IdParams, response: { 200: RequestSchema } },
    },
    async (request) => publicRequest(await getRequest(request.ctx, request.params.id)),
  );
  app.post(
    '/v1/relationship-requests/:id/revocation',
    {
      config: { permission: 'relationship_requests.send' },
      schema: {
        tags: ['customers'],
        summary: 'Revoke: the link stops working',
        params: IdParams,
        response: { 200: RequestSchema },
      },
    },
    async (request) => publicRequest(await revokeRequest(request.ctx, request.params.id)),
  );
  app.post(
    '/v1/relationship-requests/:id/resends',
    {
      config: { permission: 'relationship_requests.send', rateLimit: perPartner },
      schema: {
        tags: ['customers'],
        summary: 'A new link for a pending or expired request (the old one stops), mailed again if Trellis sent it',
        params: IdParams,
        response: { 200: WithLink },
      },
    },
    async (request) => withLink(await resendRequest(request.ctx, request.params.id)),
  );
};
