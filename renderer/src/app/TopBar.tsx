import type { RefObject } from 'react';
import type { AppInfo } from '../../../shared/ipc/app';
import { PromoteButton } from '../actions/PromoteButton';
import { FilterBox } from '../fleet/FilterBox';
import { RefreshButton } from '../fleet/RefreshButton';
import { LagFilterBox, TailButton } from '../kafka/LagFilterBox';
import { SandboxMenu } from '../sandbox/SandboxMenu';
import { describeError } from './errorText';
import type { ConsoleView } from './views';
import { ViewTabs } from './ViewTabs';

/** Shown under the top bar when main could not use its config: the empty fleet below is why. */
export function ConfigErrorBanner({ info }: { info: AppInfo | undefined }) {
  if (!info?.configError) return null;
  return (
    <div className="config-banner" role="alert">
      The console configuration could not be used, so no fleet is shown: {info.configError}
    </div>
  );
}

export function TopBar({
  info,
  infoError,
  filterRef,
  view,
  onNavigate,
}: {
  info: AppInfo | undefined;
  infoError: unknown;
  filterRef: RefObject<HTMLInputElement | null>;
  view: ConsoleView;
  onNavigate: (view: ConsoleView) => void;
}) {
  return (
    <header className="top-bar">
      <h1 className="brand">FlareNet Console</h1>
      {info && <SourceBadge info={info} />}
      <ViewTabs view={view} onNavigate={onNavigate} />
      {info?.readOnly && (
        <span className="read-only" data-testid="read-only-badge">
          <span className="badge badge-read-only" title={info.readOnlyReason ?? undefined}>
            READ-ONLY
          </span>
          {info.readOnlyReason && (
            <span className="read-only-reason" title={info.readOnlyReason}>
              {info.readOnlyReason}
            </span>
          )}
        </span>
      )}
      {!info && infoError !== null && (
        <span className="error-text small" role="alert">
          Could not read the console settings: {describeError(infoError)}
        </span>
      )}
      {view === 'audit' || view === 'logs' || view === 'timeline' ? (
        <span className="spacer" />
      ) : view === 'topology' || view === 'overview' ? (
        <>
          <span className="spacer" />
          <RefreshButton />
        </>
      ) : view === 'lag' ? (
        <>
          <LagFilterBox inputRef={filterRef} />
          <TailButton />
        </>
      ) : (
        <>
          <FilterBox inputRef={filterRef} />
          <RefreshButton />
        </>
      )}
      <PromoteButton info={info} />
      {info && <SandboxMenu info={info} />}
    </header>
  );
}

function SourceBadge({ info }: { info: AppInfo }) {
  if (info.source === 'sandbox') {
    return (
      <span
        className="badge badge-sandbox"
        data-testid="source-badge"
        title={
          info.sandboxEndpoints
            ? `Simulated fleet; ECS and Logs endpoint ${info.sandboxEndpoints.ecs}${info.sandboxEndpoints.kafka ? `, Kafka ${info.sandboxEndpoints.kafka}` : ''}`
            : 'Simulated fleet'
        }
      >
        SANDBOX
      </span>
    );
  }
  return (
    <span
      className="badge badge-aws"
      data-testid="source-badge"
      title={info.environments.map((environment) => environment.name).join(', ')}
    >
      AWS
    </span>
  );
}
