import {
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useEndPartnership, useOperatorPartner, usePartnerAction, type OperatorPartner, type Program } from '../../api/operator';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { Form, Page } from '../../components/Page';
import { fieldError, formProblem, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { Facts } from '../../components/Facts';

const useStyles = makeStyles({
  cards: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  card: { maxWidth: '480px', flexGrow: 1 },
  links: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
});

/** One partner as the operator sees it: profile, capabilities, the offboarding flag (R-TRN-1), and support's actions. */
export default function PartnerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('operator');
  const format = useFormat();
  const styles = useStyles();
  const partner = useOperatorPartner(id);
  if (partner.isPending) return <Spinner label={t('loading')} />;
  if (partner.error) return <ProblemBar error={partner.error} />;
  const p = partner.data;
  const { profile } = p;
  return (
    <Page
      title={p.name}
      actions={
        <div className={styles.links}>
          <AppLink to={`/operator/audit?tenantId=${p.id}`}>{t('partner.audit')}</AppLink>
          <AppLink to="/operator/partners">{t('partner.back')}</AppLink>
        </div>
      }
    >
      <Facts
        label={t('partner.facts')}
        rows={[
          [t('partners.columns.country'), format.country(p.countryCode)],
          [t('partners.columns.market'), p.market ?? '—'],
          [t('partners.columns.partnerId'), p.partnerId ?? t('partner.noPartnerId')],
          [t('partner.legalName'), profile.legalName ?? '—'],
          [
            t('partner.address'),
            profile.address
              ? [
                  profile.address.line1,
                  profile.address.line2,
                  profile.address.city,
                  profile.address.region,
                  profile.address.postalCode,
                ]
                  .filter(Boolean)
                  .join(', ')
              : '—',
          ],
          [
            t('partner.primaryContact'),
            profile.primaryContact
              ? `${profile.primaryContact.name} <${profile.primaryContact.email}> ${profile.primaryContact.phone}`
              : '—',
          ],
          [
            t('partner.supportContact'),
            profile.supportContact ? `${profile.supportContact.email} ${profile.supportContact.phone}` : '—',
          ],
          [t('partners.columns.since'), format.date(p.createdAt)],
          [
            t('partner.offboarding.label'),
            p.offboardingIdentifiedAt
              ? t('partner.offboarding.since', { date: format.date(p.offboardingIdentifiedAt) })
              : t('partner.offboarding.none'),
          ],
        ]}
      />
      <Capabilities partner={p} />
      <div className={styles.cards}>
        <Offboarding partner={p} />
        <EndPartnership />
      </div>
    </Page>
  );
}

function Capabilities({ partner: p }: { partner: OperatorPartner }) {
  const { t } = useTranslation('operator');
  const format = useFormat();
  const me = useMe().data;
  const action = usePartnerAction(p.id);
  const admin = can(me, 'operator.admin');
  const [removing, setRemoving] = useState<Program | null>(null);
  return (
    <section aria-labelledby="capabilities">
      <Title3 as="h2" id="capabilities">
        {t('partner.capabilities')}
      </Title3>
      <ProblemBar error={action.variables?.kind === 'removeCapability' ? action.error : null} />
      {p.capabilities.length === 0 ? (
        <p>{t('partners.noCapability')}</p>
      ) : (
        <Table aria-labelledby="capabilities" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('partner.capability')}</TableHeaderCell>
              <TableHeaderCell>{t('reviews.columns.status')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.activated')}</TableHeaderCell>
              {admin && <TableHeaderCell>{t('partner.actions')}</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {p.capabilities.map((c) => (
              <TableRow key={c.capability}>
                <TableCell>{t(`programs.${c.capability}`)}</TableCell>
                <TableCell>{t(`capabilityStatus.${c.status}`)}</TableCell>
                <TableCell>{format.date(c.activatedAt)}</TableCell>
                {admin && (
                  <TableCell>
                    <Button
                      size="small"
                      disabled={action.isPending}
                      aria-label={t('partner.remove', { capability: t(`programs.${c.capability}`) })}
                      onClick={() => setRemoving(c.capability)}
                    >
                      {t('partner.removeShort')}
                    </Button>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {removing && (
        <Dialog open onOpenChange={(_e, d) => !d.open && setRemoving(null)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t('partner.remove', { capability: t(`programs.${removing}`) })}</DialogTitle>
              <DialogContent>{t('partner.removeDetail', { name: p.name })}</DialogContent>
              <DialogActions>
                <Button
                  appearance="primary"
                  disabled={action.isPending}
                  onClick={() =>
                    action.mutate({ kind: 'removeCapability', capability: removing }, { onSettled: () => setRemoving(null) })
                  }
                >
                  {t('partner.removeShort')}
                </Button>
                <Button onClick={() => setRemoving(null)}>{t('partner.cancel')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}

/** R-TRN-1: a direct-bill partner identified for the move to indirect reseller. */
function Offboarding({ partner: p }: { partner: OperatorPartner }) {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const me = useMe().data;
  const action = usePartnerAction(p.id);
  if (!can(me, 'operator.review')) return null;
  const directBill = p.capabilities.some((c) => c.capability === 'direct_bill' && c.status === 'active');
  return (
    <Card className={styles.card}>
      <Title3 as="h2">{t('partner.offboarding.title')}</Title3>
      <p>{t('partner.offboarding.detail')}</p>
      <ProblemBar error={action.variables?.kind === 'offboarding' ? action.error : null} />
      {p.offboardingIdentifiedAt ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('partner.offboarding.done')}</MessageBarBody>
        </MessageBar>
      ) : (
        <div>
          <Button disabled={action.isPending || !directBill} onClick={() => action.mutate({ kind: 'offboarding' })}>
            {t('partner.offboarding.submit')}
          </Button>
          {!directBill && <p>{t('partner.offboarding.notDirectBill')}</p>}
        </div>
      )}
    </Card>
  );
}

/** R-PRT-6: support ends a partnership when a support request asks for it (by the partnership's ID it names). */
function EndPartnership() {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const format = useFormat();
  const me = useMe().data;
  const end = useEndPartnership();
  const [id, setId] = useState('');
  const [supportRequest, setSupportRequest] = useState('');
  if (!can(me, 'operator.support')) return null;
  return (
    <Card className={styles.card}>
      <Title3 as="h2">{t('partner.ending.title')}</Title3>
      <p>{t('partner.ending.detail')}</p>
      <ProblemBar error={formProblem(end.error)} />
      {end.data && (
        <MessageBar intent="success">
          <MessageBarBody>{t('partner.ending.done', { date: format.dateTime(end.data.endedAt) })}</MessageBarBody>
        </MessageBar>
      )}
      <Form
        label={t('partner.ending.title')}
        onSubmit={() => end.mutate({ id: id.trim(), supportRequest: supportRequest.trim() })}
      >
        <Field label={t('partner.ending.id')} required validationMessage={fieldError(end.error, '/id')}>
          <Input value={id} onChange={(_e, d) => setId(d.value)} />
        </Field>
        <Field label={t('partner.ending.supportRequest')} required validationMessage={fieldError(end.error, '/supportRequest')}>
          <Input value={supportRequest} onChange={(_e, d) => setSupportRequest(d.value)} maxLength={200} />
        </Field>
        <Button type="submit" disabled={end.isPending || !id.trim() || !supportRequest.trim()}>
          {t('partner.ending.submit')}
        </Button>
      </Form>
    </Card>
  );
}
