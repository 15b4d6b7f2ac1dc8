import {
  Button,
  Checkbox,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  PROGRAMS,
  useEnroll,
  useProfile,
  useSaveProfile,
  useStartPartnerIdLink,
  useVerifyPartnerId,
  type Profile,
  type ProfilePatch,
  type Program,
} from '../../api/enrollments';
import { useProgramInfo, type ProgramInfo } from '../../api/program';
import { useMe } from '../../api/session';
import { Form, Page } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { Contact } from '../../components/Email';
import { FieldAlert } from '../../components/FieldAlert';

const useStyles = makeStyles({
  steps: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    margin: 0,
    paddingInlineStart: 0,
    listStyle: 'none',
  },
  current: { fontWeight: tokens.fontWeightSemibold, textDecorationLine: 'underline' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  summary: { margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL },
});

const STEPS = ['profile', 'partnerId', 'contacts', 'program'] as const;
type Step = (typeof STEPS)[number];

/** What a text field of the wizard holds, with '' for nothing yet. */
type Values = Record<string, string>;

const valuesOf = (p: Profile): Values => ({
  legalName: p.legalName ?? '',
  line1: p.address?.line1 ?? '',
  line2: p.address?.line2 ?? '',
  city: p.address?.city ?? '',
  region: p.address?.region ?? '',
  postalCode: p.address?.postalCode ?? '',
  contactName: p.primaryContact?.name ?? '',
  contactEmail: p.primaryContact?.email ?? '',
  contactPhone: p.primaryContact?.phone ?? '',
  supportEmail: p.supportContact?.email ?? '',
  supportPhone: p.supportContact?.phone ?? '',
  supportWebsite: p.supportContact?.website ?? '',
});

const orNull = (v: string) => (v.trim() ? v.trim() : null);

/** The sections a step holds, as PUT /v1/partner/profile takes them. */
function sectionsOf(step: Step, v: Values): ProfilePatch {
  if (step === 'profile') {
    return {
      legalName: v.legalName!.trim(),
      address: {
        line1: v.line1!.trim(),
        line2: orNull(v.line2!),
        city: v.city!.trim(),
        region: orNull(v.region!),
        postalCode: orNull(v.postalCode!),
      },
    };
  }
  return {
    primaryContact: { name: v.contactName!.trim(), email: v.contactEmail!.trim(), phone: v.contactPhone!.trim() },
    supportContact: { email: v.supportEmail!.trim(), phone: v.supportPhone!.trim(), website: orNull(v.supportWebsite!) },
  };
}

/**
 * The enrollment form (seeds 000–002, R-ENR-1, R-ENR-6, R-TRN-1, R-TRN-4): the company profile,
 * the partner ID proven with its mailed code, the contacts, then the program. Every step starts
 * from what the profile already holds and saves only what changed; a direct-bill partner moving
 * to indirect reseller reads the no-rollback warning and confirms it before "Enroll now".
 */
export default function EnrollPage() {
  const { t } = useTranslation('enroll');
  const profile = useProfile();
  const program = useProgramInfo();
  if (profile.isPending || program.isPending) return <Spinner label={t('loading')} />;
  if (profile.error || program.error) {
    return (
      <Page title={t('title')}>
        <ProblemBar error={profile.error ?? program.error} />
      </Page>
    );
  }
  return <Wizard profile={profile.data} info={program.data} />;
}

function Wizard({ profile, info }: { profile: Profile; info: ProgramInfo }) {
  const { t } = useTranslation('enroll');
  const styles = useStyles();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<Step>('profile');
  const [values, setValues] = useState<Values>(() => valuesOf(profile));
  const save = useSaveProfile();
  const index = STEPS.indexOf(step);
  const set = (name: string) => (_e: unknown, d: { value: string }) => setValues((v) => ({ ...v, [name]: d.value }));
  const next = () => {
    save.reset();
    setStep(STEPS[index + 1]!);
  };
  const back = () => {
    save.reset();
    setStep(STEPS[index - 1]!);
  };
  // R-ENR-6: a step whose sections are stored and did not change is not sent again; an empty one
  // is sent, so that the server names each field it lacks.
  const saveAndNext = () => {
    const patch = sectionsOf(step, values);
    const stored = sectionsOf(step, valuesOf(profile));
    const held = step === 'profile' ? profile.legalName && profile.address : profile.primaryContact && profile.supportContact;
    if (held && JSON.stringify(patch) === JSON.stringify(stored)) return next();
    save.mutate(patch, { onSuccess: next });
  };
  const field = (name: string, path: string, label: string, required = true, type: 'text' | 'email' | 'tel' | 'url' = 'text') => (
    <FieldAlert label={t(label)} required={required} error={save.error} path={path}>
      <Input type={type} value={values[name]} onChange={set(name)} />
    </FieldAlert>
  );
  const buttons = (nextButton: ReactNode) => (
    <div className={styles.buttons}>
      {index > 0 && <Button onClick={back}>{t('back')}</Button>}
      {nextButton}
      <Button appearance="subtle" onClick={() => void navigate('/')}>
        {t('cancel')}
      </Button>
    </div>
  );
  const saveButton = (
    <Button type="submit" appearance="primary" disabled={save.isPending}>
      {t('next')}
    </Button>
  );

  return (
    <Page title={t('title')} intro={t('intro')}>
      <nav aria-label={t('steps.label')}>
        <ol className={styles.steps}>
          {STEPS.map((s, i) => (
            <li key={s} aria-current={s === step ? 'step' : undefined} className={s === step ? styles.current : undefined}>
              {t('steps.item', { n: i + 1, name: t(`steps.${s}`) })}
            </li>
          ))}
        </ol>
      </nav>
      <Text as="h2" size={500} weight="semibold">
        {t('steps.heading', { n: index + 1, total: STEPS.length, name: t(`steps.${step}`) })}
      </Text>
      {step === 'profile' && (
        <Form label={t('steps.profile')} onSubmit={saveAndNext}>
          <Text>{t('profile.intro')}</Text>
          {field('legalName', '/legalName', 'profile.legalName')}
          {field('line1', '/address/line1', 'profile.line1')}
          {field('line2', '/address/line2', 'profile.line2', false)}
          {field('city', '/address/city', 'profile.city')}
          {field('region', '/address/region', 'profile.region', false)}
          {field('postalCode', '/address/postalCode', 'profile.postalCode', false)}
          <ProblemBar error={formProblem(save.error)} />
          {buttons(saveButton)}
        </Form>
      )}
      {step === 'partnerId' && <PartnerIdStep profile={profile} buttons={buttons} onNext={next} />}
      {step === 'contacts' && (
        <Form label={t('steps.contacts')} onSubmit={saveAndNext}>
          <Text>{t('contacts.intro')}</Text>
          <Text as="h3" weight="semibold">
            {t('contacts.primary')}
          </Text>
          {field('contactName', '/primaryContact/name', 'contacts.name')}
          {field('contactEmail', '/primaryContact/email', 'contacts.email', true, 'email')}
          {field('contactPhone', '/primaryContact/phone', 'contacts.phone', true, 'tel')}
          <Text as="h3" weight="semibold">
            {t('contacts.support')}
          </Text>
          {field('supportEmail', '/supportContact/email', 'contacts.supportEmail', true, 'email')}
          {field('supportPhone', '/supportContact/phone', 'contacts.supportPhone', true, 'tel')}
          {field('supportWebsite', '/supportContact/website', 'contacts.website', false, 'url')}
          <ProblemBar error={formProblem(save.error)} />
          {buttons(saveButton)}
        </Form>
      )}
      {step === 'program' && <ProgramStep info={info} profile={profile} initial={params.get('program')} buttons={buttons} />}
    </Page>
  );
}

/** R-ENR-1: the partner ID is proven by the six-digit code mailed to its account address. */
function PartnerIdStep({
  profile,
  buttons,
  onNext,
}: {
  profile: Profile;
  buttons: (next: ReactNode) => ReactNode;
  onNext: () => void;
}) {
  const { t } = useTranslation('enroll');
  const format = useFormat();
  const [changing, setChanging] = useState(!profile.partnerId);
  const [partnerId, setPartnerId] = useState('');
  const [code, setCode] = useState('');
  const start = useStartPartnerIdLink();
  const verify = useVerifyPartnerId();
  const nextButton = (
    <Button appearance="primary" disabled={!profile.partnerId} onClick={onNext}>
      {t('next')}
    </Button>
  );

  if (!changing) {
    return (
      <>
        <MessageBar intent="success">
          <MessageBarBody>{t('partnerId.proven', { partnerId: profile.partnerId })}</MessageBarBody>
        </MessageBar>
        <div>
          <Button
            onClick={() => {
              start.reset();
              verify.reset();
              setChanging(true);
            }}
          >
            {t('partnerId.change')}
          </Button>
        </div>
        {buttons(nextButton)}
      </>
    );
  }
  return (
    <>
      <Form label={t('partnerId.form')} onSubmit={() => start.mutate(partnerId.trim())}>
        <Text>{t('partnerId.intro')}</Text>
        <FieldAlert label={t('partnerId.label')} required error={start.error} path="/partnerId">
          <Input value={partnerId} onChange={(_e, d) => setPartnerId(d.value)} />
        </FieldAlert>
        <ProblemBar error={formProblem(start.error)} />
        <div>
          <Button type="submit" appearance={start.data ? 'secondary' : 'primary'} disabled={start.isPending || !partnerId.trim()}>
            {t(start.data ? 'partnerId.resend' : 'partnerId.send')}
          </Button>
        </div>
      </Form>
      {start.data && (
        <Form
          label={t('partnerId.verify')}
          onSubmit={() => verify.mutate({ id: start.data.id, code: code.trim() }, { onSuccess: () => setChanging(false) })}
        >
          <MessageBar intent="info">
            <MessageBarBody>
              {t('partnerId.sent', { to: start.data.sentTo, time: format.dateTime(start.data.expiresAt) })}
            </MessageBarBody>
          </MessageBar>
          <FieldAlert label={t('partnerId.code')} required hint={t('partnerId.codeHint')} error={verify.error} path="/code">
            <Input value={code} inputMode="numeric" autoComplete="one-time-code" onChange={(_e, d) => setCode(d.value)} />
          </FieldAlert>
          <ProblemBar error={formProblem(verify.error)} />
          <div>
            <Button type="submit" appearance="primary" disabled={verify.isPending || !code.trim()}>
              {t('partnerId.verify')}
            </Button>
          </div>
        </Form>
      )}
      {buttons(nextButton)}
    </>
  );
}

/**
 * The program, and for a direct-bill partner choosing indirect reseller the transition
 * (R-TRN-1): the warning that there is no rollback (R-TRN-4) must be confirmed first.
 */
function ProgramStep({
  info,
  profile,
  initial,
  buttons,
}: {
  info: ProgramInfo;
  profile: Profile;
  initial: string | null;
  buttons: (next: ReactNode) => ReactNode;
}) {
  const { t } = useTranslation('enroll');
  const styles = useStyles();
  const navigate = useNavigate();
  const me = useMe().data!;
  const held = new Set(info.capabilities.map((c) => c.capability));
  const open = new Set(
    info.enrollments.filter((e) => e.status === 'pending_verification' || e.status === 'pending_review').map((e) => e.program),
  );
  const choices = PROGRAMS.filter((p) => !held.has(p) && !open.has(p));
  const [program, setProgram] = useState<Program | ''>(
    choices.includes(initial as Program) ? (initial as Program) : choices.length === 1 ? choices[0]! : '',
  );
  const [acknowledged, setAcknowledged] = useState(false);
  const enroll = useEnroll();
  const directBill = info.capabilities.some((c) => c.capability === 'direct_bill' && c.status === 'active');
  const transition = program === 'indirect_reseller' && directBill;

  if (choices.length === 0) {
    return (
      <>
        <Text as="p">{t('program.none')}</Text>
        {buttons(null)}
      </>
    );
  }
  return (
    <Form
      label={t('steps.program')}
      onSubmit={() =>
        program &&
        enroll.mutate(
          { program, ...(transition ? { acknowledgeNoRollback: true } : {}) },
          { onSuccess: (e) => void navigate(`/enrollments/${e.id}`) },
        )
      }
    >
      <Field label={t('program.choose')} required>
        <RadioGroup value={program} onChange={(_e, d) => setProgram(d.value as Program)}>
          {choices.map((p) => (
            <Radio key={p} value={p} label={t(`programs.${p}`)} />
          ))}
        </RadioGroup>
      </Field>
      {program && <Text>{t(`program.about.${transition ? 'transition' : program}`)}</Text>}
      <Text as="h3" weight="semibold">
        {t('program.review')}
      </Text>
      <dl className={styles.summary}>
        <dt>{t('profile.legalName')}</dt>
        <dd>{profile.legalName ?? '—'}</dd>
        <dt>{t('program.tenant')}</dt>
        <dd>{me.tenant.name}</dd>
        <dt>{t('partnerId.label')}</dt>
        <dd>{profile.partnerId ?? '—'}</dd>
        <dt>{t('contacts.primary')}</dt>
        <dd>
          <Contact contact={profile.primaryContact} />
        </dd>
      </dl>
      {transition && (
        <MessageBar intent="warning" layout="multiline" data-testid="no-rollback-warning">
          <MessageBarBody>
            <MessageBarTitle>{t('transition.title')}</MessageBarTitle> {t('transition.detail')}{' '}
            <Link href="/rules#r-trn-4" target="_blank" rel="noreferrer">
              {t('transition.rule')}
            </Link>
          </MessageBarBody>
        </MessageBar>
      )}
      {transition && (
        <Checkbox
          checked={acknowledged}
          onChange={(_e, d) => setAcknowledged(Boolean(d.checked))}
          label={t('transition.acknowledge')}
        />
      )}
      <ProblemBar error={enroll.error} />
      {buttons(
        <Button type="submit" appearance="primary" disabled={!program || (transition && !acknowledged) || enroll.isPending}>
          {t('program.submit')}
        </Button>,
      )}
    </Form>
  );
}
