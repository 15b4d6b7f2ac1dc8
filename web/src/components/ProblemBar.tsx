import { Link, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';

/**
 * A refusal as a person reads it: its title and detail (in the user's language where the
 * console knows the code), the rule it broke with a link to that rule explained.
 */
export function ProblemBar({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const title = problem ? t(`problems.${problem.code}.title`, { defaultValue: problem.title }) : t('problems.network.title');
  const detail = problem
    ? t(`problems.${problem.code}.detail`, { defaultValue: problem.detail ?? '' })
    : t('problems.network.detail');
  return (
    <MessageBar intent="error" layout="multiline" role="alert" data-problem-code={problem?.code}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle> {detail}
        {problem?.rule && (
          <>
            {' '}
            <Link href={`/rules#${problem.rule.toLowerCase()}`} target="_blank" rel="noreferrer">
              {t('problems.rule', { rule: problem.rule })}
            </Link>
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/** What a form shows beside one field: the server's message for that field, if any. */
export function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiProblem ? error.field(path) : undefined;
}

/** The error for a form's bar: none when the server named fields, whose messages stand beside them. */
export function formProblem(error: unknown): unknown {
  return error instanceof ApiProblem && error.errors.length > 0 ? null : error;
}
