import { useQuery } from '@tanstack/react-query';
import { kafkaGroupDetails } from '../../../shared/ipc/kafka';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';

/** How often an open drill-down asks main again: its partitions move with every lag read. */
export const groupDetailsRefreshMs = 3_000;

/** Partitions and members of one group, refetched while the drill-down shows it. */
export function useGroupDetails(kafkaCluster: string, groupId: string) {
  const client = useConsoleClient();
  return useQuery({
    queryKey: queryKeys.kafkaGroupDetails(kafkaCluster, groupId),
    queryFn: ({ signal }) => client.request(kafkaGroupDetails, { kafkaCluster, groupId }, { signal }),
    refetchInterval: groupDetailsRefreshMs,
  });
}
