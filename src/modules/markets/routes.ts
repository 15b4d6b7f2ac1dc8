import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { MarketSchema } from './schemas.ts';
import { listMarkets } from './service.ts';

export const marketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/markets',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['markets'],
        summary: "The operator's markets: which countries sell together, in which currencies",
        querystring: Type.Intersect([PageQuery, Type.Object({ market: Type.Optional(Type.String({ maxLength: 100 })) })]),
        response: { 200: Page(MarketSchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `markets:${request.query.market ?? ''}`,
        request.query,
        (after, take) => listMarkets(request.ctx, after, take, request.query.market),
        (m) => [m.countryCode, m.currency],
      ),
  );
};
