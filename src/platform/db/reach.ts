import { sql } from 'drizzle-orm';
import type { Db } from './connect.ts';

/**
 * The tenants a tenant's requests may touch under row-level security: itself and every tenant
 * a row links it to, whatever that row's status (a relationship with a customer, a provider's
 * relationship through a reseller, a partnership, a grant either way, a request or invitation
 * between the two, a bulk move, an affiliation). The database wall is this coarse on purpose:
 * which of those rows a route may use (a live grant, an active relationship, a role) is the
 * services' decision; what the wall guarantees is that no bug reaches a tenant with no link at
 * all to the caller's. Read in system mode, once per request.
 */
export async function tenantReach(db: Db, tenantId: string): Promise<string[]> {
  // trellis_reach (migration 0014) is PL/pgSQL: its plan is kept per connection, where this
  // query as SQL text was planned anew on every request (a UNION of eight tables).
  const result = (await db.execute(sql`SELECT trellis_reach(${tenantId}::uuid) AS ids`)) as unknown as {
    rows: { ids: string[] | string | null }[];
  };
  const ids = result.rows[0]?.ids;
  if (Array.isArray(ids)) return ids;
  // node-postgres leaves uuid[] as its text form: {a,b,c}
  return typeof ids === 'string' && ids.length > 2 ? ids.slice(1, -1).split(',') : [tenantId];
}
