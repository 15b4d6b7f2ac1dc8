/**
 * The status a client sees: a live thing (a pending invitation or request, an active grant)
 * whose time has passed reads as expired, without a job having to rewrite it.
 */
export function withExpiry<S extends string>(status: S, live: S, until: Date, now: Date): S | 'expired' {
  return status === live && until <= now ? 'expired' : status;
}
