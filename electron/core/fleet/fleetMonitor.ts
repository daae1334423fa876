import { setMaxListeners } from 'node:events';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import type {
  ClusterStatus,
  FleetSnapshot,
  ServiceDetails,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import { ConsoleError } from '../ipc/consoleError';
import { ClusterServices, defaultServiceCadence, type ServiceCadence } from './clusterServices';
import { listClusterArns } from './ecsFleetReader';
import { backoffDelayMs } from './pollBackoff';
import { clusterView, discoveryStatus, type ClusterState, type TargetState } from './fleetClusterState';
import { FleetPublisher, type FleetListener } from './fleetPublisher';
import { addClusterState, newTargetState, rewatchTargets, type StateParts } from './fleetTargetStates';
import { describePollFailure } from './pollFailure';
import { achievedIntervalToShow, PollSchedule, type Timers } from './pollSchedule';
import { readServiceDetails } from './serviceDetails';
import { isDeploying, toServiceSummary } from './serviceSummary';

/**
 * Polls every cluster of every environment on its own schedule and keeps the fleet as the
 * console shows it. Each cluster succeeds or fails alone: a throttled account or an
 * unreachable endpoint marks its own clusters stale and leaves the others alone.
 *
 * Subscribers get a snapshot first, then only what changed. Nothing here throws into a
 * timer or leaves a promise rejected: every failure becomes a cluster status.
 */

export interface FleetTarget {
  environment: string;
  /** Cluster names or ARNs; discovered with ListClusters when absent. */
  clusters?: string[];
  client: ECSClient;
  /** Where the client points, for error messages ("the ECS endpoint http://…"). */
  description?: string;
}

export interface FleetMonitorOptions {
  targets: FleetTarget[];
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  pollIntervalMs?: number;
  /** The tighter interval a cluster is polled at while one of its services is deploying. */
  deploymentPollIntervalMs?: number;
  maxBackoffMs?: number;
  /** How often environments without a cluster list look for new clusters. */
  discoveryIntervalMs?: number;
  /** How often each cluster's membership is listed again, and how often its quiet services are described. */
  serviceCadence?: Partial<ServiceCadence>;
  random?: () => number;
  /**
   * How long a finished poll waits for the others still in flight, so that one refresh of many
   * clusters rebuilds and diffs the fleet once rather than once per cluster.
   */
  publishWaitMs?: number;
  /** A subscriber threw, or a poll broke in a way no cluster status can say; the monitor carries on regardless. */
  onError?: (error: unknown) => void;
}

type PollListener = (status: ClusterStatus) => void;

const defaultDiscoveryIntervalMs = 5 * 60_000;
/** The least a cluster waits between polls, however long its last poll took. */
const minimumPollPauseMs = 1000;

export class FleetMonitor {
  private targets: TargetState[];
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly pollIntervalMs: number;
  private readonly deploymentPollIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly discoveryIntervalMs: number;
  private readonly serviceCadence: ServiceCadence;
  private readonly stateParts: StateParts;
  private readonly random: () => number;
  private readonly pollListeners = new Set<PollListener>();
  private readonly publisher: FleetPublisher;
  private running = false;
  private stopped = false;
  private abort = newPollAbortController();

  constructor(private readonly options: FleetMonitorOptions) {
    this.now = options.now ?? Date.now;
    this.timers = {
      setTimer: options.setTimer ?? ((callback, ms) => setTimeout(callback, ms)),
      clearTimer: options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    };
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.deploymentPollIntervalMs = options.deploymentPollIntervalMs ?? 2000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.discoveryIntervalMs = options.discoveryIntervalMs ?? defaultDiscoveryIntervalMs;
    this.serviceCadence = { ...defaultServiceCadence, ...options.serviceCadence };
    this.random = options.random ?? Math.random;

    this.stateParts = {
      newSchedule: () => new PollSchedule(this.timers, this.pollIntervalMs),
      newReader: () => new ClusterServices(this.serviceCadence),
    };
    this.targets = options.targets.map((target) => newTargetState(target, this.stateParts));
    this.publisher = new FleetPublisher({
      build: () => this.buildSnapshot(),
      timers: this.timers,
      waitMs: options.publishWaitMs ?? 1000,
      onError: (error) => this.options.onError?.(error),
    });
  }

  /** Starts polling every cluster now and then on its own interval. */
  start(): void {
    if (this.running) return;
    if (this.stopped) {
      this.stopped = false;
      this.abort = newPollAbortController();
      this.publisher.reopen();
    }
    this.running = true;
    for (const target of this.targets) void this.refreshTarget(target);
  }

  /** Stops every timer and abandons requests in flight; nothing is published afterwards. */
  stop(): void {
    this.running = false;
    this.stopped = true;
    this.abort.abort();
    this.publisher.close();
    for (const target of this.targets) {
      target.discovery?.schedule.cancel();
      for (const cluster of target.clusters) cluster.schedule.cancel();
    }
  }

  /**
   * Polls every cluster now (and discovers clusters where that is still to do); resolves when
   * all are done. A full refresh, the default and what a person asking for one means, lists
   * every cluster's services again and describes them all; `full: false` polls as the timers do.
   */
  async refresh(options: { full?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    if (options.full ?? true) {
      for (const target of this.targets)
        for (const cluster of target.clusters) cluster.reader.requestFullRead();
    }
    await Promise.all(this.targets.map((target) => this.refreshTarget(target)));
  }

  /**
   * Watches these environments from now on, as when the console's sandbox was rebuilt at
   * another size. A cluster watched already keeps its schedule and what it read; a new one
   * starts polling at once and shows as not read yet; a cluster or environment no longer named
   * is dropped, and subscribers get the whole fleet again, since a delta cannot say a cluster
   * is gone. An environment is the same one when its name, client and cluster discovery are.
   * `readAgain`: the clusters kept have other services now (a rebuilt sandbox), so they are
   * listed and described again at once.
   */
  watch(targets: FleetTarget[], options: { readAgain?: boolean } = {}): void {
    const rewatch = rewatchTargets(this.targets, targets, this.stateParts, options.readAgain ?? false);
    this.targets = rewatch.targets;
    if (rewatch.dropped) this.publisher.republish();
    else void this.publisher.publishSoon();
    if (!this.running) return;
    for (const state of rewatch.started) void this.refreshTarget(state);
    for (const cluster of rewatch.toPoll) void this.requestPoll(cluster);
  }

  snapshot(): FleetSnapshot {
    return this.publisher.snapshot();
  }

  /** The first event is always the current snapshot; later ones carry only what changed. */
  subscribe(listener: FleetListener): () => void {
    return this.publisher.subscribe(listener);
  }

  /** Called after every cluster poll (and discovery attempt), successful or not, once the next one is scheduled. */
  onPoll(listener: PollListener): () => void {
    this.pollListeners.add(listener);
    return () => {
      this.pollListeners.delete(listener);
    };
  }

  /** Resolves after the next poll that matches, so tests can wait for a poll instead of sleeping. */
  nextPoll(matches: (status: ClusterStatus) => boolean = () => true): Promise<ClusterStatus> {
    return new Promise((resolve) => {
      const unsubscribe = this.onPoll((status) => {
        if (!matches(status)) return;
        unsubscribe();
        resolve(status);
      });
    });
  }

  async serviceDetails(
    clusterName: string,
    serviceName: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ServiceDetails> {
    const cluster = this.findCluster(clusterName);
    if (!cluster)
      throw new ConsoleError('NOT_FOUND', `The console does not watch a cluster named ${clusterName}.`);
    const signal = options.signal ? AbortSignal.any([options.signal, this.abort.signal]) : this.abort.signal;
    return readServiceDetails({
      client: cluster.target.target.client,
      images: cluster.target.images,
      environment: cluster.target.target.environment,
      clusterName: cluster.clusterName,
      clusterArn: cluster.clusterArn,
      serviceName,
      now: this.now,
      signal,
    });
  }

  private findCluster(nameOrArn: string): ClusterState | undefined {
    for (const target of this.targets) {
      const found = target.clusters.find(
        (c) => c.clusterName === nameOrArn || c.clusterArn === nameOrArn || c.ref === nameOrArn,
      );
      if (found) return found;
    }
    return undefined;
  }

  /** A cluster or environment `watch` dropped is polled no more, whatever was in flight when it went. */
  private isWatched(cluster: ClusterState): boolean {
    return this.targets.includes(cluster.target) && cluster.target.clusters.includes(cluster);
  }

  private async refreshTarget(target: TargetState): Promise<void> {
    if (target.discovery && !target.discovery.found) await this.requestDiscovery(target);
    await Promise.all(target.clusters.map((cluster) => this.requestPoll(cluster)));
  }

  private requestPoll(cluster: ClusterState): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return cluster.schedule.run(
      this.guarded(() => this.poll(cluster)),
      (status) => {
        if (!this.isWatched(cluster)) return;
        if (this.running)
          cluster.schedule.schedule(() => void this.requestPoll(cluster), this.nextPollDelay(cluster));
        if (status) this.notifyPoll(status);
      },
    );
  }

  private requestDiscovery(target: TargetState): Promise<void> {
    const discovery = target.discovery;
    if (this.stopped || !discovery) return Promise.resolve();
    return discovery.schedule.run(
      this.guarded(() => this.discover(target)),
      (status) => {
        if (!this.targets.includes(target)) return;
        if (this.running) {
          discovery.schedule.schedule(() => {
            // Clusters found by a later discovery start polling here; the others have their own timers.
            void this.requestDiscovery(target).then(() =>
              Promise.all(target.clusters.filter((c) => c.schedule.idle).map((c) => this.requestPoll(c))),
            );
          });
        }
        if (status) this.notifyPoll(status);
      },
    );
  }

  /** A poll that throws anyway (a bug, not ECS) is reported and treated as no poll, so nothing rejects. */
  private guarded(job: () => Promise<ClusterStatus | null>): () => Promise<ClusterStatus | null> {
    return () =>
      job().catch((error: unknown) => {
        this.options.onError?.(error);
        return null;
      });
  }

  private async discover(target: TargetState): Promise<ClusterStatus | null> {
    const discovery = target.discovery!;
    const signal = this.abort.signal;
    try {
      const arns = await listClusterArns(target.target.client, signal);
      if (signal.aborted) return null;
      for (const arn of arns) {
        if (
          !target.clusters.some(
            (c) => c.clusterArn === arn || c.ref === arn || c.clusterName === resourceNameFromArn(arn),
          )
        ) {
          addClusterState(target, arn, this.stateParts);
        }
      }
      discovery.found = true;
      discovery.schedule.failures = 0;
      discovery.error = null;
      discovery.lastSuccessAt = this.now();
      discovery.schedule.intervalMs = this.discoveryIntervalMs;
    } catch (error) {
      if (signal.aborted) return null;
      discovery.schedule.failures += 1;
      // Once clusters are known their own polls report trouble; a failed rediscovery only waits longer.
      if (!discovery.found) discovery.error = describePollFailure(target.description, error);
      discovery.schedule.intervalMs = this.backoff(discovery.schedule.failures);
    }
    await this.publisher.publishSoon();
    return discoveryStatus(target);
  }

  private async poll(cluster: ClusterState): Promise<ClusterStatus | null> {
    const signal = this.abort.signal;
    const { client, environment } = cluster.target.target;
    const startedAt = this.now();
    cluster.pollStartedAt = startedAt;
    this.publisher.pollStarted();
    try {
      await cluster.reader.read({
        client,
        cluster: cluster.ref,
        images: cluster.target.images,
        signal,
        now: this.now,
        summarize: (service, image, observedAt) => {
          cluster.clusterArn ??= service.clusterArn ?? null;
          return toServiceSummary(service, {
            environment,
            clusterName: cluster.clusterName,
            clusterArn: cluster.clusterArn,
            image,
            observedAt,
          });
        },
      });
      if (signal.aborted) return null;
      cluster.services = cluster.reader.summaries();
      cluster.lastSuccessAt = cluster.reader.oldestReadAt() ?? this.now();
      cluster.error = null;
      cluster.failedAt = null;
      cluster.schedule.failures = 0;
      cluster.schedule.intervalMs = cluster.services.some(isDeploying)
        ? this.deploymentPollIntervalMs
        : this.pollIntervalMs;
      if (cluster.lastSuccessStartedAt !== null) {
        cluster.achievedIntervalMs = achievedIntervalToShow(
          cluster.achievedIntervalMs,
          startedAt - cluster.lastSuccessStartedAt,
          cluster.schedule.intervalMs,
        );
      }
      cluster.lastSuccessStartedAt = startedAt;
    } catch (error) {
      if (signal.aborted) return null;
      cluster.schedule.failures += 1;
      cluster.error = describePollFailure(cluster.target.description, error);
      cluster.failedAt = this.now();
      cluster.schedule.intervalMs = this.backoff(cluster.schedule.failures);
    } finally {
      this.publisher.pollFinished();
    }
    cluster.shown = null;
    await this.publisher.publishSoon();
    return clusterView(cluster, this.now).status;
  }

  /**
   * A healthy cluster's interval runs from the start of one poll to the start of the next, so
   * a poll's own duration does not stretch it; a poll that takes longer than the interval
   * still leaves a short pause. After a failure the whole backoff is waited.
   */
  private nextPollDelay(cluster: ClusterState): number {
    const interval = cluster.schedule.intervalMs;
    if (cluster.schedule.failures > 0 || cluster.pollStartedAt === null) return interval;
    const pause = Math.min(minimumPollPauseMs, interval);
    return Math.max(pause, interval - (this.now() - cluster.pollStartedAt));
  }

  private backoff(failures: number): number {
    return backoffDelayMs({
      consecutiveFailures: failures,
      baseMs: this.pollIntervalMs,
      capMs: this.maxBackoffMs,
      floorMs: Math.min(1000, this.pollIntervalMs),
      random: this.random,
    });
  }

  /**
   * The fleet in the order both sides keep (see sortServices): environments as configured,
   * clusters as listed or discovered, services by name. A cluster that has not answered yet
   * is `stale` with neither data nor error.
   */
  private buildSnapshot(): FleetSnapshot {
    const clusters: ClusterStatus[] = [];
    const services: ServiceSummary[] = [];
    for (const target of this.targets) {
      if (target.clusters.length === 0 && target.discovery) clusters.push(discoveryStatus(target));
      for (const cluster of target.clusters) {
        const view = clusterView(cluster, this.now);
        clusters.push(view.status);
        services.push(...view.services);
      }
    }
    return { clusters, services, generatedAt: this.now() };
  }

  private notifyPoll(status: ClusterStatus): void {
    for (const listener of [...this.pollListeners]) {
      try {
        listener(status);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}

/**
 * One signal is shared by every request of every poll so stop() cancels them all; a large
 * cluster has more than Node's default ten listeners on it at once, which is expected.
 */
function newPollAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
