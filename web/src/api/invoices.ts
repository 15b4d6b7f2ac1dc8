import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

export type Invoice = paths['/v1/invoices/{id}']['get']['responses'][200]['content']['application/json'];
export type InvoiceLine =
  paths['/v1/invoices/{id}/lines']['get']['responses'][200]['content']['application/json']['items'][number];
export type BillingPreview = paths['/v1/billing-preview']['get']['responses'][200]['content']['application/json'];
/** Issued (as seller) or received (as buyer); the operator only issues. */
export type InvoiceSide = 'issued' | 'received';
export type InvoiceStatus = Invoice['status'];
export interface InvoiceFilters {
  period?: string | undefined;
  status?: InvoiceStatus | undefined;
}

/** The operator reads its invoices under /v1/operator/…; partners and customers under /v1/invoices. */
export function useInvoices(operator: boolean, side: InvoiceSide, filters: InvoiceFilters) {
  const query = {
    limit: 50,
    ...(filters.period ? { period: filters.period } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
  return usePaged(keys.invoices(operator ? 'operator' : side, filters), (cursor) => {
    const page = cursor ? { cursor } : {};
    return operator
      ? ok(api.GET('/v1/operator/invoices', { params: { query: { ...query, ...page } } }))
      : ok(api.GET('/v1/invoices', { params: { query: { ...query, ...page, side } } }));
  });
}

export function useInvoice(operator: boolean, id: string) {
  return useQuery({
    queryKey: keys.invoice(id),
    queryFn: () =>
      operator
        ? ok(api.GET('/v1/operator/invoices/{id}', { params: { path: { id } } }))
        : ok(api.GET('/v1/invoices/{id}', { params: { path: { id } } })),
  });
}

/** An invoice's lines, a page of 100 at a time. */
export function useInvoiceLines(operator: boolean, id: string) {
  return usePaged(keys.invoiceLines(id), (cursor) => {
    const params = { path: { id }, query: { limit: 100, ...(cursor ? { cursor } : {}) } };
    return operator
      ? ok(api.GET('/v1/operator/invoices/{id}/lines', { params }))
      : ok(api.GET('/v1/invoices/{id}/lines', { params }));
  });
}

/** The reconciliation file's address: the browser downloads it (streamed, with the session's cookie). */
export function reconciliationUrl(operator: boolean, id: string) {
  return `/v1/${operator ? 'operator/' : ''}invoices/${encodeURIComponent(id)}/reconciliation.csv`;
}

/** The seller records that its buyer paid (the buyer may not). */
export function useMarkPaid(operator: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      operator
        ? ok(api.POST('/v1/operator/invoices/{id}/payment', { params: { path: { id } } }))
        : ok(api.POST('/v1/invoices/{id}/payment', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.billing }),
  });
}

/** The running month's invoices as they stand. */
export function useBillingPreview(operator: boolean, side: InvoiceSide) {
  return useQuery({
    queryKey: keys.billingPreview(operator ? 'operator' : side),
    queryFn: (): Promise<BillingPreview> =>
      operator
        ? ok(api.GET('/v1/operator/billing-preview'))
        : ok(api.GET('/v1/billing-preview', { params: { query: { side } } })),
  });
}
