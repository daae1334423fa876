import { consoleViews } from './views';
import { healthGlyphs } from '../../../shared/fleet/healthGlyphs';
import type { AppInfo } from '../../../shared/ipc/app';
import type { ConnectionState } from '../../../shared/ipc/client';
import { ActionStatus } from '../actions/ActionStatus';
import { useFleet } from '../fleet/fleetStoreContext';
import type { HealthCounts } from '../../../shared/fleet/fleetView';
import { healthStatesBySeverity } from '../fleet/healthPresentation';
import { lagSeveritiesByRank } from '../../../shared/kafka/lagSeverity';
import { severityPresentation } from '../../../shared/kafka/lagPresentation';
import { useLag } from '../kafka/lagStoreContext';
import { describeIpcError } from './errorText';
import { spokenDuration } from '../../../shared/time/durationText';
import { LocalZone } from './LocalTime';
import { useNow } from './useNow';
import type { ConsoleView } from './views';
import { ThemePicker } from './ThemePicker';
import { NotificationStatus } from '../notifications/NotificationStatus';

const connectionWords: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
  refused: 'Console restarted',
};

/** Shown across the top while the page cannot talk to main; data below it is getting old. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  if (state === 'open') return null;
  if (state === 'refused') {
    return (
      <div className="connection-banner banner-closed" role="alert">
        This console was restarted and no longer accepts this page: open the new URL it printed. What is shown
        below is from before the restart and is not updated.
      </div>
    );
  }
  if (state === 'closed') {
    return (
      <div className="connection-banner banner-closed" role="alert">
        Disconnected from the console.
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
  return (
    <div className="connection-banner" role="status">
      {state === 'connecting' ? 'Connecting to console…' : 'Reconnecting to console…'}
    </div>
  );
}

const commandKey = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

export function StatusBar({
  connection,
  info,
  view,
}: {
  connection: ConnectionState;
  info: AppInfo | undefined;
  view: ConsoleView;
}) {
  return (
    <footer className="status-bar">
      <span className={`status-item connection connection-${connection}`}>
        <span aria-hidden="true">{connection === 'open' ? '●' : '○'}</span> {connectionWords[connection]}
      </span>
      {view === 'lag' ? <LagStatus /> : <FleetStatus />}
      <ActionStatus />
      <NotificationStatus desktopShowsThem={info?.shell === 'electron'} />
      <span className="spacer" />
      <LocalZone />
      <span className="status-item muted keys">
        <kbd>{commandKey}</kbd>
        <kbd>K</kbd> commands <kbd>?</kbd> keys <kbd>/</kbd> filter <kbd>↑</kbd>
        <kbd>↓</kbd> or <kbd>j</kbd>
        <kbd>k</kbd> move <kbd>Enter</kbd> details <kbd>Esc</kbd> close <kbd>r</kbd> roll back <kbd>g</kbd> +{' '}
        {consoleViews.map((entry) => entry.key).join(' ')} or <kbd>1</kbd>–<kbd>{consoleViews.length}</kbd>{' '}
        views
      </span>
      <ThemePicker />
      {info && (
        <span className="status-item muted">
          {info.shell} · v{info.version}
        </span>
      )}
    </footer>
  );
}

function FleetStatus() {
  const streamError = useFleet((state) => state.streamError);
  const lastEventAt = useFleet((state) => state.lastEventAt);
  return (
    <>
      <LastUpdate lastEventAt={lastEventAt} />
      <FleetTotals />
      {streamError && (
        <span className="status-item error-text" role="alert">
          Fleet stream: {describeIpcError(streamError)} — re-subscribing
        </span>
      )}
    </>
  );
}

function LagStatus() {
  const streamError = useLag((state) => state.streamError);
  const lastEventAt = useLag((state) => state.lastEventAt);
  const counts = useLag((state) => state.severityCounts);
  const totals = { ok: 0, unknown: 0, warn: 0, error: 0 };
  for (const entry of counts.values()) {
    for (const severity of lagSeveritiesByRank) totals[severity] += entry[severity];
  }
  const total = lagSeveritiesByRank.reduce((sum, severity) => sum + totals[severity], 0);
  return (
    <>
      <LastUpdate lastEventAt={lastEventAt} />
      <span className="status-item">
        {total} consumer groups
        {lagSeveritiesByRank
          .filter((severity) => severity !== 'ok' && totals[severity] > 0)
          .map((severity) => (
            <span key={severity} className={`lag-severity-${severity}`}>
              {' · '}
              {totals[severity]} {severityPresentation[severity].glyph} {severityPresentation[severity].word}
            </span>
          ))}
      </span>
      {streamError && streamError.code !== 'UNKNOWN_CHANNEL' && (
        <span className="status-item error-text" role="alert">
          Lag stream: {describeIpcError(streamError)} — re-subscribing
        </span>
      )}
    </>
  );
}

function LastUpdate({ lastEventAt }: { lastEventAt: number | null }) {
  const now = useNow();
  if (lastEventAt === null) return <span className="status-item muted">No update yet</span>;
  return (
    <span className="status-item mono">
      Updated {spokenDuration(now - lastEventAt, { finestUnit: 'second' })} ago
    </span>
  );
}

function FleetTotals() {
  const clusterHealth = useFleet((state) => state.clusterHealth);
  const totals = sumCounts(clusterHealth.values());
  const total = healthStatesBySeverity.reduce((sum, state) => sum + totals[state], 0);
  const problems = healthStatesBySeverity.filter((state) => state !== 'healthy' && totals[state] > 0);
  return (
    <span className="status-item">
      {total} services
      {problems.map((state) => (
        <span key={state} className={`health-${state}`}>
          {' · '}
          {totals[state]} {healthGlyphs[state]} {state}
        </span>
      ))}
    </span>
  );
}

function sumCounts(counts: Iterable<HealthCounts>): HealthCounts {
  const totals = { healthy: 0, deploying: 0, degraded: 0, failed: 0, stale: 0 };
  for (const entry of counts) {
    for (const state of healthStatesBySeverity) totals[state] += entry[state];
  }
  return totals;
}
