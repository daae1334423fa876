import { describe, expect, it } from 'vitest';
import { CommitTurns } from './commitTurns';

describe('CommitTurns', () => {
  const commit = (offset: number, partition = 0) => ({
    groupId: 'payments',
    topic: 'payment-process',
    partition,
    offset,
    timestamp: 0,
  });
  const endsAt = (end: number) =>
    new Map([
      [
        'payment-process',
        [
          { partition: 0, end },
          { partition: 1, end },
        ],
      ],
    ]);

  it('tells the commit that fills a window with one offset, each with lag, once', () => {
    const turns = new CommitTurns(3, 0);
    turns.recordEnds(endsAt(11));
    // Caught up at 11: no lag, however long the offset stands.
    expect([10, 11, 11, 11, 11].map((offset) => turns.record(commit(offset)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    // The next refresh reads the end moved on: three commits with lag fill the window.
    turns.recordEnds(endsAt(20));
    expect([11, 11, 11, 11].map((offset) => turns.record(commit(offset)))).toEqual([
      false,
      false,
      true,
      false,
    ]);
    // Each partition on its own.
    expect(turns.record(commit(11, 1))).toBe(false);
  });

  it('tells an offset moved back', () => {
    const turns = new CommitTurns(3, 0);
    turns.recordEnds(endsAt(20));
    expect(turns.record(commit(12))).toBe(false);
    expect(turns.record(commit(5))).toBe(true);
  });

  it('forgets deleted offsets and groups no longer listed', () => {
    const turns = new CommitTurns(2, 0);
    turns.recordEnds(endsAt(20));
    turns.record(commit(7));
    turns.forget('payments', 'payment-process', 0);
    expect(turns.record(commit(7))).toBe(false);
    turns.retain(new Set<string>());
    expect(turns.record(commit(7))).toBe(false);
    expect(turns.record(commit(7))).toBe(true);
  });
});
