import { Type } from 'typebox';

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
});

export const SettingsPatch = Type.Partial(SettingsSchema, { additionalProperties: false, minProperties: 1 });
