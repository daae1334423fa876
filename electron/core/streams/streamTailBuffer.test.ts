import { describe, expect, it } from 'vitest';
import { StreamTailBuffer, type StreamTailBufferOptions } from './streamTailBuffer';

const numbers = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

function buffer(options: Partial<StreamTailBufferOptions> = {}): StreamTailBuffer<number> {
  return new StreamTailBuffer<number>({
    bufferLimit: 1000,
    rateOnlyBatches: 'on-change',
    now: () => 0,
    ...options,
  });
}

describe('StreamTailBuffer', () => {
  it('hands over what arrived since the last batch, with the running count', () => {
    let now = 0;
    const tail = buffer({ now: () => now });
    expect(tail.take()).toBeNull();
    tail.push([1, 2]);
    expect(tail.take()).toMatchObject({ items: [1, 2], received: 2, dropped: 0 });
    now += 200;
    expect(tail.take()).toBeNull();
    tail.push([3]);
    expect(tail.take()).toMatchObject({ items: [3], received: 3 });
  });

  it('sends items in bounded batches, oldest first', () => {
    const tail = buffer({ maxBatchItems: 3 });
    tail.push(numbers(1, 5));
    expect(tail.take()?.items).toEqual([1, 2, 3]);
    expect(tail.take()?.items).toEqual([4, 5]);
    expect(tail.take()).toBeNull();
  });

  it('keeps at most its limit when the page falls behind, dropping the oldest and counting them', () => {
    const tail = buffer({ bufferLimit: 3 });
    for (let item = 0; item < 10; item++) tail.push([item]);
    const batch = tail.take();
    expect(batch?.items).toEqual([7, 8, 9]);
    expect(batch).toMatchObject({ received: 10, dropped: 7 });
    tail.push([10]);
    expect(tail.take()).toMatchObject({ items: [10], received: 11, dropped: 7 });
  });

  it('holds a larger backlog while paused, delivers it on resume, and counts what overflowed', () => {
    const tail = buffer({ bufferLimit: 2, backlogLimit: 5 });
    tail.setPaused(true);
    tail.push(numbers(1, 4));
    expect(tail.take()).toBeNull();
    expect(tail.backlog).toBe(4);
    tail.push(numbers(5, 3));
    expect(tail).toMatchObject({ backlog: 5, droppedWhilePaused: 2, dropped: 2 });
    tail.setPaused(false);
    expect(tail.backlog).toBe(0);
    tail.push([8]);
    expect(tail.take()?.items).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('measures arrivals per second over the last five seconds', () => {
    let now = 0;
    const tail = buffer({ now: () => now });
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 20; i++) {
        tail.push([second * 20 + i]);
        now += 50;
      }
    }
    expect(tail.take()?.perSecond).toBe(20);
  });

  it('measures since the first arrival when that is sooner, over at least a second', () => {
    let now = 0;
    const tail = buffer({ now: () => now });
    tail.push(numbers(1, 10));
    now = 2000;
    tail.push(numbers(11, 10));
    expect(tail.take()?.perSecond).toBe(10);
    const quick = buffer();
    quick.push(numbers(1, 7));
    expect(quick.take()?.perSecond).toBe(7);
  });

  it('with nothing queued, sends every change of rate when asked to', () => {
    let now = 0;
    const tail = buffer({ now: () => now, rateOnlyBatches: 'on-change' });
    tail.push(numbers(1, 20));
    expect(tail.take()?.perSecond).toBe(20);
    now = 2000;
    expect(tail.take()).toMatchObject({ items: [], perSecond: 10 });
    expect(tail.take()).toBeNull();
    now = 10_000;
    expect(tail.take()).toMatchObject({ items: [], perSecond: 0 });
    expect(tail.take()).toBeNull();
  });

  it('with nothing queued, otherwise says only once that the items stopped', () => {
    let now = 0;
    const tail = buffer({ now: () => now, rateOnlyBatches: 'on-stop' });
    tail.push(numbers(1, 20));
    expect(tail.take()?.perSecond).toBe(20);
    now = 2000;
    expect(tail.take()).toBeNull();
    now = 10_000;
    expect(tail.take()).toMatchObject({ items: [], perSecond: 0 });
    expect(tail.take()).toBeNull();
  });
});
