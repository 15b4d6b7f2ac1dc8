import { useQuery } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import type { paths } from './schema';

export type Market = paths['/v1/markets']['get']['responses'][200]['content']['application/json']['items'][number];

/** Every market of the operator (a few hundred rows at most): read once, page by page. */
export function useMarkets() {
  return useQuery({
    queryKey: keys.markets,
    staleTime: Infinity,
    queryFn: async () => {
      const all: Market[] = [];
      let cursor: string | undefined;
      do {
        const page = await ok(api.GET('/v1/markets', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }));
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}
