import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import { endGrant, narrowGrant, publicGrant, withNames } from './service.ts';
import { pageGrants } from './store.ts';
import { hasRelationship } from '../customers/service.ts';
import { problems } from '../../platform/http/errors.ts';

const GrantSchema = Type.Object({
  id: Type.String(),
  grantorId: Type.String({ description: 'The customer (or reseller) tenant that gave it.' }),
  granteeId: Type.String({ description: 'The partner that holds it.' }),
  roles: Type.Array(Type.String()),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  autoExtend: Type.Boolean(),
  status: Type.Enum(['active', 'ended', 'expired']),
  source: Type.String(),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  endedReason: Type.Union([Type.Enum(['grantor', 'relationship_ended', 'partnership_ended']), Type.Null()], {
    description: 'Why it ended early: its grantor ended it, or the relationship or partnership it rested on ended.',
  }),
});
const GrantItem = Type.Intersect([GrantSchema, Type.Object({ grantorName: Type.String(), granteeName: Type.String() })]);
const IdParams = Type.Object({ id: Uuid });

export const grantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/admin-grants',
    {
      config: { permission: 'grants.read' },
      schema: {
        tags: ['grants'],
        summary: 'Grants your tenant holds (side=held, partners) or gave (side=given, customers and resellers)',
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ side: Type.Enum(['held', 'given'], { default: 'held' }), counterpartId: Type.Optional(Uuid) }),
        ]),
        response: { 200: Page(GrantItem) },
      },
    },
    async (request) => {
      const { tenantId } = requireActor(request.ctx);
      const { side, counterpartId } = request.query;
      const column = side === 'given' ? ('grantorId' as const) : ('granteeId' as const);
      const page = await app.paginator.page(
        `grants:${tenantId}:${side}:${counterpartId ?? ''}`,
        request.query,
        (after, take) => pageGrants(request.ctx, column, tenantId, counterpartId, after, take),
        (g) => [g.createdAt.toISOString(), g.id],
        publicGrant,
      );
      return withNames(request.ctx, page);
    },
  );
  app.get(
    '/v1/customers/:id/admin-grants',
    {
      config: { permission: 'grants.read' },
      schema: {
        tags: ['grants'],
        summary: "A customer's grants: a partner sees those it holds, the customer's admin all it gave",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(GrantItem) },
      },
    },
    async (request) => {
      const { tenantId, tenantKind } = requireActor(request.ctx);
      const own = tenantKind === 'customer' && tenantId === request.params.id;
      // Another tenant's id is a customer of the caller's, or answers 404 as any other tenant's object.
      if (!own && !(tenantKind === 'partner' && (await hasRelationship(request.ctx, tenantId, request.params.id)))) {
        throw problems.notFound('customer');
      }
      const page = await app.paginator.page(
        `customer-grants:${tenantId}:${request.params.id}`,
        request.query,
        (after, take) =>
          own
            ? pageGrants(request.ctx, 'grantorId', tenantId, undefined, after, take)
            : pageGrants(request.ctx, 'granteeId', tenantId, request.params.id, after, take),
        (g) => [g.createdAt.toISOString(), g.id],
        publicGrant,
      );
      return withNames(request.ctx, page);
    },
  );
  app.patch(
    '/v1/admin-grants/:id',
    {
      config: { permission: 'grants.manage' },
      schema: {
        tags: ['grants'],
        summary: 'The grantor narrows a grant to fewer roles, at once',
        params: IdParams,
        body: Type.Object(
          { roles: Type.Array(Type.String({ pattern: '^[a-z_]{1,40}$' }), { minItems: 1, maxItems: 20, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: GrantSchema },
      },
    },
    async (request) => publicGrant(await narrowGrant(request.ctx, request.params.id, request.body.roles)),
  );
  app.post(
    '/v1/admin-grants/:id/ending',
    {
      config: { permission: 'grants.manage' },
      schema: {
        tags: ['grants'],
        summary: 'The grantor ends a grant, at once',
        params: IdParams,
        response: { 200: GrantSchema },
      },
    },
    async (request) => publicGrant(await endGrant(request.ctx, request.params.id)),
  );
};
