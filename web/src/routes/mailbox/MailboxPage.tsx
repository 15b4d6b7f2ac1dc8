import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  Input,
  Link,
  makeStyles,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ok } from '../../api/client';
import { keys } from '../../api/keys';
import { Page } from '../../components/Page';
import { ProblemBar } from '../../components/ProblemBar';
import { useFormat } from '../../i18n/format';

const useStyles = makeStyles({
  text: { whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyBase, margin: 0, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3 },
});

const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/g;

/** A mail's text with its links clickable: links to this console open in the console. */
function MailText({ text }: { text: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const parts = text.split(URL_IN_TEXT);
  return (
    <pre className={styles.text}>
      {parts.map((part, i) => {
        if (i % 2 === 0) return <Fragment key={i}>{part}</Fragment>;
        const url = new URL(part);
        const here = url.origin === location.origin;
        return (
          <Link
            key={i}
            href={part}
            onClick={(e) => {
              if (!here) return;
              e.preventDefault();
              void navigate(`${url.pathname}${url.search}`);
            }}
          >
            {part}
          </Link>
        );
      })}
    </pre>
  );
}

/** Demo mode: what Trellis mailed, newest first, so a newcomer can follow every link. */
export default function MailboxPage() {
  const { t } = useTranslation('mailbox');
  const styles = useStyles();
  const format = useFormat();
  const [to, setTo] = useState('');
  const mail = useInfiniteQuery({
    queryKey: keys.mailbox(to),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/v1/dev/mailbox', {
          params: { query: { limit: 25, ...(to ? { to } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: 5_000,
  });
  const items = mail.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title={t('title')} intro={t('intro')}>
      <Field label={t('filter')}>
        <Input type="search" value={to} onChange={(_e, d) => setTo(d.value)} placeholder="admin@northwind.example" />
      </Field>
      <ProblemBar error={mail.error} />
      {mail.isPending && <Spinner label={t('loading')} />}
      {!mail.isPending && items.length === 0 && <Text>{t('empty')}</Text>}
      <Accordion collapsible multiple>
        {items.map((m) => (
          <AccordionItem key={m.id} value={m.id}>
            <AccordionHeader>
              <span>
                <Text weight="semibold">{m.subject}</Text>{' '}
                <Text className={styles.meta}>
                  {t('to', { to: m.toName ? `${m.toName} <${m.to}>` : m.to })} · {format.dateTime(m.createdAt)}
                </Text>{' '}
                <Badge appearance="outline">{m.language}</Badge>
              </span>
            </AccordionHeader>
            <AccordionPanel>
              <MailText text={m.text} />
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
      {mail.hasNextPage && (
        <Button onClick={() => void mail.fetchNextPage()} disabled={mail.isFetchingNextPage}>
          {t('more')}
        </Button>
      )}
    </Page>
  );
}
