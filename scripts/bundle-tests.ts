/**
 * Compiles the test files for `npm test`: each becomes one JavaScript module (shared code in
 * chunks), with the packages left as imports. Under `--import tsx` every test process spent
 * about four seconds of CPU loading TypeScript module by module through the loader's thread,
 * before its first test; compiled, it loads what Node loads natively.
 *
 * Paths stay the sources' own: `import.meta.dirname` and `import.meta.url` are replaced, file
 * by file, by those of the source file, so that code finding the migrations, the rules or the
 * console's build from its own place finds them. Processes the tests spawn (servers, workers)
 * still run the sources with tsx.
 */
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** The source file's own `import.meta` paths, written into its code. */
const sourcePaths: Plugin = {
  name: 'source-paths',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const code = await readFile(path, 'utf8');
      if (!code.includes('import.meta')) return undefined;
      return {
        loader: 'ts',
        contents: code
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
          .replaceAll('import.meta.filename', JSON.stringify(path))
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
      };
    });
  },
};

/**
 * Compiles `files` (absolute paths under `root`) into `out`, which must lie under `root` so
 * that the packages resolve from its node_modules; returns the compiled files, in order.
 */
export async function bundleTests(root: string, files: string[], out: string): Promise<string[]> {
  await rm(out, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outdir: out,
    outbase: root,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Class and function names stay as written: errors and logs show them.
    keepNames: true,
    sourcemap: 'linked',
    plugins: [sourcePaths],
    logLevel: 'warning',
  });
  return files.map((f) => join(out, relative(root, f)).replace(/\.ts$/, '.mjs'));
}
