import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LagState, LagStore } from './lagStore';

export const LagStoreContext = createContext<LagStore | null>(null);

export function useLagStore(): LagStore {
  const store = useContext(LagStoreContext);
  if (!store) throw new Error('useLagStore is used outside App: no lag store was provided.');
  return store;
}

/** Reads one slice of consumer lag; the component re-renders only when that slice changes identity. */
export function useLag<T>(selector: (state: LagState) => T): T {
  return useStore(useLagStore(), selector);
}
