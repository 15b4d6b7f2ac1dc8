import type { Permission } from '../../domain/roles.ts';
import type { Ctx } from '../context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The one permission this route needs; `onRoute` refuses a route without it. */
    permission?: Permission;
    /** Reachable while the operator's MFA requirement still waits for the user to enrol. */
    allowDuringMfaEnrollment?: boolean;
    /**
     * `system`: the route's queries run in system mode under row-level security, for a route
     * that finds its tenant through a credential it is given (an address and password, a mailed
     * token) rather than through its caller. Every other route sees only its caller's reach.
     */
    databaseScope?: 'system';
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
}
