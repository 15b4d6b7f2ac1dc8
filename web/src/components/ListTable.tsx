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
  scroll: { overflowX: 'auto' },
  table: { minWidth: '640px' },
  foot: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', paddingBlock: tokens.spacingVerticalS },
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
 * API refused, and the next page on demand. Wide tables scroll sideways on a phone.
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
  if (list.isPending && !list.error) return <Spinner label={loading} />;
  if (list.error) return <ProblemBar error={list.error} />;
  if (list.items.length === 0) return <Text as="p">{empty}</Text>;
  return (
    <>
      <div className={styles.scroll}>
        <Table aria-label={label} className={styles.table} size="small">
          <TableHeader>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell key={c.key}>{c.header}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((item) => (
              <TableRow key={rowKey(item)} data-row={rowKey(item)}>
                {columns.map((c) => (
                  <TableCell key={c.key}>{c.cell(item)}</TableCell>
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
