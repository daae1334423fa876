import type { DrainEta, LagPoint, LagTrend } from './model';
import { leastSquaresSlope, type OffsetHistory } from './offsetHistory';

/**
 * Lag beyond Burrow: how far behind in time, which way it is heading, and when it will be
 * gone. Every function takes the time it is asked about; none reads a clock.
 */

export interface LagSeconds {
  seconds: number;
  /**
   * True when the oldest unconsumed message was written before the history begins: the
   * seconds are then the history's age, a lower bound. Extrapolating further back with
   * today's produce rate would invent times for messages written at rates nobody saw
   * (a night's quiet, a morning's batch), so the estimate never claims more than it saw.
   */
  lowerBound: boolean;
}

/**
 * The age of the oldest unconsumed message: the time since the end offset passed the
 * committed offset, i.e. since the message at the committed offset was written, read off the
 * end-offset history by linear interpolation between the refreshes around it. 0 when caught
 * up; null while the history has fewer than two samples.
 */
export function partitionLagSeconds(
  endOffsets: OffsetHistory,
  committedOffset: number,
  endOffset: number,
  now: number,
): LagSeconds | null {
  if (committedOffset >= endOffset) return { seconds: 0, lowerBound: false };
  if (endOffsets.size < 2) return null;
  const oldest = endOffsets.oldest()!;
  const before = endOffsets.lastIndexAtOrBelow(committedOffset);
  if (before < 0) return { seconds: Math.max(0, now - oldest.at) / 1000, lowerBound: true };

  const from = endOffsets.sample(before);
  // The refresh being evaluated may not be in the history yet: it is the next sample then.
  const to =
    before + 1 < endOffsets.size
      ? endOffsets.sample(before + 1)
      : { at: Math.max(now, from.at), offset: endOffset };
  if (to.offset <= committedOffset) return { seconds: 0, lowerBound: false };
  // The message at offset c is written once the end offset reaches c + 1.
  const share = Math.min(1, (committedOffset + 1 - from.offset) / (to.offset - from.offset));
  const writtenAt = from.at + share * (to.at - from.at);
  return { seconds: Math.max(0, now - writtenAt) / 1000, lowerBound: false };
}

export interface TrendOptions {
  windowMs: number;
  minimumSamples: number;
  minimumSpanMs: number;
  /**
   * The dead band, as a share of the produce rate. Lag is sampled between commits, so it
   * wobbles by up to a commit interval's worth of produced messages; the slope of a minute
   * of such samples wobbles by a few percent of the produce rate. A slope inside the band is
   * noise and reads flat.
   */
  deadBandShareOfProduceRate: number;
  /** The smallest dead band, messages per second, for topics that barely produce. */
  deadBandFloor: number;
}

export const defaultTrendOptions: TrendOptions = {
  windowMs: 60_000,
  minimumSamples: 3,
  minimumSpanMs: 10_000,
  deadBandShareOfProduceRate: 0.1,
  deadBandFloor: 0.05,
};

/** The least-squares line through the total lag of the recent window: its slope and its value now. */
export interface LagLine {
  /** Messages per second; positive while the lag grows. */
  slope: number;
  /** The line's value at `now`: the lag without the wobble of where each refresh fell between commits. */
  lagNow: number;
}

/** Null with fewer than `minimumSamples` points or a shorter span than `minimumSpanMs` in the window. */
export function fitLagLine(
  points: readonly LagPoint[],
  now: number,
  options: Pick<TrendOptions, 'windowMs' | 'minimumSamples' | 'minimumSpanMs'> = defaultTrendOptions,
): LagLine | null {
  const recent = points.filter((p) => p.at >= now - options.windowMs && p.at <= now);
  if (recent.length < options.minimumSamples) return null;
  if (recent.at(-1)!.at - recent[0]!.at < options.minimumSpanMs) return null;
  const x = (i: number) => (recent[i]!.at - now) / 1000;
  const y = (i: number) => recent[i]!.totalLag;
  const slope = leastSquaresSlope(recent.length, x, y);
  const meanX = recent.reduce((sum, _, i) => sum + x(i), 0) / recent.length;
  const meanY = recent.reduce((sum, p) => sum + p.totalLag, 0) / recent.length;
  // With x measured from now, the line's value now is its intercept.
  return { slope, lagNow: meanY - slope * meanX };
}

/** Growing, draining or flat from the slope of total lag over the recent window, with a dead band. */
export function lagTrend(
  points: readonly LagPoint[],
  now: number,
  produceRate: number | null,
  options: TrendOptions = defaultTrendOptions,
): LagTrend {
  return classifyTrend(fitLagLine(points, now, options), produceRate, options);
}

/** The trend of a fitted line (null: too little history), against the dead band. */
export function classifyTrend(
  line: LagLine | null,
  produceRate: number | null,
  options: TrendOptions,
): LagTrend {
  if (!line) return 'unknown';
  const deadBand = Math.max(options.deadBandFloor, options.deadBandShareOfProduceRate * (produceRate ?? 0));
  if (line.slope > deadBand) return 'growing';
  if (line.slope < -deadBand) return 'draining';
  return 'flat';
}

export interface EtaOptions {
  /**
   * A lag smaller than this many seconds of production is caught up: a group that keeps
   * pace still lags by what arrived since its last commit.
   */
  caughtUpSeconds: number;
}

export const defaultEtaOptions: EtaOptions = { caughtUpSeconds: 10 };

export interface EtaFigures {
  totalLag: number | null;
  /** The lag to divide, smoothed (`fitLagLine`'s `lagNow`); the total lag when absent. */
  smoothedLag?: number | null;
  consumeRate: number | null;
  produceRate: number | null;
}

/**
 * Time to drain: lag / (consume rate − produce rate). Both sides are smoothed by regression
 * over the last minute — the rates by `offsetRate`, the lag by `fitLagLine` — because a
 * refresh catches the committed offset anywhere between two commits: divided raw, the lag's
 * saw-tooth would make the ETA jump back and forth by a commit's worth on every refresh.
 */
export function drainEta(figures: EtaFigures, options: EtaOptions = defaultEtaOptions): DrainEta {
  const { totalLag, consumeRate, produceRate } = figures;
  if (totalLag === null) return { kind: 'unknown' };
  if (totalLag === 0) return { kind: 'caught-up' };
  if (consumeRate === null || produceRate === null) return { kind: 'unknown' };
  // Keeping pace means consuming: a consumer that stopped is not caught up however small its lag.
  if (consumeRate > 0 && totalLag <= produceRate * options.caughtUpSeconds) return { kind: 'caught-up' };
  const drainRate = consumeRate - produceRate;
  if (drainRate <= 0) return { kind: 'never' };
  const lag = figures.smoothedLag != null && figures.smoothedLag > 0 ? figures.smoothedLag : totalLag;
  return { kind: 'eta', seconds: lag / drainRate };
}

/**
 * A group's total lag over time, for its sparkline: at most `maxPoints` points. A run of
 * equal values is kept as its first and last points, and the run still going on as its first
 * point only — a chart carries the last point on to the summary's `observedAt` — so the
 * history changes only when the lag does, and a quiet group drops out of the lag deltas.
 */
export class LagHistory {
  private published: LagPoint[] = [];
  private latest: LagPoint | null = null;

  constructor(readonly maxPoints = 120) {}

  /** The points to publish; the same array until the lag changes. */
  get points(): readonly LagPoint[] {
    return this.published;
  }

  record(point: LagPoint): void {
    const last = this.published.at(-1);
    if (last && point.at <= (this.latest?.at ?? last.at)) return;
    if (last && last.totalLag === point.totalLag) {
      this.latest = point;
      return;
    }
    const runEnd = this.latest && this.latest !== last ? [this.latest] : [];
    this.published = [...this.published, ...runEnd, point].slice(-this.maxPoints);
    this.latest = point;
  }
}

/** The sum of per-partition rates; unknown when any of them is, since a partial sum would understate it. */
export function sumRates(rates: readonly (number | null)[]): number | null {
  if (rates.length === 0) return null;
  let total = 0;
  for (const rate of rates) {
    if (rate === null) return null;
    total += rate;
  }
  return total;
}
