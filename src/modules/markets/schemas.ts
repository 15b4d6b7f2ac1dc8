import { Type } from 'typebox';

export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 (XK for Kosovo).' });

export const MarketSchema = Type.Object({
  market: Type.String(),
  countryCode: CountryCode,
  countryName: Type.String(),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
});
