import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuditEvents, type AuditEvent } from '../../api/operator';
import { can, useMe } from '../../api/session';
import { AppLink } from '../../components/AppLink';
import { ListTable, type Column } from '../../components/ListTable';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  change: { maxWidth: '480px', maxHeight: '240px', overflow: 'auto', margin: 0, fontSize: tokens.fontSizeBase200 },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const filterNames = ['type', 'subjectId', 'tenantId'] as const;

/** Where the console shows the subject of an event, when it has a page for it. */
function subjectPage(e: AuditEvent): string | null {
  if (e.subject.type === 'enrollment') return `/operator/enrollments/${e.subject.id}`;
  if (e.subject.type === 'partner_profile') return `/operator/partners/${e.subject.id}`;
  return null;
}

/**
 * Every change, newest first: by event type, subject and (operator staff) tenant. Each row
 * holds what changed, before and after, and who did it under which admin grant.
 */
export default function AuditPage() {
  const { t } = useTranslation('operator');
  const styles = useStyles();
  const format = useFormat();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState(() => Object.fromEntries(filterNames.map((n) => [n, params.get(n) ?? ''])));
  // The filters in the address are the ones applied; a tenant ID that is not one is left out, not refused.
  const applied = Object.fromEntries(
    filterNames.map((n) => [n, params.get(n) ?? ''] as const).filter(([n, v]) => v && (n !== 'tenantId' || UUID.test(v))),
  );
  const list = useAuditEvents(applied);
  const operatorStaff = me?.tenant.kind === 'operator' && can(me, 'operator.read');
  const shown = operatorStaff ? filterNames : filterNames.filter((n) => n !== 'tenantId');
  const apply = () => {
    const next = new URLSearchParams();
    for (const n of shown) if (draft[n]?.trim()) next.set(n, draft[n].trim());
    setParams(next, { replace: true });
  };

  const columns: Column<AuditEvent>[] = [
    { key: 'when', header: t('audit.columns.when'), cell: (e) => format.dateTime(e.createdAt) },
    { key: 'type', header: t('audit.columns.type'), cell: (e) => <span className={styles.code}>{e.type}</span> },
    {
      key: 'subject',
      header: t('audit.columns.subject'),
      cell: (e) => {
        const to = subjectPage(e);
        const text = `${e.subject.type} ${e.subject.id}`;
        return <span className={styles.code}>{to ? <AppLink to={to}>{text}</AppLink> : text}</span>;
      },
    },
    {
      key: 'actor',
      header: t('audit.columns.actor'),
      cell: (e) => (
        <span className={styles.code}>
          {t(`audit.actor.${e.actor.kind}`, { defaultValue: e.actor.kind })} {e.actor.userId ?? e.actor.apiTokenId ?? ''}
          {e.grantId && ` (${t('audit.underGrant', { id: e.grantId })})`}
        </span>
      ),
    },
    ...(operatorStaff
      ? [
          {
            key: 'tenant',
            header: t('audit.columns.tenant'),
            cell: (e: AuditEvent) => <span className={styles.code}>{e.tenantId ?? '—'}</span>,
          },
        ]
      : []),
    {
      key: 'change',
      header: t('audit.columns.change'),
      cell: (e) => (
        <details>
          <summary>{t('audit.showChange')}</summary>
          {/* Focusable: a long change scrolls, and a keyboard must reach all of it. */}
          <pre className={styles.change} tabIndex={0} aria-label={t('audit.showChange')}>
            {JSON.stringify({ before: e.before, after: e.after }, null, 2)}
          </pre>
        </details>
      ),
    },
  ];

  return (
    <Page title={t('audit.title')} intro={t('audit.intro')}>
      <form
        className={styles.filters}
        role="search"
        aria-label={t('audit.filters.label')}
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        {shown.map((n) => (
          <Field key={n} label={t(`audit.filters.${n}`)} hint={t(`audit.filters.${n}Hint`)}>
            <Input value={draft[n] ?? ''} onChange={(_e, d) => setDraft({ ...draft, [n]: d.value })} maxLength={100} />
          </Field>
        ))}
        <Button type="submit" appearance="primary">
          {t('audit.filters.apply')}
        </Button>
        {params.size > 0 && (
          <Button
            onClick={() => {
              setDraft({});
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('audit.filters.clear')}
          </Button>
        )}
      </form>
      <ListTable
        label={t('audit.title')}
        list={list}
        columns={columns}
        rowKey={(e) => e.id}
        empty={t('audit.empty')}
        loading={t('loading')}
      />
    </Page>
  );
}
