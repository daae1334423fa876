import type { RefObject } from 'react';
import { useFleet, useFleetStore } from './fleetStoreContext';

export function FilterBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const store = useFleetStore();
  const filter = useFleet((state) => state.filter);
  const shown = useFleet((state) => state.visibleServiceKeys.length);
  const total = useFleet((state) => state.services.size);
  return (
    <label className="filter-box">
      <span className="visually-hidden">Filter services</span>
      <input
        ref={inputRef}
        type="search"
        value={filter}
        placeholder="Filter by service, cluster, environment or health — press /"
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => store.getState().setFilter(event.target.value)}
      />
      {filter.trim() !== '' && (
        <span className="filter-count mono" role="status">
          {shown} of {total}
        </span>
      )}
    </label>
  );
}
