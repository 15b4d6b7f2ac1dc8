import { Type } from 'typebox';
import { CountryCode } from '../markets/schemas.ts';
import { Address } from '../partners/schemas.ts';
import { TenantSchema } from '../tenants/schemas.ts';
import { Email, Language, PersonName, UserSchema, Uuid } from '../users/schemas.ts';

export const Domain = Type.String({
  pattern: '^(?=.{4,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$',
  description: 'The primary domain, unique across the system.',
});

export const NewCustomer = Type.Object(
  {
    companyName: Type.String({ minLength: 1, maxLength: 200 }),
    primaryDomain: Domain,
    countryCode: CountryCode,
    address: Type.Optional(Address),
    admin: Type.Object({ name: PersonName, email: Email, language: Type.Optional(Language) }, { additionalProperties: false }),
    resellerId: Type.Optional(Uuid),
    internalUse: Type.Optional(Type.Boolean({ description: "A tenant for the partner's own use (R-SELF-2)." })),
  },
  { additionalProperties: false },
);

export const CustomerItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  primaryDomain: Type.String(),
  countryCode: Type.String(),
  market: Type.String(),
  acquired: Type.Enum(['direct', 'indirect']),
  role: Type.Enum(['direct_partner', 'indirect_reseller', 'indirect_provider']),
  reseller: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], {
    description: 'For a provider: the reseller it serves the customer through.',
  }),
  since: Type.String({ format: 'date-time' }),
  storeChannel: Type.Boolean({
    description: 'Buys through the store channel: cannot accept a joint invitation from its direct-bill partner (R-TRN-9).',
  }),
});

export const CreatedCustomer = Type.Object({
  customer: CustomerItem,
  admin: Type.Object({
    id: Type.String(),
    email: Type.String(),
    temporaryPassword: Type.String({ description: 'Shown this once: hand it to the customer, who should change it.' }),
  }),
});

export const CustomerDetail = Type.Intersect([
  CustomerItem,
  Type.Object({
    account: Type.Object({ tenant: TenantSchema, address: Type.Union([Address, Type.Null()]) }),
    relationships: Type.Array(
      Type.Object({
        id: Type.String(),
        role: Type.String(),
        resellerId: Type.Union([Type.String(), Type.Null()]),
        since: Type.String(),
      }),
      { description: "The caller's own relationships with the customer (R-CUS-9)." },
    ),
    users: Type.Union([Type.Array(UserSchema), Type.Null()], {
      description: 'Only under a live admin grant that reads the directory (R-GRT-3); null otherwise.',
    }),
  }),
]);

export const CustomerQuery = Type.Object({
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name or the domain.' })),
  acquired: Type.Optional(Type.Enum(['direct', 'indirect'])),
  resellerId: Type.Optional(Uuid),
  providerId: Type.Optional(Uuid),
});
