import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Uuid } from '../users/schemas.ts';
import {
  allPrograms,
  createProgram,
  enrollInProgram,
  invitationsForPartner,
  programsForPartner,
  publicProgram,
} from './service.ts';

const Kind = Type.Enum(['indirect_reseller', 'direct_bill', 'indirect_provider'], {
  description: 'The capability a partner needs to join.',
});
const ProgramSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Kind,
  description: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const PartnerProgram = Type.Intersect([
  ProgramSchema,
  Type.Object({ eligible: Type.Boolean(), invitedAt: Time, enrolledAt: Time }),
]);
const Invitation = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  sentTo: Type.String(),
  sentAt: Type.String({ format: 'date-time' }),
});
const list = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t), nextCursor: Type.Null() });

export const incentiveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/operator/incentive-programs',
    {
      config: { permission: 'operator.admin' },
      schema: {
        tags: ['operator'],
        summary: 'Create an incentive program',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            kind: Kind,
            description: Type.Optional(Type.String({ maxLength: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ProgramSchema },
      },
    },
    async (request, reply) => reply.code(201).send(publicProgram(await createProgram(request.ctx, request.body))),
  );
  app.get(
    '/v1/operator/incentive-programs',
    { config: { permission: 'operator.admin' }, schema: { tags: ['operator'], response: { 200: list(ProgramSchema) } } },
    async (request) => ({ items: (await allPrograms(request.ctx)).map(publicProgram), nextCursor: null }),
  );
  app.get(
    '/v1/incentives/programs',
    {
      config: { permission: 'incentives.manage' },
      schema: {
        tags: ['incentives'],
        summary: 'Active incentive programs: eligible, invited, enrolled',
        response: { 200: list(PartnerProgram) },
      },
    },
    async (request) => ({ items: await programsForPartner(request.ctx), nextCursor: null }),
  );
  app.get(
    '/v1/incentives/invitations',
    {
      config: { permission: 'incentives.manage' },
      schema: {
        tags: ['incentives'],
        summary: 'Invitations sent to the partner ID account (R-TRN-7)',
        response: { 200: list(Invitation) },
      },
    },
    async (request) => ({
      items: (await invitationsForPartner(request.ctx)).map((i) => ({
        id: i.id,
        programId: i.programId,
        sentTo: i.sentTo,
        sentAt: i.sentAt.toISOString(),
      })),
      nextCursor: null,
    }),
  );
  app.post(
    '/v1/incentives/programs/:id/enrollments',
    {
      config: { permission: 'incentives.manage' },
      schema: {
        tags: ['incentives'],
        summary: 'Enroll in one incentive program (R-INC-1)',
        params: Type.Object({ id: Uuid }),
        response: { 201: Type.Object({ programId: Type.String(), enrolledAt: Type.String({ format: 'date-time' }) }) },
      },
    },
    async (request, reply) => {
      const row = await enrollInProgram(request.ctx, request.params.id);
      return reply.code(201).send({ programId: row.programId, enrolledAt: row.createdAt.toISOString() });
    },
  );
};
