import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Marked } from 'marked';
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

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Trellis</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
h2{margin-top:2.5rem;border-bottom:1px solid #ddd}h3{margin-bottom:.25rem}:target{background:#fff6d5}
code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .75rem .25rem 0;vertical-align:top}
nav{font-size:.9rem}a{color:#0f5bb5}
@media (prefers-color-scheme:dark){body{color:#eee;background:#1b1b1b}code{background:#333}a{color:#8cb4ff}:target{background:#4a3f00}}
</style></head>
<body><nav><a href="/">Console</a> · <a href="/rules">Rules</a> · <a href="/errors">Error codes</a> · <a href="/docs">API</a></nav>
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
  type: string;
  status: number;
  title: string;
  description: string;
  rules: { id: string; url: string }[];
}

export function errorCodeDocument(publicUrl: string, code: ErrorCode): ErrorCodeDocument {
  const entry: ErrorCodeEntry = errorCodes[code];
  return {
    code,
    type: `${publicUrl}/errors/${code}`,
    status: entry.status,
    title: entry.title,
    description: entry.description,
    rules: (entry.rules ?? []).map((id) => ({ id, url: `${publicUrl}${ruleAnchor(id)}` })),
  };
}

export const allErrorCodes = () => (Object.keys(errorCodes) as ErrorCode[]).sort();

const rulesLine = (doc: ErrorCodeDocument) =>
  doc.rules.length === 0 ? '' : doc.rules.map((r) => `<a href="${ruleAnchor(r.id)}">${r.id}</a>`).join(', ');

export function errorCodePage(doc: ErrorCodeDocument): string {
  return page(
    doc.code,
    `<h1><code>${doc.code}</code></h1>
<p><strong>${escape(doc.title)}</strong>, answered with HTTP status ${doc.status} as RFC 9457 problem+json.</p>
<p>${escape(doc.description)}</p>
${doc.rules.length ? `<p>The rule${doc.rules.length > 1 ? 's' : ''} it enforces: ${rulesLine(doc)}.</p>` : ''}
<p>A problem carries this code in <code>code</code>, this page's address in <code>type</code>, and, when a business rule refused,
its id in <code>rule</code>. <a href="/errors">Every error code</a>.</p>`,
  );
}

export function errorListPage(docs: ErrorCodeDocument[]): string {
  const rows = docs
    .map(
      (d) =>
        `<tr><td><a href="/errors/${d.code}"><code>${d.code}</code></a></td><td>${d.status}</td><td>${escape(d.title)}</td><td>${rulesLine(d)}</td></tr>`,
    )
    .join('\n');
  return page(
    'Error codes',
    `<h1>Error codes</h1>
<p>Every refusal of Trellis is RFC 9457 problem+json with a stable <code>code</code>; its <code>type</code> is the code's page here.
A refusal by a business rule names the rule, explained on <a href="/rules">the rules page</a>.</p>
<table><thead><tr><th>Code</th><th>Status</th><th>Title</th><th>Rules</th></tr></thead><tbody>
${rows}
</tbody></table>`,
  );
}
