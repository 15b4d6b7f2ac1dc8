import { and, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Key } from '../http/pagination.ts';

/**
 * The keyset condition "after this (created_at, id)" for lists ordered by creation time
 * then id, ascending or descending: the shape most lists share.
 */
export function afterCreatedAndId(
  createdAt: PgColumn,
  id: PgColumn,
  after: Key | undefined,
  order: 'asc' | 'desc',
): SQL | undefined {
  if (!after) return undefined;
  const at = new Date(String(after[0]));
  const beyond = order === 'asc' ? gt : lt;
  return or(beyond(createdAt, at), and(eq(createdAt, at), beyond(id, String(after[1]))));
}
