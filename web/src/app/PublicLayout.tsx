import { makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LanguagePicker, ThemePicker } from '../components/Pickers';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    minHeight: '100vh',
    padding: tokens.spacingHorizontalL,
  },
  top: { display: 'flex', width: '100%', maxWidth: '960px', alignItems: 'center', gap: tokens.spacingHorizontalM },
  brand: {
    flexGrow: 1,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase500,
    color: tokens.colorBrandForeground1,
    textDecoration: 'none',
  },
  main: { width: '100%', maxWidth: '640px', marginTop: tokens.spacingVerticalXXL },
});

/** Pages one opens before signing in, or from a mailed link: one centred column. */
export function PublicLayout() {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <div className={styles.root}>
      <div className={styles.top}>
        <Link to="/" className={styles.brand}>
          Trellis
        </Link>
        <LanguagePicker />
        <ThemePicker />
      </div>
      <main id="main" className={styles.main}>
        <Suspense fallback={<Spinner label={t('loading')} />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
