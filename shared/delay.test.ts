import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { delay } from './delay';

describe('delay', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function watch(promise: Promise<void>): () => boolean {
    let settled = false;
    void promise.then(() => (settled = true));
    return () => settled;
  }

  it('waits the time it is given', async () => {
    const done = watch(delay(1000));
    await vi.advanceTimersByTimeAsync(999);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('ends early when its signal aborts, and leaves no timer behind', async () => {
    const stop = new AbortController();
    const done = watch(delay(60_000, stop.signal));
    await vi.advanceTimersByTimeAsync(10);
    expect(done()).toBe(false);
    stop.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not wait at all on a signal that has already aborted', async () => {
    const stop = new AbortController();
    stop.abort();
    const done = watch(delay(60_000, stop.signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
