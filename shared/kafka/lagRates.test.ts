import { describe, expect, it } from 'vitest';
import {
  drainEta,
  fitLagLine,
  LagHistory,
  lagTrend,
  partitionLagSeconds,
  sumRates,
  type TrendOptions,
} from './lagRates';
import type { DrainEta, LagPoint, LagTrend } from './model';
import { OffsetHistory } from './offsetHistory';

function endHistory(samples: [number, number][]): OffsetHistory {
  const history = new OffsetHistory({ maxSamples: 360, maxAgeMs: 30 * 60_000 });
  for (const [at, offset] of samples) history.record(at, offset);
  return history;
}

describe('partitionLagSeconds', () => {
  const steady = endHistory(Array.from({ length: 13 }, (_, i) => [i * 5000, 10_000 + i * 500]));

  it.each<[string, OffsetHistory, number, number, number, { seconds: number; lowerBound: boolean } | null]>([
    ['caught up', steady, 16_000, 16_000, 60_000, { seconds: 0, lowerBound: false }],
    ['commit read after the end offset', steady, 16_010, 16_000, 60_000, { seconds: 0, lowerBound: false }],
    [
      '500 messages behind at 100 messages/s',
      steady,
      15_500,
      16_000,
      60_000,
      { seconds: 4.99, lowerBound: false },
    ],
    [
      'a message written between two refreshes',
      endHistory([
        [0, 0],
        [10_000, 1000],
      ]),
      499,
      1000,
      20_000,
      { seconds: 15, lowerBound: false },
    ],
    [
      'a quiet partition: the age of the one message since the pause',
      endHistory([
        [0, 1000],
        [300_000, 1000],
        [600_000, 1000],
        [605_000, 1001],
      ]),
      1000,
      1001,
      700_000,
      { seconds: 95, lowerBound: false },
    ],
    [
      'older than the history: its age, as a lower bound',
      steady,
      9000,
      16_000,
      60_000,
      { seconds: 60, lowerBound: true },
    ],
    [
      'the refresh being evaluated is not in the history yet',
      endHistory([
        [0, 100],
        [5000, 100],
      ]),
      100,
      200,
      10_000,
      { seconds: 4.95, lowerBound: false },
    ],
    ['one sample is no history', endHistory([[0, 100]]), 50, 100, 0, null],
  ])('%s', (_, history, committed, end, now, expected) => {
    const result = partitionLagSeconds(history, committed, end, now);
    if (expected === null) return expect(result).toBeNull();
    expect(result!.lowerBound).toBe(expected.lowerBound);
    expect(result!.seconds).toBeCloseTo(expected.seconds, 6);
  });
});

describe('lagTrend', () => {
  const options: TrendOptions = {
    windowMs: 60_000,
    minimumSamples: 3,
    minimumSpanMs: 10_000,
    deadBandShareOfProduceRate: 0.1,
    deadBandFloor: 0.05,
  };
  /** A point every 5 s over the last minute up to t = 120 s. */
  const points = (lagAt: (seconds: number, index: number) => number): LagPoint[] =>
    Array.from({ length: 13 }, (_, i) => ({
      at: 60_000 + i * 5000,
      totalLag: Math.round(lagAt(60 + i * 5, i)),
    }));
  /** ± a full 5 s of production at 100 messages/s, the wobble of lag read between commits. */
  const commitWobble = (i: number) => (i % 2 === 0 ? 500 : -500) * ((i % 3) / 2);

  it.each<[string, LagPoint[], number | null, LagTrend]>([
    ['a steady consumer', points(() => 250), 100, 'flat'],
    ['noise within the dead band', points((_, i) => 5000 + commitWobble(i)), 100, 'flat'],
    ['a stopped consumer', points((s) => 1000 + 100 * s), 100, 'growing'],
    ['a recovering consumer', points((s) => 60_000 - 50 * s), 100, 'draining'],
    [
      'falling behind by a fifth of the produce rate',
      points((s) => 20 * s + commitWobble(s)),
      100,
      'growing',
    ],
    ['a slow topic whose consumer stopped', points((s) => 0.3 * s), 0.3, 'growing'],
    ['growth within 10% of the produce rate', points((s) => 5000 + 8 * s), 100, 'flat'],
    ['two points', points(() => 5).slice(-2), 100, 'unknown'],
    [
      'points 5 s apart in all',
      points(() => 5)
        .slice(-2)
        .concat({ at: 122_000, totalLag: 5 }),
      100,
      'unknown',
    ],
  ])('%s', (_, series, produceRate, trend) => {
    expect(lagTrend(series, 120_000, produceRate, options)).toBe(trend);
  });

  it('looks only at the recent window', () => {
    const old = Array.from({ length: 12 }, (_, i) => ({ at: i * 5000, totalLag: i * 10_000 }));
    expect(lagTrend([...old, ...points(() => 110_000)], 120_000, 100, options)).toBe('flat');
  });
});

describe('fitLagLine', () => {
  it('gives the slope and the value now of the line through the recent lag', () => {
    const sawTooth = Array.from({ length: 13 }, (_, i) => ({
      at: i * 5000,
      totalLag: 10_000 - 250 * i + (i % 2) * 400,
    }));
    const line = fitLagLine(sawTooth, 60_000)!;
    expect(line.slope).toBeCloseTo(-50, 0);
    expect(line.lagNow).toBeCloseTo(10_000 - 250 * 12 + 200, -2);
  });

  it('needs enough points over enough time', () => {
    expect(
      fitLagLine(
        [
          { at: 0, totalLag: 1 },
          { at: 30_000, totalLag: 2 },
        ],
        30_000,
      ),
    ).toBeNull();
  });
});

describe('drainEta', () => {
  it.each<[string, number | null, number | null, number | null, DrainEta]>([
    ['no lag', 0, null, null, { kind: 'caught-up' }],
    ['less than 10 s of production behind while consuming', 800, 100, 100, { kind: 'caught-up' }],
    ['a stopped consumer, however small its lag', 300, 0, 100, { kind: 'never' }],
    ['consuming no faster than producers write', 50_000, 100, 100, { kind: 'never' }],
    ['a stalled consumer', 50_000, 0, 100, { kind: 'never' }],
    ['draining 50 messages/s net', 10_000, 150, 100, { kind: 'eta', seconds: 200 }],
    ['draining with nothing produced', 3000, 30, 0, { kind: 'eta', seconds: 100 }],
    ['rates unknown', 10_000, null, 100, { kind: 'unknown' }],
    ['lag unknown', null, 150, 100, { kind: 'unknown' }],
  ])('%s', (_, totalLag, consumeRate, produceRate, eta) => {
    expect(drainEta({ totalLag, consumeRate, produceRate }, { caughtUpSeconds: 10 })).toEqual(eta);
  });

  it.each<[string, number | null | undefined, number]>([
    ['divides the smoothed lag when there is one', 9000, 180],
    ['divides the total lag without one', undefined, 200],
    ['divides the total lag when the smoothed one has run out', -40, 200],
  ])('%s', (_, smoothedLag, seconds) => {
    expect(drainEta({ totalLag: 10_000, smoothedLag, consumeRate: 150, produceRate: 100 })).toEqual({
      kind: 'eta',
      seconds,
    });
  });

  it('shrinks as a recovering consumer drains', () => {
    const etas = [20_000, 17_500, 15_000, 12_500].map((totalLag) =>
      drainEta({ totalLag, consumeRate: 150, produceRate: 100 }),
    );
    const seconds = etas.map((eta) => (eta.kind === 'eta' ? eta.seconds : Number.NaN));
    expect(seconds).toEqual([400, 350, 300, 250]);
  });
});

describe('LagHistory', () => {
  it('keeps a flat run as its first and last points', () => {
    const history = new LagHistory(120);
    [5, 5, 5, 7, 7, 9].forEach((totalLag, i) => history.record({ at: i * 5000, totalLag }));
    expect(history.points).toEqual([
      { at: 0, totalLag: 5 },
      { at: 10_000, totalLag: 5 },
      { at: 15_000, totalLag: 7 },
      { at: 20_000, totalLag: 7 },
      { at: 25_000, totalLag: 9 },
    ]);
  });

  it('does not change while the lag does not', () => {
    const history = new LagHistory(120);
    history.record({ at: 0, totalLag: 3 });
    const before = history.points;
    for (let i = 1; i < 50; i++) history.record({ at: i * 5000, totalLag: 3 });
    expect(history.points).toBe(before);
    history.record({ at: 250_000, totalLag: 4 });
    expect(history.points).toEqual([
      { at: 0, totalLag: 3 },
      { at: 245_000, totalLag: 3 },
      { at: 250_000, totalLag: 4 },
    ]);
  });

  it('keeps the last maxPoints points and ignores the past', () => {
    const history = new LagHistory(4);
    for (let i = 0; i < 10; i++) history.record({ at: i * 1000, totalLag: i });
    history.record({ at: 5000, totalLag: 100 });
    expect(history.points.map((p) => p.totalLag)).toEqual([6, 7, 8, 9]);
  });
});

describe('sumRates', () => {
  it.each([
    [[1, 2.5, 0], 3.5],
    [[1, null], null],
    [[], null],
  ])('%j sums to %j', (rates, sum) => {
    expect(sumRates(rates)).toBe(sum);
  });
});
