import { delegatedPermissions, grantAllows, rolesGiving, type DelegatedPermission } from '../../domain/delegated.ts';
import { clock } from '../../platform/clock.ts';
import { requireActor, type ActingGrant, type Ctx } from '../../platform/context.ts';
import { problems } from '../../platform/http/errors.ts';
import { liveGrantsOn } from './store.ts';

/**
 * R-GRT-3, the one check: every access of a partner user to another tenant's data goes
 * through here. It reads the grants in force at this instant (nothing is cached), so an
 * ended, narrowed or expired grant stops access on the very next request; a request that
 * passed the check before the grant ended may finish.
 */
export async function grantFor(ctx: Ctx, grantorId: string, permission: DelegatedPermission): Promise<ActingGrant | undefined> {
  const actor = requireActor(ctx);
  if (actor.tenantKind !== 'partner' || actor.tenantId === grantorId) return undefined;
  const live = await liveGrantsOn(ctx, actor.tenantId, grantorId, clock.now());
  // With several grants in force (a default one and an approved request, say), the widest is
  // the one acted under: what a route checks beyond `permission` (handing on admin roles,
  // changing an admin) reads the acting grant's roles, and a narrower one would refuse it.
  const found = live
    .filter((g) => grantAllows(g.grant.roles, permission))
    .sort((a, b) => breadth(b.grant.roles) - breadth(a.grant.roles))[0];
  if (!found) return undefined;
  return { id: found.grant.id, grantorId, grantorKind: found.grantorKind, roles: found.grant.roles };
}

function breadth(roles: readonly string[]): number {
  return (grantAllows(roles, 'users.grant_admin') ? 1000 : 0) + delegatedPermissions.filter((p) => grantAllows(roles, p)).length;
}

/**
 * The caller's context acting under a live grant of `grantorId` that gives `permission`, so
 * that what it records names the grant used; 403 (rule R-GRT-3) saying which roles to ask for.
 */
export async function underGrant(ctx: Ctx, grantorId: string, permission: DelegatedPermission): Promise<Ctx> {
  const grant = await grantFor(ctx, grantorId, permission);
  if (!grant) {
    throw problems.forbidden(
      `No live admin grant of this tenant lets you do this (${permission}): ask its global admin for one with ` +
        `${rolesGiving(permission).join(', ')} (POST /v1/admin-grant-requests).`,
      { rule: 'R-GRT-3', needs: permission },
    );
  }
  return { ...ctx, grant };
}
