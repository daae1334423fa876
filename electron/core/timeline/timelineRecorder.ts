import type { AuditEntry } from '../../../shared/actions/actionModel';
import type { FleetEvent, ServiceSummary } from '../../../shared/fleet/fleetModel';
import type { LagEvent } from '../../../shared/kafka/kafkaModel';
import {
  compareTimelineEntries,
  matchesTimelineFilter,
  mergeTimelineEntries,
  type TimelineEntry,
  type TimelineEvent,
  type TimelineFilter,
  type TimelineSource,
} from '../../../shared/timeline/timelineModel';
import { auditTimelineEntry } from './auditChanges';
import { errorSpikeQuestion, type ErrorRateSource, type ErrorSpikeOptions } from './errorSpikes';
import { FleetChangeTracker } from './fleetChanges';
import { LagChangeTracker } from './lagChanges';
import { MetricsChangeTracker, type MetricsChangeSource } from './metricsChanges';
import { serviceEventsQuestion, type ServiceEventSource } from './serviceEventQuestions';
import { ServicePoller } from './servicePoller';

/**
 * Records the incident timeline in main: it listens to the fleet monitor (deployments and
 * service events), the lag monitor (consumer group status), the metrics monitor (alarm state
 * changes and scaling activities), the audit log (the console's actions) and asks the logs for error rates, and keeps the last day of entries (at most
 * `maxEntries`) in memory for the `timeline.updates` stream.
 *
 * Every source is an interface, so tests can feed it by hand; in the console it is the
 * FleetMonitor (whose service details give the full event list of services in trouble), the
 * LagMonitor, the MetricsMonitor, an AuditLogFollower on the audit log and the LogService.
 */

export interface Subscribable<E> {
  subscribe(listener: (event: E) => void): () => void;
}

export interface TimelineRecorderOptions {
  /**
   * The fleet's events; with `serviceDetails` (the FleetMonitor has it), the full event list
   * of services in trouble is read as well, not only each poll's newest event.
   */
  fleet: Subscribable<FleetEvent> & Partial<ServiceEventSource>;
  lag?: Subscribable<LagEvent> | null;
  /** Alarm state changes and scaling activities; without it the timeline has none. */
  metrics?: MetricsChangeSource | null;
  audit?: Subscribable<AuditEntry> | null;
  /** Asked for error rates; without it there are no error-spike entries. */
  logs?: ErrorRateSource | null;
  now?: () => number;
  /** How far back entries are kept; default 24 h. */
  retentionMs?: number;
  /** At most this many entries are kept, the newest; default 10 000. */
  maxEntries?: number;
  /** Tuning of the error-rate questions (intervals, window, spike thresholds, timers). */
  errorRates?: ErrorSpikeOptions;
  /** Tuning of the reading of troubled services' events: default every 10 s, two at a time. */
  serviceEvents?: {
    intervalMs?: number;
    concurrency?: number;
    setTimer?: (callback: () => void, ms: number) => unknown;
    clearTimer?: (handle: unknown) => void;
  };
  log?: (line: string) => void;
}

export type TimelineListener = (event: TimelineEvent) => void;

export interface TimelineRecorder {
  /** Entries recorded so far, oldest first. */
  entries(filter?: TimelineFilter): TimelineEntry[];
  /** The first event is a snapshot of the matching entries; then each batch of new ones. */
  subscribe(filter: TimelineFilter, listener: TimelineListener): () => void;
  /** Asks for error rates now instead of waiting for the next round; for tests and "refresh". */
  checkErrorRates(): Promise<void>;
  /** Reads the events of services in trouble now. */
  checkServiceEvents(): Promise<void>;
  readonly recordingSince: number;
  readonly sources: readonly TimelineSource[];
  close(): void;
}

const dayMs = 24 * 60 * 60_000;

export function createTimelineRecorder(options: TimelineRecorderOptions): TimelineRecorder {
  return new MemoryTimelineRecorder(options);
}

class MemoryTimelineRecorder implements TimelineRecorder {
  readonly recordingSince: number;
  readonly sources: readonly TimelineSource[];
  private held: readonly TimelineEntry[] = [];
  private readonly ids = new Set<string>();
  private readonly listeners = new Map<TimelineListener, TimelineFilter>();
  private readonly fleetChanges = new FleetChangeTracker();
  private readonly lagChanges = new LagChangeTracker();
  private readonly metricsChanges = new MetricsChangeTracker();
  private readonly unsubscribes: (() => void)[] = [];
  private readonly spikes: ServicePoller | null;
  private readonly events: ServicePoller | null;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly maxEntries: number;
  private readonly reported = new Set<string>();
  private closed = false;

  constructor(private readonly options: TimelineRecorderOptions) {
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionMs ?? dayMs;
    this.maxEntries = options.maxEntries ?? 10_000;
    // A restart rebuilds what ECS and the audit log still say about the last day.
    this.recordingSince = this.now() - this.retentionMs;
    const sources: TimelineSource[] = ['deployments', 'service events'];
    if (options.lag) sources.push('consumer lag');
    if (options.logs) sources.push('error rates');
    if (options.audit) sources.push('audit log');
    if (options.metrics) sources.push('alarms and scaling');
    this.sources = sources;

    this.unsubscribes.push(
      options.fleet.subscribe((event) =>
        this.record(this.fleetChanges.receive(event, this.now(), this.windowStart())),
      ),
    );
    if (options.lag)
      this.unsubscribes.push(options.lag.subscribe((event) => this.record(this.lagChanges.receive(event))));
    if (options.metrics) {
      const metrics = options.metrics;
      this.unsubscribes.push(
        metrics.subscribe((event) => this.record(this.metricsChanges.receive(event))),
        metrics.onAlarmChange((change) => this.record(this.metricsChanges.alarmChanged(change))),
      );
    }
    if (options.audit) {
      this.unsubscribes.push(
        options.audit.subscribe((entry) => {
          const timelineEntry = auditTimelineEntry(entry);
          if (timelineEntry) this.record([timelineEntry]);
        }),
      );
    }
    const services = () => this.fleetChanges.current();
    const record = (entries: TimelineEntry[]) => this.record(entries);
    const failed = (what: string) => (service: ServiceSummary, error: unknown) =>
      this.reportOnce(
        `Timeline: could not read ${what} of ${service.serviceName} (${service.clusterName}): ${error instanceof Error ? error.message : String(error)}`,
      );
    const rates = options.errorRates ?? {};
    this.spikes = options.logs
      ? new ServicePoller({
          services,
          ask: errorSpikeQuestion(options.logs, rates, record),
          troubledIntervalMs: rates.troubledIntervalMs ?? 30_000,
          sweepIntervalMs: rates.sweepIntervalMs ?? 5 * 60_000,
          concurrency: rates.concurrency,
          now: this.now,
          setTimer: rates.setTimer,
          clearTimer: rates.clearTimer,
          onError: failed('the error rate in the logs'),
        })
      : null;
    const fleet = options.fleet;
    const eventTuning = options.serviceEvents ?? {};
    this.events =
      typeof fleet.serviceDetails === 'function'
        ? new ServicePoller({
            services,
            ask: serviceEventsQuestion(
              { serviceDetails: fleet.serviceDetails.bind(fleet) },
              () => this.windowStart(),
              record,
            ),
            troubledIntervalMs: eventTuning.intervalMs ?? 10_000,
            sweepIntervalMs: null,
            concurrency: eventTuning.concurrency,
            now: this.now,
            setTimer: eventTuning.setTimer,
            clearTimer: eventTuning.clearTimer,
            onError: failed('the ECS events'),
          })
        : null;
    this.spikes?.start();
    this.events?.start();
  }

  entries(filter: TimelineFilter = {}): TimelineEntry[] {
    return this.held.filter((entry) => matchesTimelineFilter(entry, filter));
  }

  subscribe(filter: TimelineFilter, listener: TimelineListener): () => void {
    this.listeners.set(listener, filter);
    this.deliver(listener, {
      type: 'snapshot',
      entries: this.entries(filter),
      recordingSince: this.recordingSince,
      sources: [...this.sources],
    });
    return () => {
      this.listeners.delete(listener);
    };
  }

  checkErrorRates(): Promise<void> {
    return this.spikes?.check() ?? Promise.resolve();
  }

  checkServiceEvents(): Promise<void> {
    return this.events?.check() ?? Promise.resolve();
  }

  close(): void {
    this.closed = true;
    this.spikes?.stop();
    this.events?.stop();
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.listeners.clear();
  }

  private windowStart(): number {
    return this.now() - this.retentionMs;
  }

  private record(entries: readonly TimelineEntry[]): void {
    if (this.closed || entries.length === 0) return;
    const cutoff = this.windowStart();
    const fresh = entries.filter((entry) => entry.at >= cutoff && !this.ids.has(entry.id));
    if (fresh.length === 0) return;
    for (const entry of fresh) this.ids.add(entry.id);
    const merged = mergeTimelineEntries(this.held, fresh, this.maxEntries);
    let first = 0;
    while (first < merged.length && merged[first]!.at < cutoff) first++;
    const kept = first > 0 ? merged.slice(first) : merged;
    if (kept.length < this.held.length + fresh.length) {
      const still = new Set(kept.map((entry) => entry.id));
      for (const id of [...this.ids]) if (!still.has(id)) this.ids.delete(id);
    }
    this.held = kept;

    const added = fresh.filter((entry) => this.ids.has(entry.id)).sort(compareTimelineEntries);
    for (const [listener, filter] of this.listeners) {
      const matching = added.filter((entry) => matchesTimelineFilter(entry, filter));
      if (matching.length > 0) this.deliver(listener, { type: 'append', entries: matching });
    }
  }

  private deliver(listener: TimelineListener, event: TimelineEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.options.log?.(
        `Timeline: a subscriber failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** A source that keeps failing the same way is worth one log line, not one a minute. */
  private reportOnce(line: string): void {
    if (this.reported.has(line) || !this.options.log) return;
    if (this.reported.size > 200) this.reported.clear();
    this.reported.add(line);
    this.options.log(line);
  }
}
