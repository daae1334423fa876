import { fleetCatalog } from '../../../shared/ipc/fleet';
import { catalogHooks } from '../app/catalogQuery';
import { queryKeys } from '../app/queryKeys';

/** Every service of the fleet by name (shared/ipc/fleet.ts `fleetCatalog`); see app/catalogQuery.ts. */
export const { useCatalog: useFleetCatalog, useReadCatalog: useReadFleetCatalog } = catalogHooks(
  fleetCatalog,
  queryKeys.fleetCatalog(),
  (response) => response.services,
);
