import { useQuery } from '@tanstack/react-query';
import { appGetInfo } from '../../../shared/ipc/app';
import { useConsoleClient } from './consoleClientContext';
import { queryKeys } from './queryKeys';

/** What this console is connected to; it does not change while the page is open. */
export function useAppInfo() {
  const client = useConsoleClient();
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: ({ signal }) => client.request(appGetInfo, {}, { signal }),
    staleTime: Infinity,
  });
}
