import type { RefObject } from 'react';
import { countedServices } from '../../../shared/fleet/fleetView';
import { FilterInput } from '../app/FilterInput';
import { useFleet, useFleetStore } from './fleetStoreContext';

export function FilterBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const store = useFleetStore();
  const filter = useFleet((state) => state.filter);
  const shown = useFleet((state) => state.matched);
  // The whole fleet, as main counts it: the page holds only a window of it.
  const total = useFleet((state) => {
    let services = 0;
    for (const counts of state.clusterHealth.values()) services += countedServices(counts);
    return services;
  });
  return (
    <FilterInput
      inputRef={inputRef}
      label="Filter services"
      placeholder="Filter by service, cluster, environment or health — press /"
      value={filter}
      shown={shown}
      total={total}
      onChange={(text) => store.getState().setFilter(text)}
    />
  );
}
