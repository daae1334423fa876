import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../shared/logs/logModel';
import { TailBuffer } from './logTailBuffer';

const line = (n: number): LogLine => ({
  id: String(n),
  timestamp: n,
  stream: 's',
  taskId: null,
  level: 'INFO',
  message: `line ${n}`,
  truncated: false,
});
const lines = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => line(from + index));
const ids = (batch: { lines: LogLine[] } | null) => batch?.lines.map((entry) => Number(entry.id)) ?? [];

describe('TailBuffer', () => {
  it('sends lines in bounded batches, oldest first', () => {
    const buffer = new TailBuffer({ now: () => 0, maxBatchLines: 3 });
    buffer.push(lines(1, 5));
    expect(ids(buffer.take())).toEqual([1, 2, 3]);
    expect(ids(buffer.take())).toEqual([4, 5]);
    expect(buffer.take()).toBeNull();
  });

  it('drops the oldest lines when the page falls behind, and counts them', () => {
    const buffer = new TailBuffer({ now: () => 0, bufferLimit: 4 });
    buffer.push(lines(1, 6));
    const batch = buffer.take()!;
    expect(ids(batch)).toEqual([3, 4, 5, 6]);
    expect(batch).toMatchObject({ received: 6, dropped: 2 });
  });

  it('holds a larger backlog while paused, delivers it on resume, and counts what overflowed', () => {
    const buffer = new TailBuffer({ now: () => 0, bufferLimit: 2, backlogLimit: 5 });
    buffer.setPaused(true);
    buffer.push(lines(1, 4));
    expect(buffer.take()).toBeNull();
    expect(buffer.backlog).toBe(4);
    buffer.push(lines(5, 3));
    expect(buffer).toMatchObject({ backlog: 5, droppedWhilePaused: 2, dropped: 2 });
    buffer.setPaused(false);
    buffer.push(lines(8, 1));
    expect(ids(buffer.take())).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('reports lines per second over the last five seconds, and says when the rate falls to zero', () => {
    let now = 0;
    const buffer = new TailBuffer({ now: () => now });
    buffer.push(lines(1, 10));
    now = 2000;
    buffer.push(lines(11, 10));
    expect(buffer.take()!.linesPerSecond).toBe(10);
    now = 10_000;
    expect(buffer.take()!.linesPerSecond).toBe(0);
    expect(buffer.take()).toBeNull();
  });
});
