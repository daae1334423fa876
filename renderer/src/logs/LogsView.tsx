import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { formatCount } from '../../../shared/kafka/lagWords';
import { spokenDuration } from '../../../shared/time/durationText';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeIpcError } from '../app/errorText';
import { hashForView, queryFromHash, viewFromHash } from '../app/views';
import { useFleetCatalog } from '../fleet/useFleetCatalog';
import { groupServicesByCluster } from '../fleet/serviceGroups';
import {
  isMinimumLevel,
  logTargetFromQuery,
  meetsLevel,
  minimumLevels,
  queryForLogs,
  type LogTarget,
  type MinimumLevel,
} from './logFilters';
import { LogLineList } from './LogLineList';
import './logs.css';
import { logBufferLimit, LogTail, logTailSinceMs, type LogTailView } from './logTailFeed';

/** A pattern being typed restarts the tail only once typing pauses. */
const patternDebounceMs = 600;

const phaseWords: Record<LogTailView['phase'], string> = {
  idle: 'not started',
  starting: 'starting…',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
};

/**
 * One service's logs, live: from the log group its task definition's awslogs options name,
 * by CloudWatch live tail or by polling (the status line says which, and why), narrowed by
 * a CloudWatch filter pattern (applied in main: a new pattern restarts the tail) and by level
 * (applied here), pausable without losing lines.
 */
export function LogsView() {
  const [target, setTarget] = useLogTarget();
  const [level, setLevel] = useState<MinimumLevel>(() => {
    const fromHash = queryFromHash(window.location.hash).get('level');
    return isMinimumLevel(fromHash) ? fromHash : 'ALL';
  });
  const [patternText, setPatternText] = useState('');
  const [pattern, setPattern] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setPattern(patternText), patternDebounceMs);
    return () => clearTimeout(timer);
  }, [patternText]);

  const client = useConsoleClient();
  const [tail] = useState(() => new LogTail(client));
  const view = useSyncExternalStore(tail.subscribe, tail.getView);
  useEffect(() => {
    if (!target) return;
    tail.start({ ...target, filterPattern: pattern });
    return () => tail.stop();
  }, [tail, target, pattern]);

  const choose = (next: LogTarget | null, nextLevel = level) => {
    setTarget(next);
    setLevel(nextLevel);
    window.history.replaceState(null, '', hashForView('logs', queryForLogs(next, nextLevel)));
  };

  const lines = view.buffer.entries;
  const shown = useMemo(
    () => (level === 'ALL' ? lines : lines.filter((entry) => meetsLevel(entry.line.level, level))),
    [lines, level],
  );

  const onPatternKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') setPattern(patternText);
    // Esc stays in the field: it clears it.
    if (event.key === 'Escape') {
      event.stopPropagation();
      setPatternText('');
      setPattern('');
    }
  };

  return (
    <section className="view" data-testid="log-view" aria-label="Service logs">
      <header className="view-toolbar">
        <ServicePicker target={target} onChoose={(next) => choose(next)} />
        <label className="toolbar-option log-pattern">
          <span>Filter pattern</span>
          <input
            type="search"
            value={patternText}
            onChange={(event) => setPatternText(event.target.value)}
            onKeyDown={onPatternKey}
            placeholder='CloudWatch syntax: ERROR, "POST /v1/orders", { $.level = "error" }'
            spellCheck={false}
            data-testid="log-filter"
          />
        </label>
        <label className="toolbar-option">
          <span>Level</span>
          <select
            value={level}
            onChange={(event) => choose(target, event.target.value as MinimumLevel)}
            data-testid="log-level"
          >
            {minimumLevels.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={
            view.tailId === null || view.pausePending || (view.phase !== 'running' && view.phase !== 'paused')
          }
          aria-pressed={view.phase === 'paused'}
          onClick={() => void tail.setPaused(view.phase !== 'paused')}
          data-testid="log-pause"
        >
          {view.phase === 'paused' ? 'Resume' : 'Pause'}
        </button>
      </header>
      <LogStatus view={view} shown={shown.length} />
      {target ? (
        <LogLineList
          lines={shown}
          newestSeq={view.buffer.nextSeq - 1}
          emptyText={
            view.phase === 'starting'
              ? 'Finding the log group…'
              : level === 'ALL'
                ? 'No lines yet.'
                : 'No lines at this level yet.'
          }
        />
      ) : (
        <p className="table-message">Pick a service to tail its logs.</p>
      )}
    </section>
  );
}

function LogStatus({ view, shown }: { view: LogTailView; shown: number }) {
  const mode = view.mode === 'live-tail' ? 'live tail' : view.mode === 'polling' ? 'polling' : null;
  return (
    <div
      className="view-status"
      data-testid="log-status"
      data-state={view.phase}
      data-mode={view.mode ?? 'none'}
    >
      <span className={`live-phase live-phase-${view.phase}`}>{phaseWords[view.phase]}</span>
      {mode && (
        <span className={`log-mode log-mode-${view.mode}`} title={view.fallbackReason ?? undefined}>
          {mode === 'polling' ? '◌ polling' : '● live tail'}
          {view.fallbackReason && <span className="muted"> — {view.fallbackReason}</span>}
        </span>
      )}
      {view.source && (
        <span
          className="mono"
          title={`${view.source.region}, task definition ${view.source.taskDefinitionArn}`}
        >
          {view.source.logGroup}
        </span>
      )}
      {view.params?.filterPattern.trim() && (
        <span className="mono">pattern {view.params.filterPattern.trim()}</span>
      )}
      <span className="mono">{formatCount(Math.round(view.linesPerSecond))} lines/s</span>
      <span className="mono">{formatCount(view.received)} received</span>
      <span className="mono" title="Dropped by main because the page fell behind">
        {formatCount(view.dropped)} dropped
      </span>
      {view.excluded > 0 && (
        <span className="mono muted" title="Lines of the same log group from other clusters' tasks">
          {formatCount(view.excluded)} of other clusters
        </span>
      )}
      {view.phase === 'paused' && (
        <span className="log-backlog" data-testid="log-backlog">
          {formatCount(view.backlog)} held for the resume
          {view.droppedWhilePaused > 0
            ? `, ${formatCount(view.droppedWhilePaused)} let go (the hold is full)`
            : ''}
        </span>
      )}
      <span className="muted mono" title="The view keeps the newest lines only">
        showing {formatCount(shown)} (last {formatCount(logBufferLimit)} kept, from{' '}
        {spokenDuration(logTailSinceMs)} back)
      </span>
      {view.error && (
        <span className="error-text" role="alert">
          {describeIpcError(view.error)}
        </span>
      )}
    </div>
  );
}

/** Every service of the fleet, by environment and cluster. */
function ServicePicker({
  target,
  onChoose,
}: {
  target: LogTarget | null;
  onChoose: (next: LogTarget | null) => void;
}) {
  const catalog = useFleetCatalog().data;
  const groups = useMemo(() => groupServicesByCluster(catalog ?? []), [catalog]);
  const value = target ? `${target.cluster}/${target.service}` : '';
  const known = groups.some((group) =>
    group.services.some((s) => `${s.clusterName}/${s.serviceName}` === value),
  );
  return (
    <label className="toolbar-option">
      <span>Service</span>
      <select
        value={value}
        onChange={(event) => {
          const [cluster, service] = event.target.value.split('/');
          onChoose(cluster && service ? { cluster, service } : null);
        }}
        data-testid="log-service"
      >
        <option value="">choose a service…</option>
        {target && !known && <option value={value}>{`${target.service} (${target.cluster})`}</option>}
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.services.map((service) => (
              <option key={service.key} value={`${service.clusterName}/${service.serviceName}`}>
                {service.serviceName}
                {service.health === 'healthy' ? '' : ` (${service.health})`}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

/** The service in the hash, following links (the service panel's "Logs") while the view is open. */
function useLogTarget(): [LogTarget | null, (next: LogTarget | null) => void] {
  const [target, setTarget] = useState(() => logTargetFromQuery(queryFromHash(window.location.hash)));
  useEffect(() => {
    const onHashChange = () => {
      if (viewFromHash(window.location.hash) !== 'logs') return;
      const next = logTargetFromQuery(queryFromHash(window.location.hash));
      if (next)
        setTarget((previous) =>
          previous?.cluster === next.cluster && previous.service === next.service ? previous : next,
        );
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const set = useCallback((next: LogTarget | null) => setTarget(next), []);
  return [target, set];
}
