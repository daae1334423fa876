import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ActionStore, ActionsState } from './actionStore';

export const ActionStoreContext = createContext<ActionStore | null>(null);

export function useActionStore(): ActionStore {
  const store = useContext(ActionStoreContext);
  if (!store) throw new Error('useActionStore is used outside App: no action store was provided.');
  return store;
}

/** Reads one slice of the followed actions; the component re-renders only when that slice changes identity. */
export function useActions<T>(selector: (state: ActionsState) => T): T {
  return useStore(useActionStore(), selector);
}
