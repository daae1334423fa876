import { describe, expect, it } from 'vitest';
import { deployment, progress, t0 } from '../testing/actionFixtures';
import {
  describeTargetCounts,
  elapsedNow,
  failureReason,
  mergeEvents,
  statusLine,
  watchedDeployment,
} from './progressText';

const event = (id: string, at: number) => ({ id, createdAt: at, message: `event ${id}` });

describe('progress text', () => {
  it('says what a running action does, with the target revision’s counts and the time taken', () => {
    expect(statusLine(progress(), 72_000)).toBe('Rolling back payment-service… 2/3 running, 1 min 12 s');
    expect(statusLine(progress({ kind: 'promotion', deployments: [] }), 5_000)).toBe(
      'Promoting payment-service… 5 s',
    );
  });

  it('says how an action ended', () => {
    expect(statusLine(progress({ phase: 'succeeded' }), 48_000)).toBe(
      'Rollback of payment-service succeeded in 48 s',
    );
    expect(statusLine(progress({ phase: 'timed-out' }), 600_000)).toBe(
      'Rollback of payment-service timed out after 10 min',
    );
    expect(statusLine(progress({ kind: 'promotion', phase: 'failed' }), 3_000)).toBe(
      'Promotion of payment-service failed after 3 s',
    );
  });

  it('counts the PRIMARY deployment on the target revision, not another one on it', () => {
    const deployments = [
      deployment({ id: 'old', status: 'ACTIVE', runningCount: 3, rolloutState: 'COMPLETED' }),
      deployment({ id: 'new', status: 'PRIMARY', runningCount: 0 }),
    ];
    expect(watchedDeployment(deployments)?.id).toBe('new');
    expect(describeTargetCounts({ deployments })).toBe('0/3 running');
    // Before the target shows up at all, the PRIMARY deployment is what there is to show.
    const before = [
      deployment({ id: 'old', status: 'ACTIVE', isTarget: false }),
      deployment({ id: 'bad', status: 'PRIMARY', isTarget: false, runningCount: 1 }),
    ];
    expect(watchedDeployment(before)?.id).toBe('bad');
    expect(describeTargetCounts({ deployments: [] })).toBeNull();
  });

  it('counts elapsed time on between events while running, and stops at the end', () => {
    expect(elapsedNow(progress({ elapsedMs: 10_000 }), t0, t0 + 1_500)).toBe(11_500);
    expect(elapsedNow(progress({ phase: 'succeeded', elapsedMs: 10_000 }), t0, t0 + 60_000)).toBe(10_000);
    // A renderer clock behind the event's arrival never counts backwards.
    expect(elapsedNow(progress({ elapsedMs: 10_000 }), t0, t0 - 500)).toBe(10_000);
  });

  it('gives the reason of a failure or a timeout in main’s words', () => {
    expect(failureReason(progress())).toBeNull();
    expect(failureReason(progress({ phase: 'succeeded' }))).toBeNull();
    expect(failureReason(progress({ phase: 'failed', message: 'The rollout FAILED: tasks failed' }))).toBe(
      'The rollout FAILED: tasks failed',
    );
    expect(
      failureReason(
        progress({
          phase: 'timed-out',
          message: 'Not finished after 10 min',
          error: { code: 'TIMEOUT', message: 'Not finished after 10 min 00 s: 2/3 running.' },
        }),
      ),
    ).toBe('Not finished after 10 min 00 s: 2/3 running.');
  });

  it('keeps each service event once, oldest first, within its limit', () => {
    const first = mergeEvents([], [event('b', 2), event('a', 1)]);
    expect(first.map((entry) => entry.id)).toEqual(['a', 'b']);
    // A late subscriber's first event repeats everything seen so far.
    const again = mergeEvents(first, [event('a', 1), event('b', 2), event('c', 3), event('c', 3)]);
    expect(again.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
    expect(mergeEvents(again, [])).toBe(again);
    expect(mergeEvents(again, [event('d', 4)], 2).map((entry) => entry.id)).toEqual(['c', 'd']);
  });
});
