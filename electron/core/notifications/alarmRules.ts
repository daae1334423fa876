import { clusterNameFromReference } from '../../../shared/fleet/ecsArns';
import type { LinkTarget } from '../../../shared/desktop/deepLink';
import { linkTo, type RuleSignal } from './ruleSignals';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/**
 * One alarm changing state, as the CloudWatch alarm collector reports it (from
 * DescribeAlarmHistory or two DescribeAlarms readings). `serviceKey` is the fleet's key of
 * the service whose deployment configuration names the alarm (`${clusterArn}|${serviceName}`),
 * or null for an alarm tied to no service.
 */
export interface AlarmChange {
  alarmName: string;
  serviceKey: string | null;
  environment: string;
  from: AlarmState;
  to: AlarmState;
  at: number;
  reason: string;
}

/**
 * The alarm rule: ALARM raises, OK clears ("back to OK"). INSUFFICIENT_DATA does neither: the
 * alarm cannot say whether the trouble is over, so the console does not say so either.
 */
export function alarmSignals(change: AlarmChange): RuleSignal[] {
  const key = `${change.environment}|${change.alarmName}`;
  if (change.to === 'ALARM') {
    const service = change.serviceKey ? serviceOfKey(change.serviceKey) : null;
    return [
      {
        type: 'raise',
        problem: {
          rule: 'alarm',
          subject: {
            key,
            environment: change.environment,
            service: service?.service ?? null,
            kafkaCluster: null,
            group: null,
          },
          severity: 'error',
          title: `Alarm ${change.alarmName} is in ALARM${service ? ` on ${service.service}` : ''}`,
          body: change.reason,
          link: service ? linkTo({ kind: 'service', environment: change.environment, ...service }) : null,
        },
      },
    ];
  }
  if (change.to === 'OK')
    return [
      {
        type: 'clear',
        clearance: {
          rule: 'alarm',
          key,
          at: change.at,
          title: `Alarm ${change.alarmName} is back to OK`,
          body: change.reason,
        },
      },
    ];
  return [];
}

/** The cluster and service a fleet key names (`${clusterArn}|${serviceName}`). */
function serviceOfKey(
  serviceKey: string,
): Omit<Extract<LinkTarget, { kind: 'service' }>, 'kind' | 'environment'> | null {
  const bar = serviceKey.lastIndexOf('|');
  if (bar < 0) return null;
  const clusterArn = serviceKey.slice(0, bar);
  const service = serviceKey.slice(bar + 1);
  const cluster = clusterNameFromReference(clusterArn);
  return cluster !== '' && service !== '' ? { cluster, service } : null;
}
