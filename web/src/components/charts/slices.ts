import { tokens } from '@fluentui/react-components';

/** One category of a chart: its name (in full: charts never cut it), its count, and what its colour says. */
export interface Slice {
  label: string;
  value: number;
  tone?: 'good' | 'bad' | 'warning' | 'neutral' | 'brand';
}

/** A tone's colour as a CSS value, for charts drawn in HTML (the theme's variables resolve there). */
export function toneColour(tone: Slice['tone']): string {
  if (tone === 'good') return tokens.colorPaletteGreenBorderActive;
  if (tone === 'bad') return tokens.colorPaletteRedBorderActive;
  if (tone === 'warning') return tokens.colorPaletteDarkOrangeBorderActive;
  if (tone === 'neutral') return tokens.colorNeutralForeground3;
  return tokens.colorBrandBackground;
}
