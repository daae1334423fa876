import { useCallback, useMemo } from 'react';
import { overviewRuns, overviewText, renderOverview } from '../../../shared/overview/overviewText';
import { CopyTextButton } from '../app/CopyTextButton';
import { describeIpcError } from '../app/errorText';
import { useAppInfo } from '../app/useAppInfo';
import { useNow } from '../app/useNow';
import { useFleet } from '../fleet/fleetStoreContext';
import './overview.css';
import { regionClass } from './regionClass';
import { useOverview } from './useOverview';

/** Columns the dashboard is drawn in, on screen and copied alike: it fits a chat window. */
const drawingWidth = 100;

/**
 * The platform's health dashboard: the fleet's request rate, 5XX rate, CPU and memory as
 * bars, the services that matter most now and the active alarms, drawn in box-drawing
 * characters as the topology is, live, and copyable as the same text.
 */
export function OverviewView() {
  const { overview, error } = useOverview();
  const offset = useFleet((state) => state.mainClockOffsetMs);
  // Ages ("metrics 40 s old", "since … (3 min ago)") keep counting between updates, on main's clock.
  const now = useNow(1000) - offset;
  const onSandbox = useAppInfo().data?.source === 'sandbox';
  const rendered = useMemo(
    () => (overview ? renderOverview(overview, { width: drawingWidth, now, onSandbox }) : null),
    [overview, now, onSandbox],
  );
  const runs = useMemo(() => (rendered ? overviewRuns(rendered) : []), [rendered]);
  const snapshot = useCallback(
    () =>
      overview ? overviewText(overview, { width: drawingWidth, now: Date.now() - offset, onSandbox }) : '',
    [overview, offset, onSandbox],
  );
  const unread = overview?.environments.filter((environment) => environment.metricsAt === null) ?? [];

  return (
    <div className="view" data-testid="overview-view">
      <div className="view-toolbar">
        <span className="overview-summary">
          Worst services first; figures from CloudWatch, read once a minute.
        </span>
        <span className="spacer" />
        <CopyTextButton
          snapshot={snapshot}
          disabled={!overview}
          what="the overview"
          title="Copy the dashboard as plain text, for an incident channel"
          testId="copy-overview"
        />
      </div>
      {error && (
        <p className="view-note error-text" role="alert" data-testid="overview-error">
          The overview stopped updating: {describeIpcError(error.error)}. Trying again in{' '}
          {Math.ceil(error.retryInMs / 1000)} s{overview ? '; what is shown is older.' : '.'}
        </p>
      )}
      {overview && !overview.hasMetrics && (
        <p className="view-note muted" data-testid="overview-no-metrics">
          No metrics yet: CloudWatch has not been read for any environment
          {unread.some((environment) => environment.problem)
            ? ` (${unread.flatMap((environment) => environment.problem ?? []).join('; ')})`
            : ''}
          . Figures say “no data” until it is.
        </p>
      )}
      <div className="overview-scroll">
        {!overview && !error && (
          <p className="table-message" data-testid="overview-waiting">
            Waiting for the overview from the console…
          </p>
        )}
        {rendered && (
          <pre
            className="overview-drawing"
            data-testid="overview-drawing"
            data-has-metrics={overview?.hasMetrics ? 'true' : 'false'}
            tabIndex={0}
            aria-label="The overview as text"
          >
            {runs.map((row, y) => (
              <span key={y} className="overview-row">
                {row.map((run, index) =>
                  run.region === null ? (
                    run.text
                  ) : (
                    <span key={index} className={regionClass(run.region)}>
                      {run.text}
                    </span>
                  ),
                )}
                {'\n'}
              </span>
            ))}
          </pre>
        )}
      </div>
    </div>
  );
}
