import { resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import type { ClusterServices } from './clusterServices';
import { describeEcsClient } from './ecsClients';
import { taskDefinitionImagesOf } from './ecsFleetReader';
import type { ClusterState, Schedule, TargetState } from './fleetClusterState';
import type { FleetTarget } from './fleetMonitor';

/**
 * What the monitor keeps per environment and cluster, made new or carried over when it is
 * told to watch other environments while it runs (the console's sandbox rebuilt at another
 * size).
 */

/** What a new environment or cluster gets from the monitor: its own schedule and reader. */
export interface StateParts {
  newSchedule(): Schedule;
  newReader(): ClusterServices;
}

export function newTargetState(target: FleetTarget, parts: StateParts): TargetState {
  const state: TargetState = {
    target,
    description: target.description ?? describeEcsClient(target.client) ?? 'the ECS endpoint',
    images: taskDefinitionImagesOf(target.client),
    clusters: [],
    discovery: listsClusters(target)
      ? null
      : { schedule: parts.newSchedule(), found: false, error: null, lastSuccessAt: null },
  };
  for (const ref of target.clusters ?? []) addClusterState(state, ref, parts);
  return state;
}

/** A cluster the environment lists, or one ListClusters found (by ARN), not read yet. */
export function addClusterState(target: TargetState, ref: string, parts: StateParts): ClusterState {
  const cluster: ClusterState = {
    schedule: parts.newSchedule(),
    target,
    ref,
    clusterName: resourceNameFromArn(ref),
    clusterArn: ref.startsWith('arn:') ? ref : null,
    reader: parts.newReader(),
    services: [],
    lastSuccessAt: null,
    error: null,
    failedAt: null,
    pollStartedAt: null,
    lastSuccessStartedAt: null,
    achievedIntervalMs: null,
    shown: null,
  };
  target.clusters.push(cluster);
  return cluster;
}

export interface Rewatch {
  /** The environments watched from now on, in the order given. */
  targets: TargetState[];
  /** Environments new or changed beyond their cluster list: polled (and discovered) from scratch. */
  started: TargetState[];
  /** Clusters of kept environments to poll now: the new ones, and with `readAgain` the kept ones too. */
  toPoll: ClusterState[];
  /** Some cluster or environment is no longer watched; its schedules are cancelled. */
  dropped: boolean;
}

/**
 * Carries the watched state over to `next`. An environment is kept when its name, client and
 * way of finding clusters are the same: its clusters still listed keep their schedule and what
 * they read, those no longer listed are cancelled, new ones join in the listed order.
 * `readAgain`: the kept clusters' services changed behind the same names, so each lists and
 * describes them all at its next poll.
 */
export function rewatchTargets(
  current: readonly TargetState[],
  next: readonly FleetTarget[],
  parts: StateParts,
  readAgain: boolean,
): Rewatch {
  const previous = new Map(current.map((state) => [state.target.environment, state]));
  const rewatch: Rewatch = { targets: [], started: [], toPoll: [], dropped: false };
  for (const target of next) {
    const kept = previous.get(target.environment);
    if (
      !kept ||
      kept.target.client !== target.client ||
      listsClusters(kept.target) !== listsClusters(target)
    ) {
      const state = newTargetState(target, parts);
      rewatch.started.push(state);
      rewatch.targets.push(state);
      continue;
    }
    previous.delete(target.environment);
    kept.target = target;
    // Discovered clusters stay as ListClusters last found them.
    const refs = kept.discovery ? kept.clusters.map((cluster) => cluster.ref) : (target.clusters ?? []);
    const staying = kept.clusters.filter((cluster) => refs.includes(cluster.ref));
    for (const cluster of kept.clusters) if (!staying.includes(cluster)) cluster.schedule.cancel();
    rewatch.dropped ||= staying.length < kept.clusters.length;
    kept.clusters = staying;
    if (readAgain) {
      for (const cluster of staying) cluster.reader.requestFullRead();
      rewatch.toPoll.push(...staying);
    }
    for (const ref of refs)
      if (!staying.some((cluster) => cluster.ref === ref))
        rewatch.toPoll.push(addClusterState(kept, ref, parts));
    kept.clusters.sort((a, b) => refs.indexOf(a.ref) - refs.indexOf(b.ref));
    rewatch.targets.push(kept);
  }
  for (const gone of previous.values()) {
    rewatch.dropped = true;
    gone.discovery?.schedule.cancel();
    for (const cluster of gone.clusters) cluster.schedule.cancel();
  }
  return rewatch;
}

/** An environment lists its clusters, or (none listed) discovers them with ListClusters. */
function listsClusters(target: FleetTarget): boolean {
  return target.clusters !== undefined && target.clusters.length > 0;
}
