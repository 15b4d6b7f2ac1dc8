import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { problems } from '../../platform/http/errors.ts';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import { customerIdsFromCsv, ItemSchema, ItemStatus, MoveSchema, NewMoveBody, NewMoveQuery } from './schemas.ts';
import { cancelMove, getMove, itemViews, listItems, listMoves, moveView, moveViews, startMove } from './service.ts';

/** A CSV of 20,000 exported customers is about 2.5 MB. */
const UPLOAD_LIMIT = 4 * 1024 * 1024;
const IdParams = Type.Object({ id: Uuid });

export const bulkMoveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Scoped to this plugin: only a bulk move takes CSV.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: UPLOAD_LIMIT }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/v1/bulk-moves',
    {
      config: { permission: 'relationship_requests.send' },
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags: ['customers'],
        summary: 'Move direct-bill customers to a provider: joint requests sent by a background job (R-TRN-9)',
        description:
          'JSON { providerId, customerIds, perMinute }, or a CSV file (Content-Type: text/csv, ?providerId=&perMinute=) ' +
          'with a column id or customerId, such as GET /v1/customers/export. Accepts an Idempotency-Key header. ' +
          'Poll the Location for progress.',
        querystring: NewMoveQuery,
        body: {
          content: {
            'application/json': { schema: NewMoveBody },
            'text/csv': {
              schema: Type.String({ minLength: 1, maxLength: UPLOAD_LIMIT, description: 'A column id or customerId.' }),
            },
          },
        },
        response: { 202: MoveSchema },
      },
      // On a replay too: the Location comes from the body idempotent() sends.
      onSend: async (_request, reply, payload) => {
        if (reply.statusCode === 202 && typeof payload === 'string') {
          reply.header('location', `/v1/bulk-moves/${(JSON.parse(payload) as { id: string }).id}`);
        }
        return payload;
      },
    },
    async (request, reply) => {
      const input =
        typeof request.body === 'string'
          ? {
              providerId: request.query.providerId,
              customerIds: customerIdsFromCsv(request.body),
              perMinute: request.query.perMinute,
            }
          : (request.body as Static<typeof NewMoveBody>);
      if (!input.providerId) {
        throw problems.invalid('Name the provider: providerId in the query string of a CSV upload.', [
          { in: 'query', path: '/providerId', message: 'required with a CSV body' },
        ]);
      }
      const move = { ...input, providerId: input.providerId, perMinute: input.perMinute ?? 600 };
      return idempotent(request, reply, async (tx) => ({ status: 202, body: await moveView(tx, await startMove(tx, move)) }));
    },
  );
  app.get(
    '/v1/bulk-moves',
    {
      config: { permission: 'relationship_requests.send' },
      schema: {
        tags: ['customers'],
        summary: 'Your bulk moves, newest first',
        querystring: PageQuery,
        response: { 200: Page(MoveSchema) },
      },
    },
    async (request) => {
      const { tenantId } = requireActor(request.ctx);
      const page = await app.paginator.page(
        `bulk-moves:${tenantId}`,
        request.query,
        (after, take) => listMoves(request.ctx, after, take),
        (m) => [m.createdAt.toISOString(), m.id],
      );
      return { items: await moveViews(request.ctx, page.items), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/v1/bulk-moves/:id',
    {
      config: { permission: 'relationship_requests.send' },
      schema: {
        tags: ['customers'],
        summary: 'A bulk move and its progress: sent, failed, remaining, cancelled, accepted',
        params: IdParams,
        response: { 200: MoveSchema },
      },
    },
    async (request) => moveView(request.ctx, await getMove(request.ctx, request.params.id)),
  );
  app.get(
    '/v1/bulk-moves/:id/items',
    {
      config: { permission: 'relationship_requests.send' },
      schema: {
        tags: ['customers'],
        summary: "A move's customers in order: sent with the request's status, or failed with the reason",
        params: IdParams,
        querystring: Type.Intersect([PageQuery, Type.Object({ status: Type.Optional(ItemStatus) })]),
        response: { 200: Page(ItemSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      const page = await app.paginator.page(
        `bulk-move-items:${request.params.id}:${status ?? ''}`,
        { limit, cursor },
        (after, take) => listItems(request.ctx, request.params.id, status, after, take),
        (i) => [i.position],
      );
      return { items: await itemViews(request.ctx, page.items), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/v1/bulk-moves/:id/cancellation',
    {
      config: { permission: 'relationship_requests.send' },
      schema: {
        tags: ['customers'],
        summary: 'Cancel what is not sent yet; the requests sent stay valid (409 once finished)',
        params: IdParams,
        response: { 200: MoveSchema },
      },
    },
    async (request) => moveView(request.ctx, await cancelMove(request.ctx, request.params.id)),
  );
};
