import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { getTenant } from '../tenants/service.ts';
import { findUser, usersWithRoles } from '../users/service.ts';
import { grantById } from './store.ts';
import { GRANTEE_READERS, grantsUrl, mailTime } from './timers.ts';

export const grantEventHandlers: EventHandlers = {
  /** The grantor ended a grant early (R-GRT-3: access stopped at once): the partner's admins learn who did. */
  'admin_grant.ended': [
    async (ctx, event) => {
      const grant = await grantById(ctx, event.subjectId);
      // Recorded on both tenants' trails: mail once, from the grantee's copy.
      if (!grant || event.tenantId !== grant.granteeId) return;
      const grantor = await getTenant(ctx, grant.grantorId);
      const by = grant.endedBy ? await findUser(ctx, grant.grantorId, grant.endedBy) : undefined;
      for (const user of await usersWithRoles(ctx, grant.granteeId, GRANTEE_READERS)) {
        const data = {
          name: user.name,
          grantorName: grantor.name,
          endedBy: by?.name,
          roles: grant.roles.join(', '),
          endedAt: mailTime(grant.endedAt ?? event.createdAt),
          url: grantsUrl(ctx),
        };
        await enqueueMailTo(ctx, user, 'adminGrantEnded', data, event.id);
      }
    },
  ],
};
