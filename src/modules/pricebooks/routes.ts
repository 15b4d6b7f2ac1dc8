import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { NoContent } from '../../platform/http/schemas.ts';
import { Uuid } from '../users/schemas.ts';
import { providerCredit, resellerCredit, setResellerCredit } from './credit.ts';
import {
  AudienceQuery,
  CreditSchema,
  CreditTermsBody,
  BookSchema,
  EntryPatch,
  EntrySchema,
  GroupSchema,
  MemberBody,
  MemberSchema,
  NewBook,
  NewEntry,
  NewGroup,
  Rename,
} from './schemas.ts';
import {
  addMember,
  booksPage,
  changeEntry,
  createBook,
  createEntry,
  createGroup,
  entriesPage,
  getBook,
  getGroup,
  groupsPage,
  membersPage,
  publicBook,
  publicEntry,
  publicGroup,
  publicMember,
  removeBook,
  removeEntry,
  removeGroup,
  removeMember,
  updateBook,
  updateGroup,
} from './service.ts';

const IdParams = Type.Object({ id: Uuid });
const EntryParams = Type.Object({ id: Uuid, entryId: Uuid });
const MemberParams = Type.Object({ id: Uuid, memberId: Uuid });
const byCreated = (r: { createdAt: Date; id: string }) => [r.createdAt.toISOString(), r.id];

/**
 * Price books (issue 11, part 6): a provider's prices to its resellers, a direct-bill partner's
 * or reseller's to its customers, and the groups of buyers they name. Billing admins keep them.
 */
export const priceBookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { permission: 'billing.read' } as const;
  const manage = { permission: 'billing.manage' } as const;

  app.post(
    '/v1/partner/price-books',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Start a price book: for your resellers (a provider) or your customers (a direct-bill partner or reseller)',
        body: NewBook,
        response: { 201: BookSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createBook(request.ctx, request.body)),
  );
  app.get(
    '/v1/partner/price-books',
    {
      config: read,
      schema: {
        tags: ['billing'],
        summary: 'Your price books, oldest first',
        querystring: Type.Intersect([PageQuery, AudienceQuery]),
        response: { 200: Page(BookSchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `price-books:${request.query.audience ?? ''}`,
        request.query,
        booksPage(request.ctx, request.query.audience),
        byCreated,
        publicBook,
      ),
  );
  app.get(
    '/v1/partner/price-books/:id',
    {
      config: read,
      schema: { tags: ['billing'], summary: 'One of your price books', params: IdParams, response: { 200: BookSchema } },
    },
    async (request) => getBook(request.ctx, request.params.id),
  );
  app.patch(
    '/v1/partner/price-books/:id',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Rename a price book',
        params: IdParams,
        body: Rename,
        response: { 200: BookSchema },
      },
    },
    async (request) => updateBook(request.ctx, request.params.id, request.body),
  );
  app.delete(
    '/v1/partner/price-books/:id',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Delete a price book and its entries (orders placed keep the prices they recorded)',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeBook(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/partner/price-books/:id/entries',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Add a rule: a markup or fixed price, for an offer or all, for a buyer, a group or everyone',
        description:
          "The most specific rule applies: the offer's before a rule for all offers, and within each, the buyer's own before its group's before everyone's. Markups apply to the operator's list price.",
        params: IdParams,
        body: NewEntry,
        response: { 201: EntrySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createEntry(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/v1/partner/price-books/:id/entries',
    {
      config: read,
      schema: {
        tags: ['billing'],
        summary: "A price book's rules, oldest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(EntrySchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `price-book-entries:${request.params.id}`,
        request.query,
        await entriesPage(request.ctx, request.params.id),
        (r) => byCreated(r.entry),
        publicEntry,
      ),
  );
  app.patch(
    '/v1/partner/price-books/:id/entries/:entryId',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: "Change a rule's markup or fixed price (what it prices and for whom stay)",
        params: EntryParams,
        body: EntryPatch,
        response: { 200: EntrySchema },
      },
    },
    async (request) => changeEntry(request.ctx, request.params.id, request.params.entryId, request.body),
  );
  app.delete(
    '/v1/partner/price-books/:id/entries/:entryId',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Remove a rule from a price book',
        params: EntryParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeEntry(request.ctx, request.params.id, request.params.entryId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/partner/price-groups',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Name a group of your resellers or customers, for price book rules',
        body: NewGroup,
        response: { 201: GroupSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createGroup(request.ctx, request.body)),
  );
  app.get(
    '/v1/partner/price-groups',
    {
      config: read,
      schema: {
        tags: ['billing'],
        summary: 'Your price groups, oldest first',
        querystring: Type.Intersect([PageQuery, AudienceQuery]),
        response: { 200: Page(GroupSchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `price-groups:${request.query.audience ?? ''}`,
        request.query,
        groupsPage(request.ctx, request.query.audience),
        byCreated,
        publicGroup,
      ),
  );
  app.get(
    '/v1/partner/price-groups/:id',
    {
      config: read,
      schema: { tags: ['billing'], summary: 'One of your price groups', params: IdParams, response: { 200: GroupSchema } },
    },
    async (request) => getGroup(request.ctx, request.params.id),
  );
  app.patch(
    '/v1/partner/price-groups/:id',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Rename a price group',
        params: IdParams,
        body: Rename,
        response: { 200: GroupSchema },
      },
    },
    async (request) => updateGroup(request.ctx, request.params.id, request.body),
  );
  app.delete(
    '/v1/partner/price-groups/:id',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Delete a price group, its members and the rules that name it',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeGroup(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/v1/partner/price-groups/:id/members',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Add one of your resellers or customers to a price group (201; 200 when it is one already)',
        params: IdParams,
        body: MemberBody,
        response: { 200: MemberSchema, 201: MemberSchema },
      },
    },
    async (request, reply) => {
      const { created, member } = await addMember(request.ctx, request.params.id, request.body.memberId);
      return reply.code(created ? 201 : 200).send(member);
    },
  );
  app.get(
    '/v1/partner/price-groups/:id/members',
    {
      config: read,
      schema: {
        tags: ['billing'],
        summary: "A price group's members, in the order they were added",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(MemberSchema) },
      },
    },
    async (request) =>
      app.paginator.page(
        `price-group-members:${request.params.id}`,
        request.query,
        await membersPage(request.ctx, request.params.id),
        (r) => [r.member.createdAt.toISOString(), r.member.memberId],
        publicMember,
      ),
  );
  app.delete(
    '/v1/partner/price-groups/:id/members/:memberId',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: 'Take a member out of a price group',
        params: MemberParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeMember(request.ctx, request.params.id, request.params.memberId);
      return reply.code(204).send();
    },
  );

  // Credit (R-CRD-1): the provider sets each reseller's; the reseller reads what it has.
  app.get(
    '/v1/indirect-resellers/:id/credit',
    {
      config: read,
      schema: {
        tags: ['billing'],
        summary: "A reseller's credit with you: limit, payment terms, over-limit behaviour and open balance (R-CRD-1)",
        params: IdParams,
        response: { 200: CreditSchema },
      },
    },
    async (request) => resellerCredit(request.ctx, request.params.id),
  );
  app.put(
    '/v1/indirect-resellers/:id/credit',
    {
      config: manage,
      schema: {
        tags: ['billing'],
        summary: "Set a reseller's credit limit, payment terms and what happens to an order past the limit (R-CRD-1)",
        params: IdParams,
        body: CreditTermsBody,
        response: { 200: CreditSchema },
      },
    },
    async (request) => setResellerCredit(request.ctx, request.params.id, request.body),
  );
  app.get(
    '/v1/indirect-providers/:id/credit',
    {
      config: read,
      schema: {
        tags: ['billing'],
        summary: 'Your credit with one of your providers: limit, payment terms and open balance (R-CRD-1)',
        params: IdParams,
        response: { 200: CreditSchema },
      },
    },
    async (request) => providerCredit(request.ctx, request.params.id),
  );
};
