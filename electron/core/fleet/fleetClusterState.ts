import type { ClusterStatus, ServiceSummary } from '../../../shared/fleet/fleetModel';
import { clusterDiscoveryName } from '../../../shared/fleet/fleetDelta';
import { staleHealthReason } from '../../../shared/fleet/serviceHealth';
import type { IpcError } from '../../../shared/ipc/result';
import type { ClusterServices } from './clusterServices';
import type { TaskDefinitionImages } from './ecsFleetReader';
import type { FleetTarget } from './fleetMonitor';
import type { PollSchedule } from './pollSchedule';

/** What the monitor keeps per environment and per cluster, and how each reads to subscribers. */

export type Schedule = PollSchedule<ClusterStatus | null>;

export interface ClusterState {
  target: TargetState;
  schedule: Schedule;
  /** What ECS calls are made with: the configured name or ARN. */
  ref: string;
  clusterName: string;
  clusterArn: string | null;
  /** Which services the cluster has and when each was last described. */
  reader: ClusterServices;
  /** The last successful poll's services, sorted by name, each with the health derived when it was read. */
  services: ServiceSummary[];
  /** When every service shown had been read: the oldest of their read times. */
  lastSuccessAt: number | null;
  error: IpcError | null;
  /** When the latest failure happened; the stale reason measures the data's age from here. */
  failedAt: number | null;
  /** When the poll in flight, or the last one, started. */
  pollStartedAt: number | null;
  /** When the last successful poll started. */
  lastSuccessStartedAt: number | null;
  /** From the start of the successful poll before the last to the start of the last. */
  achievedIntervalMs: number | null;
  /** What subscribers were last sent for this cluster; rebuilt only when the cluster changes. */
  shown: { status: ClusterStatus; services: ServiceSummary[] } | null;
}

export interface TargetState {
  target: FleetTarget;
  description: string;
  images: TaskDefinitionImages;
  clusters: ClusterState[];
  /** Present while the environment's clusters come from ListClusters. */
  discovery: {
    schedule: Schedule;
    found: boolean;
    error: IpcError | null;
    lastSuccessAt: number | null;
  } | null;
}

/** What subscribers are shown for a cluster: its status and its services, stale when its last poll failed. */
export function clusterView(
  cluster: ClusterState,
  now: () => number,
): { status: ClusterStatus; services: ServiceSummary[] } {
  if (cluster.shown) return cluster.shown;
  const state: ClusterStatus['state'] =
    cluster.error === null
      ? cluster.lastSuccessAt === null
        ? 'stale'
        : 'ok'
      : cluster.lastSuccessAt === null
        ? 'error'
        : 'stale';
  const status: ClusterStatus = {
    environment: cluster.target.target.environment,
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn,
    state,
    lastSuccessAt: cluster.lastSuccessAt,
    error: cluster.error,
    serviceCount: cluster.services.length,
    pollIntervalMs: Math.round(cluster.schedule.intervalMs),
    achievedIntervalMs: cluster.achievedIntervalMs,
  };
  // Every service is shown as read when the least recently read one was: the renderer
  // carries the cluster's lastSuccessAt over to its services, so no service may claim more.
  const readThrough = cluster.lastSuccessAt;
  let services = cluster.services.map((s) =>
    readThrough === null || s.observedAt === readThrough ? s : { ...s, observedAt: readThrough },
  );
  if (cluster.error && cluster.lastSuccessAt !== null) {
    const reason = staleHealthReason(
      (cluster.failedAt ?? now()) - cluster.lastSuccessAt,
      cluster.error.message,
    );
    services = services.map((s) => ({ ...s, health: 'stale', healthReason: reason }));
  }
  cluster.shown = { status, services };
  return cluster.shown;
}

/** The status shown for an environment while its clusters are still to be listed. */
export function discoveryStatus(target: TargetState): ClusterStatus {
  const discovery = target.discovery!;
  return {
    environment: target.target.environment,
    clusterName: clusterDiscoveryName,
    clusterArn: null,
    state: discovery.found ? 'ok' : discovery.error ? 'error' : 'stale',
    lastSuccessAt: discovery.lastSuccessAt,
    error: discovery.error,
    serviceCount: 0,
    pollIntervalMs: Math.round(discovery.schedule.intervalMs),
    achievedIntervalMs: null,
  };
}
