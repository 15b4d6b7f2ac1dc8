import type { FastifyRequest } from 'fastify';
import { isLanguage, languages, type Language } from '../mail/templates/types.ts';
import { errorCodes, type ErrorCode } from './error-codes.ts';
import { errorCodesFr } from './error-codes.fr.ts';
import { errorCodesKo } from './error-codes.ko.ts';

/** A code's title and meaning in one language. */
export interface ErrorCodeText {
  title: string;
  description: string;
}

/** The languages problems and the /errors pages are written in: the console's. */
export type ProblemLanguage = Language;
export const problemLanguages = languages;

/** Typed as complete tables, so a code without its Korean or French does not compile (and a test says which). */
export const errorCodeTranslations: Record<Exclude<Language, 'en'>, Record<ErrorCode, ErrorCodeText>> = {
  ko: errorCodesKo,
  fr: errorCodesFr,
};

export function errorText(code: ErrorCode, language: Language): ErrorCodeText {
  const entry = errorCodes[code];
  return language === 'en' ? { title: entry.title, description: entry.description } : errorCodeTranslations[language][code];
}

/** The first of en, ko, fr an Accept-Language header prefers (by q, then order); English when none. */
export function acceptedLanguage(header: string | undefined): Language {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { base: tag.trim().slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && isLanguage(r.base))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.base as Language | undefined) ?? 'en';
}

/** A signed-in caller reads refusals in its own language; anyone else in the one its request asks for. */
export function problemLanguage(request: FastifyRequest): Language {
  const own = request.ctx?.actor?.language;
  if (own && isLanguage(own)) return own;
  // Node.js joins a repeated Accept-Language into one string.
  return acceptedLanguage(request.headers['accept-language']);
}
