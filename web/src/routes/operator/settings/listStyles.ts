import { makeStyles, tokens } from '@fluentui/react-components';

/** The settings' editable lists (holidays, admin roles): one item a line, its remove button beside it, its error under it. */
export const useListStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  grow: { flex: '1 1 200px', minWidth: 0 },
  error: { flexBasis: '100%', color: tokens.colorPaletteRedForeground1 },
  add: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
});
