import { NoContent } from '../../platform/http/schemas.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery, type Key } from '../../platform/http/pagination.ts';
import { requireOwnProvider } from '../partnerships/service.ts';
import { UserSchema, Uuid } from '../users/schemas.ts';
import { CreatedCustomer, CustomerDetail, CustomerItem, CustomerQuery, NewCustomer } from './schemas.ts';
import {
  createCustomer,
  customerDetail,
  customerItemOf,
  customerUsers,
  listCustomers,
  recordAffiliation,
  removeAffiliation,
  removeRelationship,
  setStoreChannel,
  visibleRelationships,
} from './service.ts';
import type { CustomerFilter } from './store.ts';

export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const page = (
    request: { ctx: Parameters<typeof listCustomers>[0] },
    filter: CustomerFilter,
    query: { limit: number; cursor?: string | undefined },
  ) =>
    app.paginator.page(
      `customers:${request.ctx.actor?.tenantId}:${JSON.stringify(filter)}`,
      query,
      (after, take) => listCustomers(request.ctx, filter, after, take),
      (r) => [r.relationship.createdAt.toISOString(), r.relationship.id],
    );
  const items = (rows: Awaited<ReturnType<typeof listCustomers>>) =>
    rows.map((r) => customerItemOf(r.relationship, r.account, r.resellerName ?? undefined));

  app.post(
    '/v1/customers',
    {
      config: { permission: 'customers.create' },
      schema: {
        tags: ['customers'],
        summary: 'Create a customer tenant (direct-bill partners; providers for one of their resellers, R-CUS-3)',
        description: "Accepts an Idempotency-Key header. The first admin's password is in the answer, once.",
        body: NewCustomer,
        response: { 201: CreatedCustomer },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => {
        const { item, admin } = await createCustomer(tx, request.body);
        return { status: 201, body: { customer: item, admin } };
      }),
  );
  app.get(
    '/v1/customers',
    {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['customers'],
        summary: 'Every customer the caller has a relationship with, and how it was acquired (R-CUS-5)',
        querystring: Type.Intersect([PageQuery, CustomerQuery]),
        response: { 200: Page(CustomerItem) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await page(request, filter, { limit, cursor });
      return { items: items(rows.items), nextCursor: rows.nextCursor };
    },
  );
  app.get(
    '/v1/customers/export',
    {
      config: { permission: 'customers.read' },
      schema: { tags: ['customers'], summary: 'The same list as CSV, streamed (every page)', querystring: CustomerQuery },
    },
    async (request, reply) => {
      const filter = request.query;
      const ctx = request.ctx;
      async function* rows() {
        let after: Key | undefined;
        for (;;) {
          const batch = await listCustomers(ctx, filter, after, 500);
          for (const item of items(batch)) {
            yield [
              item.id,
              item.name,
              item.primaryDomain,
              item.countryCode,
              item.market,
              item.acquired,
              item.role,
              item.reseller?.name ?? '',
              item.since,
              String(item.storeChannel),
            ];
          }
          const last = batch.at(-1);
          if (batch.length < 500 || !last) return;
          after = [last.relationship.createdAt.toISOString(), last.relationship.id];
        }
      }
      const csv = stringify({
        header: true,
        // A name typed as "=HYPERLINK(...)" must stay text when the file opens in a spreadsheet.
        escape_formulas: true,
        columns: [
          'id',
          'name',
          'primaryDomain',
          'countryCode',
          'market',
          'acquired',
          'role',
          'reseller',
          'since',
          'storeChannel',
        ],
      });
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="customers.csv"');
      return reply.send(Readable.from(rows()).pipe(csv));
    },
  );
  app.get(
    '/v1/customers/:id',
    {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['customers'],
        summary: "A customer: its account and users (R-CUS-8), and the caller's own relationships (R-CUS-9)",
        params: Type.Object({ id: Uuid }),
        response: { 200: CustomerDetail },
      },
    },
    async (request) => customerDetail(request.ctx, request.params.id),
  );
  app.get(
    '/v1/indirect-providers/:id/customers',
    {
      config: { permission: 'customers.read' },
      schema: {
        tags: ['customers'],
        summary: 'The customers the reseller shares with one of its providers (R-CUS-6)',
        params: Type.Object({ id: Uuid }),
        querystring: PageQuery,
        response: { 200: Page(CustomerItem) },
      },
    },
    async (request) => {
      await requireOwnProvider(request.ctx, request.params.id);
      const rows = await page(request, { providerId: request.params.id }, request.query);
      return { items: items(rows.items), nextCursor: rows.nextCursor };
    },
  );
  const RelationshipParams = Type.Object({ id: Uuid, relationshipId: Uuid });
  app.get(
    '/v1/customers/:id/relationships',
    {
      config: { permission: 'relationships.read' },
      schema: {
        tags: ['customers'],
        summary: "A customer's relationships: a partner sees its own, the customer's admin all of them",
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                partner: Type.Object({ id: Type.String(), name: Type.String() }),
                role: Type.String(),
                resellerId: Type.Union([Type.String(), Type.Null()]),
                since: Type.String({ format: 'date-time' }),
              }),
            ),
            nextCursor: Type.Null(),
          }),
        },
      },
    },
    async (request) => ({ items: await visibleRelationships(request.ctx, request.params.id), nextCursor: null }),
  );
  app.post(
    '/v1/customers/:id/relationships/:relationshipId/removal',
    {
      config: { permission: 'relationships.manage' },
      schema: {
        tags: ['customers'],
        summary: "End a relationship: a partner its own, the customer's global admin any of its own",
        response: { 204: NoContent },
        params: RelationshipParams,
      },
    },
    async (request, reply) => {
      await removeRelationship(request.ctx, request.params.id, request.params.relationshipId);
      return reply.code(204).send();
    },
  );
  app.put(
    '/v1/operator/affiliations/:partnerId/:customerId',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Record that a customer tenant is an affiliate of a partner (R-SELF-1)',
        response: { 204: NoContent },
        params: Type.Object({ partnerId: Uuid, customerId: Uuid }),
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      await recordAffiliation(request.ctx, request.params.partnerId, request.params.customerId, request.body.note ?? null);
      return reply.code(204).send();
    },
  );
  app.delete(
    '/v1/operator/affiliations/:partnerId/:customerId',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Remove an affiliation',
        response: { 204: NoContent },
        params: Type.Object({ partnerId: Uuid, customerId: Uuid }),
      },
    },
    async (request, reply) => {
      await removeAffiliation(request.ctx, request.params.partnerId, request.params.customerId);
      return reply.code(204).send();
    },
  );
  app.get(
    '/v1/customers/:id/users',
    {
      config: { permission: 'customer_users.read' },
      schema: {
        tags: ['customers'],
        summary: "A customer's users: for its admins, and for partners under a live admin grant (R-GRT-3)",
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(UserSchema), nextCursor: Type.Null() }) },
      },
    },
    async (request) => ({ items: await customerUsers(request.ctx, request.params.id), nextCursor: null }),
  );
  app.put(
    '/v1/operator/customers/:id/store-channel',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Flag a customer that buys through the store channel: it cannot move from direct bill (R-TRN-9)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ storeChannel: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.String(), storeChannel: Type.Boolean() }) },
      },
    },
    async (request) => {
      const account = await setStoreChannel(request.ctx, request.params.id, request.body.storeChannel);
      return { id: account.tenantId, storeChannel: account.storeChannel };
    },
  );
};
