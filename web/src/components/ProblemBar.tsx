import { Link, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiProblem, type FieldError } from '../api/client';
import { i18n } from '../i18n';

/**
 * A refusal as a person reads it. The API words problems in the user's language: `title` and,
 * outside English, `meaning` are in it; `detail` is then the specific English sentence, shown
 * beneath (marked as English) unless it only restates the meaning. A refusal by a rule links to it.
 */
export function ProblemBar({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const title = problem ? problem.title : t('problems.network.title');
  // The registry marks field names as `code` for the API's readers; a person reads them plain.
  const meaning = problem?.meaning?.replaceAll('`', '');
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
        {meaning && detail && detail !== problem?.meaning && (
          <Text as="p" size={200} lang="en" block>
            {detail}
          </Text>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The JSON Schema keywords the console words itself; any other field error shows the server's (English) message. */
const worded = new Set([
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

/** One field error in the console's language, from its stable code. */
export function fieldMessage(error: FieldError): string {
  const code = error.code === 'minLength' && (error.limit ?? 0) <= 1 ? 'required' : error.code;
  if (!code || !worded.has(code)) return error.message;
  return i18n.t(`problems.fields.${code}`, { count: error.limit ?? 0, limit: error.limit ?? 0 });
}

/** What a form shows beside one field: the server's refusal of that field, in the user's language. */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const found = error.field(path);
  if (!found) return undefined;
  // A rule's refusal words its field in English; when it is the only field named, the
  // problem's meaning says the same in the user's language. Not a plain invalid request's:
  // its meaning is about requests in general, the field's own message says more.
  if ((found.code ?? 'invalid') === 'invalid' && error.code !== 'invalid_request' && error.meaning && error.errors.length === 1) {
    return error.meaning;
  }
  return fieldMessage(found);
}

/** The error for a form's bar: none when the server named fields, whose messages stand beside them. */
export function formProblem(error: unknown): unknown {
  return error instanceof ApiProblem && error.errors.length > 0 ? null : error;
}
