import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A cursor-paged list (API.md: `{ items, nextCursor }`): the first page at once, the next
 * ones when the person asks for more, all pages' items in one array.
 */
export function usePaged<T>(
  key: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>,
  enabled = true,
  /** Read again each time a page shows it: for lists that others change (requests partners send). */
  fresh = false,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    ...(fresh ? { refetchOnMount: 'always' as const } : {}),
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}
