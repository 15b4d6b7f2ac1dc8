import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { errorCodes } from '../../src/platform/http/error-codes.ts';

/**
 * The console words every refusal for a person, in each of its languages: a message for every
 * error code the server answers with (src/platform/http/error-codes.ts), and for every rule a
 * refusal (403) names, in web/src/i18n/locales/<language>/errors.json. A new code or rule
 * without its words fails here, in the language that lacks them.
 */
const root = resolve(import.meta.dirname, '..', '..');
const locales = join(root, 'web', 'src', 'i18n', 'locales');
const languages = ['en', 'ko', 'fr'] as const;
type Words = { codes: Record<string, string>; refusals: Record<string, string> };
const words = (language: string): Words => JSON.parse(readFileSync(join(locales, language, 'errors.json'), 'utf8')) as Words;

/** The rules the server's 403 refusals name: `forbidden(…, { rule: 'R-…' })` calls and the permission hints. */
function refusalRules(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const m of source.matchAll(/problems\.forbidden\(([\s\S]*?)\);/g)) {
          for (const r of m[1]!.matchAll(/rule: '(R-[A-Z]+-\d+)'/g)) found.add(r[1]!);
        }
        const hints = /const permissionHints[\s\S]*?\n};/.exec(source);
        for (const r of hints?.[0].matchAll(/rule: '(R-[A-Z]+-\d+)'/g) ?? []) found.add(r[1]!);
      }
    }
  };
  walk(join(root, 'src'));
  return [...found].sort();
}

describe('the console’s words for refusals', () => {
  const codes = Object.keys(errorCodes).sort();

  it('the server has error codes, and its refusals name rules (the scan finds what it looks for)', () => {
    assert.ok(codes.length > 50, `${codes.length} codes`);
    const rules = refusalRules();
    for (const rule of ['R-ENR-4', 'R-GRT-3', 'R-CUS-1']) assert.ok(rules.includes(rule), `${rule} in ${rules.join(', ')}`);
  });

  for (const language of languages) {
    it(`${language}: a message for every server error code, and none for a code the server does not have`, () => {
      const file = words(language);
      const missing = codes.filter((c) => !file.codes[c]?.trim());
      assert.deepEqual(missing, [], `${language}/errors.json lacks codes.${missing.join(', codes.')}`);
      const unknown = Object.keys(file.codes).filter((c) => !(c in errorCodes));
      assert.deepEqual(unknown, [], `${language}/errors.json words codes the server does not have`);
    });

    it(`${language}: words for every rule a refusal (403) names, each a rule of docs/rules.md`, () => {
      const file = words(language);
      const missing = refusalRules().filter((r) => !file.refusals[r]?.trim());
      assert.deepEqual(missing, [], `${language}/errors.json lacks refusals.${missing.join(', refusals.')}`);
      const rules = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
      for (const rule of Object.keys(file.refusals)) assert.match(rules, new RegExp(`^### ${rule}\\b`, 'm'), rule);
    });
  }

  it('ko and fr are not English left in place', () => {
    const en = words('en');
    for (const language of ['ko', 'fr']) {
      const file = words(language);
      const same = Object.keys(en.codes).filter((c) => file.codes[c] === en.codes[c]);
      assert.deepEqual(same, [], `${language}: still the English message`);
    }
  });

  it('a field refused as `invalid` is worded in every language (problems.fields.invalid)', () => {
    for (const language of languages) {
      const common = JSON.parse(readFileSync(join(locales, language, 'common.json'), 'utf8')) as {
        problems: { fields: Record<string, string> };
      };
      assert.ok(common.problems.fields.invalid?.trim(), language);
    }
  });
});
