import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { enqueueMail } from '../../platform/mail/outbox.ts';
import { findUser } from '../users/service.ts';

export const authEventHandlers: EventHandlers = {
  'user.mfa_enabled': [
    async (ctx, event) => {
      const user = event.tenantId ? await findUser(ctx, event.tenantId, event.subjectId) : undefined;
      if (!user) return;
      await enqueueMail(ctx, {
        to: { address: user.email, name: user.name, language: user.language },
        template: 'mfaEnabled',
        tenantId: user.tenantId,
        eventId: event.id,
        data: { name: user.name },
      });
    },
  ],
};
