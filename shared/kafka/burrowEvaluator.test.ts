import { describe, expect, it } from 'vitest';
import {
  calculatePartitionStatus,
  checkIfLagNotDecreasing,
  checkIfOffsetsRewind,
  checkIfOffsetsStalled,
  checkIfOffsetsStopped,
  checkIfRecentLagZero,
  checkIfRewindRecovered,
  evaluateGroup,
  evaluatePartition,
  isLagAlwaysNotZero,
  type EvaluatorOptions,
  type PartitionJudgement,
} from './burrowEvaluator';
import type { PartitionStatus } from './kafkaModel';
import { PartitionWindow, type CommitRecord } from './partitionWindow';

/** [offset, timestamp ms, lag or null] */
type Row = [number, number, number | null];

function commits(...rows: Row[]): CommitRecord[] {
  return rows.map(([offset, timestamp, lag]) => ({ offset, timestamp, lag }));
}

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
  lagAlwaysNotZero: boolean;
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: true,
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: true,
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
    lagAlwaysNotZero: true,
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
    lagAlwaysNotZero: true,
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
    lagAlwaysNotZero: true,
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: false,
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
    lagAlwaysNotZero: true,
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
    lagAlwaysNotZero: true,
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
    lagAlwaysNotZero: true,
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
    expect(isLagAlwaysNotZero(window, allowedLag)).toBe(c.lagAlwaysNotZero);
    expect(checkIfOffsetsRewind(window)).toBe(c.rewindIndex);
    expect(checkIfOffsetsStopped(window, c.now)).toBe(c.stopped);
    expect(checkIfOffsetsStalled(window)).toBe(c.stalled);
    expect(checkIfLagNotDecreasing(window)).toBe(c.lagNotDecreasing);
    expect(checkIfRecentLagZero(window, c.endOffsets)).toBe(c.recentlyCaughtUp);
    expect(calculatePartitionStatus(window, c.endOffsets, c.currentLag, c.now, allowedLag)).toBe(c.status);
  });

  it('finds a rewind anywhere in the window, first to last, until the consumer is back', () => {
    const atStart = commits([3000, 1, 10], [1000, 2, 10], [1500, 3, 10], [2000, 4, 5]);
    const atEnd = commits([1000, 1, 10], [2000, 2, 10], [3000, 3, 10], [500, 4, 900]);
    expect(checkIfOffsetsRewind(atStart)).toBe(1);
    expect(checkIfOffsetsRewind(atEnd)).toBe(3);
    expect(checkIfRewindRecovered(atStart, 1)).toBe(false);
    expect(calculatePartitionStatus(atStart, [], 5, 5, 0)).toBe('REWIND');
    expect(calculatePartitionStatus(atEnd, [], 900, 5, 0)).toBe('REWIND');
  });

  it('judges a rewind before the zero-lag rule: a caught-up consumer that jumps back is REWIND', () => {
    const caughtUpThenBack = commits([1000, 1000, 0], [1100, 2000, 0], [1200, 3000, 0], [200, 4000, 1000]);
    expect(isLagAlwaysNotZero(caughtUpThenBack, 0)).toBe(false);
    expect(calculatePartitionStatus(caughtUpThenBack, [1200], 1000, 4000, 0)).toBe('REWIND');
  });

  it('judges STOP before everything else: a consumer that stopped mid-rewind is STOP', () => {
    const rewoundThenQuiet = commits([1000, 1000, 10], [1100, 2000, 10], [500, 3000, 700]);
    expect(calculatePartitionStatus(rewoundThenQuiet, [1200], 700, 6000, 0)).toBe('STOP');
  });

  it('reads WARN when the offsets advance but the lag never goes down', () => {
    const falling = commits([1000, 0, 100], [1100, 5000, 150], [1200, 10_000, 150], [1300, 15_000, 220]);
    expect(calculatePartitionStatus(falling, [1600], 300, 16_000, 0)).toBe('WARN');
    const keepingUp = commits([1000, 0, 100], [1100, 5000, 150], [1300, 10_000, 90], [1400, 15_000, 220]);
    expect(calculatePartitionStatus(keepingUp, [1600], 300, 16_000, 0)).toBe('OK');
  });

  it('reads a lag that stays the same while the offsets advance as WARN, as Burrow does', () => {
    const level = commits([1000, 0, 50], [1500, 5000, 50], [2000, 10_000, 50], [2500, 15_000, 50]);
    expect(calculatePartitionStatus(level, [2550], 50, 16_000, 0)).toBe('WARN');
  });

  it('reads STALL on a single commit with lag, as Burrow does', () => {
    const one = commits([1000, 100_000, 40]);
    expect(calculatePartitionStatus(one, [1040], 40, 100_000, 0)).toBe('STALL');
  });

  it('reads the time now in whole seconds, as Burrow does', () => {
    const window = commits([1000, 10_000, 5], [2000, 20_000, 5]);
    expect(checkIfOffsetsStopped(window, 30_999)).toBe(false);
    expect(checkIfOffsetsStopped(window, 31_000)).toBe(true);
  });

  it('does not care who holds the partition or whether the group is there: the window alone decides', () => {
    // A stopped group (no members, nothing committed) and a stalled one (members committing
    // the same offset) differ in their windows, not in their assignment.
    const stalled = commits([1200, 0, 40], [1200, 5000, 60], [1200, 10_000, 80], [1200, 15_000, 100]);
    const stopped = commits([1000, 0, 0], [1100, 5000, 0], [1200, 10_000, 0]);
    expect(calculatePartitionStatus(stalled, [1300], 100, 16_000, 0)).toBe('STALL');
    expect(calculatePartitionStatus(stopped, [1300], 100, 21_000, 0)).toBe('STOP');
  });
});

describe('evaluatePartition', () => {
  const options: EvaluatorOptions = {
    intervals: 10,
    minimumDistanceMs: 0,
    minimumComplete: 0.5,
    allowedLag: 0,
  };

  /** A consumer committing offset 1200 every 5 s while messages arrive. */
  function stalled(commitCount: number): PartitionWindow {
    const window = new PartitionWindow(options);
    for (let i = 0; i < commitCount; i++) {
      window.recordEndOffset(1200 + 3400 + i * 10);
      window.recordCommit({ offset: 1200, timestamp: i * 5000 }, 1200 + 3400 + i * 10);
    }
    return window;
  }

  it('does not judge a window below the minimum completeness', () => {
    expect(evaluatePartition(stalled(4), 3430, 15_000, options)).toMatchObject({
      status: 'OK',
      judged: false,
      complete: 0.4,
    });
  });

  it('judges STALL once the window is complete enough, with when the offset last moved', () => {
    expect(evaluatePartition(stalled(6), 3450, 26_000, options)).toMatchObject({
      status: 'STALL',
      judged: true,
      complete: 0.6,
      stillSince: 0,
      windowSpanMs: 25_000,
    });
  });

  it('judges STOP with the time of the last commit', () => {
    expect(evaluatePartition(stalled(6), 3450, 60_000, options)).toMatchObject({
      status: 'STOP',
      stillSince: 25_000,
    });
  });

  it('has nothing to judge without a commit or without a current lag', () => {
    const empty = new PartitionWindow(options);
    for (let i = 0; i < 10; i++) empty.recordEndOffset(500);
    expect(evaluatePartition(empty, 10, 50_000, options)).toMatchObject({
      status: 'OK',
      judged: false,
      complete: 0,
    });
    expect(evaluatePartition(stalled(10), null, 50_000, options).judged).toBe(false);
  });

  it('says where a rewind went from and to', () => {
    const window = new PartitionWindow(options);
    [5000, 6000, 7000, 2000, 2500].forEach((offset, i) =>
      window.recordCommit({ offset, timestamp: i * 5000 }, 8000),
    );
    expect(evaluatePartition(window, 5500, 21_000, options)).toMatchObject({
      status: 'REWIND',
      rewind: { from: 7000, to: 2000 },
    });
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
      windowSpanMs: 9000,
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

  it("names the worst partition by Burrow's status constants (STOP < STALL < REWIND), then by lag", () => {
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
    expect(verdict.worstPartition).toEqual({ topic: 'payment-process', partition: 2, burrowStatus: 'STALL' });
    expect(verdict.reason).toBe(
      'payment-process/2 stalled: commits continue but offset 1\u202f200 has not moved for 3 min 10 s while 3\u202f400 messages wait; 3 of 4 partitions in error',
    );
  });

  it.each<[string, PartitionJudgement, string]>([
    [
      'STOP',
      judged(4, 'STOP', { lag: 12, stillSince: 0, windowSpanMs: 40_000 }),
      "payment-process/4 stopped: no commit for 1 min 30 s, longer than the window's 40 s, while 12 messages wait",
    ],
    [
      'REWIND',
      judged(4, 'REWIND', { lag: 5500, rewind: { from: 7000, to: 2000 } }),
      'payment-process/4 rewound from offset 7\u202f000 to 2\u202f000; 5\u202f500 messages wait',
    ],
  ])('says why a partition is in %s', (_, partition, reason) => {
    expect(evaluateGroup([partition], 90_000).reason).toBe(reason);
  });

  it('says where the lag grew over the whole window, and on how many partitions', () => {
    const verdict = evaluateGroup(
      [judged(0, 'WARN', { lag: 40 }), judged(1, 'WARN', { lag: 90 }), judged(2, 'OK'), noCommit(3)],
      0,
    );
    expect(verdict).toMatchObject({
      status: 'WARN',
      worstPartition: { topic: 'payment-process', partition: 1, burrowStatus: 'WARN' },
      reason:
        'payment-process/1 lag grew over the whole window (9 s) while commits move on; 90 messages wait; 2 of 4 partitions WARN',
    });
  });

  it('skips partitions without a commit but says they are there', () => {
    expect(evaluateGroup([judged(0, 'OK'), noCommit(1), noCommit(2)], 0)).toMatchObject({
      status: 'OK',
      reason: '1 partition OK; 2 without a commit',
      judgedCount: 1,
    });
    expect(evaluateGroup([judged(0, 'OK'), judged(1, 'OK')], 0).reason).toBe('all 2 partitions OK');
  });

  it('reads OK, as Burrow does, while no window is complete enough to judge, and says so', () => {
    const filling = [
      judged(0, 'OK', { judged: false, complete: 0.3 }),
      judged(1, 'OK', { judged: false, complete: 0.2 }),
    ];
    expect(evaluateGroup(filling, 0)).toMatchObject({
      status: 'OK',
      worstPartition: null,
      reason: 'nothing judged yet: evaluation window 30% full',
      judgedCount: 0,
    });
  });

  it.each<[string, PartitionJudgement[], string]>([
    ['no partitions', [], 'no partitions assigned or committed'],
    ['no commits', [noCommit(0), noCommit(1)], 'no commits yet on 2 partitions'],
  ])('is NOTFOUND with %s, as Burrow holds nothing for the group', (_, partitions, reason) => {
    expect(evaluateGroup(partitions, 0)).toMatchObject({ status: 'NOTFOUND', worstPartition: null, reason });
  });

  it("is complete in the share of all the group's partitions with a full window, as Burrow counts it", () => {
    const verdict = evaluateGroup(
      [judged(0, 'OK'), judged(1, 'OK', { complete: 0.6 }), judged(2, 'OK', { complete: 0.9 }), noCommit(3)],
      0,
    );
    expect(verdict.complete).toBe(1 / 4);
  });
});
