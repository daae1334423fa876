import { describe, expect, it } from 'vitest';
import { pollCadenceText } from '../../../shared/fleet/pollCadenceText';
import { achievedIntervalOf, achievedIntervalToShow, PollSchedule, type Timers } from './pollSchedule';

function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimer: (callback, ms) => {
      pending.set(next, { callback, ms });
      return next++;
    },
    clearTimer: (handle) => pending.delete(handle as number),
  };
  return { timers, pending };
}

/** A job that finishes only when the test says so. */
function gatedJob() {
  const gates: (() => void)[] = [];
  let started = 0;
  const job = () =>
    new Promise<number>((resolve) => {
      const run = ++started;
      gates.push(() => resolve(run));
    });
  return { job, gates, started: () => started };
}

describe('PollSchedule', () => {
  it('runs a request made during a poll once more afterwards, however many arrive', async () => {
    const { timers } = manualTimers();
    const schedule = new PollSchedule<number>(timers, 5000);
    const { job, gates, started } = gatedJob();
    const settled: number[] = [];

    const first = schedule.run(job, (run) => settled.push(run));
    const second = schedule.run(job, (run) => settled.push(run));
    const third = schedule.run(job, (run) => settled.push(run));
    expect(started()).toBe(1);

    gates[0]!();
    await first;
    // The first run is superseded by the queued one, so only the last settles.
    expect(settled).toEqual([]);
    await Promise.resolve();
    expect(started()).toBe(2);
    gates[1]!();
    await Promise.all([second, third]);
    expect(settled).toEqual([2]);
    expect(started()).toBe(2);
  });

  it('keeps one timer at a time and forgets it when cancelled or fired', () => {
    const { timers, pending } = manualTimers();
    const schedule = new PollSchedule<number>(timers, 5000);
    const fired: string[] = [];
    expect(schedule.idle).toBe(true);

    schedule.schedule(() => fired.push('a'));
    schedule.intervalMs = 2000;
    schedule.schedule(() => fired.push('b'));
    expect([...pending.values()].map((t) => t.ms)).toEqual([2000]);
    expect(schedule.idle).toBe(false);

    const [id, due] = [...pending.entries()][0]!;
    pending.delete(id);
    due.callback();
    expect(fired).toEqual(['b']);
    expect(schedule.idle).toBe(true);

    schedule.schedule(() => fired.push('c'));
    schedule.cancel();
    expect(pending.size).toBe(0);
    expect(schedule.idle).toBe(true);
  });

  it('cancels a waiting timer when a poll is run early', async () => {
    const { timers, pending } = manualTimers();
    const schedule = new PollSchedule<number>(timers, 5000);
    schedule.schedule(() => {
      throw new Error('the timer should not fire');
    });
    await schedule.run(
      () => Promise.resolve(1),
      () => {},
    );
    expect(pending.size).toBe(0);
  });
});

describe('achievedIntervalOf', () => {
  it('gives polls a few milliseconds apart the same interval, so timer jitter alone sends nothing', () => {
    expect([5003, 5040.4, 5099, 5100].map(achievedIntervalOf)).toEqual([5100, 5100, 5100, 5100]);
    expect(achievedIntervalOf(5000)).toBe(5000);
  });

  it('still shows a real change: the header says the interval was missed exactly when it was', () => {
    const header = (achievedIntervalMs: number) =>
      pollCadenceText({ lastSuccessAt: 1, pollIntervalMs: 5000, achievedIntervalMs });
    for (const elapsed of [5000, 5003, 6401, 6499, 6500, 6500.4]) {
      expect(header(achievedIntervalOf(elapsed))).toBe('polled every 5 s');
    }
    for (const elapsed of [6501, 6550, 6600, 6900]) {
      expect(header(achievedIntervalOf(elapsed))).toBe('polled every 6 s (asked 5 s)');
    }
    expect(header(achievedIntervalOf(24_000))).toBe('polled every 24 s (asked 5 s)');
  });
});

describe('achievedIntervalToShow', () => {
  it('keeps the interval shown while the header reads the same with the new one', () => {
    expect(achievedIntervalToShow(null, 5_040, 5_000)).toBe(5_100);
    expect(achievedIntervalToShow(5_100, 5_380, 5_000)).toBe(5_100);
    expect(achievedIntervalToShow(5_100, 6_480, 5_000)).toBe(5_100);
    expect(achievedIntervalToShow(7_100, 7_900, 5_000)).toBe(7_100);
  });

  it('takes the new interval as soon as the header would say something else', () => {
    expect(achievedIntervalToShow(5_100, 6_520, 5_000)).toBe(6_600);
    expect(achievedIntervalToShow(7_100, 8_050, 5_000)).toBe(8_100);
    expect(achievedIntervalToShow(24_000, 5_020, 5_000)).toBe(5_100);
    // Asked to poll faster during a deployment: 5 s apart no longer keeps the interval.
    expect(achievedIntervalToShow(5_100, 5_020, 2_000)).toBe(5_100);
    expect(achievedIntervalToShow(2_100, 5_020, 2_000)).toBe(5_100);
  });
});
