import { Type } from 'typebox';

export const AgreementTypeSchema = Type.Enum(['partner_agreement', 'indirect_reseller_agreement', 'customer_agreement']);
export const AgreementSlugParams = Type.Object({
  type: Type.Enum(['partner-agreement', 'indirect-reseller-agreement', 'customer-agreement']),
});

export const AgreementSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: AgreementTypeSchema,
  version: Type.String(),
  title: Type.String(),
  body: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  effectiveAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AcceptanceSchema = Type.Object({
  agreementId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  acceptedAt: Type.String({ format: 'date-time' }),
});

export const CurrentAgreement = Type.Object({
  agreement: AgreementSchema,
  acceptance: Type.Union([AcceptanceSchema, Type.Null()], { description: "Your tenant's acceptance of this version, if any." }),
});

export const NewAgreement = Type.Object(
  {
    type: AgreementTypeSchema,
    version: Type.String({ minLength: 1, maxLength: 50 }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: 500_000 })),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
    effectiveAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const AcceptBody = Type.Object(
  {
    version: Type.String({
      minLength: 1,
      maxLength: 50,
      description: 'The version read: accepting another than the current one is refused.',
    }),
  },
  { additionalProperties: false },
);
