import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ConsoleRequestError, type ConsoleClient } from '../../../shared/ipc/client';
import type { IpcErrorCode } from '../../../shared/ipc/result';
import { createFleetStore } from '../fleet/fleetStore';
import { FleetStoreContext, useFleet, useFleetStore } from '../fleet/fleetStoreContext';
import { ServiceDetailPanel } from '../fleet/ServiceDetailPanel';
import { ServiceTable } from '../fleet/ServiceTable';
import { useFleetKeyboard } from '../fleet/useFleetKeyboard';
import { useFleetStream } from '../fleet/useFleetStream';
import './app.css';
import { ConsoleClientContext, useConsoleClient } from './consoleClientContext';
import { ErrorBoundary } from './ErrorBoundary';
import { ConnectionBanner, StatusBar } from './StatusBar';
import { ConfigErrorBanner, TopBar } from './TopBar';
import { useAppInfo } from './useAppInfo';
import { useConnectionState } from './useConnectionState';

/** The whole renderer, talking to main through `client` only. */
export function App({ client }: { client: ConsoleClient }) {
  return (
    <ErrorBoundary>
      <AppProviders client={client}>
        <ConsoleScreen />
      </AppProviders>
    </ErrorBoundary>
  );
}

/** Failures worth a second try; anything else (a refusal, a bad request) will fail the same way again. */
const transientCodes: ReadonlySet<IpcErrorCode> = new Set(['UNAVAILABLE', 'THROTTLED', 'TIMEOUT']);

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          failureCount < 2 && error instanceof ConsoleRequestError && transientCodes.has(error.code),
        // Live data arrives on the fleet stream; focusing the window is no reason to refetch.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

/** Everything stateful is created per App, so a test or a second window gets its own. */
function AppProviders({ client, children }: { client: ConsoleClient; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [fleetStore] = useState(createFleetStore);
  return (
    <ConsoleClientContext value={client}>
      <QueryClientProvider client={queryClient}>
        <FleetStoreContext value={fleetStore}>{children}</FleetStoreContext>
      </QueryClientProvider>
    </ConsoleClientContext>
  );
}

function ConsoleScreen() {
  const client = useConsoleClient();
  const store = useFleetStore();
  const connection = useConnectionState(client);
  const info = useAppInfo();
  const detailOpen = useFleet((state) => state.detailOpen);
  const filterRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  useFleetStream(client, store);
  useFleetKeyboard(store, filterRef, tableRef);

  // The settings request fails if it went out before the connection was up; ask again once it is.
  const { isError: infoFailed, refetch: refetchInfo } = info;
  useEffect(() => {
    if (connection === 'open' && infoFailed) void refetchInfo();
  }, [connection, infoFailed, refetchInfo]);

  return (
    <div className="console">
      <ConnectionBanner state={connection} />
      <TopBar info={info.data} infoError={info.error} filterRef={filterRef} />
      <ConfigErrorBanner info={info.data} />
      <div className={detailOpen ? 'workspace with-detail' : 'workspace'}>
        <ServiceTable tableRef={tableRef} />
        {detailOpen && <ServiceDetailPanel />}
      </div>
      <StatusBar connection={connection} info={info.data} />
    </div>
  );
}
