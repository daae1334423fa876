/**
 * A partition's offset over time, one sample per refresh: end offsets (what producers have
 * written) or a group's committed offsets (what it has consumed). Bounded by count and by
 * age, held in two number arrays used as a ring, so a cluster's thousands of partitions
 * cost a few kilobytes each. Rates are slopes through it (`offsetRate`), fitted by
 * `fitRecentLine` in recentCourse.ts, which also fits a group's total lag (lagRates.ts).
 */

import {
  defaultRateOptions,
  firstIndexAtOrAfter,
  fitRecentLine,
  type RateOptions,
  type TimeSeries,
  type TurnOptions,
} from './recentCourse';

export interface OffsetSample {
  /** Epoch ms. */
  at: number;
  offset: number;
}

export interface OffsetHistoryLimits {
  maxSamples: number;
  /** Samples older than this before the newest one are dropped. */
  maxAgeMs: number;
}

/** Half an hour of 5 s refreshes: long enough to place the oldest unconsumed message of a slow group. */
export const endOffsetHistoryLimits: OffsetHistoryLimits = { maxSamples: 360, maxAgeMs: 30 * 60_000 };

const initialCapacity = 16;

export type RecordOutcome = 'added' | 'merged' | 'restarted' | 'ignored';

export class OffsetHistory implements TimeSeries {
  // The ring starts small and doubles up to maxSamples: most partitions of a quiet cluster
  // are read for minutes, not the half hour that fills a ring.
  private times: Float64Array;
  private offsets: Float64Array;
  /** Index of the oldest sample. */
  private head = 0;
  private count = 0;

  constructor(readonly limits: OffsetHistoryLimits = endOffsetHistoryLimits) {
    const capacity = Math.min(initialCapacity, limits.maxSamples);
    this.times = new Float64Array(capacity);
    this.offsets = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The i-th sample, oldest first. */
  sample(index: number): OffsetSample {
    return { at: this.timeAt(index), offset: this.offsetAt(index) };
  }

  timeAt(index: number): number {
    return this.times[(this.head + index) % this.times.length]!;
  }

  offsetAt(index: number): number {
    return this.offsets[(this.head + index) % this.offsets.length]!;
  }

  /** The offset, under the name `TimeSeries` reads. */
  valueAt(index: number): number {
    return this.offsetAt(index);
  }

  newest(): OffsetSample | null {
    return this.count === 0 ? null : this.sample(this.count - 1);
  }

  oldest(): OffsetSample | null {
    return this.count === 0 ? null : this.sample(0);
  }

  samples(): OffsetSample[] {
    return Array.from({ length: this.count }, (_, index) => this.sample(index));
  }

  /**
   * Adds a refresh's reading. Several groups read the same partition on one refresh, so a
   * reading at the newest sample's time merges into it (the higher offset wins); an earlier
   * time is ignored. An offset below the newest is a rewind — a recreated topic, a truncated
   * log, a group's offsets reset — after which earlier samples say nothing about the new
   * ones, so the history starts again from it: a rate is never computed across a rewind.
   */
  record(at: number, offset: number): RecordOutcome {
    const newest = this.newest();
    if (newest && at < newest.at) return 'ignored';
    if (newest && at === newest.at) {
      if (offset <= newest.offset) return 'ignored';
      this.offsets[(this.head + this.count - 1) % this.offsets.length] = offset;
      return 'merged';
    }
    const restarted = newest !== null && offset < newest.offset;
    if (restarted) this.count = 0;
    if (this.count === this.times.length) {
      if (this.count < this.limits.maxSamples) this.grow();
      else this.dropOldest();
    }
    const slot = (this.head + this.count) % this.times.length;
    this.times[slot] = at;
    this.offsets[slot] = offset;
    this.count++;
    while (this.count > 1 && at - this.times[this.head]! > this.limits.maxAgeMs) this.dropOldest();
    return restarted ? 'restarted' : 'added';
  }

  /** The samples taken at or after `from`, oldest first. */
  samplesSince(from: number): OffsetSample[] {
    const first = this.firstIndexAtOrAfter(from);
    return Array.from({ length: this.count - first }, (_, index) => this.sample(first + index));
  }

  /** Index of the first sample taken at or after `time`; `size` if none. */
  firstIndexAtOrAfter(time: number): number {
    return firstIndexAtOrAfter(this, time);
  }

  /** Index of the last sample whose offset is at or below `offset` (offsets never go down within a history); −1 if none. */
  lastIndexAtOrBelow(offset: number): number {
    let low = 0;
    let high = this.count - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.offsetAt(middle) <= offset) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  private dropOldest(): void {
    this.head = (this.head + 1) % this.times.length;
    this.count--;
  }

  private grow(): void {
    const capacity = Math.min(this.limits.maxSamples, this.times.length * 2);
    const times = new Float64Array(capacity);
    const offsets = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      times[i] = this.timeAt(i);
      offsets[i] = this.offsetAt(i);
    }
    this.times = times;
    this.offsets = offsets;
    this.head = 0;
  }
}

/**
 * Messages per second, as the slope of offset against time (`fitRecentLine`). The regression
 * rather than (last − first) / elapsed because committed offsets move in commit-sized steps
 * that a refresh catches at any point: a slope through every sample moves by a fraction of a
 * step per refresh where the end points would jump a whole one. Null with too little history.
 */
export function offsetRate(
  history: OffsetHistory,
  now: number,
  options: RateOptions = defaultRateOptions,
  turn: TurnOptions | null = null,
): number | null {
  const line = fitRecentLine(history, now, options, turn);
  return line === null ? null : Math.max(0, line.slope);
}
