import { memo } from 'react';
import type { ClusterStatus } from '../../../shared/fleet/fleetModel';
import { healthGlyphs } from '../../../shared/fleet/healthGlyphs';
import { pollCadenceText } from '../../../shared/fleet/pollCadenceText';
import { DataAge } from '../app/DataAge';
import { useFleet } from './fleetStoreContext';
import type { HealthCounts } from '../../../shared/fleet/fleetView';
import { healthStatesBySeverity } from './healthPresentation';

interface PlacedRow {
  top: number;
  height: number;
}

export const EnvironmentHeader = memo(function EnvironmentHeader({
  environment,
  top,
  height,
}: PlacedRow & { environment: string }) {
  return (
    <div
      role="row"
      className="virtual-row environment-header"
      style={{ transform: `translateY(${top}px)`, height }}
    >
      <div role="rowheader" className="environment-name">
        {environment}
      </div>
    </div>
  );
});

/** A cluster's name, whether its data is current, and how its services are doing. */
export const ClusterHeader = memo(function ClusterHeader({
  clusterId,
  clusterName,
  top,
  height,
}: PlacedRow & { clusterId: string; clusterName: string }) {
  const cluster = useFleet((state) => state.clusters.get(clusterId));
  const counts = useFleet((state) => state.clusterHealth.get(clusterId));
  const state = cluster?.state ?? 'error';
  return (
    <div
      role="row"
      className={`virtual-row cluster-header cluster-${state}`}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="cluster-header"
      data-cluster={clusterName}
      data-state={state}
    >
      <div role="rowheader" className="cluster-name">
        {clusterName}
      </div>
      <ClusterState cluster={cluster} />
      <div className="cluster-counts">{describeCounts(counts)}</div>
    </div>
  );
});

function ClusterState({ cluster }: { cluster: ClusterStatus | undefined }) {
  if (!cluster) {
    return <div className="cluster-state">✖ no status from main for this cluster</div>;
  }
  if (cluster.state === 'ok') {
    // What the last polls achieved, not what was asked of them.
    const cadence = pollCadenceText(cluster);
    return (
      <div className="cluster-state" title={cadence}>
        <span aria-hidden="true">✓</span> ok
        <span className="muted"> · {cadence}</span>
      </div>
    );
  }
  // Stale without an error is a cluster not read yet: one the console has just started to watch.
  const message = cluster.error
    ? `${cluster.error.message} (${cluster.error.code})`
    : 'its first poll is under way';
  if (cluster.state === 'stale') {
    return (
      <div className="cluster-state" title={message}>
        <span aria-hidden="true">○</span> stale · <FleetDataAge lastSuccessAt={cluster.lastSuccessAt} /> ·{' '}
        {message}
      </div>
    );
  }
  return (
    <div className="cluster-state" title={message}>
      <span aria-hidden="true">✖</span> error · {message}
    </div>
  );
}

/** The fleet's data age, on main's clock as the fleet store measured it. */
function FleetDataAge({ lastSuccessAt }: { lastSuccessAt: number | null }) {
  const offset = useFleet((state) => state.mainClockOffsetMs);
  return <DataAge lastSuccessAt={lastSuccessAt} clockOffsetMs={offset} />;
}

function describeCounts(counts: HealthCounts | undefined): string {
  if (!counts) return 'no services';
  const total = healthStatesBySeverity.reduce((sum, state) => sum + counts[state], 0);
  const parts = healthStatesBySeverity
    .filter((state) => counts[state] > 0)
    .map((state) => `${counts[state]} ${healthGlyphs[state]} ${state}`);
  return `${total} ${total === 1 ? 'service' : 'services'}: ${parts.join(' · ')}`;
}
