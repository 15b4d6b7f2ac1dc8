import { NoContent } from '../../platform/http/schemas.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import {
  PartnerIdCode,
  PartnerIdLink,
  PartnerIdLinkStart,
  PartnerListItem,
  PartnerListQuery,
  OperatorPartnerSchema,
  ProfilePatch,
  ProfileSchema,
  RegistryEntry,
  RegistryEntrySchema,
} from './schemas.ts';
import {
  getProfile,
  getRegistryEntry,
  identifyForOffboarding,
  operatorPartner,
  pagePartners,
  partnerListItems,
  putRegistryEntry,
  removeCapability,
  requirePartner,
  startPartnerIdLink,
  updateProfile,
  verifyPartnerIdLink,
} from './service.ts';

const publicEntry = (e: Awaited<ReturnType<typeof getRegistryEntry>>) => ({ ...e, updatedAt: e.updatedAt.toISOString() });
const PartnerIdParams = Type.Object({ partnerId: Type.String({ pattern: '^[0-9A-Za-z-]{3,20}$' }) });

export const partnerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/partner/profile',
    {
      config: { permission: 'program.read' },
      schema: { tags: ['program'], summary: "The partner's legal business profile", response: { 200: ProfileSchema } },
    },
    async (request) => (await getProfile(request.ctx, requirePartner(request.ctx).tenantId)).profile,
  );
  app.put(
    '/v1/partner/profile',
    {
      config: { permission: 'program.enroll' },
      schema: {
        tags: ['program'],
        summary: 'Set the legal business profile (sections given replace those stored)',
        description:
          'Postal codes are checked per country; the primary contact must use an address of the organization, not free webmail.',
        body: ProfilePatch,
        response: { 200: ProfileSchema },
      },
    },
    async (request) => updateProfile(request.ctx, requirePartner(request.ctx).tenantId, request.body),
  );
  app.post(
    '/v1/partner/partner-id-links',
    {
      config: { permission: 'program.enroll' },
      schema: {
        tags: ['program'],
        summary: "Link a partner ID: a code goes to the ID's account e-mail (R-ENR-1)",
        body: PartnerIdLinkStart,
        response: { 201: PartnerIdLink },
      },
    },
    async (request, reply) => reply.code(201).send(await startPartnerIdLink(request.ctx, request.body.partnerId)),
  );
  app.post(
    '/v1/partner/partner-id-links/:id/verification',
    {
      config: { permission: 'program.enroll' },
      schema: {
        tags: ['program'],
        summary: 'Prove the partner ID with the mailed code (five tries, 30 minutes)',
        params: Type.Object({ id: Uuid }),
        body: PartnerIdCode,
        response: { 200: ProfileSchema },
      },
    },
    async (request) => verifyPartnerIdLink(request.ctx, request.params.id, request.body.code),
  );
  app.get(
    '/v1/operator/partner-ids/:partnerId',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'One entry of the partner ID registry',
        params: PartnerIdParams,
        response: { 200: RegistryEntrySchema },
      },
    },
    async (request) => publicEntry(await getRegistryEntry(request.ctx, request.params.partnerId)),
  );
  app.put(
    '/v1/operator/partner-ids/:partnerId',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Register or change a partner ID (organization, country, account e-mail, active)',
        params: PartnerIdParams,
        body: RegistryEntry,
        response: { 200: RegistryEntrySchema },
      },
    },
    async (request) => publicEntry(await putRegistryEntry(request.ctx, { partnerId: request.params.partnerId, ...request.body })),
  );
  app.get(
    '/v1/operator/partners',
    {
      config: { permission: 'operator.read' },
      schema: {
        tags: ['operator'],
        summary: 'Search the partners of the program, newest first',
        description:
          'By part of the name, country, and a capability or its status; each partner with its capabilities and proven partner ID.',
        querystring: Type.Intersect([PageQuery, PartnerListQuery]),
        response: { 200: Page(PartnerListItem) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await app.paginator.page(
        `operator-partners:${JSON.stringify(filter)}`,
        { limit, cursor },
        (after, take) => pagePartners(request.ctx, filter, after, take),
        (p) => [p.createdAt.toISOString(), p.id],
      );
      return { items: await partnerListItems(request.ctx, page.items), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/v1/operator/partners/:id',
    {
      config: { permission: 'operator.read' },
      schema: {
        tags: ['operator'],
        summary: 'One partner: capabilities, proven partner ID, offboarding flag and profile',
        params: Type.Object({ id: Uuid }),
        response: { 200: OperatorPartnerSchema },
      },
    },
    async (request) => operatorPartner(request.ctx, request.params.id),
  );
  app.post(
    '/v1/operator/partners/:id/offboarding',
    {
      config: { permission: 'operator.review' },
      schema: {
        tags: ['operator'],
        summary: 'Identify a direct-bill partner for the move to indirect reseller (R-TRN-1)',
        response: { 204: NoContent },
        params: Type.Object({ id: Uuid }),
      },
    },
    async (request, reply) => {
      await identifyForOffboarding(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );
  const CapabilityParam = Type.Enum(['direct_bill', 'indirect_provider', 'indirect_reseller']);
  app.delete(
    '/v1/partner/capabilities/:capability',
    {
      config: { permission: 'program.enroll' },
      schema: {
        tags: ['program'],
        summary:
          'Leave a program; refused for indirect reseller (409 no_rollback, R-TRN-4), and for direct bill while direct customers hold active subscriptions (409 subscriptions_active)',
        response: { 204: NoContent },
        params: Type.Object({ capability: CapabilityParam }),
      },
    },
    async (request, reply) => {
      await removeCapability(request.ctx, requirePartner(request.ctx).tenantId, request.params.capability);
      return reply.code(204).send();
    },
  );
  app.delete(
    '/v1/operator/partners/:id/capabilities/:capability',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: "Remove a partner's capability; refused for indirect reseller (409 no_rollback, R-TRN-4)",
        response: { 204: NoContent },
        params: Type.Object({ id: Uuid, capability: CapabilityParam }),
      },
    },
    async (request, reply) => {
      await removeCapability(request.ctx, request.params.id, request.params.capability);
      return reply.code(204).send();
    },
  );
};
