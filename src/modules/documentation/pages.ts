import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Marked } from 'marked';
import { errorText, type ProblemLanguage } from '../../platform/http/error-codes.i18n.ts';
import { errorCodes, type ErrorCode, type ErrorCodeEntry } from '../../platform/http/error-codes.ts';

/** The rules document of the repository, the one source of /rules. */
export const rulesFile = resolve(import.meta.dirname, '../../../docs/rules.md');

/** A heading's anchor: `R-ENR-1` → `r-enr-1`, as the console's links and the problems' rules expect. */
export function anchorOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const ruleAnchor = (rule: string) => `/rules#${anchorOf(rule)}`;

/** The rule ids docs/rules.md explains, each a heading of its own. */
export function documentedRules(markdown = readFileSync(rulesFile, 'utf8')): string[] {
  return [...markdown.matchAll(/^#{2,4} (R-[A-Z]+-\d+)\s*$/gm)].map((m) => m[1]!);
}

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Pages of our own making only (no user input, no scripts): a plain style and nothing to load. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The words of the error pages around the registry's own, in each language. */
const pageWords = {
  en: {
    nav: ['Console', 'Rules', 'Error codes', 'API'],
    answered: (status: number) => `answered with HTTP status ${status} as RFC 9457 problem+json.`,
    enforces: (n: number) => `The rule${n > 1 ? 's' : ''} it enforces:`,
    carries:
      "A problem carries this code in <code>code</code>, this page's address in <code>type</code>, and, when a business rule refused, its id in <code>rule</code>.",
    every: 'Every error code',
    listIntro:
      "Every refusal of Trellis is RFC 9457 problem+json with a stable <code>code</code>; its <code>type</code> is the code's page here. " +
      'A refusal by a business rule names the rule, explained on <a href="/rules">the rules page</a>.',
    columns: ['Code', 'Status', 'Title', 'Rules'],
  },
  ko: {
    nav: ['콘솔', '규칙', '오류 코드', 'API'],
    answered: (status: number) => `HTTP 상태 ${status}, RFC 9457 problem+json으로 응답합니다.`,
    enforces: (_n: number) => '적용하는 규칙:',
    carries:
      '문제 응답은 이 코드를 <code>code</code>에, 이 페이지의 주소를 <code>type</code>에, 업무 규칙이 거부한 경우 그 규칙 ID를 <code>rule</code>에 담습니다.',
    every: '모든 오류 코드',
    listIntro:
      'Trellis의 모든 거부는 고정된 <code>code</code>를 가진 RFC 9457 problem+json이며, <code>type</code>은 여기 있는 코드 페이지입니다. ' +
      '업무 규칙에 따른 거부는 그 규칙을 밝히며, 규칙은 <a href="/rules">규칙 페이지</a>에서 설명합니다.',
    columns: ['코드', '상태', '제목', '규칙'],
  },
  fr: {
    nav: ['Console', 'Règles', 'Codes d’erreur', 'API'],
    answered: (status: number) => `renvoyé avec le statut HTTP ${status} en problem+json (RFC 9457).`,
    enforces: (n: number) => (n > 1 ? 'Les règles qu’il applique :' : 'La règle qu’il applique :'),
    carries:
      'Un problème porte ce code dans <code>code</code>, l’adresse de cette page dans <code>type</code> et, quand une règle métier a refusé, son identifiant dans <code>rule</code>.',
    every: 'Tous les codes d’erreur',
    listIntro:
      'Chaque refus de Trellis est un problem+json (RFC 9457) avec un <code>code</code> stable ; son <code>type</code> est la page du code, ici. ' +
      'Un refus dû à une règle métier nomme la règle, expliquée sur <a href="/rules">la page des règles</a>.',
    columns: ['Code', 'Statut', 'Titre', 'Règles'],
  },
} satisfies Record<ProblemLanguage, unknown>;

/** Links between error pages keep the language a page was asked in. */
const inLanguage = (path: string, language: ProblemLanguage) => (language === 'en' ? path : `${path}?lang=${language}`);

function page(title: string, body: string, language: ProblemLanguage = 'en'): string {
  const nav = pageWords[language].nav;
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Trellis</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
h2{margin-top:2.5rem;border-bottom:1px solid #ddd}h3{margin-bottom:.25rem}:target{background:#fff6d5}
code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .75rem .25rem 0;vertical-align:top}
nav{font-size:.9rem}a{color:#0f5bb5}
@media (prefers-color-scheme:dark){body{color:#eee;background:#1b1b1b}code{background:#333}a{color:#8cb4ff}:target{background:#4a3f00}}
</style></head>
<body><nav><a href="/">${nav[0]}</a> · <a href="/rules">${nav[1]}</a> · <a href="${inLanguage('/errors', language)}">${nav[2]}</a> · <a href="/docs">${nav[3]}</a></nav>
<main>
${body}
</main></body></html>
`;
}

/** Rule ids in the rules' own text link to their headings. */
function linkRuleIds(html: string): string {
  return html.replace(/(<h[2-4][^>]*>[^<]*<\/h[2-4]>)|\b(R-[A-Z]+-\d+)\b/g, (all, heading: string | undefined, rule: string) =>
    heading ? all : `<a href="#${anchorOf(rule)}">${rule}</a>`,
  );
}

/** docs/rules.md as a page, each heading its own anchor. */
export function rulesPage(markdown = readFileSync(rulesFile, 'utf8')): string {
  const marked = new Marked({
    renderer: {
      heading({ tokens, depth }) {
        const text = this.parser.parseInline(tokens);
        return `<h${depth} id="${anchorOf(text)}">${text}</h${depth}>\n`;
      },
    },
  });
  return page('Rules', linkRuleIds(marked.parse(markdown, { async: false })));
}

export interface ErrorCodeDocument {
  code: ErrorCode;
  /** The language of `title` and `description`. */
  language: ProblemLanguage;
  type: string;
  status: number;
  title: string;
  description: string;
  rules: { id: string; url: string }[];
}

export function errorCodeDocument(publicUrl: string, code: ErrorCode, language: ProblemLanguage = 'en'): ErrorCodeDocument {
  const entry: ErrorCodeEntry = errorCodes[code];
  const text = errorText(code, language);
  return {
    code,
    language,
    type: `${publicUrl}/errors/${code}`,
    status: entry.status,
    title: text.title,
    description: text.description,
    rules: (entry.rules ?? []).map((id) => ({ id, url: `${publicUrl}${ruleAnchor(id)}` })),
  };
}

export const allErrorCodes = () => (Object.keys(errorCodes) as ErrorCode[]).sort();

const rulesLine = (doc: ErrorCodeDocument) =>
  doc.rules.length === 0 ? '' : doc.rules.map((r) => `<a href="${ruleAnchor(r.id)}">${r.id}</a>`).join(', ');

export function errorCodePage(doc: ErrorCodeDocument): string {
  const words = pageWords[doc.language];
  return page(
    doc.code,
    `<h1><code>${doc.code}</code></h1>
<p><strong>${escape(doc.title)}</strong>, ${words.answered(doc.status)}</p>
<p>${escape(doc.description)}</p>
${doc.rules.length ? `<p>${words.enforces(doc.rules.length)} ${rulesLine(doc)}.</p>` : ''}
<p>${words.carries} <a href="${inLanguage('/errors', doc.language)}">${words.every}</a>.</p>`,
    doc.language,
  );
}

export function errorListPage(docs: ErrorCodeDocument[], language: ProblemLanguage = 'en'): string {
  const words = pageWords[language];
  const rows = docs
    .map(
      (d) =>
        `<tr><td><a href="${inLanguage(`/errors/${d.code}`, language)}"><code>${d.code}</code></a></td><td>${d.status}</td><td>${escape(d.title)}</td><td>${rulesLine(d)}</td></tr>`,
    )
    .join('\n');
  return page(
    words.nav[2]!,
    `<h1>${words.nav[2]}</h1>
<p>${words.listIntro}</p>
<table><thead><tr>${words.columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>`,
    language,
  );
}
