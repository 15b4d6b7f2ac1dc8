import { Dropdown, Option, type DropdownProps } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { keys } from '../api/keys';
import { useMe } from '../api/session';
import { useThemeChoice, type ThemeChoice } from '../app/theme';
import { changeLanguage, isLanguage, LANGUAGES } from '../i18n';

const NATIVE_NAMES: Record<string, string> = { en: 'English', ko: '한국어', fr: 'Français' };

/** Changes the console's language and, signed in, the user's own (the language of their mail). */
export function LanguagePicker(props: Partial<DropdownProps>) {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const client = useQueryClient();
  const select = async (lng: string | undefined) => {
    if (!isLanguage(lng)) return;
    await changeLanguage(lng);
    if (me && me.user.language !== lng) {
      await api.PATCH('/v1/me', { body: { language: lng } });
      await client.invalidateQueries({ queryKey: keys.me });
    }
  };
  return (
    <Dropdown
      aria-label={t('shell.language')}
      value={NATIVE_NAMES[i18n.language] ?? i18n.language}
      selectedOptions={[i18n.language]}
      onOptionSelect={(_e, data) => void select(data.optionValue)}
      style={{ minWidth: 130 }}
      {...props}
    >
      {LANGUAGES.map((lng) => (
        <Option key={lng} value={lng} lang={lng}>
          {NATIVE_NAMES[lng]!}
        </Option>
      ))}
    </Dropdown>
  );
}

export function ThemePicker() {
  const { t } = useTranslation();
  const { choice, choose } = useThemeChoice();
  const choices: ThemeChoice[] = ['system', 'light', 'dark', 'high-contrast'];
  return (
    <Dropdown
      aria-label={t('shell.theme')}
      value={t(`shell.themes.${choice}`)}
      selectedOptions={[choice]}
      onOptionSelect={(_e, data) => choose(data.optionValue as ThemeChoice)}
      style={{ minWidth: 150 }}
    >
      {choices.map((c) => (
        <Option key={c} value={c}>
          {t(`shell.themes.${c}`)}
        </Option>
      ))}
    </Dropdown>
  );
}
