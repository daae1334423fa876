import { setMaxListeners } from 'node:events';
import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { FleetEvent, FleetSnapshot } from '../../../shared/fleet/fleetModel';
import { isKeyedChangeEmpty } from '../../../shared/live/keyedCollection';
import { diffMetrics, sortServiceMetrics } from '../../../shared/metrics/metricsDelta';
import {
  type AlarmStateChange,
  type MetricsEvent,
  type MetricsGroupStatus,
  type MetricsSnapshot,
  type ServiceActivity,
} from '../../../shared/metrics/metricsModel';
import { ConsoleError } from '../ipc/consoleError';
import { backoffDelayMs } from '../fleet/pollBackoff';
import { describePollFailure } from '../fleet/pollFailure';
import { achievedIntervalToShow, PollSchedule, type Timers } from '../fleet/pollSchedule';
import { readAlarmChanges } from './alarmReader';
import { type EnvironmentMetrics, newEnvironmentMetrics, readEnvironment } from './environmentMetrics';
import { readScalingActivities, scalingResourceId, withoutResourceId } from './scalingReader';

/**
 * Reads CloudWatch for every service of the fleet, about once a minute (CloudWatch's period:
 * reading faster finds nothing new), and keeps the last hour of each service's figures, the
 * alarms tied to it and its recent scaling activities, per environment.
 *
 * What a renderer view or a notifications engine uses:
 * - `snapshot()` and `subscribe(listener)`: the live collection (a snapshot, then deltas of
 *   changed services whole), which `metricsStreamEncoder` turns into the `metrics.updates` stream;
 * - `onAlarmChange(listener)`: each alarm state change CloudWatch recorded since the last
 *   read, oldest first, with the services the alarm is tied to (none are told for the time
 *   before the monitor's first read);
 * - `serviceActivity(serviceKey)`: one service's alarm changes and scaling activities of the last day.
 *
 * An environment whose CloudWatch cannot be read is `stale` (or `error` before any read) with
 * the failure named, and its services keep their older `observedAt`: never shown as fresh.
 */

export interface MetricsTarget {
  environment: string;
  cloudWatch: CloudWatchClient;
  loadBalancing: ElasticLoadBalancingV2Client;
  autoScaling: ApplicationAutoScalingClient;
  /** Where the clients point, for error messages ("the CloudWatch endpoint http://…"). */
  description: string;
}

/** The fleet as the monitor reads it: which services exist, and when that changes. */
export interface FleetSource {
  snapshot(): FleetSnapshot;
  subscribe(listener: (event: FleetEvent) => void): () => void;
}

export interface MetricsMonitorOptions {
  targets: MetricsTarget[];
  fleet: FleetSource;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  pollIntervalMs?: number;
  /** How much history each service keeps, and the first read takes. */
  historyMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /** A listener threw, or a read broke in a way no status can say; the monitor carries on regardless. */
  onError?: (error: unknown) => void;
}

type MetricsListener = (event: MetricsEvent) => void;
type AlarmChangeListener = (change: AlarmStateChange) => void;

const defaultPollIntervalMs = 60_000;
const defaultHistoryMs = 60 * 60_000;
/** How soon services the fleet newly shows are read, so a starting console need not wait a minute. */
const newServicesDelayMs = 1000;
const activityWindowMs = 24 * 60 * 60_000;

export class MetricsMonitor {
  private environments: EnvironmentMetrics[];
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly pollIntervalMs: number;
  private readonly historyMs: number;
  private readonly listeners = new Set<MetricsListener>();
  private readonly alarmListeners = new Set<AlarmChangeListener>();
  private published: MetricsSnapshot;
  private running = false;
  private unfollowFleet: (() => void) | null = null;
  private abort = newAbortController();

  constructor(private readonly options: MetricsMonitorOptions) {
    this.now = options.now ?? Date.now;
    this.timers = {
      setTimer: options.setTimer ?? ((callback, ms) => setTimeout(callback, ms)),
      clearTimer: options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    };
    this.pollIntervalMs = options.pollIntervalMs ?? defaultPollIntervalMs;
    this.historyMs = options.historyMs ?? defaultHistoryMs;
    this.environments = options.targets.map((target) => this.newEnvironment(target));
    this.published = this.build();
  }

  /** Reads every environment now, then each on its own interval, and follows the fleet's new services. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.abort.signal.aborted) this.abort = newAbortController();
    this.unfollowFleet = this.options.fleet.subscribe(() => this.readNewServices());
    for (const environment of this.environments) void this.requestRead(environment);
  }

  /** Stops every timer and abandons requests in flight. */
  stop(): void {
    this.running = false;
    this.abort.abort();
    this.unfollowFleet?.();
    this.unfollowFleet = null;
    for (const environment of this.environments) environment.schedule.cancel();
  }

  /** Reads every environment now; resolves when all are done. */
  async refresh(): Promise<void> {
    await Promise.all(this.environments.map((environment) => this.requestRead(environment)));
  }

  /**
   * Watches these environments from now on (a rebuilt sandbox): an environment of the same
   * name keeps what it read, a new one is read at once, and one no longer named is dropped.
   */
  watch(targets: MetricsTarget[]): void {
    const kept = new Map(
      this.environments.map((environment) => [environment.target.environment, environment]),
    );
    const next = targets.map((target) => {
      const old = kept.get(target.environment);
      if (old && old.target.cloudWatch === target.cloudWatch) return old;
      old?.schedule.cancel();
      return this.newEnvironment(target);
    });
    for (const old of this.environments) if (!next.includes(old)) old.schedule.cancel();
    this.environments = next;
    const rebuilt = this.build();
    this.published = rebuilt;
    this.emit({ type: 'snapshot', snapshot: rebuilt });
    if (this.running) for (const environment of next) void this.requestRead(environment);
  }

  snapshot(): MetricsSnapshot {
    return this.published;
  }

  /** The first event is always the current snapshot; later ones carry only what changed. */
  subscribe(listener: MetricsListener): () => void {
    this.listeners.add(listener);
    this.call(listener, { type: 'snapshot', snapshot: this.published });
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Each alarm state change read, oldest first, as soon as a read finds it. */
  onAlarmChange(listener: AlarmChangeListener): () => void {
    this.alarmListeners.add(listener);
    return () => {
      this.alarmListeners.delete(listener);
    };
  }

  /** One service's alarm state changes and scaling activities of the last day, read now. */
  async serviceActivity(
    serviceKey: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ServiceActivity> {
    const service = this.options.fleet.snapshot().services.find((candidate) => candidate.key === serviceKey);
    const environment = this.environments.find(
      (candidate) => candidate.target.environment === service?.environment,
    );
    if (!service || !environment)
      throw new ConsoleError('NOT_FOUND', `The console does not watch a service with the key ${serviceKey}.`);
    const signal = options.signal ? AbortSignal.any([options.signal, this.abort.signal]) : this.abort.signal;
    const now = this.now();
    const since = now - activityWindowMs;
    const alarmNames = [
      ...new Set([
        ...(service.deploymentAlarms ?? []),
        ...(environment.alarmNamesSeen.get(serviceKey) ?? []),
      ]),
    ];
    try {
      const [changes, scaling] = await Promise.all([
        Promise.all(
          alarmNames.map((alarmName) =>
            readAlarmChanges(environment.target.cloudWatch, { since, alarmName, signal }),
          ),
        ),
        readScalingActivities(environment.target.autoScaling, {
          since,
          resourceId: scalingResourceId(service.clusterName, service.serviceName),
          signal,
        }),
      ]);
      return {
        alarmChanges: changes
          .flat()
          .sort((a, b) => b.at - a.at)
          .map((change) => ({ environment: service.environment, ...change, serviceKeys: [serviceKey] })),
        scaling: scaling.map(withoutResourceId),
        fetchedAt: now,
      };
    } catch (error) {
      const failure = describePollFailure(environment.target.description, error, 'AWS');
      throw new ConsoleError(failure.code, failure.message);
    }
  }

  private newEnvironment(target: MetricsTarget): EnvironmentMetrics {
    return newEnvironmentMetrics(target, new PollSchedule<boolean>(this.timers, this.pollIntervalMs));
  }

  private requestRead(environment: EnvironmentMetrics): Promise<void> {
    return environment.schedule.run(
      () => this.read(environment),
      (succeeded) => {
        if (!this.running || !this.environments.includes(environment)) return;
        const delay = succeeded
          ? Math.max(1000, this.pollIntervalMs - (this.now() - (environment.lastSuccessStartedAt ?? 0)))
          : backoffDelayMs({
              consecutiveFailures: environment.schedule.failures,
              baseMs: this.pollIntervalMs,
              capMs: this.options.maxBackoffMs ?? 5 * this.pollIntervalMs,
              floorMs: Math.min(5000, this.pollIntervalMs),
              random: this.options.random ?? Math.random,
            });
        environment.schedule.schedule(() => void this.requestRead(environment), delay);
      },
    );
  }

  /** One read of one environment; never throws, a failure becomes the environment's status. */
  private async read(environment: EnvironmentMetrics): Promise<boolean> {
    const signal = this.abort.signal;
    const startedAt = this.now();
    const sameAccount = this.environments.filter(
      (other) => other.target.cloudWatch === environment.target.cloudWatch,
    );
    const accountEnvironments = new Set(sameAccount.map((other) => other.target.environment));
    const accountFleet = this.options.fleet
      .snapshot()
      .services.filter((service) => accountEnvironments.has(service.environment));
    let changes: AlarmStateChange[] = [];
    let succeeded = false;
    try {
      changes = await readEnvironment(environment, {
        fleet: accountFleet.filter((service) => service.environment === environment.target.environment),
        accountFleet,
        showsUntiedAlarms: sameAccount[0] === environment,
        startedAt,
        historyMs: this.historyMs,
        signal,
      });
      if (signal.aborted) return false;
      environment.error = null;
      environment.schedule.failures = 0;
      if (environment.lastSuccessStartedAt !== null)
        environment.achievedIntervalMs = achievedIntervalToShow(
          environment.achievedIntervalMs,
          startedAt - environment.lastSuccessStartedAt,
          this.pollIntervalMs,
        );
      environment.lastSuccessStartedAt = startedAt;
      environment.lastSuccessAt = startedAt;
      succeeded = true;
    } catch (error) {
      if (signal.aborted) return false;
      environment.schedule.failures += 1;
      environment.error = describePollFailure(environment.target.description, error, 'AWS');
    }
    if (!this.environments.includes(environment)) return succeeded;
    this.publish();
    for (const change of changes)
      for (const listener of [...this.alarmListeners]) this.call(listener, change);
    return succeeded;
  }

  /** Environments the fleet shows services of that their last read did not have are read soon. */
  private readNewServices(): void {
    if (!this.running) return;
    const services = this.options.fleet.snapshot().services;
    for (const environment of this.environments) {
      const unread = services.some(
        (service) =>
          service.environment === environment.target.environment && !environment.readKeys.has(service.key),
      );
      // A failing environment keeps to its backoff, whatever the fleet does.
      if (!unread || environment.error !== null) continue;
      environment.schedule.schedule(() => void this.requestRead(environment), newServicesDelayMs);
    }
  }

  private publish(): void {
    const next = this.build();
    const delta = diffMetrics(this.published, next);
    this.published = next;
    if (isKeyedChangeEmpty({ upserted: delta.upserted, removed: delta.removed, groups: delta.clusters }))
      return;
    this.emit({ type: 'delta', delta });
  }

  private build(): MetricsSnapshot {
    const groups: MetricsGroupStatus[] = this.environments.map((environment) => ({
      environment: environment.target.environment,
      state:
        environment.error === null
          ? environment.lastSuccessAt === null
            ? 'stale'
            : 'ok'
          : environment.lastSuccessAt === null
            ? 'error'
            : 'stale',
      lastSuccessAt: environment.lastSuccessAt,
      error: environment.error,
      warnings: environment.warnings,
      serviceCount: environment.services.length,
      pollIntervalMs: this.pollIntervalMs,
      achievedIntervalMs: environment.achievedIntervalMs,
      activeAlarms: environment.activeAlarms,
    }));
    const services = this.environments.flatMap((environment) => environment.services);
    return { environments: groups, services: sortServiceMetrics(services, groups), generatedAt: this.now() };
  }

  private emit(event: MetricsEvent): void {
    for (const listener of [...this.listeners]) this.call(listener, event);
  }

  private call<Event>(listener: (event: Event) => void, event: Event): void {
    try {
      listener(event);
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

/** One signal is shared by every request of every read, so stop() cancels them all. */
function newAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
