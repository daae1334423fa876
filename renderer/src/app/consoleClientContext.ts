import { createContext, useContext } from 'react';
import type { ConsoleClient } from '../../../shared/ipc/client';

export const ConsoleClientContext = createContext<ConsoleClient | null>(null);

/** The client given to App; every feature talks to main through it. */
export function useConsoleClient(): ConsoleClient {
  const client = useContext(ConsoleClientContext);
  if (!client) throw new Error('useConsoleClient is used outside App: no console client was provided.');
  return client;
}
