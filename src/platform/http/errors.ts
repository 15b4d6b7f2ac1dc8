import type { ErrorCode } from './error-codes.ts';
import { errorText, type ProblemLanguage } from './error-codes.i18n.ts';

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
  /** In English, for a person; `code` is what a program (or the console, in its language) reads. */
  message: string;
  /**
   * Stable: the JSON Schema keyword that failed (required, minLength, maxLength, format, pattern,
   * enum, type, additionalProperties, minimum, maximum, minItems, maxItems) or `invalid` for a
   * service's own check. Problems always carry it (problemBody fills in `invalid`).
   */
  code?: string;
  /** The bound of minLength/maxLength/minimum/maximum/minItems/maxItems. */
  limit?: number;
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

  /**
   * The detail only restates the code's meaning (no id, no number, nothing specific): a caller
   * in another language gets the meaning in its language instead.
   */
  genericDetail = false;
}

function generic(err: AppError): AppError {
  err.genericDetail = true;
  return err;
}

export const problems = {
  invalid: (detail: string, errors?: FieldError[]) =>
    new AppError(400, 'invalid_request', 'The request is not valid', detail, errors ? { errors } : {}),
  unauthenticated: (detail?: string) =>
    detail
      ? new AppError(401, 'unauthenticated', 'Authentication required', detail)
      : generic(new AppError(401, 'unauthenticated', 'Authentication required', 'Sign in, or send a valid API token.')),
  forbidden: (detail: string, extra: { rule?: RuleId; [k: string]: unknown } = {}) =>
    new AppError(403, 'forbidden', 'Not allowed', detail, extra),
  notFound: (what = 'resource') => new AppError(404, 'not_found', 'Not found', `No such ${what}.`),
  conflict: (code: ErrorCode, title: string, detail: string, extra: { rule?: RuleId } = {}) =>
    new AppError(409, code, title, detail, extra),
  gone: () =>
    generic(
      new AppError(410, 'link_unavailable', 'This link can no longer be used', 'The link was used, has expired or was revoked.'),
    ),
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
  /** Outside English: the code's meaning in the problem's language (`detail` is then the specific English sentence). */
  meaning?: string;
  requestId: string;
  [k: string]: unknown;
}

/** The page that explains a code, served by this Trellis (GET /errors/{code}). */
export function problemType(publicUrl: string, code: string): string {
  return `${publicUrl}/errors/${code}`;
}

/**
 * The problem as a caller in `language` reads it. In English, as the service worded it. In
 * Korean or French: `title` is the code's title in that language and `meaning` the code's meaning;
 * `detail` stays the service's specific English sentence (it names ids, limits and fields we do
 * not translate), except when it only restated the meaning, which it then is, translated.
 */
export function problemBody(err: AppError, requestId: string, publicUrl: string, language: ProblemLanguage = 'en'): ProblemBody {
  const { retryAfterSeconds: _ignored, errors, ...extra } = err.extra;
  const text = language === 'en' ? undefined : errorText(err.code, language);
  const detail = text && (err.genericDetail || !err.detail) ? text.description : err.detail;
  return {
    type: problemType(publicUrl, err.code),
    title: text?.title ?? err.title,
    status: err.status,
    code: err.code,
    ...(detail ? { detail } : {}),
    ...(text ? { meaning: text.description } : {}),
    ...extra,
    ...(errors ? { errors: errors.map((e) => ({ ...e, code: e.code ?? 'invalid' })) } : {}),
    requestId,
  };
}
