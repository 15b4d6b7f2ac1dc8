import { parse } from 'csv-parse/sync';
import { Type } from 'typebox';
import { problems, type FieldError } from '../../platform/http/errors.ts';
import { UUID_PATTERN, Uuid } from '../users/schemas.ts';

export const MAX_CUSTOMERS = 20_000;
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const PerMinute = Type.Integer({ minimum: 1, maximum: 10_000, description: 'Requests a minute at most, 1 to 10,000.' });

export const NewMoveBody = Type.Object(
  {
    providerId: Uuid,
    customerIds: Type.Array(Uuid, {
      minItems: 1,
      maxItems: MAX_CUSTOMERS,
      description: 'Your direct customers to move, 1 to 20,000; duplicates are ignored.',
    }),
    perMinute: Type.Optional(PerMinute),
  },
  { additionalProperties: false },
);

/** For a CSV upload, what a JSON body would say besides the ids. */
export const NewMoveQuery = Type.Object({
  providerId: Type.Optional(Uuid),
  perMinute: Type.Optional(PerMinute),
});

export const MoveSchema = Type.Object({
  id: Type.String(),
  providerId: Type.String(),
  providerName: Type.String(),
  status: Type.Enum(['queued', 'running', 'completed', 'cancelled', 'failed']),
  total: Type.Integer(),
  sent: Type.Integer({ description: 'Requests sent.' }),
  done: Type.Integer({ description: 'The same as sent.' }),
  failed: Type.Integer({ description: 'Customers reported with a reason; they stay on direct bill.' }),
  remaining: Type.Integer({ description: 'Not processed yet.' }),
  cancelled: Type.Integer(),
  accepted: Type.Integer({ description: 'Requests of this move the customers accepted so far.' }),
  perMinute: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why a failed move stopped.' }),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Time,
  finishedAt: Time,
  cancelledAt: Time,
});

export const ItemStatus = Type.Enum(['pending', 'sent', 'failed', 'cancelled']);
export const ItemSchema = Type.Object({
  position: Type.Integer(),
  customerId: Type.String(),
  customerName: Type.Union([Type.String(), Type.Null()]),
  status: ItemStatus,
  code: Type.Union([Type.String(), Type.Null()], { description: 'Why it was not sent: a stable code.' }),
  rule: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  requestStatus: Type.Union([Type.Enum(['pending', 'accepted', 'revoked', 'expired']), Type.Null()]),
  processedAt: Time,
});

const uuid = new RegExp(UUID_PATTERN);

/**
 * The customer ids of a CSV file whose header has an `id` or `customerId` column (the file of
 * GET /v1/customers/export works as is). A 400 names the line of every bad id.
 */
export function customerIdsFromCsv(text: string): string[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // Lines may hold fewer columns than the header: only the id column matters.
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true, info: true, relax_column_count: true });
  } catch (err) {
    throw problems.invalid(`The CSV file cannot be read: ${(err as Error).message}`);
  }
  const column = ['customerId', 'id'].find((c) => records[0] && c in records[0].record);
  if (!column) {
    throw problems.invalid('The CSV file needs a header line with a column id or customerId, and one customer a line.', [
      { in: 'body', path: '/', message: 'no id or customerId column' },
    ]);
  }
  const errors: FieldError[] = [];
  const ids: string[] = [];
  for (const { record, info } of records) {
    const value = record[column] ?? '';
    if (uuid.test(value)) ids.push(value);
    else errors.push({ in: 'body', path: `/lines/${info.lines}`, message: `line ${info.lines}: not a customer id` });
  }
  if (errors.length > 0) {
    throw problems.invalid(
      `${errors.length} line(s) without a valid customer id: ${errors
        .slice(0, 20)
        .map((e) => e.path.split('/')[2])
        .join(', ')}${errors.length > 20 ? ', …' : ''}.`,
      errors.slice(0, 1000),
    );
  }
  if (ids.length > MAX_CUSTOMERS)
    throw problems.invalid(`At most ${MAX_CUSTOMERS} customers a move; this file has ${ids.length}.`);
  return ids;
}
