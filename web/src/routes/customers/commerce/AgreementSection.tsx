import {
  Button,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAttestAgreement, type AgreementState } from '../../../api/commerce';
import { FieldAlert } from '../../../components/FieldAlert';
import { Form } from '../../../components/Page';
import { formProblem, ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';

const useStyles = makeStyles({
  heading: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Today as YYYY-MM-DD in the person's own calendar (a date input's value). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The customer agreement before an order (R-AGR-3): accepted by the customer's global admin in
 * Trellis, or attested by the partner. Until it is, the partner records who signed it, their
 * e-mail and the day, and the order form waits.
 */
export function AgreementSection({
  customerId,
  state,
  pending,
  error,
}: {
  customerId: string;
  state: AgreementState | undefined;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation('commerce');
  const styles = useStyles();
  const format = useFormat();
  const attest = useAttestAgreement(customerId);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [signedOn, setSignedOn] = useState(today);
  const err = attest.error;
  return (
    <section className={styles.section} aria-labelledby="agreement-title">
      <Title3 as="h2" id="agreement-title" className={styles.heading} block>
        {t('agreement.title')}
      </Title3>
      {pending ? (
        <Spinner size="tiny" label={t('loading')} />
      ) : error || !state ? (
        <ProblemBar error={error} />
      ) : state.accepted ? (
        <div>
          {state.acceptedInTrellis && <Text as="p">{t('agreement.acceptedInTrellis', { version: state.version ?? '—' })}</Text>}
          {state.attestations.map((a) => (
            <Text as="p" key={a.id}>
              {t('agreement.attested', {
                name: a.signerName,
                email: a.signerEmail,
                date: format.day(a.signedOn),
                recorded: format.date(a.attestedAt),
              })}
            </Text>
          ))}
        </div>
      ) : (
        <>
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('agreement.missingTitle')}</MessageBarTitle>
              {t('agreement.missing')}
            </MessageBarBody>
          </MessageBar>
          <Form
            label={t('agreement.formTitle')}
            onSubmit={() => attest.mutate({ signerName: name.trim(), signerEmail: email.trim(), signedOn })}
          >
            <FieldAlert label={t('agreement.signerName')} required error={err} path="/signerName">
              <Input value={name} onChange={(_e, d) => setName(d.value)} autoComplete="off" />
            </FieldAlert>
            <FieldAlert label={t('agreement.signerEmail')} required error={err} path="/signerEmail">
              <Input type="email" value={email} onChange={(_e, d) => setEmail(d.value)} autoComplete="off" />
            </FieldAlert>
            <FieldAlert label={t('agreement.signedOn')} required error={err} path="/signedOn">
              <Input type="date" value={signedOn} max={today()} onChange={(_e, d) => setSignedOn(d.value)} />
            </FieldAlert>
            <ProblemBar error={formProblem(err)} />
            <div>
              <Button type="submit" appearance="primary" disabled={attest.isPending}>
                {t('agreement.attest')}
              </Button>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}
