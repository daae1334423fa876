import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { FleetState, FleetStore } from './fleetStore';

export const FleetStoreContext = createContext<FleetStore | null>(null);

export function useFleetStore(): FleetStore {
  const store = useContext(FleetStoreContext);
  if (!store) throw new Error('useFleetStore is used outside App: no fleet store was provided.');
  return store;
}

/** Reads one slice of the fleet; the component re-renders only when that slice changes identity. */
export function useFleet<T>(selector: (state: FleetState) => T): T {
  return useStore(useFleetStore(), selector);
}
