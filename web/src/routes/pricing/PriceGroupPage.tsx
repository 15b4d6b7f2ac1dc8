import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAddMember, usePriceGroup, usePriceMembers, useRemoveMember, type Buyer, type PriceMember } from '../../api/pricing';
import { AppLink } from '../../components/AppLink';
import { Facts } from '../../components/Facts';
import { ListTable, type Column } from '../../components/ListTable';
import { Form, Page } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { BuyerPicker } from './parts';
import { usePricingAccess } from './usePricing';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** One price group: its members, and for billing admins one added (picked by name) or taken out. */
export default function PriceGroupPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('pricing');
  const styles = useStyles();
  const format = useFormat();
  const { manage } = usePricingAccess();
  const group = usePriceGroup(id);
  const members = usePriceMembers(id);
  const add = useAddMember(id);
  const remove = useRemoveMember(id);
  const [picked, setPicked] = useState<Buyer | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  // A new picker (empty) after each member added.
  const [round, setRound] = useState(0);
  if (group.isPending) return <Spinner label={t('loading')} />;
  if (group.error) return <ProblemBar error={group.error} />;
  const data = group.data;
  const columns: Column<PriceMember>[] = [
    { key: 'name', header: t('group.columns.name'), cell: (m) => m.name },
    { key: 'added', header: t('group.columns.added'), cell: (m) => format.date(m.addedAt) },
    ...(manage
      ? [
          {
            key: 'actions',
            header: t('group.columns.actions'),
            cell: (m: PriceMember) => (
              <Button
                size="small"
                aria-label={t('group.removeOf', { name: m.name })}
                disabled={remove.isPending}
                onClick={() => remove.mutate(m.id, { onSuccess: () => setDone(t('group.removed', { name: m.name })) })}
              >
                {t('group.remove')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  const submit = () => {
    setDone(null);
    if (!picked) {
      setMissing(true);
      return;
    }
    setMissing(false);
    add.mutate(picked.id, {
      onSuccess: (m) => {
        setDone(t(members.items.some((x) => x.id === m.id) ? 'group.already' : 'group.added', { name: m.name }));
        setPicked(null);
        setRound((r) => r + 1);
      },
    });
  };
  return (
    <Page
      title={data.name}
      intro={t(`group.intro.${data.audience}`)}
      actions={<AppLink to="/price-books?view=groups">{t('group.back')}</AppLink>}
    >
      <Facts
        label={data.name}
        rows={[
          [t('book.facts.audience'), t(`audience.${data.audience}`)],
          [t('book.facts.created'), format.date(data.createdAt)],
        ]}
      />
      {done && (
        <MessageBar intent="success">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <section aria-labelledby="members-title" className={styles.section}>
        <Text as="h2" id="members-title" size={500} weight="semibold">
          {t('group.membersTitle')}
        </Text>
        <ProblemBar error={remove.error} />
        <ListTable
          label={t('group.membersTitle')}
          list={members}
          columns={columns}
          rowKey={(m) => m.id}
          empty={t('group.empty')}
          loading={t('loading')}
        />
      </section>
      {manage && (
        <Form onSubmit={submit} label={t('group.add')}>
          <ProblemBar error={formProblem(add.error)} />
          <BuyerPicker
            key={round}
            audience={data.audience}
            label={t(`rule.buyer.${data.audience}`)}
            hint={t('rule.buyerHint')}
            validation={missing ? t('rule.errors.buyer') : undefined}
            path="/memberId"
            error={add.error}
            picked={picked}
            onPick={setPicked}
          />
          <div>
            <Button type="submit" appearance="primary" disabled={add.isPending}>
              {t('group.add')}
            </Button>
          </div>
        </Form>
      )}
    </Page>
  );
}
