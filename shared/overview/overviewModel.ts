import { z } from 'zod';
import { healthStateSchema } from '../fleet/fleetModel';
import { alarmStateSchema } from '../metrics/metricsModel';

/**
 * The Overview: the platform's health dashboard as main computes it from the fleet and its
 * metrics — the fleet's request rate, error rate, CPU and memory, the services that matter
 * most now, and the active alarms. It is small whatever the fleet's size (a bounded number of
 * rows), so it crosses to the page whole. Rates are fractions (0.14 is 14 %), CPU and memory
 * percentages, latency milliseconds, times epoch milliseconds; null is "no data", never zero.
 */

/** How many services the status table lists, worst first; the rest are counted. */
export const overviewServiceRows = 20;
/** How many active alarms are listed, those in ALARM first; the rest are counted. */
export const overviewAlarmRows = 10;

export const overviewEnvironmentSchema = z.object({
  environment: z.string(),
  /** The fleet's worst cluster state in the environment: stale or error when ECS could not be read. */
  fleetState: z.enum(['ok', 'stale', 'error']),
  /** ok: CloudWatch was read; stale: its last read failed, older figures are shown; error: never read. */
  metricsState: z.enum(['ok', 'stale', 'error']),
  /** When CloudWatch was last read for it; null until it has been. */
  metricsAt: z.number().nullable(),
  /** Why the fleet or the metrics could not be read, while either is not ok. */
  problem: z.string().nullable(),
});
export type OverviewEnvironment = z.infer<typeof overviewEnvironmentSchema>;

export const overviewFiguresSchema = z.object({
  /** Requests a minute over every load-balanced service with data, in the latest minute with data. */
  requestsPerMinute: z.number().nullable(),
  /** The busiest minute of the kept hour, fleet-wide: what the request bar is drawn against. */
  peakRequestsPerMinute: z.number().nullable(),
  /** Target 5XX answers over requests, fleet-wide, in that same minute. */
  errorRate: z.number().nullable(),
  /** CPU and memory averaged over the services with data, each counting once (not weighted). */
  cpu: z.number().nullable(),
  memory: z.number().nullable(),
  /** How many services have each health. */
  health: z.record(healthStateSchema, z.number().int()),
  serviceCount: z.number().int(),
});
export type OverviewFigures = z.infer<typeof overviewFiguresSchema>;

export const overviewServiceSchema = z.object({
  key: z.string(),
  environment: z.string(),
  clusterName: z.string(),
  serviceName: z.string(),
  /** The fleet's health of the service, stale when its cluster or its metrics could not be read. */
  health: healthStateSchema,
  errorRate: z.number().nullable(),
  p99Ms: z.number().nullable(),
  cpu: z.number().nullable(),
  memory: z.number().nullable(),
  /**
   * The share of the last hour's minutes with data in which the service had at least one
   * healthy target behind its load balancer; null without a load balancer or data.
   */
  availability: z.number().nullable(),
  /** The alarms tied to the service now in ALARM. */
  alarms: z.array(z.string()),
});
export type OverviewService = z.infer<typeof overviewServiceSchema>;

export const overviewAlarmSchema = z.object({
  environment: z.string(),
  name: z.string(),
  state: alarmStateSchema,
  /** When it went to the state it is in. */
  since: z.number().nullable(),
  condition: z.string(),
  /** What it acts on, in words: "api-gateway (target group flarenet-production-api-gateway)". */
  actsOn: z.array(z.string()),
});
export type OverviewAlarm = z.infer<typeof overviewAlarmSchema>;

export const overviewSchema = z.object({
  environments: z.array(overviewEnvironmentSchema),
  figures: overviewFiguresSchema,
  /** The services that matter most now, worst first, at most `overviewServiceRows`. */
  services: z.array(overviewServiceSchema),
  /** The services not listed, and how many of them are not healthy. */
  unlisted: z.object({ total: z.number().int(), notHealthy: z.number().int() }),
  alarms: z.array(overviewAlarmSchema),
  unlistedAlarms: z.number().int(),
  /** Whether any CloudWatch figures were read at all: without them the page says so rather than drawing dashes. */
  hasMetrics: z.boolean(),
});
export type Overview = z.infer<typeof overviewSchema>;
