import type { DelegatedPermission } from '../../domain/delegated.ts';
import type { Ctx } from '../../platform/context.ts';
import { problems } from '../../platform/http/errors.ts';
import { hasRelationship } from '../customers/service.ts';
import { underGrant } from '../grants/access.ts';
import { requirePartner } from '../partners/service.ts';
import { arePartners } from '../partnerships/service.ts';

/**
 * A partner user acting on another tenant: first the relationship (a customer of its, or a
 * reseller it provides for; 404 otherwise, so no other tenant is revealed), then the one
 * live-grant check (403, R-GRT-3). The context returned names the grant, and every event the
 * call records carries it.
 */
export async function actOn(
  ctx: Ctx,
  tenant: { customerId: string } | { resellerId: string },
  permission: DelegatedPermission,
): Promise<Ctx> {
  const actor = requirePartner(ctx);
  if ('customerId' in tenant) {
    if (!(await hasRelationship(ctx, actor.tenantId, tenant.customerId))) throw problems.notFound('customer');
    return underGrant(ctx, tenant.customerId, permission);
  }
  // R-PRT-3: the partnership gives the provider administrator access to its reseller's tenant.
  if (!(await arePartners(ctx, actor.tenantId, tenant.resellerId))) throw problems.notFound('indirect reseller');
  return underGrant(ctx, tenant.resellerId, permission);
}
