import { Type } from 'typebox';
import { PageQuery } from '../../platform/http/pagination.ts';

const DateTime = Type.String({ format: 'date-time' });
const Party = Type.Object({ id: Type.String(), name: Type.String() });
const Tier = Type.Enum(['operator', 'provider', 'partner'], {
  description:
    'operator: the operator to the ordering partner (direct-bill partner or provider); provider: the provider to its reseller; partner: the partner of record to its customer',
});
const Decimal = Type.String({ description: "The amount as decimal text in the currency's minor digits (12.30 USD, 1200 KRW)." });

export const InvoiceQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    side: Type.Enum(['issued', 'received'], {
      default: 'received',
      description: 'Invoices you issued (as seller) or received (as buyer).',
    }),
    period: Type.Optional(
      Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'The month billed, YYYY-MM.' }),
    ),
    status: Type.Optional(Type.Enum(['open', 'paid'])),
  }),
]);

export const OperatorInvoiceQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    period: Type.Optional(
      Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'The month billed, YYYY-MM.' }),
    ),
    status: Type.Optional(Type.Enum(['open', 'paid'])),
  }),
]);

export const InvoiceSchema = Type.Object({
  id: Type.String(),
  period: Type.String({ description: 'The month billed, YYYY-MM (UTC).' }),
  periodStart: DateTime,
  periodEnd: DateTime,
  tier: Tier,
  seller: Party,
  buyer: Party,
  currency: Type.String(),
  totalMinor: Type.Integer({ description: 'Integer minor units of the currency.' }),
  total: Decimal,
  lineCount: Type.Integer(),
  status: Type.Enum(['open', 'paid']),
  issuedAt: DateTime,
  dueAt: DateTime,
  paidAt: Type.Union([DateTime, Type.Null()]),
});

export const InvoiceLineSchema = Type.Object({
  subscriptionId: Type.String(),
  customer: Type.String({ description: "The customer's name when invoiced." }),
  offer: Type.Object({ id: Type.String(), name: Type.String(), sku: Type.String() }),
  charge: Type.Enum(['purchase', 'renewal', 'period', 'increase', 'decrease', 'cancellation']),
  chargedAt: DateTime,
  quantity: Type.Integer({ description: 'Units charged; negative for a refund.' }),
  periodStart: DateTime,
  periodEnd: DateTime,
  unitPriceMinor: Type.Integer({ description: "Per unit and billing period, at this invoice's tier." }),
  amountMinor: Type.Integer({ description: 'Quantity times unit price, prorated to the part of the period it covers.' }),
  partnerOfRecord: Type.String(),
});

export const PreviewQuery = Type.Object({
  side: Type.Enum(['issued', 'received'], { default: 'received', description: 'What you will invoice, or be invoiced.' }),
});

export const PreviewSchema = Type.Object({
  period: Type.String(),
  periodStart: DateTime,
  periodEnd: DateTime,
  asOf: DateTime,
  items: Type.Array(
    Type.Object({
      tier: Tier,
      seller: Party,
      buyer: Party,
      currency: Type.String(),
      totalMinor: Type.Integer({ description: 'The month as it stands: what its invoice will be if nothing changes.' }),
      total: Decimal,
      toDateMinor: Type.Integer({ description: 'The charges made so far this month.' }),
      lineCount: Type.Integer(),
    }),
  ),
});
