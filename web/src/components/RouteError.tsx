import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { ApiProblem } from '../api/client';
import { ProblemBar } from './ProblemBar';

/** What a page that failed to load or render shows, instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (error instanceof ApiProblem) return <ProblemBar error={error} />;
  return (
    <MessageBar intent="error" layout="multiline" role="alert" style={{ margin: 24 }}>
      <MessageBarBody>
        <MessageBarTitle>{t('problems.page.title')}</MessageBarTitle> {t('problems.page.detail')}
      </MessageBarBody>
      <Button onClick={() => location.reload()}>{t('actions.reload')}</Button>
    </MessageBar>
  );
}
