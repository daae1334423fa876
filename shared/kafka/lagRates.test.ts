import { describe, expect, it } from 'vitest';
import {
  drainEta,
  fitLagLine,
  LagHistory,
  lagTrend,
  partitionLagSeconds,
  sumRates,
  type LagLine,
  type TrendOptions,
} from './lagRates';
import type { DrainEta, LagPoint, LagTrend } from './kafkaModel';
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

describe('lagTrend through a change of course', () => {
  /** Numbers in [0, 1) from a seed, the same on every run. */
  const seeded = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  interface Course {
    /** The lag at `seconds` on its course, before the wobble of where a refresh falls between commits. */
    lagAt: (seconds: number) => number;
    refreshes: number;
    /** The first refresh to see the new course, in seconds; null: one course throughout. */
    turnSeconds: number | null;
    /** Refreshes after that one within which the trend must read the new course. */
    within: number;
    before: LagTrend;
    after: LagTrend;
  }

  // 100 messages/s produced and committed every 5 s: wherever a refresh falls, the lag reads
  // 0 to 500 messages above its course.
  const courses: [string, Course][] = [
    [
      'a consumer stops',
      {
        lagAt: (s) => 100 * Math.max(0, s - 98),
        refreshes: 40,
        turnSeconds: 100,
        within: 2,
        before: 'flat',
        after: 'growing',
      },
    ],
    [
      'a consumer comes back at 150 messages/s',
      {
        lagAt: (s) => (s < 102 ? 100 * s : 10_200 - 50 * (s - 102)),
        refreshes: 40,
        turnSeconds: 105,
        within: 2,
        before: 'growing',
        after: 'draining',
      },
    ],
    [
      'a burst of 20 000 messages, drained at 50 messages/s',
      {
        lagAt: (s) => (s < 102 ? 0 : Math.max(0, 20_000 - 50 * (s - 102))),
        refreshes: 40,
        turnSeconds: 105,
        within: 2,
        before: 'flat',
        after: 'draining',
      },
    ],
    [
      // A fall of a fifth of the produce rate takes longer to tell from a wobble of 5 s of it.
      'a drain of 80 messages/s ends',
      {
        lagAt: (s) => Math.max(0, 8000 - 80 * s),
        refreshes: 40,
        turnSeconds: 100,
        within: 3,
        before: 'draining',
        after: 'flat',
      },
    ],
    ...[1, 2, 3, 4, 5].map<[string, Course]>((seed) => [
      `a steady group, wobble seed ${seed}`,
      { lagAt: () => 0, refreshes: 120, turnSeconds: null, within: 0, before: 'flat', after: 'flat' },
    ]),
  ];

  it.each(courses.map(([name, course], i) => [name, course, i + 1] as const))('%s', (_, course, seed) => {
    const wobble = seeded(seed);
    const points: LagPoint[] = [];
    const read: string[] = [];
    const expected: string[] = [];
    const turn = course.turnSeconds ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < course.refreshes; i++) {
      const seconds = i * 5;
      points.push({ at: seconds * 1000, totalLag: Math.round(course.lagAt(seconds) + 500 * wobble()) });
      const trend = lagTrend(points, seconds * 1000, 100);
      read.push(`${seconds} s ${trend}`);
      // The course before the turn is judged once a window of it is in; the new one `within` refreshes in.
      const judged =
        seconds >= turn + course.within * 5
          ? course.after
          : seconds >= 60 && seconds < turn
            ? course.before
            : trend;
      expected.push(`${seconds} s ${judged}`);
    }
    expect(read).toEqual(expected);
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
  /** A line through the lag: `slope` messages per second, at `lagNow` now. */
  const line = (slope: number, lagNow: number): LagLine => ({
    slope,
    lagNow,
    slopeError: 1,
  });

  it.each<[string, number | null, LagLine | null, LagTrend, number | null, number | null, DrainEta]>([
    ['no lag', 0, null, 'unknown', null, null, { kind: 'caught-up' }],
    [
      'less than 10 s of production behind while consuming',
      800,
      line(0, 800),
      'flat',
      100,
      100,
      { kind: 'caught-up' },
    ],
    ['a stopped consumer, however small its lag', 300, line(100, 300), 'growing', 0, 100, { kind: 'never' }],
    [
      'a consumer falling behind, however small its lag',
      300,
      line(30, 300),
      'growing',
      70,
      100,
      { kind: 'never' },
    ],
    [
      'consuming no faster than producers write',
      50_000,
      line(0, 50_000),
      'flat',
      100,
      100,
      { kind: 'never' },
    ],
    ['a stalled consumer', 50_000, line(100, 50_000), 'growing', 0, 100, { kind: 'never' }],
    ['a fall inside the noise', 50_000, line(-2, 50_000), 'flat', 102, 100, { kind: 'never' }],
    [
      'draining 50 messages/s net',
      10_000,
      line(-50, 10_000),
      'draining',
      150,
      100,
      { kind: 'eta', seconds: 200 },
    ],
    [
      'draining with nothing produced',
      3000,
      line(-30, 3000),
      'draining',
      30,
      0,
      { kind: 'eta', seconds: 100 },
    ],
    [
      'draining faster than the rates say, just after a turn',
      10_000,
      line(-100, 10_000),
      'draining',
      120,
      100,
      { kind: 'eta', seconds: 100 },
    ],
    ['too little history for a line', 10_000, null, 'unknown', 150, 100, { kind: 'unknown' }],
    ['rates unknown', 10_000, line(-50, 10_000), 'draining', null, 100, { kind: 'unknown' }],
    ['lag unknown', null, line(-50, 10_000), 'draining', 150, 100, { kind: 'unknown' }],
  ])('%s', (_, totalLag, lagLine, trend, consumeRate, produceRate, eta) => {
    expect(
      drainEta({ totalLag, line: lagLine, trend, consumeRate, produceRate }, { caughtUpSeconds: 10 }),
    ).toEqual(eta);
  });

  it.each<[string, number, number]>([
    ["divides the line's lag now", 9000, 180],
    ['divides the total lag when the line has run out', -40, 200],
  ])('%s', (_, lagNow, seconds) => {
    const figures = { totalLag: 10_000, line: line(-50, lagNow), trend: 'draining' as const };
    expect(drainEta({ ...figures, consumeRate: 150, produceRate: 100 })).toEqual({ kind: 'eta', seconds });
  });

  it('shrinks as a recovering consumer drains', () => {
    const etas = [20_000, 17_500, 15_000, 12_500].map((lag) =>
      drainEta({
        totalLag: lag,
        line: line(-50, lag),
        trend: 'draining',
        consumeRate: 150,
        produceRate: 100,
      }),
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
