import type {
  AlarmStateChange,
  MetricsEvent,
  ScalingActivity,
  ServiceMetrics,
} from '../../../shared/metrics/metricsModel';
import { scalingCauseText, scalingChangeText } from '../../../shared/metrics/metricWords';
import type { TimelineEntry, TimelineSeverity } from '../../../shared/timeline/timelineModel';

/**
 * What the metrics monitor adds to the timeline: each alarm state change CloudWatch recorded
 * (one entry per service the alarm is tied to, so a service's timeline shows it) and each
 * scaling activity of a service. Ids come from CloudWatch's and Application Auto Scaling's own
 * stamps, so an activity seen again in every refresh is recorded once.
 */

/** The metrics monitor as the timeline reads it. */
export interface MetricsChangeSource {
  subscribe(listener: (event: MetricsEvent) => void): () => void;
  onAlarmChange(listener: (change: AlarmStateChange) => void): () => void;
}

interface ServiceName {
  clusterName: string;
  serviceName: string;
}

const alarmSeverity: Readonly<Record<AlarmStateChange['to'], TimelineSeverity>> = {
  ALARM: 'error',
  INSUFFICIENT_DATA: 'warning',
  OK: 'ok',
};

export class MetricsChangeTracker {
  /** The names of the services the metrics know, by fleet key, for alarms that name only keys. */
  private readonly names = new Map<string, ServiceName>();

  /** Scaling activities of the services in a metrics event. */
  receive(event: MetricsEvent): TimelineEntry[] {
    const services = event.type === 'snapshot' ? event.snapshot.services : event.delta.upserted;
    if (event.type === 'delta') for (const key of event.delta.removed) this.names.delete(key);
    const entries: TimelineEntry[] = [];
    for (const service of services) {
      this.names.set(service.key, { clusterName: service.clusterName, serviceName: service.serviceName });
      // Newest first: the activity after each one is the one it scaled from.
      service.scaling.forEach((activity, index) =>
        entries.push(scalingEntry(service, activity, service.scaling[index + 1] ?? null)),
      );
    }
    return entries;
  }

  alarmChanged(change: AlarmStateChange): TimelineEntry[] {
    const keys: (string | null)[] = change.serviceKeys.length > 0 ? change.serviceKeys : [null];
    return keys.map((key) => {
      const service = key === null ? null : (this.names.get(key) ?? nameFromKey(key));
      return {
        id: `alarm:${change.environment}:${change.alarmName}:${change.at}:${change.to}:${key ?? ''}`,
        at: change.at,
        kind: 'alarm-state',
        severity: alarmSeverity[change.to],
        environment: change.environment,
        cluster: service?.clusterName ?? null,
        service: service?.serviceName ?? null,
        group: null,
        title:
          change.from === null
            ? `alarm ${change.alarmName} in ${change.to}`
            : `alarm ${change.alarmName} went from ${change.from} to ${change.to}`,
        detail: change.summary,
      };
    });
  }
}

function scalingEntry(
  service: ServiceMetrics,
  activity: ScalingActivity,
  previous: ScalingActivity | null,
): TimelineEntry {
  const change = scalingChangeText(activity, previous);
  const failed = /fail/i.test(activity.status);
  return {
    id: `scaling:${activity.id}`,
    at: activity.startedAt,
    kind: 'scaling',
    severity: failed ? 'warning' : 'info',
    environment: service.environment,
    cluster: service.clusterName,
    service: service.serviceName,
    group: null,
    title: `${service.serviceName} ${change}${failed ? ` (${activity.status})` : ''}`,
    detail: scalingCauseText(activity),
  };
}

/** A fleet key is `${clusterArn}|${serviceName}`; the cluster's name ends its ARN. */
function nameFromKey(key: string): ServiceName {
  const bar = key.lastIndexOf('|');
  const clusterArn = key.slice(0, bar);
  return {
    clusterName: clusterArn.slice(clusterArn.lastIndexOf('/') + 1),
    serviceName: key.slice(bar + 1),
  };
}
