import { useQuery } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import type { paths } from './schema';

export type ProviderDashboard = paths['/v1/partner/dashboard']['get']['responses'][200]['content']['application/json'];

/** A provider's dashboard, counted by the API in one call: the console never pages through customers to count. */
export function useProviderDashboard(enabled: boolean) {
  return useQuery({
    queryKey: keys.providerDashboard,
    queryFn: () => ok(api.GET('/v1/partner/dashboard', { params: { query: { top: 8 } } })),
    enabled,
  });
}
