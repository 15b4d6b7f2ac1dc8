import { Type } from 'typebox';
import { languages } from '../../platform/mail/templates/index.ts';

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 12, maxLength: 256, description: '12 to 256 characters.' });
export const Language = Type.Enum([...languages], { description: 'Language of the console and of mail: en, ko or fr.' });
export const PersonName = Type.String({ minLength: 1, maxLength: 200 });
export const RoleName = Type.String({ pattern: '^[a-z_]{1,40}$' });
/** The format alone lets `urn:uuid:...` through, which PostgreSQL refuses (a 500): the pattern keeps it a 400. */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const Uuid = Type.String({ format: 'uuid', pattern: UUID_PATTERN });

export const UserSchema = Type.Object({
  id: Uuid,
  tenantId: Uuid,
  email: Type.String(),
  name: Type.String(),
  language: Type.String(),
  roles: Type.Array(Type.String()),
  status: Type.Enum(['invited', 'active', 'disabled']),
  mfaEnabled: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const NewUser = Type.Object(
  {
    email: Email,
    name: PersonName,
    language: Type.Optional(Language),
    roles: Type.Array(RoleName, { minItems: 1, maxItems: 10, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const UserPatch = Type.Object(
  {
    name: Type.Optional(PersonName),
    language: Type.Optional(Language),
    status: Type.Optional(Type.Enum(['active', 'disabled'])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SelfPatch = Type.Object(
  { name: Type.Optional(PersonName), language: Type.Optional(Language) },
  { additionalProperties: false, minProperties: 1 },
);

export const RolesBody = Type.Object(
  { roles: Type.Array(RoleName, { minItems: 1, maxItems: 10, uniqueItems: true }) },
  { additionalProperties: false },
);

export const PasswordSetup = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), password: Password },
  { additionalProperties: false },
);

export const UserListQuery = Type.Object({
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name or e-mail.' })),
});

export const PasswordReset = Type.Object({ email: Email }, { additionalProperties: false });

export const PasswordChange = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Password,
    endApiTokens: Type.Optional(
      Type.Boolean({ default: true, description: 'Revoke your API tokens too (the default); false keeps them working.' }),
    ),
  },
  { additionalProperties: false },
);
