import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { findUser } from '../users/service.ts';

export const authEventHandlers: EventHandlers = {
  'user.mfa_enabled': [
    async (ctx, event) => {
      const user = event.tenantId ? await findUser(ctx, event.tenantId, event.subjectId) : undefined;
      if (!user) return;
      await enqueueMailTo(ctx, user, 'mfaEnabled', { name: user.name }, event.id);
    },
  ],
};
