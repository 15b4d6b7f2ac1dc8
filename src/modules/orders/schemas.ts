import { Type } from 'typebox';
import { BillingCycle, OfferKind, Term } from '../catalog/schemas.ts';
import { Email, Uuid } from '../users/schemas.ts';

const DateTime = Type.String({ format: 'date-time' });
const Party = Type.Object({ id: Type.String(), name: Type.String() });

export const AttestationBody = Type.Object(
  {
    signerName: Type.String({ minLength: 1, maxLength: 200 }),
    signerEmail: Email,
    signedOn: Type.String({ format: 'date', description: 'The day the customer signed (YYYY-MM-DD), not after today.' }),
  },
  { additionalProperties: false },
);

export const AttestationSchema = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  signerName: Type.String(),
  signerEmail: Type.String(),
  signedOn: Type.String(),
  attestedBy: Type.String(),
  attestedAt: DateTime,
});

export const CustomerAgreementState = Type.Object({
  accepted: Type.Boolean({ description: 'Orders may be placed (R-AGR-3).' }),
  version: Type.Union([Type.String(), Type.Null()], { description: 'The version in effect; null when none is published.' }),
  acceptedInTrellis: Type.Boolean({ description: "Accepted by the customer's global admin in Trellis." }),
  attestations: Type.Array(AttestationSchema, { description: 'Of the version in effect: your own (a customer sees all).' }),
});

export const NewOrderBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object({ offerId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 50 },
    ),
    resellerId: Type.Optional(Uuid),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  },
  { additionalProperties: false },
);

export const OrderSchema = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  orderedBy: Type.Object({
    partnerId: Type.String(),
    partnerName: Type.String(),
    userId: Type.String(),
    userName: Type.Union([Type.String(), Type.Null()]),
  }),
  relationship: Type.Union([
    Type.Literal('direct_partner'),
    Type.Literal('indirect_provider'),
    Type.Literal('indirect_reseller'),
  ]),
  resellerOfRecord: Type.Union([Party, Type.Null()]),
  status: Type.Enum(['placed', 'held', 'rejected'], {
    description:
      "placed: its subscriptions are made; held: past the reseller's credit limit, waiting for the provider's approval (R-CRD-1); rejected by the provider",
  }),
  market: Type.String(),
  currency: Type.String(),
  totalMinor: Type.Integer({ description: 'What you pay for the order (R-CUS-9: each party sees its own prices)' }),
  saleTotalMinor: Type.Union([Type.Integer(), Type.Null()], {
    description: 'What you charge your buyer for it (the reseller, or the customer); null for the customer',
  }),
  lines: Type.Array(
    Type.Object({
      offerId: Type.String(),
      sku: Type.String(),
      name: Type.String(),
      quantity: Type.Integer(),
      unitPriceMinor: Type.Integer({
        description:
          'What you pay per unit and billing period: the operator, your provider (a reseller) or your partner of record (the customer)',
      }),
      amountMinor: Type.Integer(),
      saleUnitPriceMinor: Type.Union([Type.Integer(), Type.Null()], {
        description:
          'What you charge per unit: a provider its reseller, a reseller or direct-bill partner its customer; null for the customer',
      }),
      saleAmountMinor: Type.Union([Type.Integer(), Type.Null()]),
      subscriptionId: Type.Union([Type.String(), Type.Null()], { description: 'Null while the order is held, or once rejected' }),
    }),
  ),
  decidedAt: Type.Union([DateTime, Type.Null()], { description: 'When the provider approved or rejected a held order' }),
  createdAt: DateTime,
});

/** A held order as its provider decides it: the order, and whom it is for (R-CRD-1). */
export const HeldOrderSchema = Type.Object({
  ...OrderSchema.properties,
  customer: Type.Object({ id: Type.String(), name: Type.String() }, { description: 'The customer the order is for' }),
});

export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  offer: Type.Object({ id: Type.String(), sku: Type.String(), name: Type.String(), kind: OfferKind }),
  quantity: Type.Integer(),
  status: Type.Enum(['active', 'suspended', 'expired', 'disabled', 'deleted']),
  term: Term,
  billingCycle: BillingCycle,
  autoRenew: Type.Boolean(),
  termStart: DateTime,
  renewsAt: DateTime,
  /** Until then it may be reduced or cancelled (R-SUB-1): 7 days after the purchase or last renewal. */
  changeWindowCloses: DateTime,
  nextTermQuantity: Type.Union([Type.Integer(), Type.Null()]),
  cancelledAt: Type.Union([DateTime, Type.Null()]),
  partnerOfRecord: Party,
  orderedBy: Party,
  orderId: Type.String(),
  createdAt: DateTime,
});

/** A change to a subscription: only the fields it names change (R-SUB-1..3). */
export const SubscriptionPatchBody = Type.Object(
  {
    quantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    status: Type.Optional(
      Type.Enum(['active', 'suspended', 'cancelled'], {
        description: 'cancelled ends it within 7 days of its purchase or renewal; suspended and active suspend and reactivate it',
      }),
    ),
    autoRenew: Type.Optional(Type.Boolean()),
    nextTermQuantity: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()], {
        description: 'A quantity for the next term, applied at renewal; null drops one kept',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
