import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { findUser } from '../users/service.ts';

export const apiTokenEventHandlers: EventHandlers = {
  /** A security notice: the owner learns of every new token, in case it was not them. */
  'api_token.created': [
    async (ctx, event) => {
      const token = event.after as { userId: string; tenantId: string; name: string; expiresAt: string };
      const user = await findUser(ctx, token.tenantId, token.userId);
      if (!user) return;
      await enqueueMailTo(
        ctx,
        user,
        'apiTokenCreated',
        {
          name: user.name,
          tokenName: token.name,
          expiresOn: String(token.expiresAt).slice(0, 10),
          tokensUrl: `${ctx.platform.config.publicUrl}/settings/api-tokens`,
        },
        event.id,
      );
    },
  ],
};
