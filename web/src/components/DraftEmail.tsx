import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Textarea, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  draft: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

export interface Draft {
  subject: string;
  body: string;
}

/** The address of a mail app's compose window, with the draft as the person left it. */
export function mailtoOf(to: string, draft: Draft): string {
  const query = new URLSearchParams({ subject: draft.subject, body: draft.body }).toString().replace(/\+/g, '%20');
  return `mailto:${encodeURIComponent(to)}?${query}`;
}

/**
 * The draft e-mail the seeds describe ("review the draft email message … select Done"): the
 * partner sends it from its own mail, edited or not; Trellis keeps only the link in it.
 */
export function DraftEmail({ to, draft, link, onDone }: { to: string; draft: Draft; link: string; onDone: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [subject, setSubject] = useState(draft.subject);
  const [body, setBody] = useState(draft.body);
  const [copied, setCopied] = useState<'mail' | 'link' | null>(null);
  const copy = async (what: 'mail' | 'link') => {
    await navigator.clipboard.writeText(what === 'link' ? link : `${subject}\n\n${body}`);
    setCopied(what);
  };
  return (
    <section className={styles.draft} aria-label={t('draft.title')} data-testid="draft-email">
      <Field label={t('draft.to')}>
        <Input value={to} readOnly />
      </Field>
      <Field label={t('draft.subject')}>
        <Input value={subject} onChange={(_e, d) => setSubject(d.value)} />
      </Field>
      <Field label={t('draft.body')} hint={t('draft.bodyHint')}>
        <Textarea value={body} onChange={(_e, d) => setBody(d.value)} rows={12} resize="vertical" />
      </Field>
      <Field label={t('draft.link')}>
        <Input value={link} readOnly data-testid="draft-link" />
      </Field>
      {copied && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t(copied === 'link' ? 'draft.linkCopied' : 'draft.copied')}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button as="a" href={mailtoOf(to, { subject, body })}>
          {t('draft.open')}
        </Button>
        <Button onClick={() => void copy('mail')}>{t('draft.copy')}</Button>
        <Button onClick={() => void copy('link')}>{t('draft.copyLink')}</Button>
        <Button appearance="primary" onClick={onDone}>
          {t('draft.done')}
        </Button>
      </div>
    </section>
  );
}
