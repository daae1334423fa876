import { describe, expect, it } from 'vitest';
import { leastSquaresSlope, OffsetHistory, offsetRate, type RateOptions } from './offsetHistory';

const epoch = 1_760_000_000_000;

function historyOf(samples: [number, number][], limits = { maxSamples: 360, maxAgeMs: 30 * 60_000 }) {
  const history = new OffsetHistory(limits);
  for (const [at, offset] of samples) history.record(epoch + at, offset);
  return history;
}

/** One sample every `stepMs` for `count` refreshes, the offset given by `offsetAt(seconds)`. */
function every(stepMs: number, count: number, offsetAt: (seconds: number) => number): [number, number][] {
  return Array.from({ length: count }, (_, i) => [i * stepMs, Math.floor(offsetAt((i * stepMs) / 1000))]);
}

function after(shiftMs: number, samples: [number, number][]): [number, number][] {
  return samples.map(([at, offset]) => [at + shiftMs, offset]);
}

describe('OffsetHistory', () => {
  it('adds samples, merges a second reading of one refresh, ignores the past', () => {
    const history = new OffsetHistory();
    expect(history.record(1000, 10)).toBe('added');
    expect(history.record(2000, 20)).toBe('added');
    expect(history.record(2000, 25)).toBe('merged');
    expect(history.record(2000, 22)).toBe('ignored');
    expect(history.record(1500, 30)).toBe('ignored');
    expect(history.samples()).toEqual([
      { at: 1000, offset: 10 },
      { at: 2000, offset: 25 },
    ]);
  });

  it('starts over when the offset goes down', () => {
    const history = historyOf([
      [0, 100],
      [5000, 200],
      [10_000, 50],
      [15_000, 80],
    ]);
    expect(history.samples().map((s) => s.offset)).toEqual([50, 80]);
  });

  it('keeps at most maxSamples, oldest first, across the ring wrapping', () => {
    const history = historyOf(
      every(1000, 10, (s) => s * 10),
      { maxSamples: 4, maxAgeMs: 60_000 },
    );
    expect(history.samples().map((s) => s.offset)).toEqual([60, 70, 80, 90]);
    expect(history.lastIndexAtOrBelow(75)).toBe(1);
    expect(history.lastIndexAtOrBelow(59)).toBe(-1);
    expect(history.lastIndexAtOrBelow(1000)).toBe(3);
  });

  it('drops samples older than maxAgeMs before the newest', () => {
    const history = historyOf(
      every(5000, 20, (s) => s),
      { maxSamples: 100, maxAgeMs: 30_000 },
    );
    const samples = history.samples();
    expect(samples.length).toBe(7);
    expect(samples.at(-1)!.at - samples[0]!.at).toBe(30_000);
  });

  it('lists the samples since a time', () => {
    const history = historyOf(every(5000, 6, (s) => s));
    expect(history.samplesSince(epoch + 12_000).map((s) => s.at - epoch)).toEqual([15_000, 20_000, 25_000]);
  });
});

describe('offsetRate', () => {
  const options: RateOptions = { windowMs: 60_000, minimumSamples: 3, minimumSpanMs: 10_000 };

  it.each<[string, [number, number][], number, number | null]>([
    ['steady state, 100 messages/s', every(5000, 30, (s) => 1000 + s * 100), 145_000, 100],
    ['a stalled consumer', every(5000, 30, () => 1200), 145_000, 0],
    [
      'only the last minute counts',
      [
        ...every(5000, 18, (s) => s * 500),
        ...after(
          90_000,
          every(5000, 12, (s) => 45_000 + s * 10),
        ),
      ],
      150_000,
      10,
    ],
    ['two samples are too few', every(5000, 2, (s) => s * 100), 5000, null],
    ['three samples in 4 s span too little time', every(2000, 3, (s) => s * 100), 4000, null],
    ['nothing recent', every(5000, 10, (s) => s * 100), 45_000 + 120_000, null],
  ])('%s', (_, samples, now, rate) => {
    const measured = offsetRate(historyOf(samples), epoch + now, options);
    if (rate === null) expect(measured).toBeNull();
    else expect(measured).toBeCloseTo(rate, 6);
  });

  it('measures a rewound offset from the rewind on, never as a negative rate', () => {
    const before = every(5000, 10, (s) => 50_000 + s * 100);
    const history = historyOf([
      ...before,
      ...after(
        50_000,
        every(5000, 4, (s) => s * 80),
      ),
    ]);
    expect(offsetRate(history, epoch + 50_000, options)).toBeNull();
    expect(offsetRate(history, epoch + 65_000, options)).toBeCloseTo(80, 6);
  });

  it('follows offsets committed in steps without jumping by a step per refresh', () => {
    // 100 messages/s committed every 25 s, read every 5 s: a reading lags the truth by up to a step.
    const committed = every(5000, 60, (s) => Math.floor(s / 25) * 2500);
    const history = new OffsetHistory();
    const rates: number[] = [];
    for (const [at, offset] of committed) {
      history.record(epoch + at, offset);
      const rate = offsetRate(history, epoch + at, options);
      if (at >= 60_000 && rate !== null) rates.push(rate);
    }
    for (const rate of rates) expect(Math.abs(rate - 100)).toBeLessThan(5);
    const endPointRates = committed
      .filter(([at]) => at >= 60_000)
      .map(([at, offset]) => (offset - committed.find(([t]) => t === at - 60_000)![1]) / 60);
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    expect(spread(rates)).toBeLessThan(spread(endPointRates));
  });
});

describe('leastSquaresSlope', () => {
  it.each<[string, { x: number; y: number }[], number]>([
    ['a line', [0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })), 2],
    ['scattered about a line', [0, 1, 2, 3].map((x) => ({ x, y: 3 * x + (x % 2 ? 1 : -1) })), 3.4],
    [
      'one x',
      [
        { x: 1, y: 1 },
        { x: 1, y: 9 },
      ],
      0,
    ],
    ['one point', [{ x: 1, y: 1 }], 0],
  ])('%s', (_, points, slope) => {
    expect(
      leastSquaresSlope(
        points.length,
        (i) => points[i]!.x,
        (i) => points[i]!.y,
      ),
    ).toBeCloseTo(slope, 9);
  });
});
