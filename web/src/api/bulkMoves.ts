import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey, ok } from './client';
import { keys } from './keys';
import { usePaged } from './paged';
import type { paths } from './schema';

export type BulkMove = paths['/v1/bulk-moves/{id}']['get']['responses'][200]['content']['application/json'];
export type BulkMoveItem =
  paths['/v1/bulk-moves/{id}/items']['get']['responses'][200]['content']['application/json']['items'][number];

/** A move still sends requests: its page asks again until it stops. */
export const isRunning = (move: BulkMove | undefined) => move?.status === 'queued' || move?.status === 'running';
const POLL_MS = 2000;

export function useBulkMoves() {
  return usePaged(keys.bulkMoves, (cursor) =>
    ok(api.GET('/v1/bulk-moves', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
}

/** One move, polled while it runs (R-TRN-9): the progress bar follows the job. */
export function useBulkMove(id: string) {
  return useQuery({
    queryKey: keys.bulkMove(id),
    queryFn: () => ok(api.GET('/v1/bulk-moves/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (isRunning(query.state.data) ? POLL_MS : false),
  });
}

/** The per-customer report, in the order the customers were given. */
export function useBulkMoveItems(id: string) {
  return usePaged(keys.bulkMoveItems(id), (cursor) =>
    ok(
      api.GET('/v1/bulk-moves/{id}/items', {
        params: { path: { id }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
}

/** Starts a move from chosen customers (JSON) or from a CSV file such as the customers export. */
export function useStartBulkMove() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { providerId: string } & ({ customerIds: string[] } | { csv: string })) =>
      'csv' in input
        ? ok(
            api.POST('/v1/bulk-moves', {
              params: { query: { providerId: input.providerId } },
              // The CSV goes as the file's text, untouched.
              body: input.csv as never,
              bodySerializer: (body: unknown) => body as string,
              headers: { 'content-type': 'text/csv', 'idempotency-key': idempotencyKey() },
            }),
          )
        : ok(
            api.POST('/v1/bulk-moves', {
              body: { providerId: input.providerId, customerIds: input.customerIds },
              headers: { 'idempotency-key': idempotencyKey() },
            }),
          ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.bulkMoves }),
  });
}

/** Cancels what is not sent yet; the requests sent stay valid. */
export function useCancelBulkMove() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(api.POST('/v1/bulk-moves/{id}/cancellation', { params: { path: { id } } })),
    onSuccess: (move) => {
      client.setQueryData(keys.bulkMove(move.id), move);
      void client.invalidateQueries({ queryKey: keys.bulkMoves });
    },
  });
}
