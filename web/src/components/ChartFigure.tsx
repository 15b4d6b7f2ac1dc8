import {
  Button,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Suspense, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  figure: {
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  chart: { minHeight: '160px' },
  toggle: { alignSelf: 'flex-start' },
});

export interface ChartTableData {
  columns: [string, string];
  rows: { key: string; cells: [ReactNode, ReactNode] }[];
}

/**
 * A chart with its data as a table: the chart for those who look, the table for those who read
 * or hear it (and to copy the numbers). The table is one button away and names the chart it shows.
 */
export function ChartFigure({ title, table, children }: { title: string; table: ChartTableData; children: ReactNode }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <figure className={styles.figure} aria-labelledby={`${id}-title`}>
      <Text as="h3" id={`${id}-title`} weight="semibold">
        {title}
      </Text>
      <div className={styles.chart}>
        <Suspense fallback={<Spinner size="tiny" label={t('chart.loading')} />}>{children}</Suspense>
      </div>
      <Button
        className={styles.toggle}
        size="small"
        appearance="subtle"
        aria-expanded={shown}
        aria-controls={`${id}-table`}
        onClick={() => setShown(!shown)}
      >
        {t(shown ? 'chart.hideTable' : 'chart.showTable', { title })}
      </Button>
      {shown && (
        <Table id={`${id}-table`} size="small" aria-label={title}>
          <TableHeader>
            <TableRow>
              {table.columns.map((c) => (
                <TableHeaderCell key={c}>{c}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {table.rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell>{r.cells[0]}</TableCell>
                <TableCell>{r.cells[1]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </figure>
  );
}
