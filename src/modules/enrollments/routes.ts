import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clock, DAY_MS } from '../../platform/clock.ts';
import { credentialRateLimit } from '../../platform/http/auth.ts';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { requirePartner } from '../partners/service.ts';
import { Uuid } from '../users/schemas.ts';
import {
  EnrollmentSchema,
  EnrollmentStatsSchema,
  NewEnrollment,
  OperatorEnrollmentSchema,
  ProgramInfoSchema,
  QueueQuery,
  Rejection,
  RequirementsConfirmation,
  Verification,
} from './schemas.ts';
import {
  approveEnrollment,
  confirmRequirements,
  getEnrollment,
  programInfo,
  publicEnrollment,
  rejectEnrollment,
  submitEnrollment,
  verifyEnrollmentEmail,
} from './service.ts';
import { tenantNames } from '../tenants/service.ts';
import { countsByProgramAndStatus, enrollmentsOfTenant, pageQueue, reviewDeadlineCounts } from './store.ts';

const IdParams = Type.Object({ id: Uuid });

type PublicEnrollment = ReturnType<typeof publicEnrollment>;
/** The operator reviews partners by name, not by tenant ID: one query for a page of them. */
async function withPartnerNames(ctx: Parameters<typeof tenantNames>[0], items: PublicEnrollment[]) {
  const names = await tenantNames(
    ctx,
    items.map((e) => e.tenantId),
  );
  return items.map((e) => ({ ...e, partnerName: names.get(e.tenantId) ?? '' }));
}
const withPartnerName = async (ctx: Parameters<typeof tenantNames>[0], e: PublicEnrollment) =>
  (await withPartnerNames(ctx, [e]))[0]!;

export const enrollmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/enrollments',
    {
      config: { permission: 'program.enroll' },
      schema: {
        tags: ['program'],
        summary: 'Enroll in a program; the primary contact is mailed a confirmation link',
        description:
          'Give only what the profile lacks (R-ENR-6). A direct-bill partner identified for offboarding enrolls as indirect reseller ' +
          'with acknowledgeNoRollback: true (R-TRN-1, R-TRN-4). Accepts an Idempotency-Key header.',
        body: NewEnrollment,
        response: { 201: EnrollmentSchema },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => ({
        status: 201,
        body: publicEnrollment(await submitEnrollment(tx, request.body)),
      })),
  );
  app.get(
    '/v1/enrollments',
    {
      config: { permission: 'program.read' },
      schema: {
        tags: ['program'],
        summary: "The partner's enrollments, newest first",
        response: { 200: Page(EnrollmentSchema) },
      },
    },
    async (request) => ({
      items: (await enrollmentsOfTenant(request.ctx, requirePartner(request.ctx).tenantId)).map(publicEnrollment),
      nextCursor: null,
    }),
  );
  app.get(
    '/v1/enrollments/:id',
    {
      config: { permission: 'program.read' },
      schema: { tags: ['program'], params: IdParams, response: { 200: EnrollmentSchema } },
    },
    async (request) =>
      publicEnrollment(await getEnrollment(request.ctx, requirePartner(request.ctx).tenantId, request.params.id)),
  );
  app.post(
    '/v1/email-verifications',
    {
      config: {
        permission: 'public',
        // The mailed token finds the enrollment.
        databaseScope: 'system',
        rateLimit: credentialRateLimit(app.platform.config),
      },
      schema: {
        tags: ['program'],
        summary: 'The primary contact confirms an enrollment with the mailed token (R-ENR-2); used once',
        body: Verification,
        response: { 200: EnrollmentSchema },
      },
    },
    async (request) => publicEnrollment(await verifyEnrollmentEmail(request.ctx, request.body.token)),
  );
  app.get(
    '/v1/partner/program-info',
    {
      config: { permission: 'program.read' },
      schema: {
        tags: ['program'],
        summary: 'Capabilities, enrollments, and whether the partner may transact (with every reason it may not)',
        response: { 200: ProgramInfoSchema },
      },
    },
    async (request) => programInfo(request.ctx, requirePartner(request.ctx).tenantId),
  );

  app.get(
    '/v1/operator/enrollments',
    {
      config: { permission: 'operator.review' },
      schema: {
        tags: ['operator'],
        summary: 'The review queue, oldest first, by status and program',
        querystring: Type.Intersect([PageQuery, QueueQuery]),
        response: { 200: Page(OperatorEnrollmentSchema) },
      },
    },
    async (request) => {
      const filter = { status: request.query.status, program: request.query.program };
      const page = await app.paginator.page(
        `enrollments:${JSON.stringify(filter)}`,
        request.query,
        (after, take) => pageQueue(request.ctx, filter, after, take),
        (e) => [e.createdAt.toISOString(), e.id],
        publicEnrollment,
      );
      return { items: await withPartnerNames(request.ctx, page.items), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/v1/operator/enrollment-stats',
    {
      config: { permission: 'operator.review' },
      schema: {
        tags: ['operator'],
        summary: 'The enrollment funnel by program and status, and the review deadlines ahead (R-TRN-2)',
        response: { 200: EnrollmentStatsSchema },
      },
    },
    async (request) => {
      const now = clock.now();
      const funnel = await countsByProgramAndStatus(request.ctx);
      const deadlines = await reviewDeadlineCounts(request.ctx, now, new Date(now.getTime() + 3 * DAY_MS));
      return { funnel: funnel.map((r) => ({ program: r.program, status: r.status, count: r.n })), deadlines };
    },
  );
  app.get(
    '/v1/operator/enrollments/:id',
    {
      config: { permission: 'operator.review' },
      schema: {
        tags: ['operator'],
        summary: 'One enrollment under review, with the partner it belongs to',
        params: IdParams,
        response: { 200: OperatorEnrollmentSchema },
      },
    },
    async (request) => withPartnerName(request.ctx, publicEnrollment(await getEnrollment(request.ctx, null, request.params.id))),
  );
  app.post(
    '/v1/operator/enrollments/:id/approval',
    {
      config: { permission: 'operator.review' },
      schema: {
        tags: ['operator'],
        summary: 'Approve (R-ENR-3); a second approval is 409',
        params: IdParams,
        response: { 200: OperatorEnrollmentSchema },
      },
    },
    async (request) => withPartnerName(request.ctx, publicEnrollment(await approveEnrollment(request.ctx, request.params.id))),
  );
  app.post(
    '/v1/operator/enrollments/:id/rejection',
    {
      config: { permission: 'operator.review' },
      schema: {
        tags: ['operator'],
        summary: 'Reject with a reason (R-ENR-3)',
        params: IdParams,
        body: Rejection,
        response: { 200: OperatorEnrollmentSchema },
      },
    },
    async (request) =>
      withPartnerName(request.ctx, publicEnrollment(await rejectEnrollment(request.ctx, request.params.id, request.body.reason))),
  );
  app.post(
    '/v1/operator/enrollments/:id/requirements-confirmation',
    {
      config: { permission: 'operator.review' },
      schema: {
        tags: ['operator'],
        summary: 'Confirm the direct-bill programmatic requirements (R-ENR-5)',
        params: IdParams,
        body: RequirementsConfirmation,
        response: { 200: OperatorEnrollmentSchema },
      },
    },
    async (request) => withPartnerName(request.ctx, publicEnrollment(await confirmRequirements(request.ctx, request.params.id))),
  );
};
