import {
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
import type { ReactNode } from 'react';
import { MoreButton } from './MoreButton';
import { ProblemBar } from './ProblemBar';

const useStyles = makeStyles({
  foot: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', paddingBlock: tokens.spacingVerticalS },
});

/** Under this width (a phone) a table's rows stack as cards: each cell a label and its value. */
const PHONE = '@media (max-width: 599px)';

/**
 * A table that is a table on a wide screen and a stack of cards on a phone, where a table would
 * scroll sideways. Give `table` to the Table, `head` to its TableHeader, `row` to each body
 * TableRow and `cell` to each body TableCell with its column's name in `data-label`; a cell
 * spanning the row (an expanded row's content) takes `whole`. A cell's content sits in one element (a span), the value beside its label. The header stays for screen readers.
 */
export const useStackedTableStyles = makeStyles({
  table: {
    minWidth: '640px',
    [PHONE]: { display: 'block', minWidth: 0, width: '100%' },
  },
  head: {
    [PHONE]: {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
  body: { [PHONE]: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS } },
  row: {
    [PHONE]: {
      display: 'flex',
      flexDirection: 'column',
      gap: tokens.spacingVerticalXS,
      padding: tokens.spacingHorizontalM,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  cell: {
    [PHONE]: {
      display: 'grid',
      gridTemplateColumns: 'minmax(6em, 38%) 1fr',
      columnGap: tokens.spacingHorizontalM,
      alignItems: 'baseline',
      justifyItems: 'start',
      height: 'auto',
      paddingInline: 0,
      overflowWrap: 'anywhere',
      '::before': { content: 'attr(data-label)', color: tokens.colorNeutralForeground3 },
    },
  },
  whole: { [PHONE]: { display: 'block', height: 'auto' } },
  scroll: { overflowX: 'auto', [PHONE]: { overflowX: 'visible' } },
});

export interface Column<T> {
  key: string;
  header: string;
  cell: (item: T) => ReactNode;
}

type PagedList<T> = {
  items: T[];
  isPending: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
};

/**
 * A list page's table: its columns, a row per item, "no items" in words, the refusal if the
 * API refused, and the next page on demand. On a phone its rows stack as cards.
 */
export function ListTable<T>({
  label,
  list,
  columns,
  rowKey,
  empty,
  loading,
}: {
  label: string;
  list: PagedList<T>;
  columns: Column<T>[];
  rowKey: (item: T) => string;
  empty: string;
  loading: string;
}) {
  const styles = useStyles();
  const stacked = useStackedTableStyles();
  if (list.isPending && !list.error) return <Spinner label={loading} />;
  if (list.error) return <ProblemBar error={list.error} />;
  if (list.items.length === 0) return <Text as="p">{empty}</Text>;
  return (
    <>
      <div className={stacked.scroll}>
        <Table aria-label={label} className={stacked.table} size="small">
          <TableHeader className={stacked.head}>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell key={c.key}>{c.header}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody className={stacked.body}>
            {list.items.map((item) => (
              <TableRow key={rowKey(item)} data-row={rowKey(item)} className={stacked.row}>
                {columns.map((c) => (
                  <TableCell key={c.key} className={stacked.cell} data-label={c.header}>
                    <span>{c.cell(item)}</span>
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={styles.foot}>
        <MoreButton list={list} />
      </div>
    </>
  );
}

/** A whole list read at once (every page of a short list), in the shape ListTable reads: no next page. */
export function wholeList<T>(query: { data?: T[] | undefined; isPending: boolean; error: unknown }): PagedList<T> {
  return {
    items: query.data ?? [],
    isPending: query.isPending,
    error: query.error,
    hasNextPage: false,
    isFetchingNextPage: false,
    fetchNextPage: () => undefined,
  };
}
