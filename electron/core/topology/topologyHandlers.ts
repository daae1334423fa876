import type { TopologySpec } from '../../../shared/topology/topologyModel';
import { topologyGetSpec } from '../../../shared/ipc/topology';
import type { IpcRouter } from '../ipc/router';

/**
 * The topology's side of the contract. `spec` is asked on every request, so a config that
 * is reloaded is served without registering again.
 */
export function registerTopologyHandlers(router: IpcRouter, spec: () => TopologySpec): void {
  router.register(topologyGetSpec, () => spec());
}
