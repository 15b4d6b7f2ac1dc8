import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

/**
 * Korean and French stay whole: every key of every area exists in all three languages, with
 * the same {{placeholders}}; plural keys count once, whatever forms a language needs.
 */
const locales = resolve(import.meta.dirname, '..', '..', 'web', 'src', 'i18n', 'locales');
const languages = ['en', 'ko', 'fr'];
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path.replace(PLURAL, ''), value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('console languages', () => {
  const areas = readdirSync(join(locales, 'en')).filter((f) => f.endsWith('.json'));
  it('every language has every area', () => {
    for (const language of languages) assert.deepEqual(readdirSync(join(locales, language)).sort(), [...areas].sort(), language);
  });
  for (const area of areas) {
    it(`${area}: the same keys and placeholders in en, ko and fr, none empty`, () => {
      const [en, ...others] = languages.map((l) => flatten(JSON.parse(readFileSync(join(locales, l, area), 'utf8'))));
      for (const [i, other] of others.entries()) {
        const language = languages[i + 1]!;
        assert.deepEqual([...other.keys()].sort(), [...en!.keys()].sort(), `${language}/${area} keys differ from en`);
        for (const [key, text] of other) {
          assert.ok(text.trim(), `${language}/${area} ${key} is empty`);
          assert.deepEqual(placeholders(text), placeholders(en!.get(key)!), `${language}/${area} ${key} placeholders`);
        }
      }
    });
  }
});

describe('the typed client', () => {
  it('web/src/api/schema.d.ts is generated from the API as it is (npm run api:client)', async () => {
    const { clientSchemaFile, clientSchemaSource } = await import('../../scripts/api-client.ts');
    assert.equal(readFileSync(clientSchemaFile, 'utf8'), await clientSchemaSource(), 'run npm run api:client');
  });
});
