import assert from 'node:assert/strict';
import type { Response } from './harness.ts';

/**
 * An RFC 9457 problem as API.md describes it, with this status and code (and rule, when
 * given), carrying its request id and nothing of the server's insides.
 */
export function assertProblem(res: Response, status: number, code: string, rule?: string): void {
  assert.equal(res.status, status, res.raw);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, res.raw);
  assert.equal(res.body.code, code, res.raw);
  assert.equal(res.body.status, status);
  // The page that explains the code, on the Trellis that answered (GET /errors/{code}).
  assert.match(String(res.body.type), new RegExp(`^https?://[^/]+/errors/${code}$`));
  assert.equal(typeof res.body.title, 'string');
  assert.equal(res.body.requestId, res.headers['x-request-id']);
  if (rule !== undefined) assert.equal(res.body.rule, rule, res.raw);
  assert.doesNotMatch(res.raw, /\bat .+\.(ts|js):\d+/, 'a stack frame');
}
