import { describe, expect, it } from 'vitest';
import {
  calculatePartitionStatus,
  defaultEvaluatorOptions,
  evaluatePartition,
  findFallingBehind,
  type EvaluatorOptions,
  type FallingBehind,
  type RuleOptions,
} from './burrowEvaluator';
import {
  commitCadence,
  findOwingRun,
  PartitionWindow,
  standstillOf,
  type PollReading,
} from './partitionWindow';

/**
 * The rules the console adds to Burrow's for a polled feed (see the module comment of
 * burrowEvaluator.ts): the commit cadence, the lagging run, STOP/STALL sooner once the
 * cadence is known, and WARN for lag rising while the offset stands still.
 */

const refreshMs = 5000;

interface Poll {
  committed: number | null;
  end: number | null;
  /** A live member holds the partition; default true. */
  assigned?: boolean;
}

/** One window fed a refresh every `everyMs`, judged after each as the lag tracker does: '-' when not judged. */
function judgeRefreshes(
  polls: readonly Poll[],
  everyMs = refreshMs,
  options: EvaluatorOptions = defaultEvaluatorOptions,
): string[] {
  const window = new PartitionWindow(options);
  return polls.map((poll, i) => {
    const at = i * everyMs;
    window.recordPoll({ at, committedOffset: poll.committed, endOffset: poll.end });
    const lag = poll.committed === null || poll.end === null ? null : Math.max(poll.end - poll.committed, 0);
    const verdict = evaluatePartition(
      window,
      { now: at, currentLag: lag, assigned: poll.assigned ?? true },
      options,
    );
    return verdict.judged ? verdict.status : '-';
  });
}

/** "- x4, OK x3, WARN" → ['-', '-', '-', '-', 'OK', 'OK', 'OK', 'WARN']. */
function sequence(text: string): string[] {
  return text.split(',').flatMap((part) => {
    const [status, times] = part.trim().split(' x');
    return Array.from({ length: times === undefined ? 1 : Number(times) }, () => status!);
  });
}

/** Offsets from `from`, each refresh adding the next of `steps` (cycled). */
function offsets(from: number, steps: readonly number[], count: number): number[] {
  const values = [from];
  for (let i = 1; i < count; i++) values.push(values[i - 1]! + steps[(i - 1) % steps.length]!);
  return values;
}

/** A deterministic wobble in [0, 1): where each refresh falls between commits. */
function wobble(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43_758.5453;
  return x - Math.floor(x);
}

// The measured bad deploy of payment-service, partition 1: the console has watched the
// group for 20 s (its offset moving at every refresh, the lag 0 or 1) when the deploy
// stops it at 1 774 094; from the next refresh the lag rises as messages arrive.
const deployAt = 4;
const measuredEnds = offsets(1_774_073, [5, 5, 6, 5, 1, 2, 1, 4, 5, 5, 4, 5, 4, 6, 5], 20);
const measuredCommitted = measuredEnds.map((end, i) => (i <= deployAt ? end - (i % 2) : 1_774_094));
const measured = (assigned: boolean): Poll[] =>
  measuredEnds.map((end, i) => ({ end, committed: measuredCommitted[i]!, assigned }));

const healthyEnds = offsets(500_000, [230, 260, 250, 240, 270], 120);

interface Scenario {
  name: string;
  polls: Poll[];
  statuses: string;
  /** Default 5 s. */
  everyMs?: number;
}

const scenarios: Scenario[] = [
  {
    // Lag starts rising at refresh 5 (25 s): WARN 15 s later, STOP 35 s later (six 5 s
    // cadences), long before the minute the floor alone would take.
    name: 'the measured bad deploy: WARN once the lag has risen for 15 s, STOP after six cadences',
    polls: measured(false),
    statuses: '- x4, OK x4, WARN x4, STOP x8',
  },
  {
    name: 'the same with a member holding the partition (re-committing, or not): STALL',
    polls: measured(true),
    statuses: '- x4, OK x4, WARN x4, STALL x8',
  },
  {
    // The storm lets the group through now and then: it takes 3 messages every 20 s while
    // 6 or 7 arrive every 5 s. Each creep restarts its standstill, so no STOP; it stays WARN.
    // Its first creep makes the cadence 20 s, so the rise must outlast that: WARN at 25 s.
    name: 'a consumer that barely moves stays WARN while its lag keeps growing, not OK after each move',
    polls: offsets(600_000, [7, 6, 8, 7, 5], 40).map((end, i, ends) => ({
      end,
      committed: i <= 4 ? end : ends[4]! + 3 * Math.floor(i / 4 - 1),
      assigned: false,
    })),
    statuses: '- x4, OK x6, WARN x30',
  },
  {
    // Refreshes 10 s apart see a move at each: a 10 s cadence, so STOP after a minute of lag.
    name: 'the cadence is what the console watched: at 10 s refreshes, STOP after six of them',
    everyMs: 10_000,
    polls: offsets(2_000_000, [40, 50, 45], 14).map((end, i, ends) => ({
      end,
      committed: ends[Math.min(i, 5)]!,
      assigned: false,
    })),
    statuses: '- x4, OK x5, WARN x4, STOP',
  },
  {
    // 250 messages per refresh, committed 20 to 80 behind wherever the refresh falls.
    name: 'a healthy group with noisy lag stays OK',
    polls: healthyEnds.map((end, i) => ({ end, committed: end - 20 - Math.round(60 * wobble(i)) })),
    statuses: '- x4, OK x116',
  },
  {
    // A 5 s auto-commit read by a 5 s refresh: now and then a refresh sees no move.
    name: 'a healthy group whose offset a refresh sometimes finds unmoved stays OK',
    polls: healthyEnds.map((end, i) => {
      const at = i % 7 === 3 ? i - 1 : i;
      return { end, committed: healthyEnds[at]! - 20 - Math.round(60 * wobble(at)) };
    }),
    statuses: '- x4, OK x116',
  },
  {
    // Commits once a minute: the lag rises for up to 55 s between them, every minute.
    name: 'a batch consumer committing once a minute stays OK, before and after its cadence is known',
    polls: offsets(90_000, [40, 35, 45], 120).map((end, i, ends) => ({
      end,
      committed: ends[Math.floor(i / 12) * 12]!,
    })),
    statuses: '- x4, OK x116',
  },
  {
    // The console knows nothing of the cadence: a minute's floor before it judges a standstill.
    name: 'a freshly started console does not judge a group stuck before it started until the floor',
    polls: offsets(40_000, [30, 25, 35], 20).map((end) => ({ end, committed: 39_000 })),
    statuses: '- x4, OK x9, STALL x7',
  },
  {
    // Busy for 50 s, caught up and idle for five minutes (nothing to commit), then messages
    // nobody consumes: timed from when it began to owe them, not from its last commit.
    name: 'a consumer idle for minutes, then stuck: WARN and STOP timed from the first message it owes',
    polls: [
      ...offsets(70_000, [12, 9, 11], 10).map((end) => ({ end, committed: end, assigned: false })),
      ...Array.from({ length: 60 }, () => ({ end: 70_098, committed: 70_098, assigned: false })),
      ...offsets(70_101, [4, 3, 5], 12).map((end) => ({ end, committed: 70_098, assigned: false })),
    ],
    statuses: '- x4, OK x69, WARN x4, STOP x5',
  },
  {
    name: 'a consumer idle for minutes that takes up new messages within its cadence stays OK',
    polls: [
      ...offsets(70_000, [12, 9, 11], 10).map((end) => ({ end, committed: end })),
      ...Array.from({ length: 60 }, () => ({ end: 70_098, committed: 70_098 })),
      ...offsets(70_101, [4, 3, 5], 12).map((end, i, ends) => ({ end, committed: ends[i - (i % 2)]! })),
    ],
    statuses: '- x4, OK x78',
  },
];

describe('the polled-feed rules, refresh by refresh', () => {
  it.each(scenarios)('$name', ({ polls, statuses, everyMs }) => {
    expect(judgeRefreshes(polls, everyMs).join(' ')).toBe(sequence(statuses).join(' '));
  });
});

describe('commitCadence', () => {
  it.each<[string, number[], number | null]>([
    ['no gaps watched', [], null],
    ['one gap, fewer than the two needed', [5000], null],
    ['two gaps', [5000, 5000], 5000],
    ['the longest gap, so a pause the group takes is not a stop', [5000, 10_000, 5000], 10_000],
  ])('%s', (_, gaps, cadence) => {
    expect(commitCadence(gaps, defaultEvaluatorOptions.cadenceMinimumGaps)).toBe(cadence);
  });
});

/** [committed offset, lag] per refresh, 5 s apart; null lag: no end offset that refresh. */
type ReadingRow = [number | null, number | null];

function readings(...rows: ReadingRow[]): PollReading[] {
  return rows.map(([committedOffset, lag], i) => ({ at: i * refreshMs, committedOffset, lag }));
}

describe('findOwingRun, standstillOf and findFallingBehind', () => {
  const cadence = 5000;
  it.each<[string, PollReading[], number | null, number | null, FallingBehind | null]>([
    [
      'standing still, lag rising for 15 s over three refreshes',
      readings([7, 0], [7, 4], [7, 7], [7, 13], [7, 21]),
      5000,
      5000,
      { since: 5000, consumed: 0, arrived: 17 },
    ],
    ['two steps are not enough', readings([7, 0], [7, 4], [7, 7], [7, 13]), 5000, 5000, null],
    [
      'creeping: a few messages now and then while the lag keeps growing',
      readings([100, 9], [100, 14], [102, 18], [102, 24], [103, 29]),
      0,
      20_000,
      { since: 0, consumed: 3, arrived: 23 },
    ],
    [
      'taking half of what arrives is not barely moving (Burrow’s rules judge it)',
      readings([100, 10], [110, 20], [120, 30], [130, 40]),
      0,
      15_000,
      null,
    ],
    [
      'working through most of its backlog',
      readings([5, 9], [5, 12], [7, 4], [7, 7], [7, 13]),
      0,
      10_000,
      null,
    ],
    [
      'a lag back at zero starts the run again',
      readings([7, 4], [7, 7], [7, 0], [7, 3], [7, 5]),
      15_000,
      15_000,
      null,
    ],
    [
      'mostly: one refresh in three with nothing written',
      readings([7, 3], [7, 5], [7, 5], [7, 8]),
      0,
      0,
      { since: 0, consumed: 0, arrived: 5 },
    ],
    ['a quiet partition: one rise in three', readings([7, 1], [7, 1], [7, 1], [7, 2]), 0, 0, null],
    ['nothing written at all', readings([7, 40], [7, 40], [7, 40], [7, 40], [7, 40]), 0, 0, null],
    [
      'a refresh without an end offset is skipped',
      readings([7, 2], [7, null], [7, 5], [7, 6], [7, 9]),
      0,
      0,
      { since: 0, consumed: 0, arrived: 7 },
    ],
    ['no lag now', readings([7, 2], [7, 5], [7, 6], [7, 0]), null, null, null],
    ['no commit now', readings([7, 2], [7, 5], [7, 6], [null, null]), null, null, null],
  ])('%s', (_, rows, owingSince, standingSince, falling) => {
    const run = findOwingRun(rows, 0);
    expect(run[0]?.at ?? null).toBe(owingSince);
    expect(standstillOf(run)[0]?.at ?? null).toBe(standingSince);
    expect(findFallingBehind(run, cadence, defaultEvaluatorOptions)).toEqual(falling);
  });

  it('needs the span as well as the steps: eight 2 s refreshes are 14 s', () => {
    const fast = Array.from({ length: 8 }, (_, i) => ({ at: i * 2000, committedOffset: 7, lag: 10 + i }));
    expect(findFallingBehind(fast, 2000, defaultEvaluatorOptions)).toBeNull();
    const longer = [...fast, { at: 16_000, committedOffset: 7, lag: 20 }];
    expect(findFallingBehind(longer, 2000, defaultEvaluatorOptions)?.since).toBe(0);
  });

  it('needs longer than the cadence: a batch consumer’s lag rises for a minute between its commits', () => {
    const still = Array.from({ length: 14 }, (_, i) => ({
      at: i * 5000,
      committedOffset: 7,
      lag: 10 + 4 * i,
    }));
    expect(findFallingBehind(still.slice(0, 13), 60_000, defaultEvaluatorOptions)).toBeNull();
    expect(findFallingBehind(still, 60_000, defaultEvaluatorOptions)?.since).toBe(0);
  });
});

describe('calculatePartitionStatus with a cadence and readings', () => {
  const rules: RuleOptions = defaultEvaluatorOptions;
  /** The offset moved at 0 with the lag at 0; from 5 s on, messages wait. */
  const moved = [{ offset: 1000, timestamp: 0, lag: 0 }];
  /** A run rising from 5 s to `until`. */
  const risingUntil = (until: number): PollReading[] => [
    { at: 0, committedOffset: 1000, lag: 0 },
    ...Array.from({ length: until / refreshMs }, (_, i) => ({
      at: (i + 1) * refreshMs,
      committedOffset: 1000,
      lag: 3 * (i + 1),
    })),
  ];

  it.each<[string, number | null, number, string]>([
    ['rising 15 s, cadence 5 s: WARN', 5000, 20_000, 'WARN'],
    ['rising 10 s: not yet', 5000, 15_000, 'OK'],
    ['rising 30 s, six cadences: still WARN', 5000, 35_000, 'WARN'],
    ['rising 35 s, more than six cadences: STOP', 5000, 40_000, 'STOP'],
    ['cadence 10 s: rising 35 s is WARN, STOP after a minute', 10_000, 40_000, 'WARN'],
    ['a batch cadence of a minute: rising 35 s between commits is OK', 60_000, 40_000, 'OK'],
    ['no cadence known: not before the floor', null, 55_000, 'OK'],
    ['no cadence known: the floor', null, 65_000, 'STOP'],
  ])('%s', (_, cadenceMs, now, status) => {
    const run = risingUntil(now);
    const lag = run.at(-1)!.lag!;
    expect(calculatePartitionStatus(moved, [1000 + lag], lag, now, rules, { cadenceMs, readings: run })).toBe(
      status,
    );
  });

  it('is never later than Burrow with the floor: a slow cadence does not postpone rule 1', () => {
    // Commits 30 s apart watched (cadence 30 s, six of them three minutes), then nothing for 61 s.
    const slow = [
      { offset: 1000, timestamp: 0, lag: 5 },
      { offset: 1100, timestamp: 30_000, lag: 5 },
      { offset: 1200, timestamp: 60_000, lag: 5 },
    ];
    const run = Array.from({ length: 13 }, (_, i) => ({
      at: 60_000 + i * 5000,
      committedOffset: 1200,
      lag: 5 + i,
    }));
    const feed = { cadenceMs: 30_000, readings: run, assigned: true };
    expect(calculatePartitionStatus(slow, [1300], 17, 120_000, rules, feed)).toBe('WARN');
    expect(calculatePartitionStatus(slow, [1300], 17, 120_001, rules, feed)).toBe('STALL');
  });

  it('leaves REWIND before the rising lag', () => {
    const rewound = [
      { offset: 3000, timestamp: 0, lag: 10 },
      { offset: 2000, timestamp: 5000, lag: 1010 },
    ];
    const run = Array.from({ length: 5 }, (_, i) => ({
      at: 5000 + i * 5000,
      committedOffset: 2000,
      lag: 1010 + i,
    }));
    expect(
      calculatePartitionStatus(rewound, [3014], 1014, 25_000, rules, { cadenceMs: 5000, readings: run }),
    ).toBe('REWIND');
  });
});

describe('evaluatePartition on the rising lag', () => {
  it('says since when the lag has risen and what was taken, only for that WARN', () => {
    const window = new PartitionWindow(defaultEvaluatorOptions);
    const polls = measured(false);
    const verdicts = polls.map((poll, i) => {
      window.recordPoll({ at: i * refreshMs, committedOffset: poll.committed, endOffset: poll.end });
      return evaluatePartition(window, {
        now: i * refreshMs,
        currentLag: poll.end! - poll.committed!,
        assigned: false,
      });
    });
    const warn = verdicts.find((v) => v.status === 'WARN')!;
    expect(warn.rising).toEqual({ since: (deployAt + 1) * refreshMs, consumed: 0, arrived: 7 });
    expect(verdicts.filter((v) => v.status !== 'WARN').every((v) => v.rising === null)).toBe(true);
  });
});
