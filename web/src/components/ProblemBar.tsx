import { Link, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, type FieldError } from '../api/client';
import { i18n } from '../i18n';

/**
 * What a refusal means to a person, in the console's language (locales/<language>/errors.json):
 * the words for its rule when a refusal (403) names one, else those of its code; undefined for a
 * code the console does not know (a newer server), where the API's own meaning stands in.
 */
export function problemMessage(problem: ApiProblem): string | undefined {
  if (problem.status === 403 && problem.rule && i18n.exists(`errors:refusals.${problem.rule}`)) {
    return i18n.t(`errors:refusals.${problem.rule}`);
  }
  return i18n.exists(`errors:codes.${problem.code}`) ? i18n.t(`errors:codes.${problem.code}`) : undefined;
}

/**
 * A refusal as a person reads it: its title (the API words it in the user's language), what it
 * means to them and what to do (the console's own words for the code, or for the rule of a
 * refusal that names one), a link to that rule explained, and the API's specific sentence beneath,
 * marked as English, unless it says nothing more, or `specifics`: the console's own words for
 * them, from the problem's fields (amounts in the user's money format), which stand instead.
 */
export function ProblemBar({ error, specifics }: { error: unknown; specifics?: ReactNode }) {
  const { t } = useTranslation(['common', 'errors']);
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const title = problem ? problem.title : t('problems.network.title');
  // The registry marks field names as `code` for the API's readers; a person reads them plain.
  const meaning = problem ? (problemMessage(problem) ?? problem.meaning?.replaceAll('`', '')) : undefined;
  const detail = problem ? problem.detail : t('problems.network.detail');
  return (
    <MessageBar intent="error" layout="multiline" role="alert" data-problem-code={problem?.code}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle> {meaning ?? detail}
        {problem?.rule && (
          <>
            {' '}
            <Link href={`/rules#${problem.rule.toLowerCase()}`} target="_blank" rel="noreferrer">
              {t('problems.rule', { rule: problem.rule })}
            </Link>
          </>
        )}
        {specifics ? (
          <Text as="p" block data-testid="problem-specifics">
            {specifics}
          </Text>
        ) : (
          meaning &&
          detail &&
          detail !== problem?.meaning &&
          detail !== meaning && (
            <Text as="p" size={200} lang="en" block>
              {detail}
            </Text>
          )
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The JSON Schema keywords the console words itself, and `invalid` (a value the server refused for its own reasons). */
const worded = new Set([
  'invalid',
  'required',
  'minLength',
  'maxLength',
  'format',
  'pattern',
  'enum',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'type',
]);

/**
 * One field error in the console's language, from its stable code. A plain `invalid` keeps the
 * server's sentence in English, which says why; in Korean and French it reads as refused.
 */
export function fieldMessage(error: FieldError): string {
  const code = error.code === 'minLength' && (error.limit ?? 0) <= 1 ? 'required' : (error.code ?? 'invalid');
  if (!worded.has(code) || (code === 'invalid' && i18n.language === 'en')) return error.message;
  return i18n.t(`problems.fields.${code}`, { count: error.limit ?? 0, limit: error.limit ?? 0 });
}

/** What a form shows beside one field: the server's refusal of that field, in the user's language. */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const found = error.field(path);
  if (!found) return undefined;
  // A rule's refusal words its field in English; when it is the only field named, outside English
  // the console's message for the problem (errors.json, else the API's meaning) says it in the
  // user's language. Not a plain invalid request's: its message is about requests in general.
  if (
    (found.code ?? 'invalid') === 'invalid' &&
    error.code !== 'invalid_request' &&
    error.errors.length === 1 &&
    i18n.language !== 'en'
  ) {
    const meaning = problemMessage(error) ?? error.meaning;
    if (meaning) return meaning;
  }
  return fieldMessage(found);
}

/** The error for a form's bar: none when the server named fields, whose messages stand beside them. */
export function formProblem(error: unknown): unknown {
  return error instanceof ApiProblem && error.errors.length > 0 ? null : error;
}
