import { describe, expect, it } from 'vitest';
import {
  defaultFindingOptions,
  findConsoleFindings,
  type GroupObservation,
  type PartitionObservation,
} from './consoleFindings';
import type { PollReading } from './lagRise';

const refreshMs = 5000;

/** Readings 5 s apart ending at `now`: [committed offset, lag]. */
function readings(now: number, ...rows: [number | null, number | null][]): PollReading[] {
  return rows.map(([committedOffset, lag], i) => ({
    at: now - (rows.length - 1 - i) * refreshMs,
    committedOffset,
    lag,
  }));
}

function partition(
  index: number,
  rows: PollReading[],
  overrides: Partial<PartitionObservation> = {},
): PartitionObservation {
  return {
    topic: 'payment-process',
    partition: index,
    owned: true,
    readings: rows,
    longestCommitGapMs: 1000,
    ...overrides,
  };
}

/** The group at every refresh over `spanMs` up to `now`, in `state` with `members`. */
function steady(now: number, spanMs: number, state: string, members: string[]): GroupObservation[] {
  return Array.from({ length: spanMs / refreshMs + 1 }, (_, i) => ({
    at: now - spanMs + i * refreshMs,
    state,
    memberIds: members,
  }));
}

const now = 1_000_000;

describe('no consumer assigned', () => {
  it('is an error on the first refresh that sees lag nobody holds in an empty group', () => {
    const result = findConsoleFindings({
      now,
      history: [{ at: now, state: 'Empty', memberIds: [] }],
      partitions: [0, 1, 2].map((p) => partition(p, readings(now, [500, 100]), { owned: false })),
    });
    expect(result.findings).toEqual([
      {
        kind: 'no-consumer-assigned',
        severity: 'error',
        summary: 'no consumer assigned: the group has no live member while 300 messages wait on 3 partitions',
        partitions: [0, 1, 2].map((p) => ({ topic: 'payment-process', partition: p })),
      },
    ]);
    expect(result.byPartition.get('payment-process/1')).toEqual(['no-consumer-assigned']);
  });

  it('names the partitions no live member holds in a group that has members', () => {
    const result = findConsoleFindings({
      now,
      history: [{ at: now, state: 'Stable', memberIds: ['m-1'] }],
      partitions: [
        partition(0, readings(now, [500, 100])),
        partition(1, readings(now, [500, 40]), { owned: false }),
        partition(2, readings(now, [500, 0]), { owned: false }),
      ],
    });
    expect(result.findings.map((f) => f.summary)).toEqual([
      'no consumer assigned: payment-process/1 is held by no live member while 40 messages wait',
    ]);
  });

  it.each<[string, string, PollReading[]]>([
    [
      'during a rebalance, when nobody holds anything for a moment',
      'PreparingRebalance',
      readings(now, [500, 100]),
    ],
    [
      'while the committed offset moves: a consumer outside the membership',
      'Empty',
      readings(now, [400, 90], [500, 100]),
    ],
    ['without lag', 'Empty', readings(now, [500, 0])],
    ['without a commit', 'Empty', readings(now, [null, null])],
  ])('is not found %s', (_, state, rows) => {
    const result = findConsoleFindings({
      now,
      history: [{ at: now, state, memberIds: [] }],
      partitions: [partition(0, rows, { owned: false })],
    });
    expect(result.findings).toEqual([]);
  });
});

describe('rebalancing without end', () => {
  const members = ['m-1', 'm-2'];

  it('is found when the group was rebalancing at half the refreshes of the last minute', () => {
    const history = steady(now, 60_000, 'Stable', members).map((o, i) =>
      i % 2 === 0 ? { ...o, state: 'PreparingRebalance' } : o,
    );
    const [finding] = findConsoleFindings({ now, history, partitions: [] }).findings;
    expect(finding).toEqual({
      kind: 'rebalancing-without-end',
      severity: 'warn',
      summary: 'rebalancing without end: rebalancing at 7 of 13 refreshes over the last 1 min',
      partitions: [],
    });
  });

  it('says how many members came and went', () => {
    const history = steady(now, 60_000, 'Stable', members).map((o, i) => ({
      ...o,
      state: i % 2 === 0 ? 'PreparingRebalance' : 'Stable',
      memberIds: i > 0 && i % 4 === 0 ? [...members, `broken-${i}`] : members,
    }));
    const [finding] = findConsoleFindings({ now, history, partitions: [] }).findings;
    expect(finding?.summary).toBe(
      'rebalancing without end: rebalancing at 7 of 13 refreshes over the last 1 min; 3 members joined and 2 left',
    );
  });

  it('is no longer found a few refreshes after the storm has ended', () => {
    const ended = steady(now, 60_000, 'PreparingRebalance', members).map((o, i) =>
      i >= 10 ? { ...o, state: 'Stable' } : o,
    );
    expect(findConsoleFindings({ now, history: ended, partitions: [] }).findings).toEqual([]);
    const pause = ended.map((o, i) => (i === 10 ? { ...o, state: 'CompletingRebalance' } : o));
    expect(findConsoleFindings({ now, history: pause, partitions: [] }).findings).toHaveLength(1);
  });

  it('is not found for a rolling deployment: members change, rebalances end in seconds', () => {
    const rolling = steady(now, 60_000, 'Stable', members).map((o, i) => ({
      ...o,
      state: i % 4 === 1 ? 'PreparingRebalance' : 'Stable',
      memberIds: i < 4 ? members : i < 8 ? ['m-2', 'm-3'] : ['m-3', 'm-4'],
    }));
    expect(findConsoleFindings({ now, history: rolling, partitions: [] }).findings).toEqual([]);
  });

  it('is not found for one rebalance, nor before a whole minute was watched', () => {
    const once = steady(now, 60_000, 'Stable', members).map((o, i) =>
      i === 6 ? { ...o, state: 'CompletingRebalance', memberIds: ['m-1', 'm-3'] } : o,
    );
    expect(findConsoleFindings({ now, history: once, partitions: [] }).findings).toEqual([]);
    const young = steady(now, 30_000, 'PreparingRebalance', members);
    expect(findConsoleFindings({ now, history: young, partitions: [] }).findings).toEqual([]);
  });
});

describe('lag rising while the group stands still', () => {
  const stable = [{ at: now, state: 'Stable', memberIds: ['m-1'] }];
  const rising = readings(now, [700, 0], [700, 4], [700, 7], [700, 13], [700, 21]);

  it('is a warning once the lag has risen for 15 s over longer than the longest gap between commits', () => {
    const result = findConsoleFindings({ now, history: stable, partitions: [partition(0, rising)] });
    expect(result.findings).toEqual([
      {
        kind: 'lag-rising-while-still',
        severity: 'warn',
        summary:
          'lag rising while the group stands still: payment-process/0 lag rising for 15 s while offset 700 stands still',
        partitions: [{ topic: 'payment-process', partition: 0 }],
      },
    ]);
  });

  it('waits a minute while the window shows no gap between commits', () => {
    const unknownGap = partition(0, rising, { longestCommitGapMs: null });
    expect(findConsoleFindings({ now, history: stable, partitions: [unknownGap] }).findings).toEqual([]);
  });

  it('is an error once the rise has lasted a minute and six gaps between commits', () => {
    const long = readings(now, ...Array.from({ length: 14 }, (_, i): [number, number] => [700, 3 * i + 1]));
    const [finding] = findConsoleFindings({
      now,
      history: stable,
      partitions: [partition(0, long)],
    }).findings;
    expect(finding).toMatchObject({ kind: 'lag-rising-while-still', severity: 'error' });
    const slowGroup = partition(0, long, { longestCommitGapMs: 20_000 });
    expect(findConsoleFindings({ now, history: stable, partitions: [slowGroup] }).findings[0]?.severity).toBe(
      'warn',
    );
  });

  it('says what a barely moving consumer took, and on how many partitions', () => {
    const creeping = readings(now, [100, 9], [100, 14], [102, 18], [102, 24], [103, 29]);
    const result = findConsoleFindings({
      now,
      history: stable,
      partitions: [partition(0, creeping), partition(1, rising), partition(2, readings(now, [5, 0]))],
    });
    expect(result.findings[0]?.summary).toBe(
      'lag rising while the group stands still: payment-process/0 lag rising for 20 s: 3 of 23 new messages consumed; 2 of 3 partitions',
    );
  });
});

it('lists errors first, each finding once, whatever the order found', () => {
  const history = steady(now, 60_000, 'PreparingRebalance', []);
  const result = findConsoleFindings(
    {
      now,
      history: [...history.slice(0, -1), { at: now, state: 'Empty', memberIds: [] }],
      partitions: [
        partition(0, readings(now, [700, 0], [700, 4], [700, 7], [700, 13], [700, 21]), { owned: false }),
      ],
    },
    defaultFindingOptions,
  );
  expect(result.findings.map((f) => [f.kind, f.severity])).toEqual([
    ['no-consumer-assigned', 'error'],
    ['lag-rising-while-still', 'warn'],
    ['rebalancing-without-end', 'warn'],
  ]);
  expect(result.byPartition.get('payment-process/0')).toEqual([
    'no-consumer-assigned',
    'lag-rising-while-still',
  ]);
});
