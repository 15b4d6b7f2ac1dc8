import {
  Button,
  Hamburger,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  NavDrawer,
  NavDrawerBody,
  NavItem,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useProgramInfo } from '../api/program';
import { can, useMe, useSignOut } from '../api/session';
import { LanguagePicker, ThemePicker } from '../components/Pickers';
import { ProblemBar } from '../components/ProblemBar';
import { changeLanguage, isLanguage } from '../i18n';
import { navigation } from './navigation';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100vh' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  tenant: { flexGrow: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  onBrand: { color: tokens.colorNeutralForegroundOnBrand },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  // A wide table in the page must scroll, not squeeze the menu.
  nav: { flexShrink: 0 },
  main: { flexGrow: 1, padding: tokens.spacingHorizontalXL, minWidth: 0, maxWidth: '1200px' },
  skip: {
    position: 'absolute',
    left: '-999px',
    ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalM, zIndex: 10 },
  },
});

const NARROW = '(max-width: 720px)';

/** The signed-in console: header, side menu for the caller's tenant and permissions, the page. */
export function Shell() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  // The partner's menu follows its programs: provider and reseller pages appear with their capability.
  const program = useProgramInfo(
    me.data?.tenant.kind === 'partner' && can(me.data, 'program.read') && !me.data.mfaEnrollmentRequired,
  );
  const signOut = useSignOut();
  const [narrow, setNarrow] = useState(() => matchMedia(NARROW).matches);
  const [open, setOpen] = useState(!narrow);
  useEffect(() => {
    const query = matchMedia(NARROW);
    const follow = () => {
      setNarrow(query.matches);
      setOpen(!query.matches);
    };
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  // Signed in, the user's own language wins: it is the language of its mail too.
  const userLanguage = me.data?.user.language;
  useEffect(() => {
    if (isLanguage(userLanguage) && userLanguage !== i18n.language) void changeLanguage(userLanguage);
  }, [userLanguage, i18n.language]);

  if (me.isPending) return <Spinner style={{ marginTop: '20vh' }} label={t('loading')} />;
  if (me.error) return <ProblemBar error={me.error} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  // The operator requires an authenticator app: until one is enrolled, the API answers nothing else.
  if (me.data.mfaEnrollmentRequired && location.pathname !== '/settings/security') {
    return <Navigate to="/settings/security" replace />;
  }
  const capabilities = new Set((program.data?.capabilities ?? []).filter((c) => c.status === 'active').map((c) => c.capability));
  const entries = navigation.filter((e) =>
    me.data!.mfaEnrollmentRequired ? e.path === '/settings/security' : e.visible(me.data!, capabilities),
  );
  const selected = entries
    .filter((e) => (e.path === '/' ? location.pathname === '/' : location.pathname.startsWith(e.path)))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;

  return (
    <div className={styles.root}>
      <a className={styles.skip} href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className={styles.header}>
        <Hamburger
          className={styles.onBrand}
          aria-label={t('shell.menu')}
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        />
        <span className={styles.brand}>Trellis</span>
        <Text className={styles.tenant} data-testid="tenant-name">
          {me.data.tenant.name}
        </Text>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button appearance="transparent" className={styles.onBrand} title={t('shell.account')}>
              {me.data.user.name}
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem onClick={() => void navigate('/settings/security')}>{t('shell.security')}</MenuItem>
              <MenuItem
                onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate('/sign-in', { replace: true }) })}
              >
                {t('shell.signOut')}
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      </header>
      <div className={styles.body}>
        <NavDrawer
          open={open}
          type={narrow ? 'overlay' : 'inline'}
          onOpenChange={(_e, data) => setOpen(data.open)}
          selectedValue={selected}
          aria-label={t('shell.menu')}
          className={styles.nav}
        >
          <NavDrawerBody>
            {entries.map((e) => (
              <NavItem
                key={e.path}
                value={e.path}
                href={e.path}
                onClick={(ev) => {
                  ev.preventDefault();
                  void navigate(e.path);
                  if (narrow) setOpen(false);
                }}
              >
                {t(e.label)}
              </NavItem>
            ))}
            <div style={{ display: 'grid', gap: 8, padding: 12 }}>
              <LanguagePicker />
              <ThemePicker />
            </div>
          </NavDrawerBody>
        </NavDrawer>
        <main id="main" className={styles.main} tabIndex={-1}>
          <Suspense fallback={<Spinner label={t('loading')} />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
