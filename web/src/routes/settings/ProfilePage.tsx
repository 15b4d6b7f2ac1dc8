import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/session';
import { useProfile, useSaveProfile, useTenant, useUpdateSelf, type Profile, type ProfilePatch } from '../../api/settings';
import { Form } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { LANGUAGES } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { SettingsPage } from './SettingsNav';
import { FieldAlert } from '../../components/FieldAlert';

const useStyles = makeStyles({
  columns: { display: 'grid', gap: tokens.spacingHorizontalXXL, gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))' },
  fieldset: { border: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS },
  legend: { fontWeight: tokens.fontWeightSemibold, paddingBlockEnd: tokens.spacingVerticalS },
});

/** One's own name and language, and the organization's profile: a partner's legal profile, or the tenant as Trellis knows it. */
export default function ProfilePage() {
  const { t } = useTranslation('settings');
  const me = useMe().data!;
  const styles = useStyles();
  const partner = me.tenant.kind === 'partner' && can(me, 'program.read');
  return (
    <SettingsPage title={t('profile.title')} intro={t('profile.intro')}>
      <div className={styles.columns}>
        <Yourself />
        {partner ? <PartnerProfile editable={can(me, 'program.enroll')} /> : <Organization />}
      </div>
    </SettingsPage>
  );
}

function Yourself() {
  const { t } = useTranslation('settings');
  const me = useMe().data!;
  const [name, setName] = useState(me.user.name);
  const [language, setLanguage] = useState(me.user.language);
  const save = useUpdateSelf();
  return (
    <section aria-labelledby="yourself-title">
      <Text as="h2" id="yourself-title" size={500} weight="semibold">
        {t('profile.yourself')}
      </Text>
      <Form
        onSubmit={() => save.mutate({ name, language: language as (typeof LANGUAGES)[number] })}
        label={t('profile.yourself')}
      >
        <ProblemBar error={formProblem(save.error)} />
        {save.isSuccess && <Saved />}
        <Field label={t('profile.email')}>
          <Input value={me.user.email} readOnly />
        </Field>
        <FieldAlert label={t('profile.name')} required error={save.error} path="/name">
          <Input value={name} onChange={(_e, d) => setName(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('profile.language')} hint={t('profile.languageHint')} error={save.error} path="/language">
          <Select value={language} onChange={(_e, d) => setLanguage(d.value)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`profile.languages.${l}`)}
              </option>
            ))}
          </Select>
        </FieldAlert>
        <Button type="submit" appearance="primary" disabled={save.isPending || !name.trim()}>
          {t('profile.saveYourself')}
        </Button>
      </Form>
    </section>
  );
}

function Saved() {
  const { t } = useTranslation('settings');
  return (
    <MessageBar intent="success">
      <MessageBarBody>{t('profile.saved')}</MessageBarBody>
    </MessageBar>
  );
}

function Organization() {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const tenant = useTenant();
  if (tenant.isPending) return <Spinner label={t('loading')} />;
  if (tenant.error) return <ProblemBar error={tenant.error} />;
  const o = tenant.data;
  return (
    <section aria-labelledby="organization-title">
      <Text as="h2" id="organization-title" size={500} weight="semibold">
        {t('profile.organization')}
      </Text>
      <Text as="p" block>
        {o.name}
        <br />
        {format.country(o.countryCode)} · {t('profile.market', { market: o.market })}
        <br />
        {t('profile.since', { date: format.date(o.createdAt) })}
      </Text>
      <Text as="p" block>
        {t('profile.organizationHint')}
      </Text>
    </section>
  );
}

function PartnerProfile({ editable }: { editable: boolean }) {
  const { t } = useTranslation('settings');
  const profile = useProfile();
  if (profile.isPending) return <Spinner label={t('loading')} />;
  if (profile.error) return <ProblemBar error={profile.error} />;
  return <ProfileForm profile={profile.data} editable={editable} />;
}

const text = (v: string | null | undefined) => v ?? '';

function ProfileForm({ profile, editable }: { profile: Profile; editable: boolean }) {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  const save = useSaveProfile();
  const [v, setV] = useState({
    legalName: text(profile.legalName),
    line1: text(profile.address?.line1),
    line2: text(profile.address?.line2),
    city: text(profile.address?.city),
    region: text(profile.address?.region),
    postalCode: text(profile.address?.postalCode),
    contactName: text(profile.primaryContact?.name),
    contactEmail: text(profile.primaryContact?.email),
    contactPhone: text(profile.primaryContact?.phone),
    supportEmail: text(profile.supportContact?.email),
    supportPhone: text(profile.supportContact?.phone),
    website: text(profile.supportContact?.website),
  });
  type Key = keyof typeof v;
  const field = (key: Key, label: string, path: string, required = false) => (
    <FieldAlert label={t(`profile.fields.${label}`)} required={required && editable} error={save.error} path={path}>
      <Input value={v[key]} readOnly={!editable} onChange={(_e, d) => setV({ ...v, [key]: d.value })} />
    </FieldAlert>
  );
  const submit = () => {
    // A section is sent whole once any of its fields is filled: the API replaces sections, and names what is missing.
    const any = (...keys: Key[]) => keys.some((k) => v[k].trim() !== '');
    const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
    const body: ProfilePatch = {};
    if (v.legalName.trim()) body.legalName = v.legalName.trim();
    if (any('line1', 'line2', 'city', 'region', 'postalCode')) {
      body.address = {
        line1: v.line1.trim(),
        city: v.city.trim(),
        line2: orNull(v.line2),
        region: orNull(v.region),
        postalCode: orNull(v.postalCode),
      };
    }
    if (any('contactName', 'contactEmail', 'contactPhone')) {
      body.primaryContact = { name: v.contactName.trim(), email: v.contactEmail.trim(), phone: v.contactPhone.trim() };
    }
    if (any('supportEmail', 'supportPhone', 'website')) {
      body.supportContact = { email: v.supportEmail.trim(), phone: v.supportPhone.trim(), website: orNull(v.website) };
    }
    save.mutate(body);
  };
  return (
    <section aria-labelledby="organization-title">
      <Text as="h2" id="organization-title" size={500} weight="semibold">
        {t('profile.legal')}
      </Text>
      <Text as="p" block>
        {t('programInfo.partnerId', { id: profile.partnerId ?? t('programInfo.noPartnerId') })}
      </Text>
      {!editable && <Text as="p">{t('profile.readOnly')}</Text>}
      <Form onSubmit={submit} label={t('profile.legal')}>
        <ProblemBar error={formProblem(save.error)} />
        {save.isSuccess && <Saved />}
        {field('legalName', 'legalName', '/legalName', true)}
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t('profile.address')}</legend>
          {field('line1', 'line1', '/address/line1', true)}
          {field('line2', 'line2', '/address/line2')}
          {field('city', 'city', '/address/city', true)}
          {field('region', 'region', '/address/region')}
          {field('postalCode', 'postalCode', '/address/postalCode')}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t('profile.primaryContact')}</legend>
          {field('contactName', 'contactName', '/primaryContact/name', true)}
          {field('contactEmail', 'contactEmail', '/primaryContact/email', true)}
          {field('contactPhone', 'contactPhone', '/primaryContact/phone', true)}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t('profile.supportContact')}</legend>
          {field('supportEmail', 'supportEmail', '/supportContact/email', true)}
          {field('supportPhone', 'supportPhone', '/supportContact/phone', true)}
          {field('website', 'website', '/supportContact/website')}
        </fieldset>
        {editable && (
          <Button type="submit" appearance="primary" disabled={save.isPending}>
            {t('profile.saveLegal')}
          </Button>
        )}
      </Form>
    </section>
  );
}
