import { Type } from 'typebox';
import { Uuid } from '../users/schemas.ts';

const DateTime = Type.String({ format: 'date-time' });
const NullableId = Type.Union([Type.String(), Type.Null()]);

export const Audience = Type.Enum(['resellers', 'customers'], {
  description:
    "resellers: a provider's prices to its resellers; customers: a direct-bill partner's or reseller's prices to its customers",
});

export const AudienceQuery = Type.Object({ audience: Type.Optional(Audience) });

const Name = Type.String({ minLength: 1, maxLength: 200 });

export const NewBook = Type.Object({ audience: Audience, name: Name }, { additionalProperties: false });
export const NewGroup = NewBook;
export const Rename = Type.Object({ name: Name }, { additionalProperties: false });

const Listed = { id: Type.String(), audience: Audience, name: Type.String(), createdAt: DateTime };
export const BookSchema = Type.Object({
  ...Listed,
  ruleCount: Type.Integer({ minimum: 0, description: 'How many rules (entries) the book has' }),
  updatedAt: Type.String({
    format: 'date-time',
    description: 'When the book was renamed or a rule of it added, changed or removed last (its making, until then)',
  }),
});
export const GroupSchema = Type.Object(Listed);

export const MemberBody = Type.Object({ memberId: Uuid }, { additionalProperties: false });
export const MemberSchema = Type.Object({ id: Type.String(), name: Type.String(), addedAt: DateTime });

export const Rule = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('markup'),
        basisPoints: Type.Integer({
          minimum: -9_999,
          maximum: 1_000_000,
          description: "Hundredths of a percent over the operator's list price (1500 is 15%); negative for a discount",
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('fixed'),
        amountMinor: Type.Integer({
          minimum: 0,
          maximum: 1_000_000_000_000,
          format: 'int64',
          description: 'The price per unit and billing period, in minor units',
        }),
        currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'Applies to sales in this currency only' }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'A markup over the list price, or a fixed price (which names its offer)' },
);

export const NewEntry = Type.Object(
  {
    offerId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'The offer priced; none or null for every offer' })),
    buyerId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'One of your resellers or customers, as the book is for' }),
    ),
    groupId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'One of your groups; neither buyer nor group: everyone' }),
    ),
    rule: Rule,
  },
  { additionalProperties: false },
);

export const EntryPatch = Type.Object({ rule: Rule }, { additionalProperties: false });

export const EntrySchema = Type.Object({
  id: Type.String(),
  bookId: Type.String(),
  offerId: NullableId,
  offerName: Type.Union([Type.String(), Type.Null()], { description: "The offer's name; null for every offer" }),
  buyerId: NullableId,
  buyerName: Type.Union([Type.String(), Type.Null()], { description: "The buyer's name; null unless the rule names one" }),
  groupId: NullableId,
  groupName: Type.Union([Type.String(), Type.Null()], { description: "The group's name; null unless the rule names one" }),
  rule: Rule,
  createdAt: DateTime,
});

export const CreditTermsBody = Type.Object(
  {
    limitMinor: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000_000_000, format: 'int64' }), Type.Null()], {
      description: 'The most the reseller may owe you, in minor units of currency; null for no limit',
    }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'One of your market’s currencies' }),
    overLimit: Type.Enum(['hold', 'refuse'], {
      description: 'An order past the limit: held for your approval, or refused (422 credit_limit_exceeded, R-CRD-1)',
    }),
    paymentTermDays: Type.Integer({ minimum: 0, maximum: 365, description: 'Days from an invoice to its due date' }),
  },
  { additionalProperties: false },
);

export const CreditSchema = Type.Object({
  providerId: Type.String(),
  resellerId: Type.String(),
  currency: Type.String(),
  limitMinor: Type.Union([Type.Integer(), Type.Null()]),
  overLimit: Type.Enum(['hold', 'refuse']),
  paymentTermDays: Type.Integer(),
  openBalanceMinor: Type.Integer({
    description:
      'What the reseller owes the provider: orders held or placed and not yet invoiced (invoices unpaid, once invoiced)',
  }),
  availableMinor: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The limit less the open balance; null for no limit',
  }),
  updatedAt: Type.Union([DateTime, Type.Null()], {
    description: 'Null while the provider has set no terms (the defaults apply)',
  }),
});
