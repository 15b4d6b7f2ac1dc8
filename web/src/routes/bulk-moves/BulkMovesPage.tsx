import {
  Badge,
  Button,
  Checkbox,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useBulkMoves, useStartBulkMove, type BulkMove } from '../../api/bulkMoves';
import { useCustomers } from '../../api/customers';
import { useIndirectProviders } from '../../api/partnerships';
import { AppLink } from '../../components/AppLink';
import { ListTable, type Column } from '../../components/ListTable';
import { MoreButton } from '../../components/MoreButton';
import { Form, Page } from '../../components/Page';
import { fieldError, ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';
import { MoveProgress, statusColor } from './MoveProgress';
import { FieldAlert } from '../../components/FieldAlert';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  scroll: { overflowX: 'auto', maxHeight: '360px', overflowY: 'auto' },
  table: { minWidth: '480px' },
});

/**
 * Moving direct-bill customers to a provider (seed 001, R-TRN-9): the moves started, each with
 * its progress, and a new one from customers chosen in a list or from a CSV file (the customers
 * export works as is). Each customer gets a joint request and stays on direct bill until it accepts.
 */
export default function BulkMovesPage() {
  const { t } = useTranslation('bulkMoves');
  const format = useFormat();
  const moves = useBulkMoves();
  const columns: Column<BulkMove>[] = [
    {
      key: 'provider',
      header: t('columns.provider'),
      cell: (m) => <AppLink to={`/bulk-moves/${m.id}`}>{m.providerName}</AppLink>,
    },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (m) => <Badge color={statusColor[m.status]}>{t(`status.${m.status}`)}</Badge>,
    },
    { key: 'progress', header: t('columns.progress'), cell: (m) => <MoveProgress move={m} compact /> },
    { key: 'created', header: t('columns.created'), cell: (m) => format.dateTime(m.createdAt) },
  ];
  return (
    <Page title={t('title')} intro={t('intro')}>
      <NewMove />
      <Text as="h2" size={500} weight="semibold">
        {t('list.title')}
      </Text>
      <ListTable
        label={t('list.title')}
        list={moves}
        columns={columns}
        rowKey={(m) => m.id}
        empty={t('list.empty')}
        loading={t('loading')}
      />
    </Page>
  );
}

function NewMove() {
  const { t } = useTranslation('bulkMoves');
  const styles = useStyles();
  const navigate = useNavigate();
  const providers = useIndirectProviders('active');
  const customers = useCustomers({ acquired: 'direct' });
  const start = useStartBulkMove();
  const [providerId, setProviderId] = useState('');
  const [source, setSource] = useState<'list' | 'csv'>('list');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [file, setFile] = useState<File | null>(null);
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allChosen = customers.items.length > 0 && customers.items.every((c) => chosen.has(c.id));
  const ready = providerId && (source === 'list' ? chosen.size > 0 : file);

  const submit = async () => {
    if (!ready) return;
    const input = source === 'csv' ? { providerId, csv: await file!.text() } : { providerId, customerIds: [...chosen] };
    start.mutate(input, { onSuccess: (move) => void navigate(`/bulk-moves/${move.id}`) });
  };

  return (
    <section className={styles.section} aria-labelledby="new-move-title">
      <Text as="h2" id="new-move-title" size={500} weight="semibold">
        {t('new.title')}
      </Text>
      <Form label={t('new.title')} onSubmit={() => void submit()}>
        <FieldAlert label={t('new.provider')} required hint={t('new.providerHint')} error={start.error} path="/providerId">
          <Select value={providerId} onChange={(_e, d) => setProviderId(d.value)}>
            <option value="" disabled>
              {t('new.chooseProvider')}
            </option>
            {providers.items.map((p) => (
              <option key={p.provider.id} value={p.provider.id}>
                {p.provider.name}
              </option>
            ))}
          </Select>
        </FieldAlert>
        <Field label={t('new.source')}>
          <RadioGroup value={source} onChange={(_e, d) => setSource(d.value as 'list' | 'csv')}>
            <Radio value="list" label={t('new.fromList')} />
            <Radio value="csv" label={t('new.fromCsv')} />
          </RadioGroup>
        </Field>
        {source === 'csv' ? (
          <Field label={t('new.file')} required hint={t('new.fileHint')}>
            {(fieldProps) => (
              <input
                {...fieldProps}
                type="file"
                accept=".csv,text/csv"
                onChange={(e) => {
                  start.reset();
                  setFile(e.target.files?.[0] ?? null);
                }}
              />
            )}
          </Field>
        ) : customers.isPending && !customers.error ? (
          <Spinner label={t('loading')} />
        ) : customers.error ? (
          <ProblemBar error={customers.error} />
        ) : customers.items.length === 0 ? (
          <Text>{t('new.noCustomers')}</Text>
        ) : (
          <div className={styles.scroll}>
            <Table aria-label={t('new.customers')} className={styles.table} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>
                    <Checkbox
                      aria-label={t('new.all')}
                      checked={allChosen ? true : chosen.size > 0 ? 'mixed' : false}
                      onChange={(_e, d) => setChosen(d.checked ? new Set(customers.items.map((c) => c.id)) : new Set())}
                    />
                  </TableHeaderCell>
                  <TableHeaderCell>{t('columns.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('columns.domain')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {customers.items.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>
                      <Checkbox
                        aria-label={t('new.choose', { name: c.name })}
                        checked={chosen.has(c.id)}
                        onChange={(_e, d) => toggle(c.id, Boolean(d.checked))}
                      />
                    </TableCell>
                    <TableCell>
                      {c.name} {c.storeChannel && <Badge appearance="outline">{t('storeChannel')}</Badge>}
                    </TableCell>
                    <TableCell>{c.primaryDomain}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <MoreButton list={customers} />
          </div>
        )}
        {source === 'list' && chosen.size > 0 && <Text>{t('new.chosen', { n: chosen.size })}</Text>}
        {/* A CSV refusal names its lines in the detail: the bar shows it whole. */}
        <ProblemBar error={fieldError(start.error, '/providerId') ? null : start.error} />
        <div>
          <Button type="submit" appearance="primary" disabled={!ready || start.isPending}>
            {t('new.start')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
