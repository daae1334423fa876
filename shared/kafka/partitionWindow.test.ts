import { describe, expect, it } from 'vitest';
import { defaultWindowOptions, PartitionWindow } from './partitionWindow';

describe('PartitionWindow', () => {
  it('stores commits as Burrow does: duplicates dropped, late ones refused, a stable offset appended', () => {
    const window = new PartitionWindow({ ...defaultWindowOptions, intervals: 10, minimumDistanceMs: 0 });
    expect(window.recordCommit({ offset: 10, timestamp: 1000, lag: 5 })).toBe('appended');
    expect(window.recordCommit({ offset: 10, timestamp: 1000, lag: 5 })).toBe('duplicate');
    expect(window.recordCommit({ offset: 8, timestamp: 900, lag: 7 })).toBe('out-of-order');
    expect(window.recordCommit({ offset: 10, timestamp: 2000, lag: 9 })).toBe('appended');
    expect(window.commits.map((c) => [c.offset, c.timestamp, c.lag])).toEqual([
      [10, 1000, 5],
      [10, 2000, 9],
    ]);
  });

  it('merges commits closer than the minimum distance into the last one, keeping its time', () => {
    const window = new PartitionWindow({ ...defaultWindowOptions, intervals: 10, minimumDistanceMs: 1000 });
    window.recordCommit({ offset: 10, timestamp: 1000, lag: 5 });
    expect(window.recordCommit({ offset: 12, timestamp: 1400, lag: 3 })).toBe('merged');
    expect(window.recordCommit({ offset: 14, timestamp: 1900, lag: 1 })).toBe('merged');
    expect(window.recordCommit({ offset: 16, timestamp: 2000, lag: 0 })).toBe('appended');
    expect(window.commits.map((c) => [c.offset, c.timestamp, c.lag])).toEqual([
      [14, 1000, 1],
      [16, 2000, 0],
    ]);
  });

  it('keeps the last `intervals` commits and end offsets', () => {
    const window = new PartitionWindow({ ...defaultWindowOptions, intervals: 3, minimumDistanceMs: 0 });
    for (let i = 1; i <= 5; i++) {
      window.recordCommit({ offset: i * 10, timestamp: i * 1000, lag: 1 });
      window.recordEndOffset(i * 10 + 1);
    }
    expect(window.commits.map((c) => c.offset)).toEqual([30, 40, 50]);
    expect(window.endOffsets).toEqual([31, 41, 51]);
  });

  it('takes an unchanged polled offset for the commit already stored', () => {
    const window = new PartitionWindow({ ...defaultWindowOptions, intervals: 10, minimumDistanceMs: 0 });
    window.recordPoll({ at: 0, committedOffset: null, endOffset: 100 });
    window.recordPoll({ at: 5000, committedOffset: 40, endOffset: 120 });
    window.recordPoll({ at: 10_000, committedOffset: 40, endOffset: 140 });
    window.recordPoll({ at: 15_000, committedOffset: 90, endOffset: 150 });
    window.recordPoll({ at: 20_000, committedOffset: 90, endOffset: null });
    expect(window.commits).toEqual([
      { offset: 40, timestamp: 5000, lag: 80 },
      { offset: 90, timestamp: 15_000, lag: 60 },
    ]);
    expect(window.endOffsets).toEqual([100, 120, 140, 150]);
  });

  it.each([
    ['nothing', 0, 0, 0],
    ['two refreshes of ten', 2, 1, 0.2],
    ['ten refreshes, one commit', 10, 1, 1],
    ['four commits without end offsets', 0, 4, 0.4],
  ])('is complete by commits or by refreshes: %s', (_, refreshes, commitCount, complete) => {
    const window = new PartitionWindow({ ...defaultWindowOptions, intervals: 10, minimumDistanceMs: 0 });
    for (let i = 0; i < refreshes; i++) window.recordEndOffset(100 + i);
    for (let i = 0; i < commitCount; i++) window.recordCommit({ offset: i, timestamp: i, lag: null });
    expect(window.complete).toBe(complete);
  });
});

describe('PartitionWindow on a polled feed', () => {
  const options = { ...defaultWindowOptions, intervals: 4, readingsKept: 3 };
  const poll = (window: PartitionWindow, at: number, committedOffset: number | null, endOffset = 1000) =>
    window.recordPoll({ at, committedOffset, endOffset });

  it('leaves out the gap from the commit the first refresh found, made at a time nobody saw', () => {
    const window = new PartitionWindow(options);
    poll(window, 0, 10);
    poll(window, 5000, 20);
    poll(window, 15_000, 30);
    poll(window, 20_000, 30);
    poll(window, 25_000, 40);
    expect(window.commitGaps).toEqual([10_000, 10_000]);
  });

  it('counts every gap once that commit has left the window', () => {
    const window = new PartitionWindow(options);
    [10, 20, 30, 40, 50].forEach((offset, i) => poll(window, i * 5000, offset));
    expect(window.commits.map((c) => c.offset)).toEqual([20, 30, 40, 50]);
    expect(window.commitGaps).toEqual([5000, 5000, 5000]);
  });

  it('counts the gap from a first commit that appeared while the console watched', () => {
    const window = new PartitionWindow(options);
    poll(window, 0, null);
    poll(window, 5000, 10);
    poll(window, 15_000, 20);
    expect(window.commitGaps).toEqual([10_000]);
  });

  it('counts every gap between commits recorded as commits', () => {
    const window = new PartitionWindow(options);
    [0, 1000, 3000].forEach((timestamp, i) => window.recordCommit({ offset: i, timestamp, lag: 0 }));
    expect(window.commitGaps).toEqual([1000, 2000]);
  });

  it('keeps the last `readingsKept` readings, with their lag', () => {
    const window = new PartitionWindow(options);
    poll(window, 0, 900);
    poll(window, 5000, null);
    window.recordPoll({ at: 10_000, committedOffset: 950, endOffset: null });
    poll(window, 15_000, 1200);
    expect(window.readings).toEqual([
      { at: 5000, committedOffset: null, lag: null },
      { at: 10_000, committedOffset: 950, lag: null },
      { at: 15_000, committedOffset: 1200, lag: 0 },
    ]);
  });
});
