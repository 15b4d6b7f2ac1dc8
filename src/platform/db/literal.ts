import { sql, type Column, type SQL } from 'drizzle-orm';

/**
 * `column = 'value'` with the value written into the statement, not bound. A partial index
 * whose predicate names the value (`WHERE status = 'active'`) is usable only when the planner
 * sees the value: a bound one is unknown to the generic plan a prepared statement settles on
 * (src/platform/db/prepare.ts), and under row-level security an enum's `=` cannot serve as an
 * index condition either, so without the partial index a list reads every row and sorts them
 * (test/rls-plans.test.ts). Only for the code's own constants: enum labels, checked.
 */
export function isValue(column: Column, value: string): SQL {
  if (!/^[a-z][a-z0-9_]*$/.test(value)) throw new Error(`not an enum label: ${value}`);
  return sql`${column} = ${sql.raw(`'${value}'`)}`;
}
