import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import type { paths } from './schema';

export type LinkDescription = paths['/v1/links/{token}']['get']['responses'][200]['content']['application/json'];

/** What a mailed link is (no sign-in needed); 404 and 410 are answers the page words itself. */
export function useLink(token: string) {
  return useQuery({
    queryKey: keys.link(token),
    queryFn: () => ok(api.GET('/v1/links/{token}', { params: { path: { token } } })),
    staleTime: 0,
    // Once accepted the link answers 410: the page keeps what it showed rather than turn into "used".
    refetchOnWindowFocus: false,
  });
}

export function useAcceptLink(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      ok(api.POST('/v1/links/{token}/acceptance', { params: { path: { token } }, body })),
    // Everything the acceptance changed, except the link itself (now used: 410).
    onSuccess: () => client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'links' }),
  });
}
