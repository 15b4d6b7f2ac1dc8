import { Type } from 'typebox';
import { billingCycles, offerKinds, terms } from '../../domain/commerce.ts';
import { CountryCode } from '../markets/schemas.ts';

const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217.' });
/** Money in the currency's minor units (cents, won): never a fraction. */
export const MinorUnits = Type.Integer({
  minimum: 0,
  maximum: 2_147_483_647,
  description: 'Minor units of the currency (cents; won).',
});

export const OfferKind = Type.Enum([...offerKinds]);
export const Term = Type.Enum([...terms], { description: 'P1M, P1Y or P3Y.' });
export const BillingCycle = Type.Enum([...billingCycles]);

export const NewOffer = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: OfferKind,
    term: Term,
    billingCycle: BillingCycle,
    minQuantity: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    maxQuantity: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
  },
  { additionalProperties: false },
);

export const PriceSchema = Type.Object({ market: Type.String(), currency: Currency, unitPriceMinor: MinorUnits });

export const PricesBody = Type.Object(
  {
    prices: Type.Array(
      Type.Object(
        { market: Type.String({ minLength: 1, maxLength: 100 }), currency: Currency, unitPriceMinor: MinorUnits },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const OfferSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  sku: Type.String(),
  name: Type.String(),
  kind: OfferKind,
  term: Term,
  billingCycle: BillingCycle,
  minQuantity: Type.Integer(),
  maxQuantity: Type.Integer(),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const OperatorOffer = Type.Intersect([OfferSchema, Type.Object({ prices: Type.Array(PriceSchema) })]);

/** An offer as a country sees it: one currency's price. */
export const CountryOffer = Type.Intersect([
  OfferSchema,
  Type.Object({ market: Type.String(), currency: Currency, unitPriceMinor: MinorUnits }),
]);

export const CountryQuery = Type.Object({ country: CountryCode });
