import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { metricsServiceActivity } from '../../../shared/ipc/metrics';
import {
  metricPeriodMs,
  type ScalingActivity,
  type ServiceAlarm,
} from '../../../shared/metrics/metricsModel';
import { scalingCauseText, scalingChangeText } from '../../../shared/metrics/metricWords';
import { spokenDuration } from '../../../shared/time/durationText';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError } from '../app/errorText';
import { LocalTime } from '../app/LocalTime';
import { queryKeys } from '../app/queryKeys';
import { useNow } from '../app/useNow';
import { useFleet } from './fleetStoreContext';
import { AlarmHistoryList, AlarmStateWord } from './ServiceAlarmHistory';
import { useServiceMetrics } from './useServiceMetrics';

const ServiceMetricCharts = lazy(() =>
  import('./ServiceMetricCharts').then((module) => ({ default: module.ServiceMetricCharts })),
);

const detailRefreshMs = 15_000;

const alarmOrder: Readonly<Record<ServiceAlarm['state'], number>> = {
  ALARM: 0,
  INSUFFICIENT_DATA: 1,
  OK: 2,
};

/**
 * A service's health as CloudWatch tells it, in its detail panel: charts of its last hour,
 * the alarms tied to it with their state and since when, their state changes of the last day,
 * and its recent scaling activities.
 */
export function ServiceMetricsSection({ service }: { service: ServiceSummary }) {
  const keys = useMemo(() => [service.key], [service.key]);
  // One service's figures are small: asked for more often than main reads, so a fresh read
  // shows within seconds rather than up to a minute late.
  const answer = useServiceMetrics(keys, detailRefreshMs);
  const metrics = answer.data?.services.find((candidate) => candidate.key === service.key);
  const environment = answer.data?.environments.find(
    (candidate) => candidate.environment === service.environment,
  );
  const activity = useServiceActivity(service.key, metrics?.alarms);

  let status = null;
  if (answer.isPending) status = 'Reading the metrics…';
  else if (answer.isError) status = `Could not read the metrics: ${describeError(answer.error)}`;
  else if (environment === undefined) status = `The console reads no metrics for ${service.environment}.`;
  else if (environment.state !== 'ok')
    status = environment.error
      ? `CloudWatch could not be read: ${environment.error.message}. The figures are older.`
      : 'CloudWatch has not been read yet.';

  return (
    <>
      <section className="detail-section" data-testid="service-metrics">
        <h3>Last hour</h3>
        {status && (
          <p className={answer.isError ? 'detail-message error-text' : 'detail-message muted'} role="status">
            {status}
          </p>
        )}
        {answer.data && (
          <Suspense
            fallback={
              <div className="metric-charts chart-loading" role="status">
                Loading the charts…
              </div>
            }
          >
            <ServiceMetricCharts metrics={metrics} />
          </Suspense>
        )}
      </section>

      <section className="detail-section" data-testid="service-alarms">
        <h3>Alarms</h3>
        {metrics === undefined ? (
          <p className="muted">No alarms known: no metrics for this service.</p>
        ) : metrics.alarms.length === 0 ? (
          <p className="muted">No CloudWatch alarm is tied to this service.</p>
        ) : (
          <AlarmList alarms={metrics.alarms} />
        )}
      </section>

      <section className="detail-section" data-testid="service-alarm-history">
        <h3>Alarm history</h3>
        {activity.isError && (
          <p className="detail-message error-text" role="alert">
            Could not read the alarm history: {describeError(activity.error)}
          </p>
        )}
        <AlarmHistoryList changes={activity.data?.alarmChanges ?? null} pending={activity.isPending} />
      </section>

      <section className="detail-section" data-testid="service-scaling">
        <h3>Scaling</h3>
        {activity.isError && (
          <p className="detail-message error-text" role="alert">
            Could not read the scaling activities: {describeError(activity.error)}
          </p>
        )}
        <ScalingList
          activities={activity.data?.scaling ?? metrics?.scaling ?? null}
          pending={activity.isPending}
        />
      </section>
    </>
  );
}

/**
 * The service's alarm changes and scaling activities, read when the panel opens and each
 * minute after; and at once when an alarm the panel lists changed state after the last read,
 * so the alarm history never lags the alarm list beside it.
 */
function useServiceActivity(serviceKey: string, alarms: readonly ServiceAlarm[] | undefined) {
  const client = useConsoleClient();
  const activity = useQuery({
    queryKey: queryKeys.serviceActivity(serviceKey),
    queryFn: ({ signal }) => client.request(metricsServiceActivity, { serviceKey }, { signal }),
    refetchInterval: metricPeriodMs,
  });
  const alarmsUpdatedAt = Math.max(0, ...(alarms ?? []).map((alarm) => alarm.updatedAt ?? 0));
  const fetchedAt = activity.data?.fetchedAt;
  const { refetch } = activity;
  // Once per change: clocks apart need not make a read that never catches up.
  const readFor = useRef(0);
  useEffect(() => {
    if (fetchedAt === undefined || alarmsUpdatedAt <= fetchedAt || readFor.current === alarmsUpdatedAt)
      return;
    readFor.current = alarmsUpdatedAt;
    void refetch();
  }, [alarmsUpdatedAt, fetchedAt, refetch]);
  return activity;
}

function AlarmList({ alarms }: { alarms: readonly ServiceAlarm[] }) {
  const now = useNow();
  const offset = useFleet((state) => state.mainClockOffsetMs);
  const sorted = [...alarms].sort(
    (a, b) => alarmOrder[a.state] - alarmOrder[b.state] || a.name.localeCompare(b.name),
  );
  return (
    <ul className="alarm-list">
      {sorted.map((alarm) => (
        <li key={alarm.name} data-testid="service-alarm" data-alarm={alarm.name} data-state={alarm.state}>
          <AlarmStateWord state={alarm.state} /> <span className="mono">{alarm.name}</span>
          {alarm.updatedAt !== null && (
            <span className="muted">
              {' '}
              since <LocalTime at={alarm.updatedAt} /> (
              {spokenDuration(Math.max(0, now - offset - alarm.updatedAt))} ago)
            </span>
          )}
          {alarm.reason && <div className="muted small">{alarm.reason}</div>}
        </li>
      ))}
    </ul>
  );
}

function ScalingList({
  activities,
  pending,
}: {
  activities: readonly ScalingActivity[] | null;
  pending: boolean;
}) {
  if (activities === null)
    return <p className="muted">{pending ? 'Reading the scaling activities…' : 'No scaling known.'}</p>;
  if (activities.length === 0) return <p className="muted">Not scaled in the last day.</p>;
  return (
    <ol className="scaling-list">
      {activities.map((activity, index) => (
        <li key={activity.id} data-testid="scaling-activity">
          <LocalTime at={activity.startedAt} className="mono" />{' '}
          {scalingChangeText(activity, activities[index + 1] ?? null)}
          {activity.status !== 'Successful' && <span className="tag">{activity.status}</span>}
          <div className="muted small">{scalingCauseText(activity)}</div>
        </li>
      ))}
    </ol>
  );
}
