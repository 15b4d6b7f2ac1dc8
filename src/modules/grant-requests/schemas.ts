import { Type, type Static } from 'typebox';
import { GRANT_MAX_DAYS, GRANT_MIN_DAYS } from '../../domain/grants.ts';
import { UUID_PATTERN, Uuid } from '../users/schemas.ts';

const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Role = Type.String({ pattern: '^[a-z_]{1,40}$' });
/** R-GRT-1: 1 to 730 days; outside that the request is malformed (400). */
const Days = (description: string) => Type.Integer({ minimum: GRANT_MIN_DAYS, maximum: GRANT_MAX_DAYS, description });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });

export const NewGrantRequest = Type.Object(
  {
    grantorId: Uuid,
    roles: Type.Array(Role, { minItems: 1, maxItems: 20, uniqueItems: true, description: "Roles of the operator's catalog." }),
    days: Days('How long the grant lasts.'),
    autoExtend: Type.Optional(Type.Boolean({ description: 'Extend by 180 days at a time; never with global_admin (R-GRT-2).' })),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Why you ask, shown to the grantor.' })),
    grantId: Type.Optional(
      Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'A grant you hold from the grantor, to widen.' }),
    ),
  },
  { additionalProperties: false },
);
export type NewGrantRequest = Static<typeof NewGrantRequest>;

export const ApprovalBody = Type.Object(
  {
    roles: Type.Optional(
      Type.Array(Role, {
        maxItems: 20,
        uniqueItems: true,
        description: 'Some of the roles asked for (narrowing); all by default.',
      }),
    ),
    days: Type.Optional(Days('At most the days asked for; those by default.')),
  },
  { additionalProperties: false },
);
export const RejectionBody = Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false });

/** What `POST /v1/links/{token}/acceptance` takes for a grant request (checked by the service: that route is generic). */
export const LinkDecision = Type.Object(
  {
    decision: Type.Enum(['approve', 'reject']),
    roles: ApprovalBody.properties.roles,
    days: ApprovalBody.properties.days,
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type LinkDecision = Static<typeof LinkDecision>;

export const GrantRequestSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  grantorId: Type.String({ description: 'The customer (or reseller) tenant asked.' }),
  granteeId: Type.String({ description: 'The partner that asks.' }),
  grantId: Type.Union([Type.String(), Type.Null()], { description: 'The held grant this request widens.' }),
  roles: Type.Array(Type.String()),
  days: Type.Integer(),
  autoExtend: Type.Boolean(),
  message: NullableString,
  status: Type.Enum(['pending', 'approved', 'rejected', 'revoked', 'expired']),
  expiresAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Time,
  approvedRoles: Type.Union([Type.Array(Type.String()), Type.Null()]),
  approvedDays: Type.Union([Type.Integer(), Type.Null()]),
  resultingGrantId: NullableString,
  rejectionReason: NullableString,
  revokedAt: Time,
});

/** A row of the lists: the request with both sides' names. */
export const GrantRequestItem = Type.Intersect([
  GrantRequestSchema,
  Type.Object({ grantorName: Type.String(), granteeName: Type.String() }),
]);

export const WithLink = Type.Object({
  request: GrantRequestSchema,
  link: Type.String({ description: "The link mailed to the grantor's global admins." }),
});

export const IdParams = Type.Object({ id: Uuid });
export const ListQuery = Type.Object({
  side: Type.Enum(['sent', 'received'], {
    default: 'sent',
    description: 'sent: requests your partner tenant made; received: requests made to your tenant.',
  }),
});
