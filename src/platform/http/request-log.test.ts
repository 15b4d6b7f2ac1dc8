import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';

/** The request log, as the server writes it (pino JSON lines at level info). */
const lines: string[] = [];
let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start({ config: { logLevel: 'info' }, logStream: { write: (line) => void lines.push(line) } });
});
after(() => t.close());

const token = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** The URLs the request log recorded for requests with this request id. */
function loggedUrls(requestId: string): string[] {
  return lines
    .map((line) => JSON.parse(line) as { reqId?: string; req?: { url: string } })
    .filter((entry) => entry.reqId === requestId && entry.req)
    .map((entry) => entry.req!.url);
}

describe('request log', () => {
  it('keeps the tokens of mailed links out of the request log', async () => {
    const link = token('tra_');
    const setup = token('tra_');
    const verification = token('tra_');
    const cases = [
      { url: `/v1/links/${link}`, logged: '/v1/links/tra_[redacted]', secret: link },
      { url: `/v1/links/${link}/acceptance`, logged: '/v1/links/tra_[redacted]/acceptance', secret: link, method: 'POST' },
      { url: `/password-setup?token=${setup}&lang=ko`, logged: '/password-setup?token=[redacted]&lang=ko', secret: setup },
      { url: `/email-verification?token=${verification}`, logged: '/email-verification?token=[redacted]', secret: verification },
      { url: `/anything?next=${encodeURIComponent(`/links/${link}`)}`, logged: '/anything?next=', secret: link },
    ];
    for (const [i, c] of cases.entries()) {
      const requestId = `log-test-${i}`;
      await t.request(c.method ?? 'GET', c.url, { headers: { 'x-request-id': requestId } });
      const urls = loggedUrls(requestId);
      assert.ok(urls.length > 0, `the request ${i} is logged`);
      for (const url of urls) {
        assert.ok(url.startsWith(c.logged), `${url} should start with ${c.logged}`);
        assert.ok(!url.includes(c.secret.slice(4)), `the token is in the log: ${url}`);
      }
    }
    assert.ok(!lines.join('\n').includes(link.slice(4)), 'no log line holds a link token');
  });

  it('logs other URLs as they are', async () => {
    await t.request('GET', '/v1/markets?limit=2&country=US', { headers: { 'x-request-id': 'log-test-plain' } });
    assert.deepEqual([...new Set(loggedUrls('log-test-plain'))], ['/v1/markets?limit=2&country=US']);
  });
});
