import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestTrellis } from '../../../test/support/harness.ts';
import { errorCodes, isErrorCode } from '../../platform/http/error-codes.ts';
import { documentedRules } from './pages.ts';

const src = resolve(import.meta.dirname, '../..');
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(src, f), 'utf8') }));

/**
 * The codes the source refuses with, read where problems are made: `new AppError(status, 'code'`,
 * `problems.conflict('code'`, `problems.rule(rule, 'code'`, a module's `refuse(rule, 'code'`, and
 * the `code: 'code'` of readiness blockers and grant problems.
 */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const sites =
    /new AppError\(\s*\d{3},\s*([^,]+),|problems\.(?:conflict|unprocessable)\(\s*([^,]+),|(?:problems\.rule|\brefuse)\(\s*(?:'R-[A-Z]+-\d+'|[a-z][\w.]*),\s*([^,]+),|\bcode: ('[a-z_]+')/g;
  for (const { file, text } of sources) {
    for (const m of text.matchAll(sites)) {
      for (const literal of (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').match(/'[a-z][a-z0-9_]*'/g) ?? []) {
        found.set(literal.slice(1, -1), file);
      }
    }
  }
  return found;
}

let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start();
});
after(() => t.close());

describe('rules and error codes', () => {
  it('every error code the source refuses with has an entry in error-codes.ts', () => {
    const found = codesInSource();
    assert.ok(found.size > 60, `only ${found.size} codes found: the scan no longer reads the source`);
    const missing = [...found].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    assert.deepEqual(missing, [], 'add these to src/platform/http/error-codes.ts');
  });

  it('every entry is a code the source uses (no page for an error that cannot happen)', () => {
    const text = sources
      .filter((s) => !s.file.endsWith('error-codes.ts'))
      .map((s) => s.text)
      .join('\n');
    const unused = Object.keys(errorCodes).filter((code) => !text.includes(`'${code}'`));
    assert.deepEqual(unused, []);
  });

  it('docs/rules.md explains every rule an error code enforces and every rule the source cites', () => {
    const documented = new Set(documentedRules());
    assert.ok(documented.size >= 40, `docs/rules.md has ${documented.size} rules`);
    const cited = new Set<string>();
    for (const entry of Object.values(errorCodes)) for (const rule of 'rules' in entry ? entry.rules : []) cited.add(rule);
    for (const { text } of sources) for (const m of text.matchAll(/\bR-[A-Z]+-\d+\b/g)) cited.add(m[0]);
    assert.deepEqual([...cited].filter((r) => !documented.has(r)).sort(), []);
  });

  it('GET /rules is an HTML page served by the server, with an anchor for each rule (/rules#r-enr-4)', async () => {
    const res = await t.request('GET', '/rules', { headers: { accept: 'text/html' } });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    for (const rule of documentedRules()) assert.ok(res.raw.includes(`id="${rule.toLowerCase()}"`), `no anchor for ${rule}`);
    assert.match(res.raw, /admin_agent/);
  });

  it("a problem's type is a page of this server, in HTML for a browser and JSON for a program", async () => {
    const refused = await t.request('GET', '/v1/me');
    assert.equal(refused.body.type, `${t.trellis.config.publicUrl}/errors/unauthenticated`);
    const path = new URL(refused.body.type).pathname;
    const json = await t.request('GET', path);
    assert.equal(json.status, 200);
    assert.deepEqual(
      { code: json.body.code, status: json.body.status, type: json.body.type },
      { code: 'unauthenticated', status: 401, type: refused.body.type },
    );
    const html = await t.request('GET', path, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.match(html.raw, /<code>unauthenticated<\/code>/);
  });

  it('every error code has its page, with its status and links to the rules it enforces', async () => {
    const list = await t.request('GET', '/errors');
    assert.deepEqual(
      list.body.items.map((i: { code: string }) => i.code),
      Object.keys(errorCodes).sort(),
    );
    for (const [code, entry] of Object.entries(errorCodes)) {
      const res = await t.request('GET', `/errors/${code}`);
      assert.equal(res.status, 200, code);
      assert.equal(res.body.status, entry.status, code);
      assert.deepEqual(
        res.body.rules.map((r: { url: string }) => new URL(r.url).hash),
        ('rules' in entry ? entry.rules : []).map((r) => `#${r.toLowerCase()}`),
      );
    }
    const html = await t.request('GET', '/errors/region_mismatch', { headers: { accept: 'text/html' } });
    assert.match(html.raw, /href="\/rules#r-reg-1"/);
  });

  it('the error pages honour ?lang= and else Accept-Language, in JSON and in HTML', async () => {
    const ko = await t.request('GET', '/errors/forbidden?lang=ko', { headers: { 'accept-language': 'fr' } });
    assert.equal(ko.status, 200);
    assert.deepEqual([ko.body.language, ko.body.title], ['ko', '허용되지 않습니다']);
    assert.equal(ko.headers['content-language'], 'ko');
    const fr = await t.request('GET', '/errors', { headers: { 'accept-language': 'fr-CA,fr;q=0.9' } });
    assert.equal(fr.body.items.find((i: { code: string }) => i.code === 'not_found').title, 'Introuvable');
    const html = await t.request('GET', '/errors/not_found?lang=fr', { headers: { accept: 'text/html' } });
    assert.match(html.raw, /<html lang="fr">/);
    assert.match(html.raw, /Introuvable/);
    assert.match(html.raw, /href="\/errors\?lang=fr"/);
    const en = await t.request('GET', '/errors/not_found');
    assert.deepEqual([en.body.language, en.body.title], ['en', 'Not found']);
  });

  it('an unknown code answers 404 problem+json', async () => {
    const res = await t.request('GET', '/errors/no_such_code');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'not_found');
  });
});
