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
  /** Counts changes, so a rate fitted through the samples is fitted once per change and reused. */
  private revision = 0;
  private rateMemo: {
    revision: number;
    now: number;
    options: RateOptions;
    turn: TurnOptions | null;
    rate: number | null;
  } | null = null;

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
      this.revision++;
      return 'merged';
    }
    this.revision++;
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

  /**
   * The rate through the samples as `fit` computes it, reused while neither the samples nor
   * the arguments changed: the groups reading one partition share its end-offset history,
   * and each would otherwise fit the same line again on every refresh.
   */
  rate(now: number, options: RateOptions, turn: TurnOptions | null, fit: () => number | null): number | null {
    const memo = this.rateMemo;
    if (
      memo &&
      memo.revision === this.revision &&
      memo.now === now &&
      memo.options === options &&
      memo.turn === turn
    )
      return memo.rate;
    const rate = fit();
    this.rateMemo = { revision: this.revision, now, options, turn, rate };
    return rate;
  }

  private dropOldest(): void {
    this.revision++;
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
  return history.rate(now, options, turn, () => {
    const line = fitRecentLine(history, now, options, turn);
    return line === null ? null : Math.max(0, line.slope);
  });
}
