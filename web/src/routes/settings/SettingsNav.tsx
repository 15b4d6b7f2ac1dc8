import { Tab, TabList } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { can, useMe, type Me } from '../../api/session';
import { Page } from '../../components/Page';

/** The settings pages, each shown to those whose tenant and permissions let them use it. */
const pages: { path: string; visible(me: Me): boolean }[] = [
  { path: '/settings/program-info', visible: (me) => me.tenant.kind === 'partner' && can(me, 'program.read') },
  { path: '/settings/profile', visible: () => true },
  { path: '/settings/users', visible: (me) => can(me, 'users.read') },
  { path: '/settings/agreements', visible: (me) => me.tenant.kind !== 'operator' && can(me, 'agreements.read') },
  { path: '/settings/api-tokens', visible: () => true },
  { path: '/settings/security', visible: () => true },
];

/** A settings page: its title, then the settings' tabs (links to the other settings pages), then its content. */
export function SettingsPage({ title, intro, children }: { title: string; intro?: ReactNode; children?: ReactNode }) {
  return (
    <Page title={title} intro={intro}>
      <SettingsNav />
      {children}
    </Page>
  );
}

function SettingsNav() {
  const { t } = useTranslation('settings');
  const me = useMe().data!;
  const location = useLocation();
  const navigate = useNavigate();
  return (
    // On a narrow screen the tabs scroll sideways rather than widen the whole page.
    <nav aria-label={t('nav.label')} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <TabList selectedValue={location.pathname} onTabSelect={(_e, d) => void navigate(String(d.value))}>
        {pages
          .filter((p) => (me.mfaEnrollmentRequired ? p.path === '/settings/security' : p.visible(me)))
          .map((p) => (
            <Tab key={p.path} value={p.path}>
              {t(`nav.${p.path.slice('/settings/'.length)}`)}
            </Tab>
          ))}
      </TabList>
    </nav>
  );
}
