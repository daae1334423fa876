import { describe, expect, it } from 'vitest';
import { OffsetHistory, offsetRate } from './offsetHistory';
import { defaultTurnOptions, fitRecentLine, type RateOptions, type TimeSeries } from './recentCourse';

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

  it.each([
    ['one line over the window', null],
    ['lines since a turn', defaultTurnOptions],
  ])('follows offsets committed in steps without jumping by a step per refresh: %s', (_, turn) => {
    // 100 messages/s committed every 25 s, read every 5 s: a reading lags the truth by up to a step.
    const committed = every(5000, 60, (s) => Math.floor(s / 25) * 2500);
    const history = new OffsetHistory();
    const rates: number[] = [];
    for (const [at, offset] of committed) {
      history.record(epoch + at, offset);
      const rate = offsetRate(history, epoch + at, options, turn);
      if (at >= 60_000 && rate !== null) rates.push(rate);
    }
    for (const rate of rates) expect(Math.abs(rate - 100)).toBeLessThan(5);
    const endPointRates = committed
      .filter(([at]) => at >= 60_000)
      .map(([at, offset]) => (offset - committed.find(([t]) => t === at - 60_000)![1]) / 60);
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    expect(spread(rates)).toBeLessThan(spread(endPointRates));
  });

  it.each<[string, (seconds: number) => number, number, number]>([
    // Stalled at 6 000 for a minute, then 150 messages/s committed every 5 s from 60 s on.
    ['a consumer coming back', (s) => (s <= 60 ? 6000 : 6000 + 150 * (s - 60)), 60, 150],
    // 150 messages/s for a minute, then nothing from 60 s on.
    ['a consumer stopping', (s) => 150 * Math.min(s, 60), 60, 0],
    // 40 messages/s, then 200 from 60 s on: a consumer given more instances.
    ['a consumer speeding up', (s) => 40 * s + 160 * Math.max(0, s - 60), 60, 200],
  ])('reads %s at its new rate two refreshes after the turn', (_, committedAt, turnSeconds, newRate) => {
    const samples = every(5000, turnSeconds / 5 + 3, committedAt);
    const now = epoch + samples.at(-1)![0];
    const history = historyOf(samples);
    expect(offsetRate(history, now, options, defaultTurnOptions)).toBeCloseTo(newRate, 6);
    // One line over the minute still reads mostly the old rate.
    const oldRate = (committedAt(turnSeconds) - committedAt(turnSeconds - 5)) / 5;
    const windowed = offsetRate(history, now, options, null)!;
    expect(Math.abs(windowed - oldRate)).toBeLessThan(Math.abs(windowed - newRate));
  });
});

/** Points at whole seconds from 0, the last at `now`. */
function seriesOf(values: number[], stepSeconds = 5): { series: TimeSeries; now: number } {
  return {
    series: { size: values.length, timeAt: (i) => i * stepSeconds * 1000, valueAt: (i) => values[i]! },
    now: (values.length - 1) * stepSeconds * 1000,
  };
}

describe('fitRecentLine', () => {
  const window: RateOptions = { windowMs: 60_000, minimumSamples: 3, minimumSpanMs: 10_000 };

  it.each<[string, number[], { slope: number; valueNow: number }]>([
    ['a line', [0, 1, 2, 3].map((i) => 5 + 10 * i), { slope: 2, valueNow: 35 }],
    [
      'scattered about a line',
      [0, 1, 2, 3].map((i) => 15 * i + (i % 2 ? 5 : -5)),
      { slope: 3.4, valueNow: 48 },
    ],
    ['flat', [7, 7, 7, 7, 7], { slope: 0, valueNow: 7 }],
  ])('%s', (_, values, expected) => {
    const { series, now } = seriesOf(values);
    const line = fitRecentLine(series, now, window)!;
    expect(line.slope).toBeCloseTo(expected.slope, 9);
    expect(line.valueNow).toBeCloseTo(expected.valueNow, 9);
    expect(line.sinceTurn).toBe(false);
  });

  it('keeps offsets of epoch size exact', () => {
    const { series, now } = seriesOf([0, 1, 2, 3, 4].map((i) => 9_007_199_254_000 + 250 * i));
    const line = fitRecentLine(
      { ...series, timeAt: (i) => 1_760_000_000_000 + series.timeAt(i) },
      1_760_000_000_000 + now,
      window,
    )!;
    expect(line.slope).toBe(50);
    expect(line.valueNow).toBe(9_007_199_255_000);
  });

  it('starts the line at the turn once the samples since it make a line', () => {
    // Flat at 100 for a minute, then rising 10 per second from the sample at 60 s.
    const values = [...Array<number>(13).fill(100), 150, 200];
    const [before, after] = [13, 15].map((count) => {
      const { series, now } = seriesOf(values.slice(0, count));
      return fitRecentLine(series, now, window, defaultTurnOptions)!;
    });
    expect(before).toMatchObject({ slope: 0, valueNow: 100, samples: 13, sinceTurn: false });
    expect(after).toMatchObject({ samples: 3, sinceTurn: true });
    expect(after!.slope).toBeCloseTo(10, 9);
    expect(after!.valueNow).toBeCloseTo(200, 9);
    // Without turns, the same samples read the minute's average course.
    const { series, now } = seriesOf(values);
    expect(fitRecentLine(series, now, window)!.slope).toBeLessThan(5);
  });

  it('does not split a steady series whose readings wobble', () => {
    // 20 per second read with a wobble of ±50, a few refreshes' worth of messages.
    const wobble = [0, 50, -50, 25, -25, 50, 0, -50, 50, -25, 25, -50, 0, 50, -50, 25, -25, 50, 0, -50];
    for (let count = 13; count <= wobble.length; count++) {
      const { series, now } = seriesOf(wobble.slice(0, count).map((w, i) => 1000 + 100 * i + w));
      const line = fitRecentLine(series, now, window, defaultTurnOptions)!;
      expect(line.sinceTurn).toBe(false);
      expect(Math.abs(line.slope - 20)).toBeLessThan(2 * line.slopeError);
    }
  });

  it.each<[string, number[], number]>([
    ['two samples', [1, 2], 5],
    ['three samples in 4 s', [1, 2, 3], 2],
    ['one x', [1, 9, 4], 0],
  ])('knows nothing from %s', (_, values, stepSeconds) => {
    const { series, now } = seriesOf(values, stepSeconds);
    expect(fitRecentLine(series, now, window)).toBeNull();
  });
});
