import { describe, expect, it } from 'vitest';
import { notifierHarness } from '../../testing/notificationHarness';
import { alarmSignals, type AlarmChange } from './alarmRules';

/** The alarm rule through the notifier: ALARM fires, dedupes within the minute, and OK resolves. */

const start = Date.UTC(2025, 5, 2, 9, 0, 0);
const serviceKey = 'arn:aws:ecs:us-east-1:111122223333:cluster/flarenet-production|payment-service';

function change(from: AlarmChange['from'], to: AlarmChange['to'], at: number): AlarmChange {
  return {
    alarmName: 'payment-5xx',
    serviceKey,
    environment: 'production',
    from,
    to,
    at,
    reason: `Threshold Crossed: 5XX count went ${to === 'ALARM' ? 'above' : 'below'} 10`,
  };
}

describe('the alarm rule', () => {
  it('fires on ALARM with a link to its service, dedupes a repeat and resolves on OK', () => {
    const harness = notifierHarness(start);
    harness.notifier.receive(alarmSignals(change('OK', 'ALARM', start)));
    harness.clock.advance(20_000);
    harness.notifier.receive(alarmSignals(change('INSUFFICIENT_DATA', 'ALARM', harness.clock.now())));
    expect(harness.said()).toEqual(['fired: Alarm payment-5xx is in ALARM on payment-service']);
    expect(harness.deliveries[0]!.notification).toMatchObject({
      rule: 'alarm',
      subject: { key: 'production|payment-5xx', environment: 'production', service: 'payment-service' },
      link: {
        kind: 'service',
        environment: 'production',
        cluster: 'flarenet-production',
        service: 'payment-service',
      },
    });
    harness.notifier.receive(alarmSignals(change('ALARM', 'INSUFFICIENT_DATA', harness.clock.now())));
    expect(harness.said()).toHaveLength(1);
    harness.notifier.receive(alarmSignals(change('INSUFFICIENT_DATA', 'OK', start + 90_000)));
    expect(harness.said()[1]).toBe('resolved: Alarm payment-5xx is back to OK');
    expect(harness.deliveries[1]!.notification.resolution?.at).toBe(start + 90_000);
  });

  it('links nowhere for an alarm tied to no service', () => {
    const harness = notifierHarness(start);
    harness.notifier.receive(alarmSignals({ ...change('OK', 'ALARM', start), serviceKey: null }));
    expect(harness.deliveries[0]!.notification.link).toBeNull();
    expect(harness.said()).toEqual(['fired: Alarm payment-5xx is in ALARM']);
  });
});
