import type { Permission } from '../../domain/roles.ts';
import type { Ctx } from '../context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The one permission this route needs; `onRoute` refuses a route without it. */
    permission?: Permission;
    /** Reachable while the operator's MFA requirement still waits for the user to enrol. */
    allowDuringMfaEnrollment?: boolean;
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
}
