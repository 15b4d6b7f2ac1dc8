import { Tab, TabList } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { AffiliationsPanel } from './settings/AffiliationsPanel';
import { AgreementsPanel } from './settings/AgreementsPanel';
import { GrantsPanel } from './settings/GrantsPanel';
import { HolidaysPanel } from './settings/HolidaysPanel';
import { IncentivesPanel } from './settings/IncentivesPanel';
import { MarketsPanel } from './settings/MarketsPanel';
import { ProgramPanel } from './settings/ProgramPanel';
import { RegistryPanel } from './settings/RegistryPanel';

const tabs = ['program', 'holidays', 'grants', 'agreements', 'incentives', 'registry', 'affiliations', 'markets'] as const;
type SettingsTab = (typeof tabs)[number];

/** The operator admin's settings of the program, one tab an area; the tab is in the address. */
export default function SettingsPage() {
  const { t } = useTranslation('operator');
  const [params, setParams] = useSearchParams();
  const tab: SettingsTab = tabs.includes(params.get('tab') as SettingsTab) ? (params.get('tab') as SettingsTab) : 'program';
  return (
    <Page title={t('settings.title')} intro={t('settings.intro')}>
      {/* On a narrow screen the tabs scroll sideways rather than widen the whole page. */}
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <TabList selectedValue={tab} onTabSelect={(_e, d) => setParams({ tab: String(d.value) }, { replace: true })}>
          {tabs.map((x) => (
            <Tab key={x} value={x}>
              {t(`settings.tabs.${x}`)}
            </Tab>
          ))}
        </TabList>
      </div>
      {tab === 'program' && <ProgramPanel />}
      {tab === 'holidays' && <HolidaysPanel />}
      {tab === 'grants' && <GrantsPanel />}
      {tab === 'agreements' && <AgreementsPanel />}
      {tab === 'incentives' && <IncentivesPanel />}
      {tab === 'registry' && <RegistryPanel />}
      {tab === 'affiliations' && <AffiliationsPanel />}
      {tab === 'markets' && <MarketsPanel />}
    </Page>
  );
}
