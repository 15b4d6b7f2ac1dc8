import { formatAmount } from '../../domain/money.ts';
import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { enqueueMailTo } from '../../platform/mail/outbox.ts';
import { getTenant } from '../tenants/service.ts';
import { usersWithRoles } from '../users/service.ts';
import { creditTermsOf } from './store.ts';
import { openBalance } from './credit.ts';

/** Who decides a held order: the provider's global admins and billing admins. */
const DECIDERS = ['global_admin', 'billing_admin'];

/** Amounts as the mail shows them: the currency's minor digits, exactly, and its code. */
const money = (amountMinor: number, currency: string) => `${formatAmount(amountMinor, currency)} ${currency}`;

interface HeldOrder {
  id: string;
  customerId: string;
  currency: string;
  orderedBy: { partnerId: string };
  resellerOfRecord: { id: string; name: string } | null;
  saleTotalMinor: number | null;
}

export const priceBookEventHandlers: EventHandlers = {
  /** R-CRD-1: an order held past a reseller's credit limit is mailed to the provider's deciders. */
  'order.held': [
    async (ctx, event) => {
      const order = event.after as HeldOrder | null;
      // Recorded on every party's trail: mail once, from the provider's copy (which has its price to the reseller).
      if (!order?.resellerOfRecord || event.tenantId !== order.orderedBy.partnerId) return;
      const providerId = order.orderedBy.partnerId;
      const resellerId = order.resellerOfRecord.id;
      const terms = await creditTermsOf(ctx, providerId, resellerId);
      const currency = terms?.currency ?? order.currency;
      const customer = await getTenant(ctx, order.customerId);
      const balance = await openBalance(ctx, providerId, resellerId, currency);
      for (const user of await usersWithRoles(ctx, providerId, DECIDERS)) {
        await enqueueMailTo(
          ctx,
          user,
          'orderHeld',
          {
            name: user.name,
            resellerName: order.resellerOfRecord.name,
            customerName: customer.name,
            amount: money(order.saleTotalMinor ?? 0, order.currency),
            limit: terms?.limitMinor == null ? '—' : money(terms.limitMinor, currency),
            balance: money(balance, currency),
            // The console's held orders, this one first; in the API, POST /v1/orders/{id}/approval.
            url: `${ctx.platform.config.publicUrl}/held-orders?order=${order.id}`,
          },
          event.id,
        );
      }
    },
  ],
};
