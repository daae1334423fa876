import { useQuery } from '@tanstack/react-query';
import type { ActionPolicyState, ActionProgress } from '../../../shared/actions/actionModel';
import { actionsPolicy } from '../../../shared/ipc/actions';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';
import { useAppInfo } from '../app/useAppInfo';
import { actionRefusal, serviceRefKey, type ServiceRef } from './actionGuards';
import { useActions } from './actionStoreContext';

/** How often the page asks main which services are held and what is read-only. */
export const policyRefreshMs = 5_000;

/**
 * Main's action policy from the cache. Only the actions provider polls it; every button
 * reading it here shares that one query instead of starting its own timer.
 */
export function useActionPolicy(options: { poll?: boolean } = {}) {
  const client = useConsoleClient();
  return useQuery({
    queryKey: queryKeys.actionsPolicy(),
    queryFn: ({ signal }): Promise<ActionPolicyState> => client.request(actionsPolicy, {}, { signal }),
    ...(options.poll ? { refetchInterval: policyRefreshMs } : { staleTime: Infinity }),
  });
}

/** The newest action this page follows on the service, while it is known. */
export function useServiceAction(ref: ServiceRef): ActionProgress | null {
  const key = serviceRefKey(ref);
  return useActions((state) => {
    const actionId = state.byService.get(key);
    return actionId === undefined ? null : (state.actions.get(actionId)?.progress ?? null);
  });
}

/** Why an action on the service would be refused now (for its disabled buttons), or null. */
export function useActionRefusal(ref: ServiceRef): string | null {
  const info = useAppInfo().data;
  const policy = useActionPolicy().data;
  const underWay = useServiceAction(ref);
  return actionRefusal({ info, policy, target: ref, underWay: underWay ?? undefined });
}
