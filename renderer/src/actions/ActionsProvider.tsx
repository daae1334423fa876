import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';
import { useAppInfo } from '../app/useAppInfo';
import './actions.css';
import { createActionStore } from './actionStore';
import { ActionStoreContext } from './actionStoreContext';
import { isFinal } from './progressText';
import { ActionGroundsContext, useActionPolicy } from './useActionPolicy';

/**
 * The page's action store, and what keeps it current: main's policy, and every
 * action main says holds a service followed — so an action started before a reload, or
 * from another window, shows its progress here too.
 */
export function ActionsProvider({ children }: { children: ReactNode }) {
  const client = useConsoleClient();
  const queryClient = useQueryClient();
  const [store] = useState(() =>
    createActionStore(client, {
      onProgress: (progress, previous) => {
        if (previous?.phase === progress.phase) return;
        if (previous !== null && !isFinal(progress.phase) && progress.phase !== 'started') return;
        // Locks, the audit log and the service's details move when an action starts and ends.
        void queryClient.invalidateQueries({ queryKey: queryKeys.actionsPolicy() });
        void queryClient.invalidateQueries({ queryKey: queryKeys.audit() });
        void queryClient.invalidateQueries({
          queryKey: queryKeys.serviceDetails(progress.cluster, progress.service),
        });
      },
    }),
  );
  useEffect(() => () => store.getState().dispose(), [store]);
  const info = useAppInfo().data;
  const policy = useActionPolicy();
  const grounds = useMemo(() => ({ info, policy: policy.data }), [info, policy.data]);
  useEffect(() => {
    for (const lock of policy.data?.locks ?? []) store.getState().track(lock.actionId);
  }, [policy.data, store]);
  return (
    <ActionStoreContext value={store}>
      <ActionGroundsContext value={grounds}>{children}</ActionGroundsContext>
    </ActionStoreContext>
  );
}
