import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../platform/context.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { UUID_PATTERN, Uuid } from '../users/schemas.ts';
import { pageEvents } from './store.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AuditEventSchema = Type.Object({
  id: Uuid,
  type: Type.String(),
  tenantId: Nullable(Type.String()),
  actor: Type.Object({
    kind: Type.String({ description: 'user, api_token or system' }),
    userId: Nullable(Type.String()),
    tenantId: Nullable(Type.String()),
    apiTokenId: Nullable(Type.String()),
  }),
  subject: Type.Object({ type: Type.String(), id: Type.String() }),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Nullable(Type.String()),
  grantId: Nullable(Type.String({ description: "The admin grant a partner user acted under on another tenant's data." })),
  createdAt: Type.String({ format: 'date-time' }),
});

const AuditQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 100 })),
  subjectId: Type.Optional(Type.String({ maxLength: 100 })),
  tenantId: Type.Optional(
    Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'Operator staff only: one tenant.' }),
  ),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/audit-events',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['integration'],
        summary: "Every change in the caller's tenant, newest first (operator staff: every tenant)",
        querystring: Type.Intersect([PageQuery, AuditQuery]),
        response: { 200: Page(AuditEventSchema) },
      },
    },
    async (request) => {
      const actor = requireActor(request.ctx);
      const q = request.query;
      const tenantId = actor.tenantKind === 'operator' ? (q.tenantId ?? null) : actor.tenantId;
      const filter = { tenantId, type: q.type, subjectId: q.subjectId };
      return app.paginator.page(
        `audit:${JSON.stringify(filter)}`,
        q,
        (after, take) => pageEvents(request.ctx, filter, after ? Number(after[0]) : undefined, take),
        (e) => [e.seq],
        (e) => ({
          id: e.id,
          type: e.type,
          tenantId: e.tenantId,
          actor: { kind: e.actorKind, userId: e.actorUserId, tenantId: e.actorTenantId, apiTokenId: e.apiTokenId },
          subject: { type: e.subjectType, id: e.subjectId },
          before: e.before,
          after: e.after,
          requestId: e.requestId,
          grantId: e.grantId,
          createdAt: e.createdAt.toISOString(),
        }),
      );
    },
  );
};
