import { Type } from 'typebox';
import { CountryCode } from '../markets/schemas.ts';
import { Email, Language, Password, PersonName, Uuid, UserSchema } from '../users/schemas.ts';

export const TenantSchema = Type.Object({
  id: Uuid,
  kind: Type.Enum(['operator', 'partner', 'customer']),
  name: Type.String(),
  countryCode: Type.String(),
  market: Type.String(),
  language: Type.String(),
  customerType: Type.Union([Type.Enum(['standard', 'internal_use']), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const SignUp = Type.Object(
  {
    kind: Type.Enum(['partner', 'customer'], {
      description: "A partner company, or a customer's directory. The operator's tenant is made by the CLI.",
    }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    countryCode: CountryCode,
    language: Type.Optional(Language),
    admin: Type.Object(
      { email: Email, name: PersonName, password: Password, language: Type.Optional(Language) },
      { additionalProperties: false },
    ),
    acceptLink: Type.Optional(
      Type.String({
        pattern: '^tra_[A-Za-z0-9_-]{43}$',
        description: "A relationship request's link token: the new customer accepts it in the same step (R-CUS-1).",
      }),
    ),
  },
  { additionalProperties: false },
);

export const SignedUp = Type.Object({
  tenant: TenantSchema,
  admin: UserSchema,
  acceptance: Type.Optional(Type.Object({ kind: Type.String() }, { additionalProperties: true })),
});

export const SignUpAccepted = Type.Object({
  status: Type.Literal('confirmation_sent'),
  email: Type.String({ description: 'Where the next step was mailed.' }),
});

export const SignUpConfirmation = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: 'From the link in the sign-up mail.' }) },
  { additionalProperties: false },
);
