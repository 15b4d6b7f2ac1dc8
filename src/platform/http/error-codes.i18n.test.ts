import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem } from '../../../test/support/assert.ts';
import { TestTrellis } from '../../../test/support/harness.ts';
import { acceptedLanguage, errorCodeTranslations } from './error-codes.i18n.ts';
import { errorCodes } from './error-codes.ts';

let t: TestTrellis;
before(async () => {
  t = await TestTrellis.start();
});
after(() => t.close());

describe('error codes in Korean and French', () => {
  it('every code of the registry has a Korean and a French title and meaning, and no code is translated that does not exist', () => {
    for (const [language, table] of Object.entries(errorCodeTranslations)) {
      const missing = Object.keys(errorCodes).filter((code) => {
        const text = (table as Record<string, { title?: string; description?: string } | undefined>)[code];
        return !text?.title?.trim() || !text.description?.trim();
      });
      assert.deepEqual(missing, [], `add these codes to error-codes.${language}.ts`);
      assert.deepEqual(
        Object.keys(table).filter((code) => !Object.hasOwn(errorCodes, code)),
        [],
        `error-codes.${language}.ts`,
      );
    }
  });

  it('Accept-Language picks the first of en, ko, fr by weight, else English', () => {
    assert.equal(acceptedLanguage(undefined), 'en');
    assert.equal(acceptedLanguage('ko-KR,ko;q=0.9,en;q=0.8'), 'ko');
    assert.equal(acceptedLanguage('de-DE, fr-CA;q=0.5, en;q=0.4'), 'fr');
    assert.equal(acceptedLanguage('en;q=0.2, fr;q=0.9'), 'fr');
    assert.equal(acceptedLanguage('de, ja'), 'en');
    assert.equal(acceptedLanguage('fr;q=0, ko'), 'ko');
  });
});

describe('problems in the caller’s language', () => {
  it('R-ENR-4: a Korean user gets a 403 titled in Korean, with the meaning in Korean and the specific detail and rule kept', async () => {
    const p = await t.tenantWithAdmin('partner', { language: 'ko' });
    // The user's own language wins over what the request asks for.
    const res = await p.api.post(
      '/v1/users',
      { email: 'someone@example.com', name: 'Refused', roles: ['sales_agent'] },
      {
        'accept-language': 'fr',
      },
    );
    assertProblem(res, 403, 'forbidden');
    assert.equal(res.body.title, errorCodeTranslations.ko.forbidden.title);
    assert.equal(res.body.meaning, errorCodeTranslations.ko.forbidden.description);
    assert.match(res.body.detail, /admin_agent/);
    assert.equal(res.body.rule, 'R-ENR-4');
    assert.equal(res.headers['content-language'], 'ko');
    assert.match(String(res.headers.vary), /accept-language/i);
  });

  it('a Korean user gets a 404 titled in Korean', async () => {
    const p = await t.tenantWithAdmin('partner', { language: 'ko' });
    const res = await p.api.get('/v1/customers/00000000-0000-4000-8000-000000000000');
    assertProblem(res, 404, 'not_found');
    assert.equal(res.body.title, '찾을 수 없습니다');
    assert.equal(res.body.meaning, errorCodeTranslations.ko.not_found.description);
  });

  it('an English user gets the English problem, without a meaning', async () => {
    const p = await t.tenantWithAdmin('partner');
    const res = await p.api.get('/v1/customers/00000000-0000-4000-8000-000000000000', undefined, { 'accept-language': 'ko' });
    assertProblem(res, 404, 'not_found');
    assert.equal(res.body.title, 'Not found');
    assert.equal(res.body.meaning, undefined);
    assert.equal(res.headers['content-language'], 'en');
  });

  it('an anonymous 401 follows Accept-Language: French title, and its generic detail in French too', async () => {
    const res = await t.request('GET', '/v1/me', { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
    assertProblem(res, 401, 'unauthenticated');
    assert.equal(res.body.title, 'Authentification requise');
    assert.equal(res.body.detail, errorCodeTranslations.fr.unauthenticated.description);
    assert.equal(res.body.meaning, errorCodeTranslations.fr.unauthenticated.description);
    assert.equal(res.headers['content-language'], 'fr');
    const english = await t.request('GET', '/v1/me');
    assert.deepEqual(
      [english.body.title, english.body.detail],
      ['Authentication required', 'Sign in, or send a valid API token.'],
    );
  });

  it('a validation 400 gives every field error a stable code (and its limit), whatever the language', async () => {
    const res = await t.request('POST', '/v1/sessions', {
      body: { email: 'not an address', password: '' },
      headers: { 'accept-language': 'ko' },
    });
    assertProblem(res, 400, 'invalid_request');
    assert.equal(res.body.title, errorCodeTranslations.ko.invalid_request.title);
    const codes = Object.fromEntries(res.body.errors.map((e: { path: string; code: string }) => [e.path, e]));
    assert.equal(codes['/email'].code, 'format');
    assert.equal(codes['/password'].code, 'minLength');
    assert.equal(codes['/password'].limit, 1);
    const missing = await t.request('POST', '/v1/sessions', { body: {} });
    assert.deepEqual(missing.body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`).sort(), [
      '/email required',
      '/password required',
    ]);
  });
});
