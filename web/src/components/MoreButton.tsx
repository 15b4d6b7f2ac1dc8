import { Button } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

/** The next page of a cursor-paged list, when there is one. */
export function MoreButton({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
      {t(list.isFetchingNextPage ? 'loading' : 'more')}
    </Button>
  );
}
