import { perTenantRateLimit } from '../../platform/http/auth.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { idempotent } from '../../platform/http/idempotency.ts';
import { LinkDescription } from './schemas.ts';
import { acceptLink, describeLink } from './service.ts';

const TokenParams = Type.Object({
  token: Type.String({ pattern: '^tra_[A-Za-z0-9_-]{43}$', description: 'The token of a mailed link.' }),
});

export const linkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/links/:token',
    {
      config: {
        permission: 'public',
        // The link token, a single-use secret, finds the tenant that sent it.
        databaseScope: 'system',
      },
      schema: {
        tags: ['links'],
        summary: 'What a link is: who invites, what accepting authorizes, until when (no sign-in needed)',
        params: TokenParams,
        response: { 200: LinkDescription },
      },
    },
    async (request, reply) => {
      // The token is in the URL: the page must not leak it to whatever it links to.
      reply.header('referrer-policy', 'no-referrer');
      return describeLink(request.ctx, request.params.token);
    },
  );
  app.post(
    '/v1/links/:token/acceptance',
    {
      // Accepting is limited per accepting tenant, as sending is per sender and per recipient.
      config: {
        permission: 'links.accept',
        // The link token is what lets the acceptor touch the sending tenant (and, for a new customer, the tenant it makes).
        databaseScope: 'system',
        rateLimit: perTenantRateLimit(120),
      },
      schema: {
        tags: ['links'],
        summary: 'Accept a link, signed in; the body fits its kind ({ "authorize": true } for a partnership)',
        description:
          'Accepts an Idempotency-Key header: a client that lost the answer retries with the same key and hears the ' +
          'acceptance replayed, where a retry without one finds the link used up (410).',
        params: TokenParams,
        body: Type.Object({}, { additionalProperties: true }),
        response: { 201: Type.Object({ kind: Type.String() }, { additionalProperties: true }) },
      },
    },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      return idempotent(request, reply, async (tx) => ({
        status: 201,
        body: await acceptLink(tx, request.params.token, request.body as Record<string, unknown>),
      }));
    },
  );
};
