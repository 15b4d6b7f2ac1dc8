import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { findUser } from '../users/service.ts';
import { tenantById } from './store.ts';

export const tenantEventHandlers: EventHandlers = {
  /** The first admin is welcomed in its language. */
  'tenant.created': [
    async (ctx, event) => {
      const { firstAdminId } = event.after as { firstAdminId: string };
      const tenant = await tenantById(ctx, event.subjectId);
      const admin = tenant && (await findUser(ctx, tenant.id, firstAdminId));
      if (!tenant || !admin) return;
      await enqueueMailTo(
        ctx,
        admin,
        'welcome',
        {
          name: admin.name,
          tenantName: tenant.name,
          kind: tenant.kind,
          signInUrl: `${ctx.platform.config.publicUrl}/sign-in`,
        },
        event.id,
      );
    },
  ],
};
