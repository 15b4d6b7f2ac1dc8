import { Type } from 'typebox';

const Expires = Type.String({ format: 'date-time', description: 'After this instant the link answers 410.' });
const Market = Type.Union([Type.String(), Type.Null()]);
const From = Type.Object({
  name: Type.String(),
  market: Market,
  partnerId: Type.Union([Type.String(), Type.Null()], { description: 'The partner ID it proved, if any.' }),
});
const Sentences = Type.Array(Type.String(), {
  description: 'What accepting does, in words (English); the console words it itself.',
});

export const PartnershipInvitationLink = Type.Object({
  kind: Type.Literal('partnership_invitation'),
  expiresAt: Expires,
  from: From,
  acceptedBy: Type.String(),
  authorizes: Sentences,
});

export const RelationshipRequestLink = Type.Object({
  kind: Type.Literal('relationship_request'),
  expiresAt: Expires,
  from: From,
  provider: Type.Union([Type.Object({ name: Type.String(), market: Market }), Type.Null()], {
    description: 'The indirect provider that may order, for a joint (indirect) request.',
  }),
  forNamedCustomer: Type.Boolean({ description: 'Sent to one customer the partner already knows.' }),
  keepsGrant: Type.Boolean({ description: 'The customer already gave the partner an admin grant, which it keeps (R-TRN-9).' }),
  acceptedBy: Type.String(),
  authorizes: Sentences,
});

export const GrantRequestLink = Type.Object({
  kind: Type.Literal('admin_grant_request'),
  expiresAt: Expires,
  from: From,
  roles: Type.Array(Type.Object({ role: Type.String(), description: Type.String() })),
  days: Type.Integer(),
  autoExtend: Type.Boolean(),
  widens: Type.Union([Type.Object({ grantId: Type.String(), currentRoles: Type.Array(Type.String()) }), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  acceptedBy: Type.String(),
  decisions: Type.String(),
});

/** What `GET /v1/links/{token}` answers: one shape per kind of link. */
export const LinkDescription = Type.Union([PartnershipInvitationLink, RelationshipRequestLink, GrantRequestLink]);
