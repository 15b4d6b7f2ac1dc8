/**
 * Builds the console (web/) into web/dist, unless the build there is of the same sources:
 * `npm start` and the browser tests call this, so a fresh clone needs no extra step and a
 * second start costs nothing.
 *
 *   npm run build:web            build when stale
 *   npm run build:web -- --force build anyway
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const stamp = join(dist, '.build-hash');

/** A digest of everything the build reads: the console's sources, the locked dependencies, this script. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (path === dist || name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(web);
  hash.update(readFileSync(join(root, 'package-lock.json')));
  // And this script: what it makes of the build (the compressed copies) is part of the result.
  hash.update(readFileSync(import.meta.filename));
  return hash.digest('hex');
}

export async function ensureWebBuilt(options: { force?: boolean; quiet?: boolean } = {}): Promise<'built' | 'current'> {
  const wanted = sourceHash();
  if (!options.force && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(join(dist, 'index.html'))) {
    return 'current';
  }
  if (!options.quiet) console.log('building the console (web/) …');
  const { build } = await import('vite');
  // Vite sets NODE_ENV=production in this process when it is unset; the test runner builds
  // in-process and its servers inherit the environment, so put it back as it was.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: join(web, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  precompress();
  writeFileSync(stamp, wanted);
  return 'built';
}

/**
 * Brotli and gzip copies of every asset and of the page, made once here at their best ratio,
 * so that the server sends a browser the smallest one it accepts without compressing on each
 * request (@fastify/static's preCompressed).
 */
function precompress(): void {
  const files = [join(dist, 'index.html'), ...readdirSync(join(dist, 'assets')).map((name) => join(dist, 'assets', name))];
  for (const file of files) {
    if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
    const body = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
    );
  }
}

if (import.meta.filename === process.argv[1]) {
  const result = await ensureWebBuilt({ force: process.argv.includes('--force') });
  if (result === 'current') console.log('the console in web/dist is current');
}
