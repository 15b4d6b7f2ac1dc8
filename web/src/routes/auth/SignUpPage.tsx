import { Button, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { AppLink } from '../../components/AppLink';
import { CountrySelect } from '../../components/CountrySelect';
import { Form, Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { isLanguage } from '../../i18n';
import { FieldAlert } from '../../components/FieldAlert';

/**
 * Sign-up of a partner company or of a customer's directory. Trellis mails a confirmation
 * link; nothing exists until it is opened. From a relationship request's link, the new
 * customer accepts it in the same step (`?link=`).
 */
export default function SignUpPage() {
  const { t, i18n } = useTranslation('auth');
  const [params] = useSearchParams();
  const link = params.get('link') ?? undefined;
  const [kind, setKind] = useState<'partner' | 'customer'>(link || params.get('kind') === 'customer' ? 'customer' : 'partner');
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [adminName, setAdminName] = useState('');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');

  const signUp = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/tenants', {
          body: {
            kind,
            name,
            countryCode: country,
            language: isLanguage(i18n.language) ? i18n.language : 'en',
            admin: { name: adminName, email, password },
            ...(link ? { acceptLink: link } : {}),
          },
        }),
      ),
  });

  if (signUp.isSuccess) {
    return (
      <Page title={t('signUp.sentTitle')}>
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('signUp.sentHeading')}</MessageBarTitle>
            {t('signUp.sentDetail', { email: signUp.data.email })}
          </MessageBarBody>
        </MessageBar>
      </Page>
    );
  }

  const err = signUp.error;
  return (
    <Page title={t('signUp.title')} intro={link ? t('signUp.introLink') : t('signUp.intro')}>
      <ProblemBar error={err} />
      <Form onSubmit={() => signUp.mutate()} label={t('signUp.title')}>
        <Field label={t('signUp.kind')} required>
          <RadioGroup value={kind} onChange={(_e, d) => setKind(d.value as 'partner' | 'customer')} disabled={Boolean(link)}>
            <Radio value="partner" label={t('signUp.kindPartner')} />
            <Radio value="customer" label={t('signUp.kindCustomer')} />
          </RadioGroup>
        </Field>
        <FieldAlert label={t('signUp.company')} required error={err} path="/name">
          <Input value={name} onChange={(_e, d) => setName(d.value)} autoComplete="organization" />
        </FieldAlert>
        <FieldAlert label={t('signUp.country')} required error={err} path="/countryCode">
          <CountrySelect value={country} onChange={setCountry} placeholder={t('signUp.countryPlaceholder')} />
        </FieldAlert>
        <FieldAlert label={t('fields.name')} required error={err} path="/admin/name">
          <Input value={adminName} onChange={(_e, d) => setAdminName(d.value)} autoComplete="name" />
        </FieldAlert>
        <FieldAlert label={t('fields.email')} required hint={t('signUp.emailHint')} error={err} path="/admin/email">
          <Input type="email" value={email} onChange={(_e, d) => setEmail(d.value)} autoComplete="email" />
        </FieldAlert>
        <FieldAlert label={t('fields.password')} required hint={t('fields.passwordHint')} error={err} path="/admin/password">
          <Input type="password" value={password} onChange={(_e, d) => setPassword(d.value)} autoComplete="new-password" />
        </FieldAlert>
        <Button appearance="primary" type="submit" disabled={signUp.isPending}>
          {t('signUp.submit')}
        </Button>
      </Form>
      <p>
        <AppLink to={link ? `/sign-in?next=${encodeURIComponent(`/links/${link}`)}` : '/sign-in'}>
          {t('signUp.haveAccount')}
        </AppLink>
      </p>
    </Page>
  );
}
