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
  const result = (await db.execute(sql`
    SELECT ${tenantId}::uuid AS id
    UNION SELECT customer_id FROM customer_relationships WHERE partner_id = ${tenantId} OR reseller_id = ${tenantId}
    UNION SELECT partner_id FROM customer_relationships WHERE customer_id = ${tenantId} OR reseller_id = ${tenantId}
    UNION SELECT reseller_id FROM customer_relationships
      WHERE (partner_id = ${tenantId} OR customer_id = ${tenantId}) AND reseller_id IS NOT NULL
    UNION SELECT reseller_id FROM partnerships WHERE provider_id = ${tenantId}
    UNION SELECT provider_id FROM partnerships WHERE reseller_id = ${tenantId}
    UNION SELECT reseller_id FROM partnership_invitations WHERE provider_id = ${tenantId} AND reseller_id IS NOT NULL
    UNION SELECT provider_id FROM partnership_invitations WHERE reseller_id = ${tenantId}
    UNION SELECT grantor_id FROM admin_grants WHERE grantee_id = ${tenantId}
    UNION SELECT grantee_id FROM admin_grants WHERE grantor_id = ${tenantId}
    UNION SELECT grantor_id FROM admin_grant_requests WHERE grantee_id = ${tenantId}
    UNION SELECT grantee_id FROM admin_grant_requests WHERE grantor_id = ${tenantId}
    UNION SELECT unnest(ARRAY[customer_id, accepted_customer_id, provider_id]) FROM relationship_requests WHERE partner_id = ${tenantId}
    UNION SELECT unnest(ARRAY[partner_id, provider_id]) FROM relationship_requests
      WHERE customer_id = ${tenantId} OR accepted_customer_id = ${tenantId}
    UNION SELECT unnest(ARRAY[partner_id, customer_id, accepted_customer_id]) FROM relationship_requests WHERE provider_id = ${tenantId}
    UNION SELECT provider_id FROM bulk_moves WHERE partner_id = ${tenantId}
    UNION SELECT partner_id FROM bulk_moves WHERE provider_id = ${tenantId}
    UNION SELECT customer_id FROM affiliations WHERE partner_id = ${tenantId}
    UNION SELECT partner_id FROM affiliations WHERE customer_id = ${tenantId}
  `)) as unknown as { rows: { id: string | null }[] };
  return result.rows.map((r) => r.id).filter((id): id is string => typeof id === 'string');
}
