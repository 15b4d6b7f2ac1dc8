import { useQuery } from '@tanstack/react-query';
import { api, ok } from './client';
import { keys } from './keys';
import type { paths } from './schema';

export type ProgramInfo = paths['/v1/partner/program-info']['get']['responses'][200]['content']['application/json'];

/** A partner's capabilities, enrollments, readiness and every reason it may not transact, as the API computes them. */
export function useProgramInfo(enabled = true) {
  return useQuery({
    queryKey: keys.programInfo,
    queryFn: () => ok(api.GET('/v1/partner/program-info')),
    enabled,
  });
}
