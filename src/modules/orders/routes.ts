import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { idempotent } from '../../platform/http/idempotency.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import {
  AttestationBody,
  AttestationSchema,
  CustomerAgreementState,
  HeldOrderSchema,
  NewOrderBody,
  OrderSchema,
  SubscriptionPatchBody,
  SubscriptionSchema,
} from './schemas.ts';
import {
  attestAgreement,
  changeSubscription,
  customerAgreement,
  customerOrdersPage,
  customerSubscriptionsPage,
  approveOrder,
  heldOrdersPage,
  orderItems,
  rejectOrder,
  placeOrder,
  subscriptionItem,
} from './service.ts';

const CustomerParams = Type.Object({ id: Uuid });

/** Orders for a customer and the subscriptions they make (R-AGR-3, R-CUS-4, R-CUS-7, R-CUS-9). */
export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/customers/:id/customer-agreement/attestations',
    {
      config: { permission: 'orders.place' },
      schema: {
        tags: ['commerce'],
        summary: 'Attest that the customer signed the customer agreement: who, their e-mail, when (R-AGR-3)',
        params: CustomerParams,
        body: AttestationBody,
        response: { 201: AttestationSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await attestAgreement(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/v1/customers/:id/customer-agreement',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['commerce'],
        summary: "Whether the customer agreement is accepted: by the customer's global admin in Trellis, or attested (R-AGR-3)",
        params: CustomerParams,
        response: { 200: CustomerAgreementState },
      },
    },
    async (request) => customerAgreement(request.ctx, request.params.id),
  );
  app.post(
    '/v1/customers/:id/orders',
    {
      config: { permission: 'orders.place' },
      schema: {
        tags: ['commerce'],
        summary: 'Order for a customer: a direct-bill partner for its direct customers, a provider naming the reseller of record',
        description:
          'Accepts an Idempotency-Key header: a retry with the same key makes no second order. Each line makes a subscription.',
        params: CustomerParams,
        body: NewOrderBody,
        response: { 201: OrderSchema },
      },
    },
    async (request, reply) =>
      idempotent(request, reply, async (tx) => ({ status: 201, body: await placeOrder(tx, request.params.id, request.body) })),
  );
  app.get(
    '/v1/customers/:id/orders',
    {
      config: { permission: 'orders.read' },
      schema: {
        tags: ['commerce'],
        summary: "A customer's orders, newest first, with who ordered through which relationship (a partner sees its own)",
        params: CustomerParams,
        querystring: PageQuery,
        response: { 200: Page(OrderSchema) },
      },
    },
    async (request) => {
      const fetch = await customerOrdersPage(request.ctx, request.params.id);
      const page = await app.paginator.page(`orders:${request.params.id}`, request.query, fetch, (r) => [
        r.order.createdAt.toISOString(),
        r.order.id,
      ]);
      return { items: await orderItems(request.ctx, page.items), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/v1/customers/:id/subscriptions',
    {
      config: { permission: 'subscriptions.read' },
      schema: {
        tags: ['commerce'],
        summary: "A customer's subscriptions, newest first: each partner sees its own (R-CUS-9), the customer all",
        params: CustomerParams,
        querystring: PageQuery,
        response: { 200: Page(SubscriptionSchema) },
      },
    },
    async (request) => {
      const fetch = await customerSubscriptionsPage(request.ctx, request.params.id);
      return app.paginator.page(
        `subscriptions:${request.params.id}`,
        request.query,
        fetch,
        (r) => [r.subscription.createdAt.toISOString(), r.subscription.id],
        subscriptionItem,
      );
    },
  );
  app.patch(
    '/v1/subscriptions/:id',
    {
      config: { permission: 'subscriptions.manage' },
      schema: {
        tags: ['commerce'],
        summary: 'Change a subscription: quantity, suspension, cancellation, auto-renewal, the next term (R-SUB-1..3)',
        description:
          'Only the fields sent change. Quantity goes up at any time and down only within 7 days of the purchase or last renewal, as does a cancellation (R-SUB-1); a refusal gives the date the window closed. Of an indirect subscription, the provider changes quantity and status and the reseller of record its renewal (R-CUS-7); a larger quantity is weighed against the credit limit of the reseller and refused past it, as a change is not held for approval (R-CRD-1).',
        params: Type.Object({ id: Uuid }),
        body: SubscriptionPatchBody,
        response: { 200: SubscriptionSchema },
      },
    },
    async (request) => changeSubscription(request.ctx, request.params.id, request.body),
  );
  app.get(
    '/v1/partner/held-orders',
    {
      config: { permission: 'billing.read' },
      schema: {
        tags: ['billing'],
        summary:
          "Orders held past a reseller's credit limit, oldest first: a provider's to decide, a reseller's to see (R-CRD-1)",
        querystring: PageQuery,
        response: { 200: Page(HeldOrderSchema) },
      },
    },
    async (request) => {
      const page = await app.paginator.page('held-orders', request.query, heldOrdersPage(request.ctx), (r) => [
        r.order.createdAt.toISOString(),
        r.order.id,
      ]);
      const items = await orderItems(request.ctx, page.items);
      return {
        items: items.map((o, i) => ({ ...o, customer: { id: o.customerId, name: page.items[i]!.customerName } })),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.post(
    '/v1/orders/:id/approval',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary: "Approve an order held past the reseller's credit limit: its subscriptions start now (R-CRD-1)",
        params: Type.Object({ id: Uuid }),
        response: { 200: OrderSchema },
      },
    },
    async (request) => approveOrder(request.ctx, request.params.id),
  );
  app.post(
    '/v1/orders/:id/rejection',
    {
      config: { permission: 'billing.manage' },
      schema: {
        tags: ['billing'],
        summary:
          "Reject an order held past the reseller's credit limit: nothing is made, and it leaves the reseller's balance (R-CRD-1)",
        params: Type.Object({ id: Uuid }),
        response: { 200: OrderSchema },
      },
    },
    async (request) => rejectOrder(request.ctx, request.params.id),
  );
};
