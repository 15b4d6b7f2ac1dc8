import { Body1, makeStyles, Title2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  title: { flexGrow: 1, margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '480px' },
});

/** A page: its title (the one h1), what it is for, actions beside the title, then its content. */
export function Page({
  title,
  intro,
  actions,
  children,
}: {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <section className={styles.page} aria-labelledby="page-title">
      <div className={styles.head}>
        <Title2 as="h1" id="page-title" className={styles.title}>
          {title}
        </Title2>
        {actions}
      </div>
      {intro && <Body1 as="p">{intro}</Body1>}
      {children}
    </section>
  );
}

/** A form laid out as one column of fields; submitting runs `onSubmit` without reloading the page. */
export function Form({ onSubmit, children, label }: { onSubmit: () => void; children: ReactNode; label?: string }) {
  const styles = useStyles();
  return (
    <form
      className={styles.form}
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
