import { Type } from 'typebox';

export const SettingsSchema = Type.Object({
  requireMfaForPartnerUsers: Type.Boolean({
    description: 'Partner users must enrol an authenticator app (TOTP) before anything else.',
  }),
});

export const SettingsPatch = Type.Partial(SettingsSchema, { additionalProperties: false, minProperties: 1 });
