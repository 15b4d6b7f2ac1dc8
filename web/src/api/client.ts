import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** One field the server refused, as problem+json lists them. */
export interface FieldError {
  in: 'body' | 'query' | 'params' | 'headers';
  path: string;
  /** In English; `code` is what the console words in the user's language. */
  message: string;
  /** The JSON Schema keyword that failed (required, minLength, format…) or `invalid`. */
  code?: string;
  limit?: number;
}

/** An RFC 9457 problem from the API: every refusal the console shows is one of these. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** Outside English: the code's meaning in the problem's language (then `detail` is the specific English sentence). */
  readonly meaning: string | undefined;
  readonly rule: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.code = typeof body.code === 'string' ? body.code : `http_${status}`;
    this.title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    this.detail = typeof body.detail === 'string' ? body.detail : undefined;
    this.meaning = typeof body.meaning === 'string' ? body.meaning : undefined;
    this.rule = typeof body.rule === 'string' ? body.rule : undefined;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    this.requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
  }

  /** What the server said of one field (`/admin/email`), if it named that field. */
  field(path: string): FieldError | undefined {
    return this.errors.find((e) => e.path === path);
  }
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** Language of the console, sent so that the API can answer in it. */
let language = 'en';
export function setApiLanguage(lng: string): void {
  language = lng;
}

api.use({
  onRequest({ request }) {
    request.headers.set('accept-language', language);
    return request;
  },
});

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call, or an ApiProblem thrown for TanStack Query and forms to show. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = error && typeof error === 'object' ? (error as Record<string, unknown>) : { title: response.statusText };
  throw new ApiProblem(response.status, body);
}

/** A fresh key for a creating call: a retry after a lost answer is then answered once, not done twice. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
