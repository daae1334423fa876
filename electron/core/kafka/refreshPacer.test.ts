import { describe, expect, it } from 'vitest';
import { RefreshPacer } from './refreshPacer';

function pacerRig() {
  let now = 0;
  const scheduled: number[] = [];
  const pacer = new RefreshPacer(
    () => now,
    { schedule: (_callback, delayMs) => scheduled.push(now + delayMs) },
    () => undefined,
    1000,
  );
  return {
    pacer,
    scheduled,
    at: (ms: number) => {
      now = ms;
    },
  };
}

describe('RefreshPacer', () => {
  it('starts refreshes an interval apart, from start to start, whatever each one took', () => {
    const { pacer, scheduled, at } = pacerRig();
    pacer.started();
    at(1800);
    pacer.ended(5000, false);
    expect(scheduled.at(-1)).toBe(5000);
  });

  it('pauses after a refresh that outlasted its interval, and waits the whole backoff after a failure', () => {
    const { pacer, scheduled, at } = pacerRig();
    pacer.started();
    at(7000);
    pacer.ended(5000, false);
    expect(scheduled.at(-1)).toBe(8000);
    pacer.started();
    at(9000);
    pacer.ended(12_000, true);
    expect(scheduled.at(-1)).toBe(21_000);
  });

  it('brings the next refresh forward to a pause after the last start, or follows one running at once', () => {
    const { pacer, scheduled, at } = pacerRig();
    pacer.started();
    at(300);
    pacer.ended(5000, false);
    at(400);
    pacer.bringForward();
    expect(scheduled.at(-1)).toBe(1000);
    at(2500);
    pacer.bringForward();
    // Already as soon as it can be.
    expect(scheduled).toHaveLength(2);

    pacer.started();
    pacer.bringForward();
    at(2800);
    pacer.ended(5000, false);
    expect(scheduled.at(-1)).toBe(3500);
    // Then back to the interval.
    pacer.started();
    at(3600);
    pacer.ended(5000, false);
    expect(scheduled.at(-1)).toBe(7800);
  });

  it('brings nothing forward before the first refresh or once stopped', () => {
    const { pacer, scheduled } = pacerRig();
    pacer.bringForward();
    expect(scheduled).toEqual([]);
  });
});
