import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { appGetInfo, appInfoChanges, type AppInfo } from '../../../shared/ipc/app';
import type { ConsoleClient } from '../../../shared/ipc/client';
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
  useEffect(() => followAppInfo(client, queryClient), [client, queryClient]);
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: ({ signal }) => client.request(appGetInfo, {}, { signal }),
    staleTime: Infinity,
  });
}

/** One stream per page, however many components read the info. */
const followers = new WeakMap<QueryClient, { readers: number; stop: () => void }>();

function followAppInfo(client: ConsoleClient, queryClient: QueryClient): () => void {
  let follower = followers.get(queryClient);
  if (!follower) {
    const stop = openResubscribingStream(
      client,
      appInfoChanges,
      {},
      {
        onEvent: (info) => {
          const shown = queryClient.getQueryData<AppInfo>(queryKeys.appInfo());
          if (shown && JSON.stringify(shown) === JSON.stringify(info)) return;
          queryClient.setQueryData(queryKeys.appInfo(), info);
          // Which environments may be acted on comes with them.
          if (shown) void queryClient.invalidateQueries({ queryKey: queryKeys.actionsPolicy(), exact: true });
        },
        // The info shown stays right until main says otherwise; the stream opens again by itself.
        onEnd: () => {},
      },
    );
    follower = { readers: 0, stop };
    followers.set(queryClient, follower);
  }
  follower.readers += 1;
  const following = follower;
  return () => {
    following.readers -= 1;
    if (following.readers > 0) return;
    following.stop();
    followers.delete(queryClient);
  };
}
