import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import { useChangePassword, useTotp, type TotpStart } from '../../api/settings';
import { Form } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { SettingsPage } from './SettingsNav';
import { FieldAlert } from '../../components/FieldAlert';

const useStyles = makeStyles({
  columns: { display: 'grid', gap: tokens.spacingHorizontalXXL, gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))' },
  section: { display: 'grid', gap: tokens.spacingVerticalM, alignContent: 'start' },
  secret: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  qr: { width: '200px', height: '200px', imageRendering: 'pixelated' },
});

/** Sign-in and security: one's password, and two-step verification with an authenticator app. */
export default function SecurityPage() {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  return (
    <SettingsPage title={t('security.title')} intro={t('security.intro')}>
      <div className={styles.columns}>
        <TwoStep />
        <PasswordChange />
      </div>
    </SettingsPage>
  );
}

function PasswordChange() {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [endApiTokens, setEndApiTokens] = useState(true);
  const mismatch = again.length > 0 && again !== next;
  const submit = () =>
    !mismatch &&
    change.mutate(
      { currentPassword: current, newPassword: next, endApiTokens },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setAgain('');
        },
      },
    );
  return (
    <section className={styles.section} aria-labelledby="password-title">
      <Text as="h2" id="password-title" size={500} weight="semibold">
        {t('security.password.title')}
      </Text>
      <Form onSubmit={submit} label={t('security.password.title')}>
        <ProblemBar error={formProblem(change.error)} />
        {change.isSuccess && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{t('security.password.done')}</MessageBarBody>
          </MessageBar>
        )}
        <FieldAlert label={t('security.password.current')} required error={change.error} path="/currentPassword">
          <Input type="password" autoComplete="current-password" value={current} onChange={(_e, d) => setCurrent(d.value)} />
        </FieldAlert>
        <FieldAlert
          label={t('security.password.new')}
          required
          hint={t('security.password.hint')}
          error={change.error}
          path="/newPassword"
        >
          <Input type="password" autoComplete="new-password" value={next} onChange={(_e, d) => setNext(d.value)} />
        </FieldAlert>
        <Field
          label={t('security.password.again')}
          required
          validationMessage={mismatch ? t('security.password.mismatch') : undefined}
        >
          <Input type="password" autoComplete="new-password" value={again} onChange={(_e, d) => setAgain(d.value)} />
        </Field>
        <Checkbox
          checked={endApiTokens}
          onChange={(_e, d) => setEndApiTokens(Boolean(d.checked))}
          label={t('security.password.endApiTokens')}
        />
        <div>
          <Button type="submit" appearance="primary" disabled={change.isPending || !current || !next || mismatch}>
            {t('security.password.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function TwoStep() {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  const me = useMe().data!;
  const totp = useTotp();
  const on = me.user.mfaEnabled;
  const started = totp.start.data;
  return (
    <section className={styles.section} aria-labelledby="totp-title">
      <Text as="h2" id="totp-title" size={500} weight="semibold">
        {t('security.totp.title')}{' '}
        <Badge color={on ? 'success' : 'subtle'}>{t(on ? 'security.totp.on' : 'security.totp.off')}</Badge>
      </Text>
      {me.mfaEnrollmentRequired && !on && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('security.totp.requiredTitle')}</MessageBarTitle> {t('security.totp.required')}
          </MessageBarBody>
        </MessageBar>
      )}
      {totp.activate.isSuccess && on && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t('security.totp.activated')}</MessageBarBody>
        </MessageBar>
      )}
      {on ? (
        <CodeForm
          label={t('security.totp.deactivate')}
          intro={t('security.totp.deactivateIntro')}
          mutation={totp.deactivate}
          onDone={() => totp.start.reset()}
        />
      ) : started ? (
        <Enrolment started={started} activate={totp.activate} />
      ) : (
        <>
          <Text as="p">{t('security.totp.intro')}</Text>
          <ProblemBar error={totp.start.error} />
          {totp.deactivate.isSuccess && (
            <MessageBar intent="info" role="status">
              <MessageBarBody>{t('security.totp.deactivated')}</MessageBarBody>
            </MessageBar>
          )}
          <div>
            <Button appearance="primary" disabled={totp.start.isPending} onClick={() => totp.start.mutate()}>
              {t('security.totp.start')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

type CodeMutation = ReturnType<typeof useTotp>['activate'];

/** The secret as a QR code drawn here in the browser (it never goes to a third party), and as text. */
function Enrolment({ started, activate }: { started: TotpStart; activate: CodeMutation }) {
  const { t } = useTranslation('settings');
  const styles = useStyles();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(started.otpauthUrl, { margin: 1, width: 200 }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [started.otpauthUrl]);
  return (
    <>
      <Text as="p">{t('security.totp.scan')}</Text>
      {qr && <img className={styles.qr} src={qr} alt={t('security.totp.qrAlt')} />}
      <Text as="p" block>
        {t('security.totp.manual')}{' '}
        <code className={styles.secret} data-testid="totp-secret">
          {started.secret}
        </code>
      </Text>
      <CodeForm label={t('security.totp.activate')} intro={t('security.totp.activateIntro')} mutation={activate} />
    </>
  );
}

function CodeForm({
  label,
  intro,
  mutation,
  onDone,
}: {
  label: string;
  intro: string;
  mutation: CodeMutation;
  onDone?: () => void;
}) {
  const { t } = useTranslation('settings');
  const [code, setCode] = useState('');
  return (
    <Form
      label={label}
      onSubmit={() =>
        mutation.mutate(code, {
          onSuccess: () => {
            setCode('');
            onDone?.();
          },
        })
      }
    >
      <Text as="p">{intro}</Text>
      <ProblemBar error={formProblem(mutation.error)} />
      <FieldAlert label={t('security.totp.code')} required error={mutation.error} path="/code">
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(_e, d) => setCode(d.value.replace(/\D/g, ''))}
        />
      </FieldAlert>
      <div>
        <Button type="submit" appearance="primary" disabled={mutation.isPending || code.length !== 6}>
          {label}
        </Button>
      </div>
    </Form>
  );
}
