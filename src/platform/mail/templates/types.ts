/** The console's languages: mail is written in the recipient's. */
export const languages = ['en', 'ko', 'fr'] as const;
export type Language = (typeof languages)[number];

export interface Rendered {
  subject: string;
  paragraphs: string[];
  /** Call to action, shown as a link in HTML and on its own line in text. */
  action?: { label: string; url: string };
}

export type Template<D> = Record<Language, (d: D) => Rendered>;

export function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}
