import { Type } from 'typebox';

const DefaultGrantSchema = Type.Object(
  {
    roles: Type.Array(Type.String({ pattern: '^[a-z_]{1,40}$' }), { minItems: 1, maxItems: 20, uniqueItems: true }),
    days: Type.Integer({ minimum: 1, maximum: 730 }),
    autoExtend: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const SettingsSchema = Type.Object({
  requireMfaForPartnerUsers: Type.Boolean({
    description: 'Partner users must enrol an authenticator app (TOTP) before anything else.',
  }),
  autoApprove: Type.Object(
    { direct_bill: Type.Boolean(), indirect_provider: Type.Boolean(), indirect_reseller: Type.Boolean() },
    {
      additionalProperties: false,
      description:
        'Per program: approve enrollments once the primary contact confirms (direct bill still waits for its requirements).',
    },
  ),
  partnerAgreementEnforcedFrom: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description:
      'From this time a partner must have accepted the current partner agreement to transact (R-AGR-1); null: not enforced.',
  }),
  transitionReviewBusinessDays: Type.Integer({
    minimum: 1,
    maximum: 30,
    description: 'Business days the operator has to decide a transition enrollment (R-TRN-2).',
  }),
  holidays: Type.Array(Type.String({ format: 'date' }), {
    maxItems: 400,
    uniqueItems: true,
    description: 'Days that are not business days.',
  }),
  incentiveInvitationAfterDays: Type.Integer({
    minimum: 0,
    maximum: 30,
    description: 'Days after the transition that the indirect reseller incentive invitation goes out (R-TRN-7).',
  }),
  linkExpiryDays: Type.Integer({
    minimum: 1,
    maximum: 30,
    description: 'Days a partnership invitation or relationship request link stays valid.',
  }),
  adminRoleCatalog: Type.Array(Type.String({ pattern: '^[a-z_]{1,40}$' }), { minItems: 1, maxItems: 50, uniqueItems: true }),
  defaultGrants: Type.Object(
    {
      resellerOfRecord: DefaultGrantSchema,
      indirectReseller: Type.Optional(DefaultGrantSchema),
      providerOnReseller: DefaultGrantSchema,
    },
    {
      additionalProperties: false,
      description:
        'R-CUS-1 and R-PRT-3: the grant a new relationship gives its reseller of record, by partner type ' +
        '(resellerOfRecord; indirectReseller, when set, for indirect resellers), and a partnership the provider.',
    },
  ),
});

export const SettingsPatch = Type.Partial(SettingsSchema, { additionalProperties: false, minProperties: 1 });
