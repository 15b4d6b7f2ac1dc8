import { Type } from 'typebox';
import { CountryCode } from '../markets/schemas.ts';
import { Email } from '../users/schemas.ts';
import { HttpUrl } from '../../platform/http/schemas.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Phone = Type.String({ pattern: '^\\+?[0-9 ()./-]{5,30}$', description: 'International format, e.g. +1 425 555 0100.' });

export const Address = Type.Object(
  {
    line1: Text(200),
    line2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    city: Text(100),
    region: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    postalCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const PrimaryContact = Type.Object({ name: Text(200), email: Email, phone: Phone }, { additionalProperties: false });
export const SupportContact = Type.Object(
  {
    email: Email,
    phone: Phone,
    website: Type.Optional(Type.Union([HttpUrl, Type.Null()])),
  },
  { additionalProperties: false },
);

export const ProfilePatch = Type.Object(
  {
    legalName: Type.Optional(Text(200)),
    address: Type.Optional(Address),
    primaryContact: Type.Optional(PrimaryContact),
    supportContact: Type.Optional(SupportContact),
  },
  { additionalProperties: false, description: 'Sections given replace those stored; sections left out stay.' },
);

const Nullable = <T extends ReturnType<typeof Type.Object>>(t: T) => Type.Union([t, Type.Null()]);

export const ProfileSchema = Type.Object({
  legalName: Type.Union([Type.String(), Type.Null()]),
  address: Nullable(Address),
  primaryContact: Nullable(PrimaryContact),
  supportContact: Nullable(SupportContact),
  partnerId: Type.Union([Type.String(), Type.Null()], { description: 'Set once proven (POST /v1/partner/partner-id-links).' }),
});

export const PartnerIdLinkStart = Type.Object(
  { partnerId: Type.String({ pattern: '^[0-9A-Za-z-]{3,20}$' }) },
  { additionalProperties: false },
);
export const PartnerIdLink = Type.Object({
  id: Type.String({ format: 'uuid' }),
  partnerId: Type.String(),
  sentTo: Type.String({ description: "The partner ID's account e-mail, masked." }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export const PartnerIdCode = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

export const RegistryEntry = Type.Object(
  { organizationName: Text(200), countryCode: CountryCode, accountEmail: Email, active: Type.Boolean() },
  { additionalProperties: false },
);
export const RegistryEntrySchema = Type.Object({
  partnerId: Type.String(),
  organizationName: Type.String(),
  countryCode: Type.String(),
  accountEmail: Type.String(),
  active: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const CapabilityName = Type.Enum(['direct_bill', 'indirect_provider', 'indirect_reseller']);
const CapabilityStatus = Type.Enum(['pending', 'active', 'suspended']);

/** The operator's search of its partners: every filter narrows. */
export const PartnerListQuery = Type.Object({
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name, any case.' })),
  country: Type.Optional(CountryCode),
  capability: Type.Optional(CapabilityName),
  status: Type.Optional(
    Type.Union([CapabilityStatus], {
      description: 'Partners holding a capability (the one named by `capability`, or any) in this status.',
    }),
  ),
});

export const PartnerListItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  countryCode: Type.String(),
  market: Type.Union([Type.String(), Type.Null()]),
  partnerId: Type.Union([Type.String(), Type.Null()], { description: 'The proven partner ID, if any (R-ENR-1).' }),
  offboardingIdentifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the operator identified this direct-bill partner for the move to indirect reseller (R-TRN-1).',
  }),
  capabilities: Type.Array(
    Type.Object({
      capability: CapabilityName,
      status: CapabilityStatus,
      activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
});

export const OperatorPartnerSchema = Type.Intersect([PartnerListItem, Type.Object({ profile: ProfileSchema })]);
