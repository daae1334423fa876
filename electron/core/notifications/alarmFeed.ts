import type { AlarmStateChange } from '../../../shared/metrics/metricsModel';
import type { AlarmChange } from './alarmRules';

/**
 * The alarm rule's input from the metrics monitor's alarm changes: an alarm tied to several
 * services is told for each (each service has its own notification, muted or not on its
 * own), one tied to none once. A change whose previous state CloudWatch did not give reads
 * as from INSUFFICIENT_DATA: the rule looks only at where the alarm went.
 */
export function alarmChangesOf(change: AlarmStateChange): AlarmChange[] {
  const serviceKeys = change.serviceKeys.length > 0 ? change.serviceKeys : [null];
  return serviceKeys.map((serviceKey) => ({
    alarmName: change.alarmName,
    serviceKey,
    environment: change.environment,
    from: change.from ?? 'INSUFFICIENT_DATA',
    to: change.to,
    at: change.at,
    reason: change.summary,
  }));
}

/** Feeds every alarm change the metrics monitor reads to the notifications; returns how to stop. */
export function feedAlarmChanges(
  metrics: { onAlarmChange(listener: (change: AlarmStateChange) => void): () => void },
  notifications: { alarmChanged(change: AlarmChange): void },
): () => void {
  return metrics.onAlarmChange((change) => {
    for (const alarmChange of alarmChangesOf(change)) notifications.alarmChanged(alarmChange);
  });
}
