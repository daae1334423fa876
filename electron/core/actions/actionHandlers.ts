import {
  actionsExecute,
  actionsPlanPromotion,
  actionsPlanRollback,
  actionsPolicy,
  actionsProgress,
} from '../../../shared/ipc/actions';
import type { IpcRouter } from '../ipc/router';
import type { ActionServices } from './actionServices';

/**
 * Rollback and promotion on the contract. Planning reads only; `actions.execute` is the
 * action channel, so a read-only console refuses it in the router before it gets here,
 * and the executor refuses read-only environments, wrong confirmations and locked services.
 */
export function registerActionHandlers(router: IpcRouter, actions: ActionServices): void {
  router.register(actionsPlanRollback, (request, { signal }) => actions.planRollback(request, signal));
  router.register(actionsPlanPromotion, (request, { signal }) => actions.planPromotion(request, signal));
  // The caller's signal is not passed on: once the audit entry is written, the action runs whether or not anyone still listens.
  router.register(actionsExecute, (request) => actions.execute(request));
  router.registerStream(actionsProgress, ({ actionId }, emit, context) =>
    actions.subscribeProgress(actionId, emit, () => context.end()),
  );
  router.register(actionsPolicy, () => actions.policy());
}
