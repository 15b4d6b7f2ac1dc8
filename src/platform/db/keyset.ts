import { Column, is, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Key } from '../http/pagination.ts';

/**
 * The keyset condition "after this key" for a list ordered by these columns, all ascending or
 * all descending: one row-value comparison, `(a, b) < ($1, $2)`, which an index ending in
 * (a, b) seeks to. The spelled-out `a < $1 OR (a = $1 AND b < $2)` is the same set of rows,
 * but the planner only filters with it: a page deep in the list reads every row before it.
 */
export function afterKey(
  columns: readonly (PgColumn | SQL)[],
  values: readonly unknown[] | undefined,
  order: 'asc' | 'desc',
): SQL | undefined {
  if (!values) return undefined;
  if (values.length !== columns.length) throw new Error(`a key of ${columns.length} values, got ${values.length}`);
  // Each value is sent as its column sends it (a Date as the timestamp's text).
  const params = columns.map((c, i) => (is(c, Column) ? sql.param(values[i], c) : sql.param(values[i])));
  return sql`(${sql.join([...columns], sql`, `)}) ${sql.raw(order === 'asc' ? '>' : '<')} (${sql.join(params, sql`, `)})`;
}

/** After this (created_at, id): the key most lists share, the cursor's first value an ISO time. */
export function afterCreatedAndId(
  createdAt: PgColumn,
  id: PgColumn,
  after: Key | undefined,
  order: 'asc' | 'desc',
): SQL | undefined {
  return afterKey([createdAt, id], after && [new Date(String(after[0])), String(after[1])], order);
}
