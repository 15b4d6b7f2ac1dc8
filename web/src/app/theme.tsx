import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark' | 'high-contrast';
const STORED = 'trellis.theme';

function systemTheme(): Theme {
  if (matchMedia('(forced-colors: active)').matches) return teamsHighContrastTheme;
  return matchMedia('(prefers-color-scheme: dark)').matches ? webDarkTheme : webLightTheme;
}

function themeOf(choice: ThemeChoice, system: Theme): Theme {
  if (choice === 'light') return webLightTheme;
  if (choice === 'dark') return webDarkTheme;
  if (choice === 'high-contrast') return teamsHighContrastTheme;
  return system;
}

const ThemeContext = createContext<{ choice: ThemeChoice; theme: Theme; choose: (choice: ThemeChoice) => void }>({
  choice: 'system',
  theme: webLightTheme,
  choose: () => {},
});

/** Light, dark or high contrast: the browser's own setting unless the user picks one. */
export function ThemeChoiceProvider({ children }: { children: (theme: Theme) => ReactNode }) {
  const [choice, setChoice] = useState<ThemeChoice>(() => (localStorage.getItem(STORED) as ThemeChoice | null) ?? 'system');
  // The browser's setting, followed as it changes, whatever is chosen: 'system' shows it at once.
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const queries = [matchMedia('(prefers-color-scheme: dark)'), matchMedia('(forced-colors: active)')];
    const follow = () => setSystem(systemTheme());
    for (const q of queries) q.addEventListener('change', follow);
    return () => queries.forEach((q) => q.removeEventListener('change', follow));
  }, []);
  const theme = themeOf(choice, system);
  const choose = (next: ThemeChoice) => {
    localStorage.setItem(STORED, next);
    setChoice(next);
  };
  return <ThemeContext.Provider value={{ choice, theme, choose }}>{children(theme)}</ThemeContext.Provider>;
}

export const useThemeChoice = () => useContext(ThemeContext);
