import { Field, type FieldProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { fieldError } from './ProblemBar';

/**
 * A form field that shows the server's refusal of it beneath, as Fluent's validation message, in
 * the user's language: the words for the field's JSON Schema keyword (required, maxLength…), or
 * for `invalid`, or, when a rule refused this one field, what the rule asks. `path` is the
 * field's JSON pointer in the request (`/admin/email`); `error` the call's error, if any.
 */
export function FieldAlert({
  error,
  path,
  children,
  ...field
}: Omit<FieldProps, 'validationMessage'> & { error: unknown; path: string }) {
  // The refusals' words (errors.json) load with the first form that may need them.
  useTranslation(['common', 'errors']);
  const message = fieldError(error, path);
  return (
    <Field
      {...field}
      {...(message ? { validationMessage: message, validationState: 'error' as const } : {})}
      data-field-path={path}
    >
      {children}
    </Field>
  );
}
