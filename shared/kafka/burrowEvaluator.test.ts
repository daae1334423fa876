import { describe, expect, it } from 'vitest';
import {
  calculatePartitionStatus,
  defaultEvaluatorOptions,
  evaluateGroup,
  evaluatePartition,
  findRewind,
  isLagAlwaysNonZero,
  isLagNotDecreasing,
  isStalled,
  isStopped,
  wasRecentlyCaughtUp,
  type EvaluatorOptions,
  type PartitionJudgement,
  type RuleOptions,
} from './burrowEvaluator';
import type { PartitionStatus } from './kafkaModel';
import { PartitionWindow, type CommitRecord } from './partitionWindow';

/** [offset, timestamp ms, lag or null] */
type Row = [number, number, number | null];

function commits(...rows: Row[]): CommitRecord[] {
  return rows.map(([offset, timestamp, lag]) => ({ offset, timestamp, lag }));
}

/** Burrow's own rule options: no floor under the window's span (and, with no feed, no cadence or readings). */
const burrowRules: RuleOptions = { ...defaultEvaluatorOptions, allowedLag: 0, minimumStopSpanMs: 0 };
/** The console's: a minute's floor while the cadence is unknown. */
const consoleRules: RuleOptions = { ...defaultEvaluatorOptions, allowedLag: 0, minimumStopSpanMs: 60_000 };

const rising: Row[] = [
  [1000, 100_000, 0],
  [2000, 200_000, 50],
  [3000, 300_000, 100],
  [4000, 400_000, 150],
  [5000, 500_000, 200],
];
const risingFromNonZero: Row[] = [
  [1000, 100_000, 50],
  [2000, 200_000, 100],
  [3000, 300_000, 150],
  [4000, 400_000, 200],
  [5000, 500_000, 250],
];
const rewoundAndBack: Row[] = [
  [1000, 100_000, 100],
  [2000, 200_000, 150],
  [3000, 300_000, 200],
  [2000, 400_000, 1250],
  [4000, 500_000, 300],
];
/** Commits one second apart, all at zero lag, from a production incident (Burrow #290 and #303). */
const busyAtZeroLag: Row[] = Array.from({ length: 15 }, (_, i) => [
  792748079 + i,
  [
    1512224618356, 1512224619362, 1512224620366, 1512224621367, 1512224622370, 1512224623373, 1512224624378,
    1512224625379, 1512224626383, 1512224627383, 1512224628383, 1512224629388, 1512224630391, 1512224631394,
    1512224632397,
  ][i]!,
  0,
]);

interface BurrowCase {
  name: string;
  rows: Row[];
  endOffsets: number[];
  currentLag: number;
  now: number;
  allowedLag?: number;
  lagAlwaysNonZero: boolean;
  rewindIndex: number;
  stopped: boolean;
  stalled: boolean;
  lagNotDecreasing: boolean;
  recentlyCaughtUp: boolean;
  status: PartitionStatus;
}

// The evaluator's correctness table from Burrow's caching_test.go, case for case, in milliseconds.
const burrowCases: BurrowCase[] = [
  {
    name: '0: OK because the lag is zero somewhere in the window',
    rows: rising,
    endOffsets: [5200],
    currentLag: 200,
    now: 600_000,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: false,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '1: not stopped when the time since the last commit equals the span, not more',
    rows: rising,
    endOffsets: [5200],
    currentLag: 200,
    now: 900_000,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: false,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '2: STOP once the time since the last commit exceeds the span, even with zero lag early on',
    rows: rising,
    endOffsets: [5200],
    currentLag: 200,
    now: 1_000_000,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: true,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'STOP',
  },
  {
    name: '3: STOP when the lag is never zero as well',
    rows: risingFromNonZero,
    endOffsets: [5250],
    currentLag: 250,
    now: 1_000_000,
    lagAlwaysNonZero: true,
    rewindIndex: -1,
    stopped: true,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'STOP',
  },
  {
    name: '4: OK with an unchanging offset while one commit had zero lag',
    rows: [
      [1000, 100_000, 0],
      [1000, 200_000, 50],
      [1000, 300_000, 100],
      [1000, 400_000, 150],
      [1000, 500_000, 200],
    ],
    endOffsets: [1200],
    currentLag: 200,
    now: 600_000,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: false,
    stalled: true,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '5: STALL: the same offset committed with lag throughout',
    rows: [
      [1000, 100_000, 100],
      [1000, 200_000, 150],
      [1000, 300_000, 200],
      [1000, 400_000, 250],
      [1000, 500_000, 300],
    ],
    endOffsets: [1300],
    currentLag: 300,
    now: 600_000,
    lagAlwaysNonZero: true,
    rewindIndex: -1,
    stopped: false,
    stalled: true,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'STALL',
  },
  {
    name: '6: STALL even when the lag stays the same',
    rows: [
      [1000, 100_000, 100],
      [1000, 200_000, 100],
      [1000, 300_000, 100],
      [1000, 400_000, 100],
      [1000, 500_000, 100],
    ],
    endOffsets: [1100],
    currentLag: 100,
    now: 600_000,
    lagAlwaysNonZero: true,
    rewindIndex: -1,
    stopped: false,
    stalled: true,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'STALL',
  },
  {
    name: '7: OK after a rewind the consumer has caught up again',
    rows: rewoundAndBack,
    endOffsets: [4300],
    currentLag: 300,
    now: 600_000,
    lagAlwaysNonZero: true,
    rewindIndex: 3,
    stopped: false,
    stalled: false,
    lagNotDecreasing: false,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '8: OK with no lag now, though the commits would read as stopped',
    rows: risingFromNonZero,
    endOffsets: [5250],
    currentLag: 0,
    now: 1_000_000,
    lagAlwaysNonZero: true,
    rewindIndex: -1,
    stopped: true,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '9: STOP when new messages arrive after commits that all had zero lag',
    rows: busyAtZeroLag,
    endOffsets: [792749024, 792749000, 792748800, 792748600, 792748500],
    currentLag: 931,
    now: 1_512_224_650_000,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: true,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'STOP',
  },
  {
    name: '10: OK, not STOP, when a recent end offset shows the consumer caught up',
    rows: busyAtZeroLag,
    endOffsets: [792748094, 792748093, 792748093, 792748093],
    currentLag: 1,
    now: 1_512_224_650_000,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: true,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: true,
    status: 'OK',
  },
  {
    name: '11: commits without a lag change nothing',
    rows: [
      [1000, 100_000, 0],
      [1500, 150_000, null],
      [2000, 200_000, 50],
      [2500, 250_000, null],
      [3000, 300_000, 100],
      [3500, 350_000, null],
      [4000, 400_000, 150],
      [4500, 450_000, null],
      [5000, 500_000, 200],
      [5500, 550_000, null],
    ],
    endOffsets: [5700],
    currentLag: 200,
    now: 600_000,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: false,
    stalled: false,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '12: OK within the allowed lag, though stopped by the timestamps',
    rows: [
      [1000, 100_000, 2],
      [2000, 200_000, 1],
      [2000, 300_000, 1],
    ],
    endOffsets: [2001],
    currentLag: 1,
    now: 550_000,
    allowedLag: 1,
    lagAlwaysNonZero: false,
    rewindIndex: -1,
    stopped: true,
    stalled: false,
    lagNotDecreasing: false,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '13: STALL above the allowed lag',
    rows: [
      [1000, 100_000, 100],
      [1000, 200_000, 150],
      [1000, 300_000, 200],
      [1000, 400_000, 250],
      [1000, 500_000, 300],
    ],
    endOffsets: [1300],
    currentLag: 300,
    now: 600_000,
    allowedLag: 99,
    lagAlwaysNonZero: true,
    rewindIndex: -1,
    stopped: false,
    stalled: true,
    lagNotDecreasing: true,
    recentlyCaughtUp: false,
    status: 'STALL',
  },
  {
    name: '14: a recovered rewind is OK above the allowed lag too',
    rows: rewoundAndBack,
    endOffsets: [4300],
    currentLag: 300,
    now: 600_000,
    allowedLag: 99,
    lagAlwaysNonZero: true,
    rewindIndex: 3,
    stopped: false,
    stalled: false,
    lagNotDecreasing: false,
    recentlyCaughtUp: false,
    status: 'OK',
  },
  {
    name: '15: REWIND while the consumer has not got back to where it was',
    rows: [
      [1000, 100_000, 100],
      [2000, 200_000, 150],
      [3000, 300_000, 200],
      [2000, 400_000, 1250],
      [2500, 500_000, 300],
    ],
    endOffsets: [4300],
    currentLag: 300,
    now: 600_000,
    lagAlwaysNonZero: true,
    rewindIndex: 3,
    stopped: false,
    stalled: false,
    lagNotDecreasing: false,
    recentlyCaughtUp: false,
    status: 'REWIND',
  },
];

describe("Burrow's rules", () => {
  it.each(burrowCases)('$name', (c) => {
    const window = commits(...c.rows);
    const allowedLag = c.allowedLag ?? 0;
    expect(isLagAlwaysNonZero(window, allowedLag)).toBe(c.lagAlwaysNonZero);
    expect(findRewind(window)).toBe(c.rewindIndex);
    expect(isStopped(window, c.now)).toBe(c.stopped);
    expect(isStalled(window)).toBe(c.stalled);
    expect(isLagNotDecreasing(window)).toBe(c.lagNotDecreasing);
    expect(wasRecentlyCaughtUp(window, c.endOffsets)).toBe(c.recentlyCaughtUp);
    expect(
      calculatePartitionStatus(window, c.endOffsets, c.currentLag, c.now, { ...burrowRules, allowedLag }),
    ).toBe(c.status);
    // With a floor below the window's span, or a cadence too short to be known, the same.
    expect(
      calculatePartitionStatus(
        window,
        c.endOffsets,
        c.currentLag,
        c.now,
        { ...burrowRules, allowedLag, minimumStopSpanMs: 1000 },
        { cadenceMs: null, readings: [] },
      ),
    ).toBe(c.status);
  });

  it('finds a rewind anywhere in the window, first to last', () => {
    const atStart = commits([3000, 1, 10], [1000, 2, 10], [1500, 3, 10], [2000, 4, 5]);
    const atEnd = commits([1000, 1, 10], [2000, 2, 10], [3000, 3, 10], [500, 4, 900]);
    expect(findRewind(atStart)).toBe(1);
    expect(findRewind(atEnd)).toBe(3);
    expect(calculatePartitionStatus(atStart, [], 5, 5, burrowRules)).toBe('REWIND');
    expect(calculatePartitionStatus(atEnd, [], 900, 5, burrowRules)).toBe('REWIND');
  });

  it('reads WARN when the offsets advance but the lag never goes down', () => {
    const falling = commits([1000, 0, 100], [1100, 5000, 150], [1200, 10_000, 150], [1300, 15_000, 220]);
    expect(calculatePartitionStatus(falling, [1600], 300, 16_000, burrowRules)).toBe('WARN');
    const keepingUp = commits([1000, 0, 100], [1100, 5000, 150], [1300, 10_000, 90], [1400, 15_000, 220]);
    expect(calculatePartitionStatus(keepingUp, [1600], 300, 16_000, burrowRules)).toBe('OK');
  });

  it('reads a lag that stays the same while the offsets advance as WARN, as Burrow does', () => {
    const level = commits([1000, 0, 50], [1500, 5000, 50], [2000, 10_000, 50], [2500, 15_000, 50]);
    expect(calculatePartitionStatus(level, [2550], 50, 16_000, burrowRules)).toBe('WARN');
  });
});

describe('calculatePartitionStatus on a polled feed', () => {
  const still = commits([1000, 100_000, 40], [1500, 105_000, 60], [2000, 110_000, 80]);

  it.each<[string, boolean, PartitionStatus]>([
    ['a member assigned: the consumer is there but not moving', true, 'STALL'],
    ['no member assigned: nobody is consuming', false, 'STOP'],
  ])('offset still for longer than the window: %s', (_, assigned, status) => {
    expect(calculatePartitionStatus(still, [2100], 400, 200_000, burrowRules, { assigned })).toBe(status);
  });

  it.each([
    [50_000, 'OK'],
    [60_000, 'OK'],
    [60_001, 'STALL'],
  ])('with one commit, waits for the floor: %i ms still reads %s', (stillFor, status) => {
    const one = commits([1000, 100_000, 40]);
    expect(
      calculatePartitionStatus(one, [1040], 400, 100_000 + stillFor, consoleRules, { assigned: true }),
    ).toBe(status);
  });

  it('does not call one commit stalled or falling behind', () => {
    const one = commits([1000, 100_000, 40]);
    expect(calculatePartitionStatus(one, [1040], 400, 101_000, consoleRules)).toBe('OK');
  });

  it('keeps the window span when it is longer than the floor', () => {
    const slow = commits([1000, 0, 60], [1500, 120_000, 40], [2000, 240_000, 80]);
    const assigned = { assigned: true };
    expect(calculatePartitionStatus(slow, [2100], 100, 240_000 + 200_000, consoleRules, assigned)).toBe('OK');
    expect(calculatePartitionStatus(slow, [2100], 100, 240_000 + 240_001, consoleRules, assigned)).toBe(
      'STALL',
    );
  });
});

describe('evaluatePartition', () => {
  const options: EvaluatorOptions = { ...defaultEvaluatorOptions, intervals: 10, minimumStopSpanMs: 60_000 };

  function pollStuck(refreshes: number): PartitionWindow {
    const window = new PartitionWindow(options);
    for (let i = 0; i < refreshes; i++) {
      window.recordPoll({ at: i * 5000, committedOffset: 1200, endOffset: 1200 + 3400 + i * 10 });
    }
    return window;
  }

  it('does not judge a window below the minimum completeness', () => {
    const verdict = evaluatePartition(
      pollStuck(4),
      { now: 15_000, currentLag: 3430, assigned: true },
      options,
    );
    expect(verdict).toMatchObject({ status: 'OK', judged: false, complete: 0.4 });
  });

  it('judges a stuck consumer STALL once the floor has passed, with when it last moved', () => {
    const now = 65_000;
    const verdict = evaluatePartition(pollStuck(14), { now, currentLag: 3530, assigned: true }, options);
    expect(verdict).toMatchObject({ status: 'STALL', judged: true, complete: 1, stillSince: 0 });
  });

  it('has nothing to judge without a commit or without a current lag', () => {
    const empty = new PartitionWindow(options);
    for (let i = 0; i < 10; i++) empty.recordPoll({ at: i * 5000, committedOffset: null, endOffset: 500 });
    expect(
      evaluatePartition(empty, { now: 50_000, currentLag: null, assigned: true }, options),
    ).toMatchObject({
      status: 'OK',
      judged: false,
      complete: 0,
    });
    expect(
      evaluatePartition(pollStuck(10), { now: 50_000, currentLag: null, assigned: true }, options).judged,
    ).toBe(false);
  });

  it('says where a rewind went from and to', () => {
    const window = new PartitionWindow(options);
    [5000, 6000, 7000, 2000, 2500].forEach((offset, i) =>
      window.recordPoll({ at: i * 5000, committedOffset: offset, endOffset: 8000 }),
    );
    const verdict = evaluatePartition(window, { now: 21_000, currentLag: 5500, assigned: true }, options);
    expect(verdict).toMatchObject({ status: 'REWIND', rewind: { from: 7000, to: 2000 } });
  });
});

describe('evaluateGroup', () => {
  function judged(
    partition: number,
    status: PartitionStatus,
    overrides: Partial<PartitionJudgement> = {},
  ): PartitionJudgement {
    return {
      topic: 'payment-process',
      partition,
      status,
      complete: 1,
      judged: true,
      stillSince: null,
      rewind: null,
      rising: null,
      committedOffset: 1200,
      lag: 10,
      ...overrides,
    };
  }
  const noCommit = (partition: number): PartitionJudgement =>
    judged(partition, 'OK', { committedOffset: null, lag: null, judged: false, complete: 0 });

  it.each<[string, PartitionStatus[], string]>([
    ['all OK', ['OK', 'OK'], 'OK'],
    ['a warning', ['OK', 'WARN'], 'WARN'],
    ['STOP reads ERR', ['OK', 'WARN', 'STOP'], 'ERR'],
    ['STALL reads ERR', ['STALL', 'OK'], 'ERR'],
    ['REWIND reads ERR', ['WARN', 'REWIND'], 'ERR'],
  ])('%s', (_, statuses, groupStatus) => {
    const verdict = evaluateGroup(
      statuses.map((s, i) => judged(i, s)),
      0,
    );
    expect(verdict.status).toBe(groupStatus);
  });

  it('names the worst partition by severity, then by lag, with a reason in words', () => {
    const now = 200_000;
    const verdict = evaluateGroup(
      [
        judged(0, 'STOP', { lag: 9000, stillSince: 0 }),
        judged(1, 'STALL', { lag: 100, stillSince: 10_000 }),
        judged(2, 'STALL', { lag: 3400, stillSince: 10_000 }),
        judged(3, 'WARN'),
      ],
      now,
    );
    expect(verdict.worstPartition).toEqual({ topic: 'payment-process', partition: 2, status: 'STALL' });
    expect(verdict.statusReason).toBe(
      'payment-process/2 stalled: offset 1\u202f200 unchanged for 3 min 10 s while 3\u202f400 messages wait; 3 of 4 partitions in error',
    );
  });

  it.each<[string, PartitionJudgement, string]>([
    [
      'STOP',
      judged(4, 'STOP', { lag: 12, stillSince: 0 }),
      'payment-process/4 stopped: no consumer assigned, offset 1\u202f200 unchanged for 1 min 30 s while 12 messages wait',
    ],
    [
      'REWIND',
      judged(4, 'REWIND', { lag: 5500, rewind: { from: 7000, to: 2000 } }),
      'payment-process/4 rewound from offset 7\u202f000 to 2\u202f000; 5\u202f500 messages wait',
    ],
  ])('says why a partition is in %s', (_, partition, reason) => {
    expect(evaluateGroup([partition], 90_000).statusReason).toBe(reason);
  });

  it('counts the partitions whose lag is not shrinking', () => {
    const verdict = evaluateGroup([judged(0, 'WARN'), judged(1, 'WARN'), judged(2, 'OK'), noCommit(3)], 0);
    expect(verdict.statusReason).toBe('lag not shrinking on 2 of 3 partitions');
  });

  it('names a partition whose lag rises while its offset stands still, before counting the rest', () => {
    const rising = judged(1, 'WARN', {
      lag: 5,
      rising: { since: 60_000, consumed: 0, arrived: 5 },
      committedOffset: 1_774_094,
    });
    expect(evaluateGroup([judged(0, 'WARN'), rising, judged(2, 'OK')], 85_000)).toMatchObject({
      status: 'WARN',
      worstPartition: { topic: 'payment-process', partition: 1, status: 'WARN' },
      statusReason:
        'payment-process/1 lag rising for 25 s while offset 1\u202f774\u202f094 stands still; lag not shrinking on 2 of 3 partitions',
    });
    expect(evaluateGroup([rising, judged(2, 'OK')], 85_000).statusReason).toBe(
      'payment-process/1 lag rising for 25 s while offset 1\u202f774\u202f094 stands still',
    );
  });

  it('says how little a barely moving consumer took of what arrived', () => {
    const creeping = judged(2, 'WARN', { lag: 170, rising: { since: 20_000, consumed: 12, arrived: 1180 } });
    expect(evaluateGroup([judged(0, 'OK'), creeping], 60_000).statusReason).toBe(
      'payment-process/2 lag rising for 40 s: 12 of 1\u202f180 new messages consumed',
    );
  });

  it('skips partitions without a commit but says they are there', () => {
    const verdict = evaluateGroup([judged(0, 'OK'), noCommit(1), noCommit(2)], 0);
    expect(verdict).toMatchObject({
      status: 'OK',
      statusReason: 'all 1 partition OK; 2 without a commit',
      complete: 1,
    });
  });

  it.each<[string, PartitionJudgement[], string]>([
    ['no partitions', [], 'no partitions assigned or committed'],
    ['no commits', [noCommit(0), noCommit(1)], 'no commits yet on 2 partitions'],
    [
      'a window still filling',
      [judged(0, 'OK', { judged: false, complete: 0.3 }), judged(1, 'OK', { judged: false, complete: 0.2 })],
      'evaluation window 30% full',
    ],
  ])('is UNKNOWN with %s', (_, partitions, reason) => {
    expect(evaluateGroup(partitions, 0)).toMatchObject({
      status: 'UNKNOWN',
      worstPartition: null,
      statusReason: reason,
    });
  });

  it('is complete in the share of committed partitions with a full window', () => {
    const verdict = evaluateGroup(
      [judged(0, 'OK'), judged(1, 'OK', { complete: 0.6 }), judged(2, 'OK', { complete: 0.9 }), noCommit(3)],
      0,
    );
    expect(verdict.complete).toBeCloseTo(1 / 3);
  });
});
