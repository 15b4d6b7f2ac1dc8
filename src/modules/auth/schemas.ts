import { Type } from 'typebox';
import { TenantSchema } from '../tenants/schemas.ts';
import { Email, UserSchema } from '../users/schemas.ts';

export const SignInBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totpCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: 'From the authenticator app, when enrolled.' })),
  },
  { additionalProperties: false },
);

export const SessionSchema = Type.Object({
  user: UserSchema,
  tenant: TenantSchema,
  expiresAt: Type.String({ format: 'date-time' }),
  mfaEnrollmentRequired: Type.Boolean({ description: 'The operator requires MFA: enrol before anything else.' }),
});

export const MeSchema = Type.Object({
  user: UserSchema,
  tenant: TenantSchema,
  permissions: Type.Array(Type.String()),
  authenticatedBy: Type.Enum(['session', 'api_token']),
  mfaEnrollmentRequired: Type.Boolean(),
});

export const TotpStart = Type.Object({
  secret: Type.String({ description: 'Base32; shown once.' }),
  otpauthUrl: Type.String({ description: 'otpauth:// URI for a QR code.' }),
});

export const TotpCode = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
