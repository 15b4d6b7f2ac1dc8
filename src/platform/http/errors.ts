import type { ErrorCode } from './error-codes.ts';

/**
 * The one error family of Trellis. Services throw `AppError`; the HTTP layer maps it,
 * and everything else, to RFC 9457 problem+json in one place (server.ts). Its code is one
 * of error-codes.ts, whose entry is the page its `type` points to.
 */
export type RuleId = `R-${string}`;
export type { ErrorCode };

export interface FieldError {
  /** JSON pointer into the request part named by `in`. */
  path: string;
  in: 'body' | 'query' | 'params' | 'headers';
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { rule?: RuleId; errors?: FieldError[]; retryAfterSeconds?: number; [k: string]: unknown } = {},
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  invalid: (detail: string, errors?: FieldError[]) =>
    new AppError(400, 'invalid_request', 'The request is not valid', detail, errors ? { errors } : {}),
  unauthenticated: (detail = 'Sign in, or send a valid API token.') =>
    new AppError(401, 'unauthenticated', 'Authentication required', detail),
  forbidden: (detail: string, extra: { rule?: RuleId; [k: string]: unknown } = {}) =>
    new AppError(403, 'forbidden', 'Not allowed', detail, extra),
  notFound: (what = 'resource') => new AppError(404, 'not_found', 'Not found', `No such ${what}.`),
  conflict: (code: ErrorCode, title: string, detail: string, extra: { rule?: RuleId } = {}) =>
    new AppError(409, code, title, detail, extra),
  gone: () =>
    new AppError(410, 'link_unavailable', 'This link can no longer be used', 'The link was used, has expired or was revoked.'),
  /** A business rule refuses the change: always names the rule. */
  rule: (rule: RuleId, code: ErrorCode, title: string, detail: string, extra: Record<string, unknown> = {}) =>
    new AppError(422, code, title, detail, { ...extra, rule }),
  unprocessable: (code: ErrorCode, title: string, detail: string) => new AppError(422, code, title, detail),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(429, 'rate_limited', 'Too many requests', `Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds }),
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  rule?: string;
  errors?: FieldError[];
  requestId: string;
  [k: string]: unknown;
}

/** The page that explains a code, served by this Trellis (GET /errors/{code}). */
export function problemType(publicUrl: string, code: string): string {
  return `${publicUrl}/errors/${code}`;
}

export function problemBody(err: AppError, requestId: string, publicUrl: string): ProblemBody {
  const { retryAfterSeconds: _ignored, ...extra } = err.extra;
  return {
    type: problemType(publicUrl, err.code),
    title: err.title,
    status: err.status,
    code: err.code,
    ...(err.detail ? { detail: err.detail } : {}),
    ...extra,
    requestId,
  };
}
