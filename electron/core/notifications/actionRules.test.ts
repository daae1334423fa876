import { describe, expect, it } from 'vitest';
import { testEntry } from '../../testing/auditTestEntries';
import { notifierHarness } from '../../testing/notificationHarness';
import { actionSignals } from './actionRules';

/** The action rule: an action's end is told once, with nothing to resolve. */

const start = Date.UTC(2025, 5, 2, 9, 0, 0);

describe('the action-finished rule', () => {
  it('fires when an action ends, not at its start or its steps, and never resolves', () => {
    const harness = notifierHarness(start);
    const since = start - 1_000;
    for (const type of ['start', 'step'] as const)
      harness.notifier.receive(actionSignals(testEntry({ type, at: start }), since));
    harness.notifier.receive(
      actionSignals(
        testEntry({ type: 'end', at: start, outcome: 'succeeded', message: 'Back on payment-service:8' }),
        since,
      ),
    );
    expect(harness.said()).toEqual([
      'fired: Rollback of payment-service (payment-service:8 → payment-service:7) succeeded',
    ]);
    expect(harness.deliveries[0]!.notification).toMatchObject({
      rule: 'action-finished',
      severity: 'info',
      link: {
        kind: 'service',
        environment: 'production',
        cluster: 'flarenet-production',
        service: 'payment-service',
      },
    });
    harness.clock.advance(120_000);
    expect(harness.said()).toHaveLength(1);
  });

  it('tells a failure as an error, and a second end on the same service within the minute after it', () => {
    const harness = notifierHarness(start);
    harness.notifier.receive(
      actionSignals(testEntry({ type: 'end', at: start, outcome: 'succeeded' }), start),
    );
    harness.notifier.receive(
      actionSignals(
        testEntry({ type: 'end', actionId: 'action-2', at: start, outcome: 'failed', error: 'tasks failed' }),
        start,
      ),
    );
    expect(harness.said()).toHaveLength(1);
    harness.clock.advance(60_000);
    expect(harness.deliveries[1]!.notification).toMatchObject({ severity: 'error' });
    expect(harness.deliveries[1]!.notification.body).toContain('tasks failed');
  });

  it('is quiet about what the audit log held before the console started', () => {
    const harness = notifierHarness(start);
    harness.notifier.receive(
      actionSignals(testEntry({ type: 'end', at: start - 60_000, outcome: 'succeeded' }), start),
    );
    expect(harness.said()).toEqual([]);
  });
});
