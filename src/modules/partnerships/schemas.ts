import { Type } from 'typebox';
import { Email } from '../users/schemas.ts';

const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const NewInvitation = Type.Object(
  {
    email: Type.Optional(Email),
    partnerId: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{3,20}$' })),
  },
  { additionalProperties: false, description: "The reseller, by e-mail or by partner ID (mailed to the ID's account e-mail)." },
);

export const InvitationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: NullableString,
  partnerId: NullableString,
  sentTo: Type.String(),
  status: Type.Enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: Type.String({ format: 'date-time' }),
  sendCount: Type.Integer(),
  lastSentAt: Type.String({ format: 'date-time' }),
  acceptedAt: Time,
  resellerId: NullableString,
  createdAt: Type.String({ format: 'date-time' }),
});

const Counterpart = Type.Object({
  id: Type.String(),
  name: Type.String(),
  countryCode: Type.String(),
  market: NullableString,
  partnerId: NullableString,
});

const PartnershipBase = {
  partnershipId: Type.String(),
  status: Type.Enum(['active', 'ended']),
  since: Type.String({ format: 'date-time' }),
  endedAt: Time,
};

export const ResellerItem = Type.Object({
  ...PartnershipBase,
  reseller: Counterpart,
  readiness: Type.Object(
    {
      ready: Type.Boolean(),
      onboarded: Type.Boolean(),
      indirectResellerActive: Type.Boolean(),
      partnerAgreementAccepted: Type.Boolean(),
    },
    { description: 'R-AGR-2: no new business until ready.' },
  ),
});

export const ProviderItem = Type.Object({ ...PartnershipBase, provider: Counterpart });

export const OperatorPartnershipItem = Type.Object({
  ...PartnershipBase,
  role: Type.Enum(['provider', 'reseller'], { description: "The partner's side of the partnership." }),
  counterpart: Counterpart,
  supportRequest: Type.Union([Type.String(), Type.Null()], { description: 'The support request it was ended on (R-PRT-6).' }),
});

export const PartnershipListQuery = Type.Object({ status: Type.Optional(Type.Enum(['active', 'ended'])) });

export const Ending = Type.Object(
  { supportRequest: Type.String({ minLength: 1, maxLength: 200, description: 'The support request that asked for it.' }) },
  { additionalProperties: false },
);

export const DashboardQuery = Type.Object({
  top: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'How many resellers to name; the rest are summed.' }),
  ),
});

export const ProviderDashboard = Type.Object({
  resellers: Type.Object(
    { ready: Type.Integer(), blocked: Type.Integer() },
    { description: 'Active resellers by readiness (R-AGR-2): blocked ones take no new business.' },
  ),
  customersByReseller: Type.Object({
    items: Type.Array(
      Type.Object({ reseller: Type.Object({ id: Type.String(), name: Type.String() }), customers: Type.Integer() }),
      { description: 'The resellers serving the most customers, most first.' },
    ),
    others: Type.Object(
      { resellers: Type.Integer(), customers: Type.Integer() },
      { description: 'Every other reseller, summed.' },
    ),
  }),
  newCustomersByMonth: Type.Array(
    Type.Object({ month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), customers: Type.Integer() }),
    { description: 'The last 12 months (UTC), oldest first, months without a new customer included.' },
  ),
});
