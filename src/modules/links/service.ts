import type { Static } from 'typebox';
import type { LinkDescription } from './schemas.ts';
import { peekActionToken, type ActionToken } from '../../platform/action-tokens.ts';
import type { Ctx } from '../../platform/context.ts';
import { problems } from '../../platform/http/errors.ts';
import { ADMIN_GRANT_REQUEST, acceptGrantRequestLink, describeGrantRequest } from '../grant-requests/service.ts';
import { acceptInvitation, describeInvitation, PARTNERSHIP_INVITATION } from '../partnerships/service.ts';
import { acceptRequest, describeRequest, RELATIONSHIP_REQUEST } from '../relationship-requests/service.ts';

/**
 * Every kind of link a person may open at /links/{token}: what it says before sign-in, and
 * what accepting it does. A kind is added here as its capability lands (relationship
 * requests, grant requests).
 */
type Described = Static<typeof LinkDescription>;
type Accepted = { kind: string } & Record<string, unknown>;

const kinds: Record<
  string,
  {
    describe(ctx: Ctx, token: ActionToken): Promise<Described>;
    accept(ctx: Ctx, raw: string, token: ActionToken, body: Record<string, unknown>): Promise<Accepted>;
  }
> = {
  [PARTNERSHIP_INVITATION]: {
    describe: describeInvitation,
    accept: async (ctx, raw, token, body) => {
      const p = await acceptInvitation(ctx, raw, token, body);
      return { kind: PARTNERSHIP_INVITATION, partnershipId: p.id, providerId: p.providerId, resellerId: p.resellerId };
    },
  },
  [RELATIONSHIP_REQUEST]: {
    describe: describeRequest,
    accept: (ctx, raw, token) => acceptRequest(ctx, raw, token),
  },
  [ADMIN_GRANT_REQUEST]: {
    describe: describeGrantRequest,
    accept: acceptGrantRequestLink,
  },
};

/** A used, expired or revoked link gets one uniform 410; an unknown one 404. */
async function open(ctx: Ctx, raw: string): Promise<ActionToken> {
  const found = await peekActionToken(ctx, raw, Object.keys(kinds));
  if (found.status === 'unknown') throw problems.notFound('link');
  if (found.status === 'unavailable') throw problems.gone();
  return found.row;
}

export async function describeLink(ctx: Ctx, raw: string): Promise<Described> {
  const token = await open(ctx, raw);
  return kinds[token.purpose]!.describe(ctx, token);
}

export async function acceptLink(ctx: Ctx, raw: string, body: Record<string, unknown>): Promise<Accepted> {
  const token = await open(ctx, raw);
  return kinds[token.purpose]!.accept(ctx, raw, token, body);
}
