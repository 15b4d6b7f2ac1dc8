import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AcceptanceSchema,
  AcceptBody,
  AgreementSchema,
  AgreementSlugParams,
  AgreementTypeSchema,
  CurrentAgreement,
  NewAgreement,
} from './schemas.ts';
import { acceptAgreement, agreementSlugs, currentFor, listVersions, publicAgreement, publishAgreement } from './service.ts';

const publicAcceptance = (a: { agreementId: string; userId: string; acceptedAt: Date }) => ({
  agreementId: a.agreementId,
  userId: a.userId,
  acceptedAt: a.acceptedAt.toISOString(),
});

export const agreementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/agreements/:type',
    {
      config: { permission: 'agreements.read' },
      schema: {
        tags: ['agreements'],
        summary: "The version in effect, and your tenant's acceptance of it",
        params: AgreementSlugParams,
        response: { 200: CurrentAgreement },
      },
    },
    async (request) => {
      const { agreement, acceptance } = await currentFor(request.ctx, agreementSlugs[request.params.type]);
      return { agreement: publicAgreement(agreement), acceptance: acceptance ? publicAcceptance(acceptance) : null };
    },
  );
  app.post(
    '/v1/agreements/:type/acceptances',
    {
      config: { permission: 'agreements.accept' },
      schema: {
        tags: ['agreements'],
        summary: 'Accept the current version (global admin); the indirect reseller agreement turns the capability on (R-TRN-3)',
        params: AgreementSlugParams,
        body: AcceptBody,
        response: { 201: AcceptanceSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(publicAcceptance(await acceptAgreement(request.ctx, agreementSlugs[request.params.type], request.body.version))),
  );
  app.post(
    '/v1/operator/agreements',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Publish a version of an agreement',
        body: NewAgreement,
        response: { 201: AgreementSchema },
      },
    },
    async (request, reply) => reply.code(201).send(publicAgreement(await publishAgreement(request.ctx, request.body))),
  );
  app.get(
    '/v1/operator/agreements',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Every version of one agreement, newest first',
        querystring: Type.Object({ type: AgreementTypeSchema }),
        response: { 200: Type.Object({ items: Type.Array(AgreementSchema), nextCursor: Type.Null() }) },
      },
    },
    async (request) => ({ items: (await listVersions(request.ctx, request.query.type)).map(publicAgreement), nextCursor: null }),
  );
};
