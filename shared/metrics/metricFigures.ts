/**
 * The figures the console reads, their period and how many services one request may name: a
 * module of its own, without the schemas, so the services table's first load does not carry
 * them.
 */

/** CloudWatch's period for every query, and so the cadence there is any point in reading at. */
export const metricPeriodMs = 60_000;

/**
 * The figures the console reads: AWS/ECS CPUUtilization and MemoryUtilization (averages, in
 * percent) for every service; for one behind a load balancer, its target group's requests
 * and target 5XX answers (sums a minute), TargetResponseTime p50 and p99 (seconds, as
 * CloudWatch gives them) and healthy and unhealthy targets (averages).
 */
export const ecsMetricNames = ['cpu', 'memory'] as const;
export const elbMetricNames = ['requests', 'errors', 'p50', 'p99', 'healthy', 'unhealthy'] as const;
export type MetricName = (typeof ecsMetricNames)[number] | (typeof elbMetricNames)[number];

/** At most this many services a `metrics.forServices` request: a page of the services table holds about 240. */
export const metricsForServicesLimit = 300;
