import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import { CountryOffer, CountryQuery, NewOffer, OperatorOffer, PricesBody } from './schemas.ts';
import { countryOffer, createOffer, listOffers, offersForCountry, operatorOffers, retireOffer, setPrices } from './service.ts';

/** The operator's catalog (R-CAT-1), and what a partner's customers' countries can buy. */
export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/operator/offers',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Add an offer to the catalog (license subscription, perpetual software or reservation)',
        body: NewOffer,
        response: { 201: OperatorOffer },
      },
    },
    async (request, reply) => reply.code(201).send(await createOffer(request.ctx, request.body)),
  );
  app.get(
    '/v1/operator/offers',
    {
      config: { permission: 'operator.read' },
      schema: {
        tags: ['operator'],
        summary: 'The catalog, oldest offer first, each with its prices per market and currency',
        querystring: PageQuery,
        response: { 200: Page(OperatorOffer) },
      },
    },
    async (request) => {
      const page = await app.paginator.page(
        'operator-offers',
        request.query,
        (after, take) => listOffers(request.ctx, after, take),
        (o) => [o.createdAt.toISOString(), o.id],
      );
      return { items: await operatorOffers(request.ctx, page.items), nextCursor: page.nextCursor };
    },
  );
  app.put(
    '/v1/operator/offers/:id/prices',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: "Set an offer's prices: the whole list, one per market and currency, in minor units",
        params: Type.Object({ id: Uuid }),
        body: PricesBody,
        response: { 200: OperatorOffer },
      },
    },
    async (request) => setPrices(request.ctx, request.params.id, request.body.prices),
  );
  app.post(
    '/v1/operator/offers/:id/retirement',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Retire an offer: no new orders (R-CAT-1); its subscriptions stay',
        params: Type.Object({ id: Uuid }),
        response: { 200: OperatorOffer },
      },
    },
    async (request) => retireOffer(request.ctx, request.params.id),
  );
  app.get(
    '/v1/offers',
    {
      config: { permission: 'catalog.read' },
      schema: {
        tags: ['commerce'],
        summary: 'What a country can buy, in its currency (R-CAT-1): one item per offer and currency',
        querystring: Type.Intersect([PageQuery, CountryQuery]),
        response: { 200: Page(CountryOffer) },
      },
    },
    async (request) => {
      const { country, ...query } = request.query;
      const page = await app.paginator.page(
        `offers:${country}`,
        query,
        (after, take) => offersForCountry(request.ctx, country, after, take),
        (r) => [r.offer.createdAt.toISOString(), r.offer.id, r.price.currency],
      );
      return { items: page.items.map(countryOffer), nextCursor: page.nextCursor };
    },
  );
};
