import { describe, expect, it } from 'vitest';
import type { AlarmStateChange } from '../../../shared/metrics/metricsModel';
import type { AlarmChange } from './alarmRules';
import { feedAlarmChanges } from './alarmFeed';

const change: AlarmStateChange = {
  environment: 'production',
  alarmName: 'payment-service-5xx',
  from: 'OK',
  to: 'ALARM',
  at: 1_700_000_000_000,
  summary: 'Alarm updated from OK to ALARM',
  reason: 'Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (5.0).',
  serviceKeys: ['arn:cluster/production|payment-service'],
};

function fed(changes: AlarmStateChange[]): AlarmChange[] {
  const listeners: ((change: AlarmStateChange) => void)[] = [];
  const told: AlarmChange[] = [];
  const stop = feedAlarmChanges(
    {
      onAlarmChange: (listener) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    },
    { alarmChanged: (alarmChange) => told.push(alarmChange) },
  );
  for (const each of changes) for (const listener of [...listeners]) listener(each);
  stop();
  for (const listener of listeners) listener(change);
  return told;
}

describe('the alarm changes the notifications are fed', () => {
  it('tells an alarm change once for each service it is tied to, and once for one tied to none', () => {
    const told = fed([
      { ...change, serviceKeys: ['a|payment-service', 'b|payment-service'] },
      { ...change, alarmName: 'database-cpu', serviceKeys: [] },
    ]);
    expect(told.map((each) => [each.alarmName, each.serviceKey])).toEqual([
      ['payment-service-5xx', 'a|payment-service'],
      ['payment-service-5xx', 'b|payment-service'],
      ['database-cpu', null],
    ]);
    expect(told[0]).toEqual({
      alarmName: 'payment-service-5xx',
      serviceKey: 'a|payment-service',
      environment: 'production',
      from: 'OK',
      to: 'ALARM',
      at: change.at,
      reason: 'Alarm updated from OK to ALARM',
    });
  });

  it('reads a change with no previous state as from INSUFFICIENT_DATA, and stops when told', () => {
    const told = fed([{ ...change, from: null, to: 'OK' }]);
    expect(told).toEqual([expect.objectContaining({ from: 'INSUFFICIENT_DATA', to: 'OK' })]);
  });
});
