import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
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
import {
  useEndPartnership,
  useOperatorPartner,
  usePartnerAction,
  usePartnerPartnerships,
  type OperatorPartner,
  type OperatorPartnership,
  type Program,
} from '../../api/operator';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable, type Column } from '../../components/ListTable';
import { Form, Page } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { Facts } from '../../components/Facts';
import { Contact } from '../../components/Email';
import { FieldAlert } from '../../components/FieldAlert';

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
          [t('partner.primaryContact'), <Contact contact={profile.primaryContact} />],
          [t('partner.supportContact'), <Contact contact={profile.supportContact} />],
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
      <Partnerships partner={p} />
      <div className={styles.cards}>
        <Offboarding partner={p} />
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
        <ConfirmDialog
          title={t('partner.remove', { capability: t(`programs.${removing}`) })}
          confirmLabel={t('partner.removeShort')}
          keepLabel={t('partner.cancel')}
          pending={action.isPending}
          onConfirm={() =>
            action.mutate({ kind: 'removeCapability', capability: removing }, { onSettled: () => setRemoving(null) })
          }
          onDismiss={() => setRemoving(null)}
        >
          {t('partner.removeDetail', { name: p.name })}
        </ConfirmDialog>
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

/**
 * R-PRT-2, R-PRT-6: the partner's partnerships, as provider and as reseller, with the other side,
 * since when and how each stands; support ends one when a support request asks for it, naming
 * the request in a confirmation dialog.
 */
function Partnerships({ partner: p }: { partner: OperatorPartner }) {
  const { t } = useTranslation('operator');
  const format = useFormat();
  const me = useMe().data;
  const list = usePartnerPartnerships(p.id);
  const [ending, setEnding] = useState<OperatorPartnership | null>(null);
  const [ended, setEnded] = useState<{ name: string; endedAt: string } | null>(null);
  const support = can(me, 'operator.support');
  const columns: Column<OperatorPartnership>[] = [
    { key: 'role', header: t('partner.partnerships.columns.role'), cell: (x) => t(`partner.partnerships.role.${x.role}`) },
    {
      key: 'other',
      header: t('partner.partnerships.columns.other'),
      cell: (x) => <AppLink to={`/operator/partners/${x.counterpart.id}`}>{x.counterpart.name}</AppLink>,
    },
    { key: 'since', header: t('partner.partnerships.columns.since'), cell: (x) => format.date(x.since) },
    {
      key: 'status',
      header: t('partner.partnerships.columns.status'),
      cell: (x) =>
        x.status === 'active' ? (
          <Badge color="success">{t('partner.partnerships.status.active')}</Badge>
        ) : (
          <>
            <Badge color="subtle">{t('partner.partnerships.status.ended', { date: format.date(x.endedAt) })}</Badge>
            {x.supportRequest && ` ${t('partner.partnerships.onRequest', { supportRequest: x.supportRequest })}`}
          </>
        ),
    },
    ...(support
      ? [
          {
            key: 'actions',
            header: t('partner.actions'),
            cell: (x: OperatorPartnership) =>
              x.status === 'active' && (
                <Button size="small" onClick={() => (setEnded(null), setEnding(x))}>
                  {t('partner.partnerships.end')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <section aria-labelledby="partnerships">
      <Title3 as="h2" id="partnerships">
        {t('partner.partnerships.title')}
      </Title3>
      <p>{t(support ? 'partner.partnerships.detail' : 'partner.partnerships.detailReadOnly')}</p>
      {ended && (
        <MessageBar intent="success">
          <MessageBarBody>
            {t('partner.partnerships.done', { name: ended.name, date: format.dateTime(ended.endedAt) })}
          </MessageBarBody>
        </MessageBar>
      )}
      <ListTable
        label={t('partner.partnerships.title')}
        list={list}
        columns={columns}
        rowKey={(x) => x.partnershipId}
        empty={t('partner.partnerships.empty')}
        loading={t('loading')}
      />
      {ending && (
        <EndDialog
          partner={p}
          partnership={ending}
          onClose={() => setEnding(null)}
          onEnded={(endedAt) => setEnded({ name: ending.counterpart.name, endedAt })}
        />
      )}
    </section>
  );
}

/** R-PRT-6: ending is for good (existing subscriptions stay, new orders stop): confirmed, with its support request. */
function EndDialog({
  partner: p,
  partnership: x,
  onClose,
  onEnded,
}: {
  partner: OperatorPartner;
  partnership: OperatorPartnership;
  onClose: () => void;
  onEnded: (endedAt: string) => void;
}) {
  const { t } = useTranslation('operator');
  const end = useEndPartnership();
  const [supportRequest, setSupportRequest] = useState('');
  const [provider, reseller] = x.role === 'provider' ? [p.name, x.counterpart.name] : [x.counterpart.name, p.name];
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <Form
          label={t('partner.partnerships.dialog.title', { provider, reseller })}
          onSubmit={() =>
            end.mutate(
              { id: x.partnershipId, supportRequest: supportRequest.trim() },
              { onSuccess: (done) => (onEnded(done.endedAt), onClose()) },
            )
          }
        >
          <DialogBody>
            <DialogTitle>{t('partner.partnerships.dialog.title', { provider, reseller })}</DialogTitle>
            <DialogContent>
              <p>{t('partner.partnerships.dialog.detail', { provider, reseller })}</p>
              <ProblemBar error={formProblem(end.error)} />
              <FieldAlert
                label={t('partner.partnerships.dialog.supportRequest')}
                required
                error={end.error}
                path="/supportRequest"
              >
                <Input value={supportRequest} onChange={(_e, d) => setSupportRequest(d.value)} maxLength={200} />
              </FieldAlert>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={end.isPending || !supportRequest.trim()}>
                {t('partner.partnerships.dialog.confirm')}
              </Button>
              <Button onClick={onClose}>{t('partner.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </Form>
      </DialogSurface>
    </Dialog>
  );
}
