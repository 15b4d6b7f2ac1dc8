import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { problems } from '../../platform/http/errors.ts';
import { Email } from '../users/schemas.ts';
import { getEntry, publicEntry, putEntry } from './service.ts';
import { searchEntries, type Offer } from './store.ts';
import { HttpUrl } from '../../platform/http/schemas.ts';

const offerNames = ['training', 'marketing', 'financing', 'support', 'billing'] as const;
const OfferSchema = Type.Enum([...offerNames], {
  description: 'training, marketing (help), financing (and credit), support (customer support), billing',
});

const EntrySchema = Type.Object({
  providerId: Type.String(),
  name: Type.String(),
  countryCode: Type.String(),
  market: Type.String(),
  description: Type.String(),
  offers: Type.Array(OfferSchema),
  website: Type.Union([Type.String(), Type.Null()]),
  contactEmail: Type.String(),
  listed: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const EntryInput = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    offers: Type.Array(OfferSchema, { maxItems: 5, uniqueItems: true }),
    website: Type.Optional(Type.Union([HttpUrl, Type.Null()])),
    contactEmail: Email,
    listed: Type.Boolean({ description: 'Shown in searches.' }),
  },
  { additionalProperties: false },
);

const SearchQuery = Type.Object({
  market: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  offers: Type.Optional(Type.String({ maxLength: 100, description: 'Comma-separated: every one must be offered.' })),
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});

export const directoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/directory/providers',
    {
      config: { permission: 'program.read' },
      schema: {
        tags: ['directory'],
        summary: "Search the operator's official indirect providers by market, country and what they offer (R-DIR-1)",
        querystring: Type.Intersect([PageQuery, SearchQuery]),
        response: { 200: Page(EntrySchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const offers = q.offers ? q.offers.split(',').map((o) => o.trim()) : undefined;
      const unknown = offers?.filter((o) => !(offerNames as readonly string[]).includes(o));
      if (unknown?.length) {
        throw problems.invalid(`Unknown offer(s): ${unknown.join(', ')}.`, [
          { in: 'query', path: '/offers', message: `one of ${offerNames.join(', ')}` },
        ]);
      }
      const search = { market: q.market, country: q.country, offers: offers as Offer[] | undefined, search: q.search };
      return app.paginator.page(
        `directory:${JSON.stringify(search)}`,
        q,
        (after, take) => searchEntries(request.ctx, search, after, take),
        (e) => [e.name, e.tenantId],
        publicEntry,
      );
    },
  );
  app.get(
    '/v1/partner/directory-entry',
    {
      config: { permission: 'program.read' },
      schema: { tags: ['directory'], summary: "The provider's own directory entry", response: { 200: EntrySchema } },
    },
    async (request) => publicEntry(await getEntry(request.ctx)),
  );
  app.put(
    '/v1/partner/directory-entry',
    {
      config: { permission: 'program.enroll' },
      schema: {
        tags: ['directory'],
        summary: 'Keep your directory entry (active indirect providers)',
        body: EntryInput,
        response: { 200: EntrySchema },
      },
    },
    async (request) => publicEntry(await putEntry(request.ctx, request.body)),
  );
};
