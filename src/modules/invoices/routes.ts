import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { Permission } from '../../domain/roles.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Uuid } from '../users/schemas.ts';
import { InvoiceLineSchema, InvoiceQuery, InvoiceSchema, OperatorInvoiceQuery, PreviewQuery, PreviewSchema } from './schemas.ts';
import {
  billingPreview,
  CSV_COLUMNS,
  getInvoice,
  invoiceItem,
  invoiceLinesPage,
  invoicesPage,
  lineItem,
  markInvoicePaid,
  reconciliationRows,
} from './service.ts';
import { lineKey } from './store.ts';

const Params = Type.Object({ id: Uuid });

/**
 * Invoices (issue 11, part 7): partners and customers under /v1 (billing.read, billing.manage),
 * the operator's own under /v1/operator (operator.read, operator.admin). Each party sees the
 * invoices it is seller or buyer of, and nothing of anyone else's (404).
 */
export const invoiceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sides = [
    { prefix: '/v1', read: 'billing.read', manage: 'billing.manage', who: '' },
    { prefix: '/v1/operator', read: 'operator.read', manage: 'operator.admin', who: "The operator's: " },
  ] as const satisfies readonly { prefix: string; read: Permission; manage: Permission; who: string }[];

  for (const side of sides) {
    const operator = side.prefix === '/v1/operator';
    app.get(
      `${side.prefix}/invoices`,
      {
        config: { permission: side.read },
        schema: {
          tags: ['billing'],
          summary: operator
            ? "The operator's invoices to direct-bill partners and providers, newest first"
            : 'Invoices you issued or received (side), newest first: monthly, one per seller, buyer and currency',
          querystring: operator ? OperatorInvoiceQuery : InvoiceQuery,
          response: { 200: Page(InvoiceSchema) },
        },
      },
      async (request) => {
        const { limit, cursor, ...rest } = request.query as { limit: number; cursor?: string } & Record<string, string>;
        const filter = {
          side: operator ? ('issued' as const) : (rest.side as 'issued' | 'received'),
          period: rest.period,
          status: rest.status as 'open' | 'paid' | undefined,
        };
        return app.paginator.page(
          `invoices:${request.ctx.actor?.tenantId}:${JSON.stringify(filter)}`,
          { limit, cursor },
          invoicesPage(request.ctx, filter),
          (r) => [r.issuedAt.toISOString(), r.id],
          invoiceItem,
        );
      },
    );
    app.get(
      `${side.prefix}/invoices/:id`,
      {
        config: { permission: side.read },
        schema: {
          tags: ['billing'],
          summary: `${side.who}One invoice you issued or received, with its total and due date (its lines: /lines)`,
          params: Params,
          response: { 200: InvoiceSchema },
        },
      },
      async (request) => invoiceItem(await getInvoice(request.ctx, request.params.id)),
    );
    app.get(
      `${side.prefix}/invoices/:id/lines`,
      {
        config: { permission: side.read },
        schema: {
          tags: ['billing'],
          summary: `${side.who}An invoice's lines: one per charge, by subscription and time`,
          params: Params,
          querystring: PageQuery,
          response: { 200: Page(InvoiceLineSchema) },
        },
      },
      async (request) => {
        const fetch = await invoiceLinesPage(request.ctx, request.params.id);
        return app.paginator.page(`invoice-lines:${request.params.id}`, request.query, fetch, lineKey, lineItem);
      },
    );
    app.get(
      `${side.prefix}/invoices/:id/reconciliation.csv`,
      {
        config: { permission: side.read },
        schema: {
          tags: ['billing'],
          summary: `${side.who}An invoice's lines as a CSV reconciliation file, streamed`,
          description: `Columns: ${CSV_COLUMNS.join(', ')}. Amounts are decimal text in the invoice's currency.`,
          params: Params,
        },
      },
      async (request, reply) => {
        const { invoice, rows } = await reconciliationRows(request.ctx, request.params.id);
        // A customer named "=HYPERLINK(...)" must stay text when the file opens in a spreadsheet: the
        // rows escape their text columns (escapeFormula), as escape_formulas would escape every field,
        // negative amounts too.
        const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="invoice-${invoice.period}-${invoice.id}.csv"`);
        return reply.send(Readable.from(rows).pipe(csv));
      },
    );
    app.post(
      `${side.prefix}/invoices/:id/payment`,
      {
        config: { permission: side.manage },
        schema: {
          tags: ['billing'],
          summary: `${side.who}Mark an invoice you issued as paid (its buyer may not: 403)`,
          params: Params,
          response: { 200: InvoiceSchema },
        },
      },
      async (request) => markInvoicePaid(request.ctx, request.params.id),
    );
    app.get(
      `${side.prefix}/billing-preview`,
      {
        config: { permission: side.read },
        schema: {
          tags: ['billing'],
          summary: operator
            ? "The running month's invoices to partners as they stand"
            : "The running month's invoices as they stand: what you will invoice (side=issued) or be invoiced",
          querystring: operator ? Type.Object({}) : PreviewQuery,
          response: { 200: PreviewSchema },
        },
      },
      async (request) =>
        billingPreview(
          request.ctx,
          operator ? 'issued' : ((request.query as { side: 'issued' | 'received' }).side ?? 'received'),
        ),
    );
  }
};
