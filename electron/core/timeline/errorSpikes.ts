import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import type { ErrorRate } from '../../../shared/logs/logModel';
import { spokenDuration } from '../../../shared/time/durationText';
import type { TimelineEntry } from '../../../shared/timeline/timelineModel';

/**
 * Error-rate spikes from the services' logs: a minute with far more ERROR lines than the
 * minutes before it. Asking CloudWatch costs requests, so services in trouble (deploying,
 * degraded, failed) are asked about often and the others now and then, a few at a time
 * (see ServicePoller).
 */

export interface ErrorRateSource {
  errorRate(
    request: { cluster: string; service: string; windowMs: number; bucketMs: number },
    signal?: AbortSignal,
  ): Promise<ErrorRate>;
}

export interface SpikeOptions {
  /** Fewer errors than this in a bucket is never a spike. */
  minErrors: number;
  /** A spike has at least this many times the baseline (the median bucket before it). */
  factor: number;
  /** Buckets needed before a bucket to judge it against them. */
  baselineBuckets: number;
}

export const defaultSpikeOptions: SpikeOptions = { minErrors: 20, factor: 4, baselineBuckets: 5 };

export interface ErrorSpike {
  /** The first bucket of the run of spiking buckets. */
  start: number;
  bucketMs: number;
  /** The most errors in one bucket of the run, and the run's total so far. */
  peak: number;
  total: number;
  baseline: number;
}

/**
 * Runs of buckets well above the baseline. The baseline is the median of the buckets before
 * a run, so one earlier spike does not raise it; the last bucket may still be filling, and
 * counts only grow, so a spike seen in it stays a spike.
 */
export function findErrorSpikes(
  buckets: readonly { start: number; errors: number }[],
  bucketMs: number,
  options: SpikeOptions = defaultSpikeOptions,
): ErrorSpike[] {
  const spikes: ErrorSpike[] = [];
  let run: ErrorSpike | null = null;
  for (let index = options.baselineBuckets; index < buckets.length; index++) {
    const bucket = buckets[index]!;
    const baseline: number = run?.baseline ?? median(buckets.slice(0, index).map((b) => b.errors));
    const spiking =
      bucket.errors >= options.minErrors && bucket.errors >= options.factor * Math.max(baseline, 1);
    if (!spiking) {
      run = null;
      continue;
    }
    if (run) {
      run.peak = Math.max(run.peak, bucket.errors);
      run.total += bucket.errors;
    } else {
      run = { start: bucket.start, bucketMs, peak: bucket.errors, total: bucket.errors, baseline };
      spikes.push(run);
    }
  }
  return spikes;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * A spike is known once its first bucket is over, or when it was read while that bucket
 * filled: dated then, so an error spike is never listed before the change that set it off
 * within the same bucket. The id is the bucket's, so a spike read again is the same entry.
 */
export function spikeEntry(service: ServiceSummary, spike: ErrorSpike, readAt: number): TimelineEntry {
  const perWhat = spike.bucketMs === 60_000 ? 'a minute' : spokenDuration(spike.bucketMs);
  return {
    id: `spike|${service.key}|${spike.start}`,
    at: Math.min(spike.start + spike.bucketMs, readAt),
    kind: 'error-spike',
    severity: 'error',
    environment: service.environment,
    cluster: service.clusterName,
    service: service.serviceName,
    group: null,
    title: `${service.serviceName} error spike: ${spike.peak} ERROR lines in ${perWhat} (usually ${Math.round(spike.baseline)})`,
    detail: `${spike.total} ERROR lines when first seen`,
  };
}

export interface ErrorSpikeOptions {
  /** How often services in trouble are asked about; default 30 s. */
  troubledIntervalMs?: number;
  /** How often every service is; default 5 min. */
  sweepIntervalMs?: number;
  /** The stretch of log each question covers; default 15 min of 1-minute buckets. */
  windowMs?: number;
  bucketMs?: number;
  /** Questions at once; default 2. */
  concurrency?: number;
  spikes?: SpikeOptions;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Asks a service's logs for its error rate and turns the spikes in it into entries. */
export function errorSpikeQuestion(
  source: ErrorRateSource,
  options: ErrorSpikeOptions,
  onEntries: (entries: TimelineEntry[]) => void,
): (service: ServiceSummary, signal: AbortSignal) => Promise<void> {
  return async (service, signal) => {
    const rate = await source.errorRate(
      {
        cluster: service.clusterName,
        service: service.serviceName,
        windowMs: options.windowMs ?? 15 * 60_000,
        bucketMs: options.bucketMs ?? 60_000,
      },
      signal,
    );
    const spikes = findErrorSpikes(rate.buckets, rate.bucketMs, options.spikes);
    if (spikes.length > 0 && !signal.aborted)
      onEntries(spikes.map((spike) => spikeEntry(service, spike, rate.to)));
  };
}
