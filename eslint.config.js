// ESLint 9 flat config (npm run lint): typescript-eslint's type-checked rules on the server,
// its tests, scripts and benchmarks (tsconfig.json) and on the console (web/tsconfig.json),
// with React's rules of hooks on the console. Each file is checked against the tsconfig
// nearest to it (the project service), so the two programs keep their own settings.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated (npm run api:client), built, or left by runs (data, reports, Stryker's sandboxes).
    ignores: [
      'web/src/api/schema.d.ts',
      'web/dist/**',
      'migrations/**',
      'reference/**',
      'data/**',
      'reports/**',
      'test-results/**',
      '.stryker-tmp/**',
    ],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore names what is left out on purpose: `const { password: _p, ...user } = row`
      // drops a field, `(_req, reply) =>` keeps a callback's shape (tsc's noUnusedLocals agrees).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Fastify plugins, hooks and handlers, pg-boss handlers and the test doubles of async
      // interfaces are async by contract (a Fastify plugin or hook that returns no promise must
      // call done()), and most have nothing to await. A promise left un-awaited, what this rule
      // is after, is caught by no-floating-promises and no-misused-promises.
      '@typescript-eslint/require-await': 'off',
      // A closure made before the value exists may run before it does (`wakeJobs: () => worker?.wake()`
      // while the worker is being built): such a variable stays `let`, as a `const` there would throw.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      // node:test's describe() and it() return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      // Tests read the API's answers as parsed JSON (the harness's `Response<T = any>`, fetch's
      // json(), the OpenAPI document) and their assertions are what check the shape: typing
      // every answer again would repeat the route schemas that the tests are there to hold to.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
  },
);
