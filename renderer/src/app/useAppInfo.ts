import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { appGetInfo, appInfoChanges, type AppInfo } from '../../../shared/ipc/app';
import { useConsoleClient } from './consoleClientContext';
import { queryKeys } from './queryKeys';
import { openResubscribingStream } from './resubscribingStream';

/**
 * What this console is connected to. Main pushes it again when it changes while the page is
 * open (its sandbox was rebuilt with other clusters), so the page never shows the
 * environments it started with after they are gone.
 */
export function useAppInfo() {
  const client = useConsoleClient();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      openResubscribingStream(
        client,
        appInfoChanges,
        {},
        {
          onEvent: (info) => {
            const shown = queryClient.getQueryData<AppInfo>(queryKeys.appInfo());
            if (shown && JSON.stringify(shown) === JSON.stringify(info)) return;
            queryClient.setQueryData(queryKeys.appInfo(), info);
            // Which environments may be acted on comes with them.
            if (shown)
              void queryClient.invalidateQueries({ queryKey: queryKeys.actionsPolicy(), exact: true });
          },
          // The info already shown stays right until main says otherwise; the stream opens again by itself.
          onEnd: () => {},
        },
      ),
    [client, queryClient],
  );
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: ({ signal }) => client.request(appGetInfo, {}, { signal }),
    staleTime: Infinity,
  });
}
