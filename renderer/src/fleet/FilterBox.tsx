import type { RefObject } from 'react';
import { FilterInput } from '../app/FilterInput';
import { useFleet, useFleetStore } from './fleetStoreContext';

export function FilterBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const store = useFleetStore();
  const filter = useFleet((state) => state.filter);
  const shown = useFleet((state) => state.visibleServiceKeys.length);
  const total = useFleet((state) => state.services.size);
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
