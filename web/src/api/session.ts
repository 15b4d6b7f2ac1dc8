import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, ok } from './client';
import { keys } from './keys';
import type { paths } from './schema';

export type Me = paths['/v1/me']['get']['responses'][200]['content']['application/json'];
export type SignIn = NonNullable<paths['/v1/sessions']['post']['requestBody']>['content']['application/json'];

/** Who is signed in, or null: a 401 is an answer here, not an error. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await ok(api.GET('/v1/me'));
      } catch (err) {
        if (err instanceof ApiProblem && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignIn) => ok(api.POST('/v1/sessions', { body })),
    onSuccess: () => client.invalidateQueries(),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.DELETE('/v1/sessions/current')),
    onSuccess: () => {
      client.clear();
      client.setQueryData(keys.me, null);
    },
  });
}

/** Whether the signed-in user may do something: the API's own permission list (`/v1/me`). */
export function can(me: Me | null | undefined, permission: string): boolean {
  return Boolean(me?.permissions.includes(permission));
}
