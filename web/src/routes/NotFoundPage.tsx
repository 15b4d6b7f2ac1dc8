import { Body1, Title2 } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../components/AppLink';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section>
      <Title2 as="h1">{t('notFound.title')}</Title2>
      <Body1 as="p">{t('notFound.detail')}</Body1>
      <AppLink to="/">{t('notFound.home')}</AppLink>
    </section>
  );
}
