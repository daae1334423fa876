import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { ConsoleRequestError, type ConsoleClient } from '../../../shared/ipc/client';
import type { IpcErrorCode } from '../../../shared/ipc/result';
import { useActions, useActionStore } from '../actions/actionStoreContext';
import { ActionsProvider } from '../actions/ActionsProvider';
import { useRollbackShortcut } from '../actions/useRollbackShortcut';
import { createFleetStore, type FleetState, type FleetStore } from '../fleet/fleetStore';
import { FleetStoreContext, useFleet, useFleetStore } from '../fleet/fleetStoreContext';
import { ServiceTable } from '../fleet/ServiceTable';
import { useFleetStream } from '../fleet/useFleetStream';
import { createLagStore, type LagState, type LagStore } from '../kafka/lagStore';
import { LagStoreContext, useLagStore } from '../kafka/lagStoreContext';
import { useLagStream } from '../kafka/useLagStream';
import './app.css';
import { ConsoleClientContext, useConsoleClient } from './consoleClientContext';
import { DesktopShell } from './DesktopShell';
import { ErrorBoundary } from './ErrorBoundary';
import { LazyPanel } from './LazyPanel';
import { ConnectionBanner, StatusBar } from './StatusBar';
import { ConfigErrorBanner, TopBar } from './TopBar';
import { useAppInfo } from './useAppInfo';
import { useConnectionState } from './useConnectionState';
import { useStaleWhileDisconnected } from './connectionStaleness';
import { useTableKeyboard, type KeyboardTable } from './useTableKeyboard';
import { useViewRoute } from './useViewRoute';
import { useViewShortcuts } from './useViewShortcuts';
import { useCommandKeys } from '../palette/useCommandKeys';
import {
  actionDialog,
  commandPalette,
  shortcutsOverlay,
  auditView,
  lagView,
  logsView,
  overviewView,
  serviceDetails,
  timelineView,
  topologyView,
  usePrefetchWhenIdle,
} from './viewParts';
import { viewPanelId, viewTabId } from './ViewTabs';

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
  const [lagStore] = useState(createLagStore);
  return (
    <ConsoleClientContext value={client}>
      <QueryClientProvider client={queryClient}>
        <FleetStoreContext value={fleetStore}>
          <LagStoreContext value={lagStore}>
            <ActionsProvider>{children}</ActionsProvider>
          </LagStoreContext>
        </FleetStoreContext>
      </QueryClientProvider>
    </ConsoleClientContext>
  );
}

function ConsoleScreen() {
  const client = useConsoleClient();
  const fleetStore = useFleetStore();
  const lagStore = useLagStore();
  const connection = useConnectionState(client);
  const info = useAppInfo();
  const [view, navigate] = useViewRoute();
  const filterRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  // Both streams run whichever view is shown: the service panel shows lag, and switching views is instant.
  useFleetStream(client, fleetStore);
  useLagStream(client, lagStore);
  const markDisconnected = useCallback(
    (now: number) => {
      fleetStore.getState().markDisconnected(now);
      lagStore.getState().markDisconnected(now);
    },
    [fleetStore, lagStore],
  );
  useStaleWhileDisconnected(connection, markDisconnected);
  useViewShortcuts(navigate);
  usePrefetchWhenIdle();
  const [overlay, setOverlay] = useCommandKeys();
  const closeOverlay = useCallback(() => setOverlay(null), [setOverlay]);

  // The e2e tests wait for this signal instead of guessing when the page is ready. It is set
  // whichever view is open, so a page opened on #/lag is ready once the fleet is in as well.
  const fleetLoaded = useFleet((state) => state.snapshot !== null);
  useEffect(() => {
    if (fleetLoaded) document.documentElement.dataset.rendered = 'true';
  }, [fleetLoaded]);

  // The window title is what a task switcher and a screen share show: it says when the fleet is simulated.
  const onSandbox = info.data?.source === 'sandbox';
  useEffect(() => {
    document.title = onSandbox ? 'FlareNet Console — SANDBOX' : 'FlareNet Console';
  }, [onSandbox]);

  // Ask for the settings again whenever the connection (re)opens: the first request may have
  // gone out before it was up, and a host restarted behind the same token may run another config.
  const { refetch: refetchInfo } = info;
  useEffect(() => {
    if (connection === 'open') void refetchInfo();
  }, [connection, refetchInfo]);

  return (
    <div className="console">
      <ConnectionBanner state={connection} />
      <DesktopShell />
      <TopBar
        info={info.data}
        infoError={info.error}
        filterRef={filterRef}
        view={view}
        onNavigate={navigate}
      />
      <ConfigErrorBanner info={info.data} />
      <main className="view-panel" id={viewPanelId} role="tabpanel" aria-labelledby={viewTabId(view)}>
        {view === 'audit' ? (
          <LazyPanel part={auditView} shape="view">
            {(AuditView) => <AuditView />}
          </LazyPanel>
        ) : view === 'topology' ? (
          <LazyPanel part={topologyView} shape="view">
            {(TopologyView) => <TopologyView />}
          </LazyPanel>
        ) : view === 'logs' ? (
          <LazyPanel part={logsView} shape="view">
            {(LogsView) => <LogsView />}
          </LazyPanel>
        ) : view === 'timeline' ? (
          <LazyPanel part={timelineView} shape="view">
            {(TimelineView) => <TimelineView />}
          </LazyPanel>
        ) : view === 'overview' ? (
          <LazyPanel part={overviewView} shape="view">
            {(OverviewView) => <OverviewView />}
          </LazyPanel>
        ) : view === 'lag' ? (
          <LagScreen store={lagStore} filterRef={filterRef} tableRef={tableRef} />
        ) : (
          <ServicesScreen store={fleetStore} filterRef={filterRef} tableRef={tableRef} />
        )}
      </main>
      <StatusBar connection={connection} info={info.data} view={view} />
      <ActionDialogPlace />
      {overlay === 'palette' && (
        <LazyPanel part={commandPalette} shape="dialog" onClose={closeOverlay}>
          {(CommandPalette) => <CommandPalette info={info.data} onClose={closeOverlay} />}
        </LazyPanel>
      )}
      {overlay === 'shortcuts' && (
        <LazyPanel part={shortcutsOverlay} shape="dialog" onClose={closeOverlay}>
          {(ShortcutsOverlay) => <ShortcutsOverlay onClose={closeOverlay} />}
        </LazyPanel>
      )}
    </div>
  );
}

interface ScreenProps<S> {
  store: S;
  filterRef: RefObject<HTMLInputElement | null>;
  tableRef: RefObject<HTMLDivElement | null>;
}

/** The parts of a view's store the table keyboard drives; the fleet and lag stores both have them. */
interface TableStoreState {
  detailOpen: boolean;
  selectedKey: string | null;
  filter: string;
  move: KeyboardTable['move'];
  openDetail(): void;
  closeDetail(): void;
  setFilter(text: string): void;
}

function useStoreKeyboard<S extends TableStoreState>(
  store: { getState(): S },
  visibleKeysOf: (state: S) => readonly string[],
  filterRef: RefObject<HTMLInputElement | null>,
  tableRef: RefObject<HTMLDivElement | null>,
): void {
  const readTable = useCallback((): KeyboardTable => {
    const state = store.getState();
    return {
      detailOpen: state.detailOpen,
      selectedKey: state.selectedKey,
      visibleKeys: visibleKeysOf(state),
      filter: state.filter,
      move: (move) => store.getState().move(move),
      openDetail: () => store.getState().openDetail(),
      closeDetail: () => store.getState().closeDetail(),
      setFilter: (text) => store.getState().setFilter(text),
    };
  }, [store, visibleKeysOf]);
  useTableKeyboard(readTable, filterRef, tableRef);
}

const visibleKeys = (state: FleetState) => state.visibleKeys;
const visibleGroupKeys = (state: LagState) => state.visibleKeys;

function ServicesScreen({ store, filterRef, tableRef }: ScreenProps<FleetStore>) {
  const detailOpen = useFleet((state) => state.detailOpen);
  useStoreKeyboard(store, visibleKeys, filterRef, tableRef);
  useRollbackShortcut();
  return (
    <div className={detailOpen ? 'workspace with-detail' : 'workspace'}>
      <ServiceTable tableRef={tableRef} />
      {detailOpen && (
        <LazyPanel part={serviceDetails} shape="detail">
          {(ServiceDetailPanel) => <ServiceDetailPanel />}
        </LazyPanel>
      )}
    </div>
  );
}

function LagScreen({ store, filterRef, tableRef }: ScreenProps<LagStore>) {
  useStoreKeyboard(store, visibleGroupKeys, filterRef, tableRef);
  return (
    <LazyPanel part={lagView} shape="view">
      {(LagView) => <LagView tableRef={tableRef} />}
    </LazyPanel>
  );
}

/** The action dialog is drawn only while a rollback, a promotion or a progress is open. */
function ActionDialogPlace() {
  const store = useActionStore();
  const open = useActions((state) => state.dialog !== null);
  if (!open) return null;
  return (
    <LazyPanel part={actionDialog} shape="dialog" onClose={() => store.getState().closeDialog()}>
      {(ActionDialog) => <ActionDialog />}
    </LazyPanel>
  );
}
