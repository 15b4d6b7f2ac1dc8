import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCreateCustomer } from '../../api/customers';
import { useIndirectResellers } from '../../api/partnerships';
import { useProgramInfo } from '../../api/program';
import { AppLink } from '../../components/AppLink';
import { CountrySelect } from '../../components/CountrySelect';
import { Form, Page } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { LANGUAGES, isLanguage } from '../../i18n';
import { FieldAlert } from '../../components/FieldAlert';

/**
 * A new customer tenant: a direct-bill partner's own (R-CUS-1), or a provider's for one of its
 * ready resellers (R-CUS-3), who then finds it on its Customers page. The customer's first
 * global admin gets a temporary password, shown here once.
 */
export default function NewCustomerPage() {
  const { t, i18n } = useTranslation('customers');
  const [params] = useSearchParams();
  const program = useProgramInfo();
  const provider = program.data?.capabilities.some((c) => c.capability === 'indirect_provider' && c.status === 'active') ?? false;
  const resellers = useIndirectResellers('active');
  const ready = resellers.items.filter((r) => r.readiness.ready);
  const [resellerId, setResellerId] = useState(params.get('resellerId') ?? '');
  const [company, setCompany] = useState('');
  const [domain, setDomain] = useState('');
  const [country, setCountry] = useState('');
  const [line1, setLine1] = useState('');
  const [city, setCity] = useState('');
  const [postalCode, setPostalCode] = useState('');
  const [adminName, setAdminName] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [language, setLanguage] = useState(isLanguage(i18n.language) ? i18n.language : 'en');
  const [internalUse, setInternalUse] = useState(false);
  const create = useCreateCustomer();
  const err = create.error;

  if (create.data) {
    const { customer, admin } = create.data;
    return (
      <Page title={t('new.createdTitle', { name: customer.name })}>
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('new.createdTitle', { name: customer.name })}</MessageBarTitle>
            {t(customer.reseller ? 'new.createdForReseller' : 'new.created', { reseller: customer.reseller?.name })}
          </MessageBarBody>
        </MessageBar>
        <Field label={t('new.adminSignIn')}>
          <Input value={admin.email} readOnly />
        </Field>
        <Field label={t('new.temporaryPassword')} hint={t('new.temporaryPasswordHint')}>
          <Input value={admin.temporaryPassword} readOnly data-testid="temporary-password" />
        </Field>
        <div>
          <Button onClick={() => void navigator.clipboard.writeText(admin.temporaryPassword)}>{t('new.copy')}</Button>{' '}
          <AppLink to={`/customers/${customer.id}`}>{t('new.open')}</AppLink>
        </div>
      </Page>
    );
  }

  return (
    <Page title={t('new.title')} intro={t(provider ? 'new.introProvider' : 'new.intro')}>
      <Form
        label={t('new.title')}
        onSubmit={() =>
          create.mutate({
            companyName: company.trim(),
            primaryDomain: domain.trim(),
            countryCode: country,
            address: { line1: line1.trim(), line2: null, city: city.trim(), region: null, postalCode: postalCode.trim() || null },
            admin: { name: adminName.trim(), email: adminEmail.trim(), language },
            ...(provider && resellerId ? { resellerId } : {}),
            ...(internalUse ? { internalUse } : {}),
          })
        }
      >
        {provider && (
          <FieldAlert label={t('new.reseller')} required hint={t('new.resellerHint')} error={err} path="/resellerId">
            <Select value={resellerId} onChange={(_e, d) => setResellerId(d.value)}>
              <option value="" disabled>
                {t('new.resellerPlaceholder')}
              </option>
              {ready.map((r) => (
                <option key={r.reseller.id} value={r.reseller.id}>
                  {r.reseller.name}
                </option>
              ))}
            </Select>
          </FieldAlert>
        )}
        <FieldAlert label={t('new.company')} required error={err} path="/companyName">
          <Input value={company} onChange={(_e, d) => setCompany(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('new.domain')} required hint={t('new.domainHint')} error={err} path="/primaryDomain">
          <Input value={domain} onChange={(_e, d) => setDomain(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('new.country')} required error={err} path="/countryCode">
          <CountrySelect value={country} onChange={setCountry} placeholder={t('new.countryPlaceholder')} />
        </FieldAlert>
        <FieldAlert label={t('new.line1')} error={err} path="/address/line1">
          <Input value={line1} onChange={(_e, d) => setLine1(d.value)} autoComplete="address-line1" />
        </FieldAlert>
        <FieldAlert label={t('new.city')} error={err} path="/address/city">
          <Input value={city} onChange={(_e, d) => setCity(d.value)} autoComplete="address-level2" />
        </FieldAlert>
        <FieldAlert label={t('new.postalCode')} error={err} path="/address/postalCode">
          <Input value={postalCode} onChange={(_e, d) => setPostalCode(d.value)} autoComplete="postal-code" />
        </FieldAlert>
        <FieldAlert label={t('new.adminName')} required error={err} path="/admin/name">
          <Input value={adminName} onChange={(_e, d) => setAdminName(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('new.adminEmail')} required error={err} path="/admin/email">
          <Input type="email" value={adminEmail} onChange={(_e, d) => setAdminEmail(d.value)} />
        </FieldAlert>
        <Field label={t('new.language')}>
          <Select value={language} onChange={(_e, d) => setLanguage(d.value as typeof language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {new Intl.DisplayNames([i18n.language], { type: 'language' }).of(l)}
              </option>
            ))}
          </Select>
        </Field>
        {!provider && (
          <Checkbox checked={internalUse} onChange={(_e, d) => setInternalUse(Boolean(d.checked))} label={t('new.internalUse')} />
        )}
        <ProblemBar error={formProblem(err)} />
        <div>
          <Button type="submit" appearance="primary" disabled={create.isPending}>
            {t('new.create')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
