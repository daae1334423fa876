import type { DrainEta, LagPoint, LagTrend } from './kafkaModel';
import type { OffsetHistory } from './offsetHistory';
import { defaultTurnOptions, fitRecentLine, type TurnOptions } from './recentCourse';

/**
 * Lag beyond Burrow: how far behind in time, which way it is heading, and when it will be
 * gone. Every function takes the time it is asked about; none reads a clock.
 *
 * The trend and the ETA come from one line through the group's total lag (`fitLagLine`),
 * which has two jobs: hold still while the group keeps its course, though every refresh reads
 * the lag anywhere between two commits, and follow a new course — a consumer stopping as an
 * incident starts, coming back as it ends — within a refresh or two. A least-squares line
 * over the last minute does the first and fails the second: after a recovery it read growing
 * for 20–25 s while the lag fell, and its first ETA was six times the truth. A short window
 * would fail the first, as a few samples of commit wobble slope steeply. So the line runs
 * through the whole minute while the lag keeps one course, and through the samples since the
 * turn once it turns, the turn believed only when a line that bends there fits better than
 * a straight one by far more than the scatter explains (`fitRecentLine`). A line through the
 * few samples since a turn is less sure of its slope, so besides the dead band the slope must
 * clear a few of its standard errors before the lag reads growing or draining. The ETA
 * divides the line's lag now by its falling slope: consume − produce measured on the lag
 * itself, not the difference of two rates each smoothed, and each late, on its own.
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
  /** The longest stretch the lag's line runs through: all of it in a steady state, less after a turn. */
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

/** The line through the group's total lag (`fitRecentLine`): its slope and its value now. */
export interface LagLine {
  /** Messages per second; positive while the lag grows: produce rate − consume rate, measured on the lag itself. */
  slope: number;
  /** The line's value at `now`: the lag without the wobble of where each refresh fell between commits. */
  lagNow: number;
  /** The slope's standard error: large for a line through the few samples since a turn. */
  slopeError: number;
}

/**
 * The lag's course over the trend window, or since the lag turned within it (`turn`; null:
 * one line over the window). Null with fewer than `minimumSamples` points or a shorter span
 * than `minimumSpanMs` in the window.
 */
export function fitLagLine(
  points: readonly LagPoint[],
  now: number,
  options: Pick<TrendOptions, 'windowMs' | 'minimumSamples' | 'minimumSpanMs'> = defaultTrendOptions,
  turn: TurnOptions | null = defaultTurnOptions,
): LagLine | null {
  const series = {
    size: points.length,
    timeAt: (i: number) => points[i]!.at,
    valueAt: (i: number) => points[i]!.totalLag,
  };
  const line = fitRecentLine(series, now, options, turn);
  if (!line) return null;
  return { slope: line.slope, lagNow: line.valueNow, slopeError: line.slopeError };
}

/** Growing, draining or flat from the slope of total lag on its recent course, with a dead band. */
export function lagTrend(
  points: readonly LagPoint[],
  now: number,
  produceRate: number | null,
  options: TrendOptions = defaultTrendOptions,
  turn: TurnOptions | null = defaultTurnOptions,
): LagTrend {
  return classifyTrend(fitLagLine(points, now, options, turn), produceRate, options, turn);
}

/**
 * The trend of a fitted line (null: too little history), against the dead band, widened to
 * `turn.slopeErrors` standard errors of the slope where the line is that unsure.
 */
export function classifyTrend(
  line: LagLine | null,
  produceRate: number | null,
  options: TrendOptions,
  turn: TurnOptions | null = defaultTurnOptions,
): LagTrend {
  if (!line) return 'unknown';
  const deadBand = Math.max(
    options.deadBandFloor,
    options.deadBandShareOfProduceRate * (produceRate ?? 0),
    (turn?.slopeErrors ?? 0) * line.slopeError,
  );
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
  /** The line through the recent total lag (`fitLagLine`); null with too little history. */
  line: LagLine | null;
  /** The line's trend (`classifyTrend`): only a draining lag has an ETA. */
  trend: LagTrend;
  consumeRate: number | null;
  produceRate: number | null;
}

/**
 * Time to drain: the lag now over the rate it falls, both read off the line through the
 * lag (`fitLagLine`). The falling slope is consume − produce measured on the lag itself: the
 * difference of two rates each smoothed on its own would lag a turn by their window and
 * subtract two errors. The line's value now rather than the last reading because a refresh
 * catches the committed offset anywhere between two commits: divided raw, the lag's
 * saw-tooth would make the ETA jump back and forth by a commit's worth on every refresh.
 */
export function drainEta(figures: EtaFigures, options: EtaOptions = defaultEtaOptions): DrainEta {
  const { totalLag, line, trend, consumeRate, produceRate } = figures;
  if (totalLag === null) return { kind: 'unknown' };
  if (totalLag === 0) return { kind: 'caught-up' };
  if (consumeRate === null || produceRate === null) return { kind: 'unknown' };
  // Keeping pace means consuming, and not falling behind: a consumer that stopped or slowed
  // down is not caught up however small its lag yet.
  const keepingPace = consumeRate > 0 && trend !== 'growing';
  if (keepingPace && totalLag <= produceRate * options.caughtUpSeconds) return { kind: 'caught-up' };
  if (line === null || trend === 'unknown') return { kind: 'unknown' };
  if (trend !== 'draining' || line.slope >= 0) return { kind: 'never' };
  const lag = line.lagNow > 0 ? line.lagNow : totalLag;
  return { kind: 'eta', seconds: lag / -line.slope };
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
