import { Spinner } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCustomer } from '../../api/customers';
import { AppLink } from '../../components/AppLink';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { CustomerSummary } from './CustomerSummary';

/** One customer's record, at its own address (`/customers/{id}` reloads to it). */
export default function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const customer = useCustomer(id);
  if (customer.isPending) return <Spinner label={t('loading')} />;
  if (customer.error) return <ProblemBar error={customer.error} />;
  return (
    <Page title={customer.data.name} actions={<AppLink to="/customers">{t('detail.back')}</AppLink>}>
      <CustomerSummary id={id} />
    </Page>
  );
}
