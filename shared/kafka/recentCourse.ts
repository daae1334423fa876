/**
 * Least-squares lines through the recent samples of a time series (offsets, total lag), read
 * by the course the series is on now: one line over the window while the series keeps its
 * course, the course since the turn once it turns. `offsetRate` (offsetHistory.ts) and the
 * lag trend and ETA (lagRates.ts) are fitted here.
 */

export interface RateOptions {
  /** The longest stretch a rate is measured over: all of it in a steady state, less after a turn. */
  windowMs: number;
  /** Fewer samples, or a shorter span, is too little history: the rate is unknown. */
  minimumSamples: number;
  minimumSpanMs: number;
}

export const defaultRateOptions: RateOptions = { windowMs: 60_000, minimumSamples: 3, minimumSpanMs: 10_000 };

/**
 * How a fit tells a turn — a consumer stopping, coming back, slowing down; a burst of
 * messages — from noise. Two shapes of turn are tried against one straight line over the
 * window: a bent line, one line that changes slope at a sample (a consumer changing pace:
 * the lag and the offsets change course but do not jump), and two separate lines, which may
 * also jump at the split (a burst written at once, a backlog skipped). A shape is taken when
 * it fits better than the simpler one by more than the noise would (an F test, the noise
 * measured about the new shape so that a turn does not hide itself by inflating it); the
 * bent line is preferred to two lines, whose extra freedom fits more of the noise.
 */
export interface TurnOptions {
  /**
   * The F ratio a turn must reach: the better fit per added parameter, in units of noise
   * variance. The best of every bend and split in a window of pure noise often passes the
   * textbook 1% point (about 10 for a bend in 13 samples), and lag wobbles in runs rather
   * than at random, so this sits well above it.
   */
  minimumF: number;
  /**
   * The least scatter assumed about a line, in the series' units. Lags and offsets are whole
   * numbers: through an exact line, a wiggle of one message would otherwise count as a turn.
   */
  noiseFloor: number;
  /**
   * A slope within this many standard errors of zero is read as no slope, whatever the dead
   * band says: a line since a turn runs through a few samples, and a few samples of wobble
   * can slope steeply.
   */
  slopeErrors: number;
}

export const defaultTurnOptions: TurnOptions = { minimumF: 24, noiseFloor: 1, slopeErrors: 3 };

/** Samples in time order, read in place (an `OffsetHistory` ring, an array of lag points). */
export interface TimeSeries {
  readonly size: number;
  /** Epoch ms, never decreasing with the index. */
  timeAt(index: number): number;
  valueAt(index: number): number;
}

/** A least-squares line through a series' recent samples. */
export interface FittedLine {
  /** Units per second. */
  slope: number;
  /** The line's value at the time asked about. */
  valueNow: number;
  /** The slope's standard error: how far the scatter about the line could move it. */
  slopeError: number;
  /** Samples the line went through: since the turn when there was one. */
  samples: number;
  /** True when the series turned within the window and the line starts at the turn. */
  sinceTurn: boolean;
}

/**
 * The line through the samples of the last `windowMs` up to `now`: one straight line through
 * all of them while the series keeps one course, so a steady state reads steady; the course
 * since the turn once it turns (`turn`; null: never), so a new course shows within a few
 * refreshes instead of after a window. Null with too little history.
 */
export function fitRecentLine(
  series: TimeSeries,
  now: number,
  options: RateOptions,
  turn: TurnOptions | null = null,
): FittedLine | null {
  const first = firstIndexAtOrAfter(series, now - options.windowMs);
  const count = firstIndexAtOrAfter(series, now + 1) - first;
  if (count < Math.max(2, options.minimumSamples)) return null;
  if (series.timeAt(first + count - 1) - series.timeAt(first) < options.minimumSpanMs) return null;

  // Seconds before now and values above the first sample: epoch-sized numbers lose no precision.
  const base = series.valueAt(first);
  const samples: Samples = { count, x: new Float64Array(count), y: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    samples.x[i] = (series.timeAt(first + i) - now) / 1000;
    samples.y[i] = series.valueAt(first + i) - base;
  }

  let course = straightLine(samples, 0);
  const noiseFloor = turn ? turn.noiseFloor : 0;
  // The course since a turn needs the history any course needs, and a course before it.
  const segment = Math.max(3, options.minimumSamples);
  if (turn && count >= 2 * segment) {
    const shortest = { samples: segment, seconds: options.minimumSpanMs / 1000 };
    for (const shape of [bentLine(samples, shortest), splitLines(samples, shortest)]) {
      if (shape && fitsBetter(shape, course, count, turn)) course = shape;
    }
  }
  const variance = Math.max(course.residual / Math.max(1, count - course.parameters), noiseFloor ** 2);
  return {
    slope: course.slope,
    valueNow: base + course.valueNow,
    slopeError: Math.sqrt(variance * course.slopeVariance),
    samples: count - course.from,
    sinceTurn: course.from > 0,
  };
}

interface Samples {
  count: number;
  /** Seconds, ≤ 0 (before now). */
  x: Float64Array;
  y: Float64Array;
}

/** A fitted shape, read by its newest part: the course the series is on now. */
interface Course {
  /** Of the newest part. */
  slope: number;
  valueNow: number;
  /** The slope's variance per unit of noise variance. */
  slopeVariance: number;
  /** Sum of squared residuals over every sample of the window. */
  residual: number;
  parameters: number;
  /** Index of the first sample of the newest part: 0 for one line. */
  from: number;
}

interface ShortestCourse {
  samples: number;
  seconds: number;
}

function fitsBetter(candidate: Course, current: Course, count: number, turn: TurnOptions): boolean {
  if (candidate.parameters <= current.parameters) return false;
  const noise = Math.max(candidate.residual / (count - candidate.parameters), turn.noiseFloor ** 2);
  const gain = (current.residual - candidate.residual) / (candidate.parameters - current.parameters);
  return gain / noise >= turn.minimumF;
}

/** The least-squares line through samples `from` up to (not including) `count`, by default all after `from`. */
function straightLine(samples: Samples, from: number, count = samples.count): Course {
  const { x, y } = samples;
  const n = count - from;
  let meanX = 0;
  let meanY = 0;
  for (let i = from; i < count; i++) {
    meanX += x[i]!;
    meanY += y[i]!;
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = from; i < count; i++) {
    sxx += (x[i]! - meanX) ** 2;
    sxy += (x[i]! - meanX) * (y[i]! - meanY);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  // x is measured from now, so the line's value now is its intercept.
  const valueNow = meanY - slope * meanX;
  let residual = 0;
  for (let i = from; i < count; i++) residual += (y[i]! - valueNow - slope * x[i]!) ** 2;
  return {
    slope,
    valueNow,
    slopeVariance: sxx > 0 ? 1 / sxx : Number.POSITIVE_INFINITY,
    residual,
    parameters: 2,
    from,
  };
}

/** The best of one line for the older samples and another for the newer, split at any sample. */
function splitLines(samples: Samples, shortest: ShortestCourse): Course | null {
  const { count, x } = samples;
  let best: Course | null = null;
  for (let split = 1; split <= count - shortest.samples; split++) {
    if (x[count - 1]! - x[split]! < shortest.seconds) break;
    const older = straightLine(samples, 0, split);
    const newer = straightLine(samples, split);
    const residual = older.residual + newer.residual;
    if (!best || residual < best.residual) best = { ...newer, residual, parameters: 4 };
  }
  return best;
}

/**
 * The best line that bends at a sample: y = a + b·x + c·max(0, x − x_k) for every k with
 * enough samples on either side. Its newest part, from the bend on, slopes b + c.
 */
function bentLine(samples: Samples, shortest: ShortestCourse): Course | null {
  const { count, x, y } = samples;
  let best: Course | null = null;
  for (let bend = 1; bend <= count - shortest.samples; bend++) {
    const at = x[bend]!;
    if (x[count - 1]! - at < shortest.seconds) break;
    // Normal equations of the three terms 1, x and h = max(0, x − at).
    let sx = 0;
    let sxx = 0;
    let sh = 0;
    let sxh = 0;
    let shh = 0;
    let sy = 0;
    let sxy = 0;
    let shy = 0;
    for (let i = 0; i < count; i++) {
      const h = Math.max(0, x[i]! - at);
      sx += x[i]!;
      sxx += x[i]! * x[i]!;
      sh += h;
      sxh += x[i]! * h;
      shh += h * h;
      sy += y[i]!;
      sxy += x[i]! * y[i]!;
      shy += h * y[i]!;
    }
    const inverse = invertSymmetric3(count, sx, sh, sxx, sxh, shh);
    if (!inverse) continue;
    const [i11, i12, i13, i22, i23, i33] = inverse;
    const a = i11 * sy + i12 * sxy + i13 * shy;
    const b = i12 * sy + i22 * sxy + i23 * shy;
    const c = i13 * sy + i23 * sxy + i33 * shy;
    let residual = 0;
    for (let i = 0; i < count; i++) residual += (y[i]! - a - b * x[i]! - c * Math.max(0, x[i]! - at)) ** 2;
    if (best && residual >= best.residual) continue;
    best = {
      slope: b + c,
      // Now is x = 0, past the bend: a + c·(0 − at).
      valueNow: a - c * at,
      slopeVariance: i22 + i33 + 2 * i23,
      residual,
      parameters: 3,
      from: bend,
    };
  }
  return best;
}

/**
 * The inverse of the symmetric matrix [[m11, m12, m13], [m12, m22, m23], [m13, m23, m33]] as
 * its upper triangle; null when it is singular (samples too close together in time).
 */
function invertSymmetric3(
  m11: number,
  m12: number,
  m13: number,
  m22: number,
  m23: number,
  m33: number,
): [number, number, number, number, number, number] | null {
  const c11 = m22 * m33 - m23 * m23;
  const c12 = m13 * m23 - m12 * m33;
  const c13 = m12 * m23 - m13 * m22;
  const determinant = m11 * c11 + m12 * c12 + m13 * c13;
  if (!(Math.abs(determinant) > 1e-9 * Math.abs(m11 * m22 * m33))) return null;
  return [
    c11 / determinant,
    c12 / determinant,
    c13 / determinant,
    (m11 * m33 - m13 * m13) / determinant,
    (m12 * m13 - m11 * m23) / determinant,
    (m11 * m22 - m12 * m12) / determinant,
  ];
}

/** Index of the first sample taken at or after `time`; `size` if none. */
export function firstIndexAtOrAfter(series: TimeSeries, time: number): number {
  let low = 0;
  let high = series.size;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (series.timeAt(middle) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
