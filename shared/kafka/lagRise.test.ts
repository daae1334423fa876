import { describe, expect, it } from 'vitest';
import {
  defaultRiseOptions,
  findFallingBehind,
  findOwingRun,
  type FallingBehind,
  type PollReading,
} from './lagRise';

const refreshMs = 5000;

/** [committed offset, lag] per refresh, 5 s apart; null lag: no end offset that refresh. */
type ReadingRow = [number | null, number | null];

function readings(...rows: ReadingRow[]): PollReading[] {
  return rows.map(([committedOffset, lag], i) => ({ at: i * refreshMs, committedOffset, lag }));
}

describe('findOwingRun and findFallingBehind', () => {
  const longestGap = 5000;
  it.each<[string, PollReading[], number | null, FallingBehind | null]>([
    [
      'standing still, lag rising for 15 s over three refreshes',
      readings([7, 0], [7, 4], [7, 7], [7, 13], [7, 21]),
      5000,
      { since: 5000, consumed: 0, arrived: 17 },
    ],
    ['two steps are not enough', readings([7, 0], [7, 4], [7, 7], [7, 13]), 5000, null],
    [
      'creeping: a few messages now and then while the lag keeps growing',
      readings([100, 9], [100, 14], [102, 18], [102, 24], [103, 29]),
      0,
      { since: 0, consumed: 3, arrived: 23 },
    ],
    [
      'taking half of what arrives is not barely moving',
      readings([100, 10], [110, 20], [120, 30], [130, 40]),
      0,
      null,
    ],
    ['working through most of its backlog', readings([5, 9], [5, 12], [7, 4], [7, 7], [7, 13]), 0, null],
    [
      'a lag back at zero starts the run again',
      readings([7, 4], [7, 7], [7, 0], [7, 3], [7, 5]),
      15_000,
      null,
    ],
    [
      'mostly: one refresh in three with nothing written',
      readings([7, 3], [7, 5], [7, 5], [7, 8]),
      0,
      { since: 0, consumed: 0, arrived: 5 },
    ],
    ['a quiet partition: one rise in three', readings([7, 1], [7, 1], [7, 1], [7, 2]), 0, null],
    ['nothing written at all', readings([7, 40], [7, 40], [7, 40], [7, 40], [7, 40]), 0, null],
    [
      'a refresh without an end offset is skipped',
      readings([7, 2], [7, null], [7, 5], [7, 6], [7, 9]),
      0,
      { since: 0, consumed: 0, arrived: 7 },
    ],
    ['no lag now', readings([7, 2], [7, 5], [7, 6], [7, 0]), null, null],
    ['no commit now', readings([7, 2], [7, 5], [7, 6], [null, null]), null, null],
  ])('%s', (_, rows, owingSince, falling) => {
    const run = findOwingRun(rows, 0);
    expect(run[0]?.at ?? null).toBe(owingSince);
    expect(findFallingBehind(run, longestGap, defaultRiseOptions)).toEqual(falling);
  });

  it('owes nothing at or below the allowed lag', () => {
    expect(findOwingRun(readings([7, 3], [7, 5], [7, 8]), 5).map((r) => r.at)).toEqual([10_000]);
  });

  it('needs the span as well as the steps: eight 2 s refreshes are 14 s', () => {
    const fast = Array.from({ length: 8 }, (_, i) => ({ at: i * 2000, committedOffset: 7, lag: 10 + i }));
    expect(findFallingBehind(fast, 2000, defaultRiseOptions)).toBeNull();
    const longer = [...fast, { at: 16_000, committedOffset: 7, lag: 20 }];
    expect(findFallingBehind(longer, 2000, defaultRiseOptions)?.since).toBe(0);
  });

  it('needs longer than the longest gap between commits: a batch consumer’s lag rises for a minute between its commits', () => {
    const still = Array.from({ length: 14 }, (_, i) => ({
      at: i * 5000,
      committedOffset: 7,
      lag: 10 + 4 * i,
    }));
    expect(findFallingBehind(still.slice(0, 13), 60_000, defaultRiseOptions)).toBeNull();
    expect(findFallingBehind(still, 60_000, defaultRiseOptions)?.since).toBe(0);
  });
});
