import { useEffect, useState } from 'react';
import type { ConnectionState, ConsoleClient } from '../../../shared/ipc/client';

export function useConnectionState(client: ConsoleClient): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => client.onConnectionState(setState), [client]);
  return state;
}
