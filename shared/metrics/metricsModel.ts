import { z } from 'zod';
import { ecsMetricNames, elbMetricNames, metricPeriodMs, type MetricName } from './metricFigures';

export { ecsMetricNames, elbMetricNames, metricPeriodMs, type MetricName };
import { ipcErrorSchema } from '../ipc/result';
import { appendedPointsSchema, elementsPatchSchema, keyedPatchSchema } from '../live/keyedPatch';

/**
 * What CloudWatch says about each service of the fleet, as the console keeps it: a value a
 * minute of each figure over the last hour (for sparklines and availability), the alarms
 * tied to the service, and its recent scaling activities; grouped by environment, each group
 * saying how fresh its figures are. Times are epoch milliseconds.
 *
 * A minute CloudWatch had no datapoint for is null in its series, never zero: the page says
 * "not enough data" for it.
 */

/**
 * One figure of a service over the kept hour, a value a minute, oldest first, from the
 * service's `firstMinute` on: null for a minute CloudWatch had no datapoint for. A column of
 * numbers rather than a list of points keeps an hour of 10,000 services in a few MB, and a
 * new minute crosses to the page as one value added and one fallen off.
 */
export const metricSeriesSchema = z.array(z.number().nullable());
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

export const alarmStateSchema = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);
export type AlarmState = z.infer<typeof alarmStateSchema>;

/** A CloudWatch alarm as the console shows it. */
export const alarmSummarySchema = z.object({
  name: z.string(),
  state: alarmStateSchema,
  /** CloudWatch's StateReason, in its words. */
  reason: z.string(),
  /** When the alarm last changed state. */
  updatedAt: z.number().nullable(),
  /** What it watches, in words: "HTTPCode_Target_5XX_Count > 10 (Sum over 60 s)". */
  condition: z.string(),
  /** The services it is tied to: named by their deployment configuration, or by its dimensions. */
  serviceKeys: z.array(z.string()),
});
export type AlarmSummary = z.infer<typeof alarmSummarySchema>;

/** An alarm as one service's row carries it: the rest is in its environment's `activeAlarms`. */
export const serviceAlarmSchema = alarmSummarySchema.pick({
  name: true,
  state: true,
  reason: true,
  updatedAt: true,
});
export type ServiceAlarm = z.infer<typeof serviceAlarmSchema>;

/** One Application Auto Scaling activity of a service: "Setting desired count to 6." because a CPU alarm fired. */
export const scalingActivitySchema = z.object({
  id: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Pending, InProgress, Successful, Failed…, as Application Auto Scaling reports it. */
  status: z.string(),
  description: z.string(),
  cause: z.string(),
  /** The desired count the activity set, read from its description; null when it does not say. */
  desiredCount: z.number().int().nullable(),
});
export type ScalingActivity = z.infer<typeof scalingActivitySchema>;

export const serviceMetricsSchema = z.object({
  /** The fleet's key of the service: `${clusterArn}|${serviceName}`. */
  key: z.string(),
  environment: z.string(),
  clusterName: z.string(),
  serviceName: z.string(),
  /** Whether load balancer figures are asked for: the service has a target group behind a load balancer. */
  loadBalanced: z.boolean(),
  /** The start of the minute each series' first value is for; one value a minute follows. */
  firstMinute: z.number(),
  cpu: metricSeriesSchema,
  memory: metricSeriesSchema,
  /** The load balancer's figures, present when `loadBalanced`. */
  requests: metricSeriesSchema.optional(),
  errors: metricSeriesSchema.optional(),
  p50: metricSeriesSchema.optional(),
  p99: metricSeriesSchema.optional(),
  healthy: metricSeriesSchema.optional(),
  unhealthy: metricSeriesSchema.optional(),
  /** The alarms tied to the service, by name. */
  alarms: z.array(serviceAlarmSchema),
  /** Its recent scaling activities, newest first. */
  scaling: z.array(scalingActivitySchema),
  /** When main last read the service's figures. */
  observedAt: z.number(),
});
export type ServiceMetrics = z.infer<typeof serviceMetricsSchema>;

export const metricsGroupStatusSchema = z.object({
  environment: z.string(),
  /** ok: the last read succeeded; stale: it failed and older figures are shown; error: never read. */
  state: z.enum(['ok', 'stale', 'error']),
  lastSuccessAt: z.number().nullable(),
  /** Why the last read of the metrics failed, while state is not ok. */
  error: ipcErrorSchema.nullable(),
  /** Alarms or scaling activities that could not be read while the metrics were: what they show is older. */
  warnings: z.array(ipcErrorSchema),
  serviceCount: z.number().int(),
  /** The interval asked for; CloudWatch's period makes reading faster pointless. */
  pollIntervalMs: z.number().int(),
  /** The time between the starts of the last two successful reads; null until there have been two. */
  achievedIntervalMs: z.number().int().nullable(),
  /** The environment's alarms in ALARM or INSUFFICIENT_DATA, by name. */
  activeAlarms: z.array(alarmSummarySchema),
});
export type MetricsGroupStatus = z.infer<typeof metricsGroupStatusSchema>;

export const metricsSnapshotSchema = z.object({
  environments: z.array(metricsGroupStatusSchema),
  services: z.array(serviceMetricsSchema),
  generatedAt: z.number(),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

/** What changed since the monitor's last event, changed services whole: what main's own readers get. */
export const metricsDeltaSchema = z.object({
  upserted: z.array(serviceMetricsSchema),
  removed: z.array(z.string()),
  clusters: z.array(metricsGroupStatusSchema),
  generatedAt: z.number(),
});
export type MetricsDelta = z.infer<typeof metricsDeltaSchema>;

export type MetricsEvent =
  { type: 'snapshot'; snapshot: MetricsSnapshot } | { type: 'delta'; delta: MetricsDelta };

const appendedValues = appendedPointsSchema(z.number().nullable());

/**
 * What crosses to the page after the snapshot: new services whole, changed ones as their
 * changed fields, their series as the values added and how many fell off, their alarms
 * and scaling activities as the elements that changed (shared/live/keyedPatch.ts).
 */
export const metricsPatchSchema = keyedPatchSchema(serviceMetricsSchema, metricsGroupStatusSchema, {
  append: {
    cpu: appendedValues,
    memory: appendedValues,
    requests: appendedValues,
    errors: appendedValues,
    p50: appendedValues,
    p99: appendedValues,
    healthy: appendedValues,
    unhealthy: appendedValues,
  },
  elements: {
    alarms: elementsPatchSchema(serviceAlarmSchema),
    scaling: elementsPatchSchema(scalingActivitySchema),
  },
});
export type MetricsPatch = z.infer<typeof metricsPatchSchema>;

export const metricsStreamEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    snapshot: metricsSnapshotSchema,
    remaining: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal('more'),
    items: z.array(serviceMetricsSchema),
    remaining: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('delta'), delta: metricsPatchSchema }),
]);
export type MetricsStreamEvent = z.infer<typeof metricsStreamEventSchema>;

/** One state change of an alarm, as DescribeAlarmHistory records it. */
export const alarmStateChangeSchema = z.object({
  environment: z.string(),
  alarmName: z.string(),
  from: alarmStateSchema.nullable(),
  to: alarmStateSchema,
  at: z.number(),
  /** CloudWatch's summary: "Alarm updated from OK to ALARM". */
  summary: z.string(),
  /**
   * CloudWatch's reason for the new state ("Threshold Crossed: 2 out of the last 3 datapoints
   * […] were greater than the threshold (5.0) …"); empty when the record gives none.
   */
  reason: z.string(),
  /** The services the alarm is tied to, by key; empty when the console knows of none. */
  serviceKeys: z.array(z.string()),
});
export type AlarmStateChange = z.infer<typeof alarmStateChangeSchema>;

/** The alarm state changes and scaling activities of one service, read when asked. */
export const serviceActivitySchema = z.object({
  alarmChanges: z.array(alarmStateChangeSchema),
  scaling: z.array(scalingActivitySchema),
  fetchedAt: z.number(),
});
export type ServiceActivity = z.infer<typeof serviceActivitySchema>;
