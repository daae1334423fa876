import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { ActionPolicyState, ActionProgress } from '../../../shared/actions/actionModel';
import { actionsPolicy } from '../../../shared/ipc/actions';
import type { AppInfo } from '../../../shared/ipc/app';
import { useConsoleClient } from '../app/consoleClientContext';
import { queryKeys } from '../app/queryKeys';
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

/**
 * What every action button's refusal depends on besides its own service: what this console
 * is and main's policy. ActionsProvider reads them once for the page, so a table of
 * thousands of rows does not hold two query observers per drawn row.
 */
export interface ActionGrounds {
  info: AppInfo | undefined;
  policy: ActionPolicyState | undefined;
}

export const ActionGroundsContext = createContext<ActionGrounds | null>(null);

/** Why an action on the service would be refused now (for its disabled buttons), or null. */
export function useActionRefusal(ref: ServiceRef): string | null {
  const grounds = useContext(ActionGroundsContext);
  if (!grounds)
    throw new Error('useActionRefusal is used outside ActionsProvider: nothing reads the policy.');
  const underWay = useServiceAction(ref);
  return actionRefusal({ ...grounds, target: ref, underWay: underWay ?? undefined });
}
