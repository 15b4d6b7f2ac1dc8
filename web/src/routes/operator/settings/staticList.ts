/** A whole list from one answer, in the shape ListTable reads (there is no next page). */
export function staticList<T>(query: { data?: { items: T[] } | undefined; isPending: boolean; error: unknown }) {
  return {
    items: query.data?.items ?? [],
    isPending: query.isPending,
    error: query.error,
    hasNextPage: false,
    isFetchingNextPage: false,
    fetchNextPage: () => undefined,
  };
}
