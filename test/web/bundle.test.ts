import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ensureWebBuilt } from '../../scripts/build-web.ts';
import { TestTrellis } from '../support/harness.ts';

/**
 * The console's weight as a browser receives it: the first page's JavaScript (the entry and
 * what it imports, plus the page's own chunk) at most 300 kB gzipped, other pages on demand,
 * and the server sending the compressed copies the build made.
 */

const dist = resolve(import.meta.dirname, '../../web/dist');
interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}
let manifest: Record<string, Chunk>;
let t: TestTrellis;

before(async () => {
  await ensureWebBuilt({ quiet: true });
  manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
  t = await TestTrellis.start();
});
after(() => t?.close());

/** Every file a chunk loads before it runs: itself and its static imports, transitively. */
function closure(keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    const chunk = manifest[key];
    assert.ok(chunk, `${key} is in the manifest`);
    if (seen.has(chunk.file)) continue;
    seen.add(chunk.file);
    for (const css of chunk.css ?? []) seen.add(css);
    closure(chunk.imports ?? [], seen);
  }
  return seen;
}

const weigh = (files: Iterable<string>, ext: string, encoding: 'gz' | 'br') =>
  [...files].filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + readFileSync(join(dist, `${f}.${encoding}`)).length, 0);
const gzipped = (files: Iterable<string>, ext: string) => weigh(files, ext, 'gz');

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

describe('the console as a browser loads it', () => {
  it('the first page, signed out (sign-in) or in (Overview), is at most 300 kB of gzipped JavaScript', (ctx) => {
    const entry = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
    assert.deepEqual(entry, ['index.html']);
    for (const page of ['src/routes/auth/SignInPage.tsx', 'src/routes/overview/OverviewPage.tsx']) {
      const files = closure(['index.html', page]);
      const js = gzipped(files, '.js');
      ctx.diagnostic(
        `${page}: ${kB(js)} of JavaScript gzipped (${kB(weigh(files, '.js', 'br'))} as brotli, as browsers get it) ` +
          `and ${kB(gzipped(files, '.css'))} of CSS, in ${files.size} files`,
      );
      assert.ok(js <= 300_000, `${page} loads ${kB(js)} of gzipped JavaScript`);
    }
  });

  it("every page's code arrives on its first visit, not with the first page", (ctx) => {
    const first = closure(['index.html']);
    const pages = Object.keys(manifest).filter((k) => k.startsWith('src/routes/') && k.endsWith('Page.tsx'));
    assert.ok(pages.length >= 30, `${pages.length} pages`);
    for (const page of pages) assert.ok(!first.has(manifest[page]!.file), `${page} is not in the entry's imports`);
    const all = new Set(Object.values(manifest).map((c) => c.file));
    ctx.diagnostic(`all of the console: ${kB(gzipped(all, '.js'))} of gzipped JavaScript in ${all.size} chunks`);
  });

  it('the server sends the brotli or gzip copy the browser accepts, and the file itself to one that accepts neither', async () => {
    const file = manifest['index.html']!.file;
    const original = readFileSync(join(dist, file));
    for (const [accept, encoding, decode] of [
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['identity', undefined, (b: Buffer) => b],
    ] as const) {
      const res = await t.trellis.server.inject({ method: 'GET', url: `/${file}`, headers: { 'accept-encoding': accept } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], encoding, accept);
      assert.match(String(res.headers.vary), /accept-encoding/i);
      assert.match(String(res.headers['cache-control']), /immutable/);
      assert.ok(decode(res.rawPayload).equals(original), `${accept}: the same script`);
      if (encoding) assert.ok(res.rawPayload.length < original.length / 2, `${encoding} is smaller`);
    }
  });
});
