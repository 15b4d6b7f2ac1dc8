import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';

export const LANGUAGES = ['en', 'ko', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORED = 'trellis.language';

/** Each area's words load with the first page that needs them (one file per language and area). */
const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json');

const lazyFiles: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, done) {
    const load = files[`./locales/${language}/${namespace}.json`];
    if (!load) return done(new Error(`no ${language}/${namespace}.json`), false);
    load().then(
      (file) => done(null, file.default),
      (err: Error) => done(err, false),
    );
  },
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** This browser's choice, else the first of its languages we speak, else English. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? []) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export async function startI18n(): Promise<void> {
  const lng = initialLanguage();
  setApiLanguage(lng);
  await i18n
    .use(lazyFiles)
    .use(initReactI18next)
    .init({
      lng,
      fallbackLng: false,
      supportedLngs: [...LANGUAGES],
      ns: ['common'],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      react: { useSuspense: true },
      returnNull: false,
    });
  document.documentElement.lang = lng;
}

/** Switches the console's language (and remembers it in this browser). */
export async function changeLanguage(lng: Language): Promise<void> {
  localStorage.setItem(STORED, lng);
  setApiLanguage(lng);
  document.documentElement.lang = lng;
  await i18n.changeLanguage(lng);
}

export { i18n };
