import { perTenantRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Email, Uuid } from '../users/schemas.ts';
import {
  acceptReceivedRequest,
  createRequest,
  getReceivedRequest,
  getRequest,
  publicRequest,
  receivedItems,
  receivingCustomer,
  resendRequest,
  revokeRequest,
  withNames,
} from './service.ts';
import { pageRequests, receivedRequests } from './store.ts';

const RequestStatusSchema = Type.Enum(['pending', 'accepted', 'revoked', 'expired']);
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
const named = (description: string) => Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }, { description });
const ReceivedItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  partner: named('The partner that asks to become your reseller of record (R-CUS-1).'),
  provider: Type.Union([named('For a joint request, the indirect provider that would order for you (R-CUS-2).'), Type.Null()]),
  namesYou: Type.Boolean({ description: 'The request names your tenant; otherwise it came by e-mail to one of your users.' }),
  email: Type.Union([Type.String(), Type.Null()], { description: 'The address it was sent (or drafted) to.' }),
  status: Type.Enum(['pending', 'accepted', 'revoked', 'expired']),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  acceptedAt: Time,
  acceptance: Type.Union([Type.Enum(['here', 'link']), Type.Null()], {
    description:
      'How a pending request is accepted: here (POST .../{id}/acceptance), as it names your tenant, or from the link in ' +
      'its e-mail (GET and POST /v1/links/{token}); null once it is no longer pending.',
  }),
  authorizes: Type.Union(
    [
      Type.Object({
        providerOrders: Type.Boolean({ description: 'The provider may submit orders for you (R-CUS-2).' }),
        keepsGrant: Type.Boolean({ description: 'The partner keeps the admin grant you gave it already (R-TRN-9).' }),
        adminGrant: Type.Union(
          [
            Type.Object({
              roles: Type.Array(Type.String()),
              days: Type.Integer(),
              autoExtend: Type.Boolean(),
            }),
            Type.Null(),
          ],
          {
            description:
              "The admin grant the partner gets, as the operator's defaults say now (R-CUS-1); null when it keeps one.",
          },
        ),
      }),
      Type.Null(),
    ],
    { description: 'What accepting authorizes, while the request is pending.' },
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
  // The customer's side: requests it received, and accepting one that names it.
  app.get(
    '/v1/customer/relationship-requests',
    {
      config: { permission: 'relationships.accept' },
      schema: {
        tags: ['customers'],
        summary: 'Relationship requests your customer tenant received, newest first (R-CUS-1, R-CUS-2)',
        description:
          'Those naming your tenant, those it accepted, and those sent by e-mail to one of your active users that no other ' +
          'customer accepted; each with who asks, its status and, while pending, what accepting authorizes. `status` keeps ' +
          'those with that status (pending: not yet expired; expired: including those that lapsed unanswered).',
        querystring: Type.Intersect([PageQuery, Type.Object({ status: Type.Optional(RequestStatusSchema) })]),
        response: { 200: Page(ReceivedItem) },
      },
    },
    async (request) => {
      const to = await receivingCustomer(request.ctx);
      const { status } = request.query;
      const page = await app.paginator.page(
        `received-requests:${to.customerId}:${status ?? 'all'}`,
        request.query,
        (after, take) => receivedRequests(request.ctx, to, { after, take, status }),
        (r) => [r.request.createdAt.toISOString(), r.request.id],
      );
      return { items: await receivedItems(request.ctx, to.customerId, page.items), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/v1/customer/relationship-requests/:id',
    {
      config: { permission: 'relationships.accept' },
      schema: {
        tags: ['customers'],
        summary: 'One request your customer tenant received',
        params: IdParams,
        response: { 200: ReceivedItem },
      },
    },
    async (request) => getReceivedRequest(request.ctx, request.params.id),
  );
  app.post(
    '/v1/customer/relationship-requests/:id/acceptance',
    {
      config: { permission: 'relationships.accept' },
      schema: {
        tags: ['customers'],
        summary: 'Accept a pending request that names your tenant, as its link would (R-CUS-1, R-CUS-2)',
        description:
          'The relationships are made at once (both, for a joint request) and the mailed link stops working. A request sent ' +
          'by e-mail without naming your tenant is accepted from the link in that e-mail (422 link_required).',
        params: IdParams,
        response: { 200: ReceivedItem },
      },
    },
    async (request) => acceptReceivedRequest(request.ctx, request.params.id),
  );
};
