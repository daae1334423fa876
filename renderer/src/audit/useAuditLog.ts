import { useInfiniteQuery } from '@tanstack/react-query';
import { auditList } from '../../../shared/ipc/audit';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';

/** Lines per page: a few dozen actions, each a start and an end. */
export const auditPageSize = 100;
/** The log changes only when an action starts or ends (which refreshes it at once); this catches other windows. */
const auditRefreshMs = 15_000;

/**
 * The audit log, newest first, a page at a time; `fetchNextPage` reads further back. Only
 * this console's fleet unless `source` asks for the other sources.
 */
export function useAuditLog(filter: {
  source: 'current' | 'other';
  service: string | null;
  cluster: string | null;
}) {
  const client = useConsoleClient();
  return useInfiniteQuery({
    queryKey: queryKeys.auditList(filter.source, filter.service, filter.cluster),
    queryFn: ({ pageParam, signal }) =>
      client.request(
        auditList,
        {
          source: filter.source,
          limit: auditPageSize,
          ...(filter.service === null ? {} : { service: filter.service }),
          ...(filter.cluster === null ? {} : { cluster: filter.cluster }),
          ...(pageParam === undefined ? {} : { before: pageParam }),
        },
        { signal },
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    refetchInterval: auditRefreshMs,
  });
}
