import { Type } from 'typebox';
import { RoleName, Uuid } from '../users/schemas.ts';

export const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
  roles: Type.Array(Type.String()),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CreatedApiToken = Type.Intersect([
  ApiTokenSchema,
  Type.Object({ token: Type.String({ description: 'Shown this once: Trellis keeps only its hash.' }) }),
]);

export const NewApiToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    roles: Type.Optional(
      Type.Array(RoleName, {
        minItems: 1,
        maxItems: 10,
        uniqueItems: true,
        description: 'A subset of your roles; all of them when left out.',
      }),
    ),
    expiresInDays: Type.Integer({ minimum: 1, maximum: 366, default: 90 }),
  },
  { additionalProperties: false },
);
