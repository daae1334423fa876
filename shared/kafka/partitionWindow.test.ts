import { describe, expect, it } from 'vitest';
import { PartitionWindow } from './partitionWindow';

const rows = (window: PartitionWindow) => window.commits.map((c) => [c.offset, c.timestamp, c.lag]);

describe('PartitionWindow', () => {
  it('appends every commit in log order, an unchanged offset too, with its lag against the end known then', () => {
    const window = new PartitionWindow({ intervals: 10, minimumDistanceMs: 0 });
    expect(window.recordCommit({ offset: 10, timestamp: 1000 }, 15)).toBe('appended');
    expect(window.recordCommit({ offset: 10, timestamp: 2000 }, 19)).toBe('appended');
    expect(window.recordCommit({ offset: 30, timestamp: 3000 }, 19)).toBe('appended');
    expect(window.recordCommit({ offset: 31, timestamp: 4000 }, null)).toBe('appended');
    expect(rows(window)).toEqual([
      [10, 1000, 5],
      [10, 2000, 9],
      // Ahead of the end offset last read: no lag, as Burrow clamps it.
      [30, 3000, 0],
      [31, 4000, null],
    ]);
  });

  it('merges commits closer than the minimum distance into the last one, keeping its time', () => {
    const window = new PartitionWindow({ intervals: 10, minimumDistanceMs: 1000 });
    window.recordCommit({ offset: 10, timestamp: 1000 }, 15);
    expect(window.recordCommit({ offset: 12, timestamp: 1400 }, 15)).toBe('merged');
    expect(window.recordCommit({ offset: 14, timestamp: 1900 }, 15)).toBe('merged');
    expect(window.recordCommit({ offset: 16, timestamp: 2000 }, 16)).toBe('appended');
    expect(rows(window)).toEqual([
      [14, 1000, 1],
      [16, 2000, 0],
    ]);
  });

  it('merges a commit stamped before the last one, as Burrow does with a distance of 0', () => {
    const window = new PartitionWindow({ intervals: 10, minimumDistanceMs: 0 });
    window.recordCommit({ offset: 10, timestamp: 2000 }, 10);
    expect(window.recordCommit({ offset: 12, timestamp: 1900 }, 20)).toBe('merged');
    expect(rows(window)).toEqual([[12, 2000, 8]]);
  });

  it('keeps the last `intervals` commits and end offsets', () => {
    const window = new PartitionWindow({ intervals: 3, minimumDistanceMs: 0 });
    for (let i = 1; i <= 5; i++) {
      window.recordCommit({ offset: i * 10, timestamp: i * 1000 }, i * 10 + 1);
      window.recordEndOffset(i * 10 + 1);
    }
    expect(window.commits.map((c) => c.offset)).toEqual([30, 40, 50]);
    expect(window.endOffsets).toEqual([31, 41, 51]);
  });

  it('takes an unchanged polled offset for the commit already stored', () => {
    const window = new PartitionWindow({ intervals: 10, minimumDistanceMs: 0 });
    window.recordPolledOffset(5000, 40, 120);
    window.recordPolledOffset(10_000, 40, 140);
    window.recordPolledOffset(15_000, 90, 150);
    window.recordPolledOffset(20_000, 90, null);
    expect(window.commits).toEqual([
      { offset: 40, timestamp: 5000, lag: 80 },
      { offset: 90, timestamp: 15_000, lag: 60 },
    ]);
  });

  it.each([
    ['nothing', 0, 0],
    ['ten refreshes, no commit', 0, 0],
    ['two commits of ten', 2, 0.2],
    ['twelve commits', 12, 1],
  ])('is complete in the share of commit slots filled, as Burrow: %s', (_, commitCount, complete) => {
    const window = new PartitionWindow({ intervals: 10, minimumDistanceMs: 0 });
    for (let i = 0; i < 10; i++) window.recordEndOffset(100 + i);
    for (let i = 0; i < commitCount; i++) window.recordCommit({ offset: i, timestamp: i * 1000 }, 100);
    expect(window.complete).toBe(complete);
  });

  it('forgets its commits but not its end offsets', () => {
    const window = new PartitionWindow({ intervals: 10, minimumDistanceMs: 0 });
    window.recordEndOffset(100);
    window.recordCommit({ offset: 90, timestamp: 1000 }, 100);
    window.clearCommits();
    expect(window.commits).toEqual([]);
    expect(window.complete).toBe(0);
    expect(window.endOffsets).toEqual([100]);
  });
});
