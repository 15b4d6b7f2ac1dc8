import { isLanguage, templates, type Language, type TemplateData, type TemplateName } from './templates/index.ts';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface RenderedMail {
  language: Language;
  subject: string;
  text: string;
  html: string;
}

/** Renders a template in the recipient's language, English when Trellis does not speak it. */
export function renderMail<N extends TemplateName>(name: N, language: string, data: TemplateData<N>): RenderedMail {
  const lang: Language = isLanguage(language) ? language : 'en';
  const r = (templates[name][lang] as (d: TemplateData<N>) => ReturnType<(typeof templates)[N]['en']>)(data);
  const text = [...r.paragraphs, ...(r.action ? [`${r.action.label}: ${r.action.url}`] : [])].join('\n\n') + '\n\n-- \nTrellis\n';
  const html = [
    `<!doctype html><html lang="${lang}"><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;line-height:1.5">`,
    ...r.paragraphs.map((p) => `<p>${escape(p)}</p>`),
    ...(r.action ? [`<p><a href="${escape(r.action.url)}">${escape(r.action.label)}</a></p>`] : []),
    '<p style="color:#666">Trellis</p></body></html>',
  ].join('\n');
  return { language: lang, subject: r.subject, text, html };
}
