import { useQuery } from '@tanstack/react-query';
import type { ActionPolicyState, ActionProgress } from '../../../shared/actions/actionModel';
import { actionsPolicy } from '../../../shared/ipc/actions';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';
import { useAppInfo } from '../app/useAppInfo';
import { actionRefusal, serviceRefKey, type ServiceRef } from './actionGuards';
import { useActions } from './actionStoreContext';

/**
 * Main's action policy from the cache, fetched once and again only when something says it
 * changed: an action this page follows starting or ending (ActionsProvider), a service's
 * deployments changing or the fleet stream starting over (useFleetStream). Read-only
 * settings come from the configuration and do not change while the console runs.
 */
export function useActionPolicy() {
  const client = useConsoleClient();
  return useQuery({
    queryKey: queryKeys.actionsPolicy(),
    queryFn: ({ signal }): Promise<ActionPolicyState> => client.request(actionsPolicy, {}, { signal }),
    staleTime: Infinity,
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
