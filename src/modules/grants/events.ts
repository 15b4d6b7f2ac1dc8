import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { getTenant } from '../tenants/service.ts';
import { findUser, usersWithRoles } from '../users/service.ts';
import { grantById } from './store.ts';
import { GRANTEE_READERS, grantsUrl, mailTime } from './timers.ts';

export const grantEventHandlers: EventHandlers = {
  /**
   * A grant ended early (R-GRT-3: access stopped at once), by its grantor or with the
   * relationship or partnership it rested on: the partner's admins learn who or what ended it.
   */
  'admin_grant.ended': [
    async (ctx, event) => {
      const grant = await grantById(ctx, event.subjectId);
      // Recorded on both tenants' trails: mail once, from the grantee's copy.
      if (!grant || event.tenantId !== grant.granteeId) return;
      const grantor = await getTenant(ctx, grant.grantorId);
      const basisEnded =
        grant.endedReason === 'relationship_ended'
          ? ('relationship' as const)
          : grant.endedReason === 'partnership_ended'
            ? ('partnership' as const)
            : undefined;
      const by = grant.endedBy && !basisEnded ? await findUser(ctx, grant.grantorId, grant.endedBy) : undefined;
      for (const user of await usersWithRoles(ctx, grant.granteeId, GRANTEE_READERS)) {
        const data = {
          name: user.name,
          grantorName: grantor.name,
          endedBy: by?.name,
          basisEnded,
          roles: grant.roles.join(', '),
          endedAt: mailTime(grant.endedAt ?? event.createdAt),
          url: grantsUrl(ctx),
        };
        await enqueueMailTo(ctx, user, 'adminGrantEnded', data, event.id);
      }
    },
  ],
};
