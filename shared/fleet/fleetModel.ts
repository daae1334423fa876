import { z } from 'zod';
import { ipcErrorSchema } from '../ipc/result';
import { elementsPatchSchema, keyedPatchSchema } from '../live/keyedPatch';

/**
 * The fleet as the console sees it: one summary per ECS service, grouped by
 * environment and cluster. Times are epoch milliseconds.
 */

export const healthStateSchema = z.enum(['healthy', 'deploying', 'degraded', 'failed', 'stale']);
export type HealthState = z.infer<typeof healthStateSchema>;

export const rolloutStateSchema = z.enum(['IN_PROGRESS', 'COMPLETED', 'FAILED']);

export const deploymentSummarySchema = z.object({
  id: z.string(),
  /** PRIMARY, ACTIVE or INACTIVE, as ECS reports it. */
  status: z.string(),
  rolloutState: rolloutStateSchema.nullable(),
  rolloutStateReason: z.string().nullable(),
  taskDefinitionArn: z.string(),
  family: z.string(),
  revision: z.number().int(),
  desiredCount: z.number().int(),
  runningCount: z.number().int(),
  pendingCount: z.number().int(),
  failedTasks: z.number().int(),
  createdAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
});
export type DeploymentSummary = z.infer<typeof deploymentSummarySchema>;

export const serviceEventSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  message: z.string(),
});
export type ServiceEvent = z.infer<typeof serviceEventSchema>;

export const serviceSummarySchema = z.object({
  /** Stable identity across refreshes: `${clusterArn}|${serviceName}`. */
  key: z.string(),
  environment: z.string(),
  clusterName: z.string(),
  clusterArn: z.string(),
  serviceName: z.string(),
  serviceArn: z.string(),
  /** ACTIVE, DRAINING or INACTIVE. */
  status: z.string(),
  health: healthStateSchema,
  /** One line, in words, saying why the health is what it is. */
  healthReason: z.string(),
  desiredCount: z.number().int(),
  runningCount: z.number().int(),
  pendingCount: z.number().int(),
  taskDefinitionArn: z.string(),
  family: z.string(),
  revision: z.number().int(),
  /** The first container's image, and the tag (or short digest) taken from it; null until known. */
  image: z.string().nullable(),
  imageTag: z.string().nullable(),
  deployments: z.array(deploymentSummarySchema),
  newestEvent: serviceEventSchema.nullable(),
  /** When main last had fresh data for this service. */
  observedAt: z.number(),
  /**
   * The service's `flarenet:` ECS tags (what it produces, consumes, owns, calls), which the
   * topology, the lag views and the CLI read; other tags stay in ECS.
   */
  tags: z.record(z.string(), z.string()).optional(),
  /**
   * The target groups of the service's `loadBalancers`, whose traffic CloudWatch counts
   * (electron/core/metrics); absent for a service behind no load balancer.
   */
  targetGroupArns: z.array(z.string()).optional(),
  /** The alarms the service's `deploymentConfiguration.alarms` names; absent when it names none. */
  deploymentAlarms: z.array(z.string()).optional(),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

export const clusterStatusSchema = z.object({
  environment: z.string(),
  clusterName: z.string(),
  clusterArn: z.string().nullable(),
  /** ok: the last poll succeeded; stale: it failed and older data is shown; error: never had data. */
  state: z.enum(['ok', 'stale', 'error']),
  /**
   * How fresh the cluster's data is: the time by which every one of its services shown had
   * been read. Quiet services are described less often than busy ones, so this is the oldest
   * of their read times, and each service's observedAt equals it.
   */
  lastSuccessAt: z.number().nullable(),
  /** Why the last poll failed, while state is not ok. */
  error: ipcErrorSchema.nullable(),
  serviceCount: z.number().int(),
  /** The interval main polls this cluster at now, which tightens during deployments and widens on throttling. */
  pollIntervalMs: z.number().int(),
  /**
   * What was achieved rather than asked: the time between the starts of the last two
   * successful polls, to 100 ms, kept from an earlier poll while the header reads the same
   * with either (shared/fleet/pollCadenceText.ts); null until there have been two.
   */
  achievedIntervalMs: z.number().int().nullable(),
});
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;

export const fleetSnapshotSchema = z.object({
  clusters: z.array(clusterStatusSchema),
  services: z.array(serviceSummarySchema),
  generatedAt: z.number(),
});
export type FleetSnapshot = z.infer<typeof fleetSnapshotSchema>;

/** What changed since the last event of the monitor, changed services whole: what main's own readers get. */
export const fleetDeltaSchema = z.object({
  upserted: z.array(serviceSummarySchema),
  /** Keys of services that no longer exist. */
  removed: z.array(z.string()),
  clusters: z.array(clusterStatusSchema),
  generatedAt: z.number(),
});
export type FleetDelta = z.infer<typeof fleetDeltaSchema>;

export const fleetEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: fleetSnapshotSchema }),
  z.object({ type: z.literal('delta'), delta: fleetDeltaSchema }),
]);
export type FleetEvent = z.infer<typeof fleetEventSchema>;

/**
 * What crosses to the page after the snapshot: new services whole, changed ones as their
 * changed fields only (their deployments as the ones that came, went or changed), and a
 * service whose `observedAt` follows its cluster not at all (shared/live/keyedPatch.ts).
 */
export const fleetPatchSchema = keyedPatchSchema(serviceSummarySchema, clusterStatusSchema, {
  append: {},
  elements: { deployments: elementsPatchSchema(deploymentSummarySchema) },
});
export type FleetPatch = z.infer<typeof fleetPatchSchema>;

/**
 * A large fleet's snapshot comes in pages (shared/live/keyedPages.ts): the snapshot holds
 * every cluster, the problem services and the first services in screen order, and says how
 * many are still to come; `more` events bring the rest before any delta.
 */
export const fleetStreamEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    snapshot: fleetSnapshotSchema,
    remaining: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal('more'),
    items: z.array(serviceSummarySchema),
    remaining: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('delta'), delta: fleetPatchSchema }),
]);
export type FleetStreamEvent = z.infer<typeof fleetStreamEventSchema>;

export const taskSummarySchema = z.object({
  taskArn: z.string(),
  taskId: z.string(),
  lastStatus: z.string(),
  desiredStatus: z.string(),
  /** HEALTHY, UNHEALTHY or UNKNOWN. */
  healthStatus: z.string(),
  revision: z.number().int(),
  startedAt: z.number().nullable(),
  stoppedAt: z.number().nullable(),
  stoppedReason: z.string().nullable(),
  /** Container exit codes and reasons, one line each. */
  containers: z.array(
    z.object({
      name: z.string(),
      lastStatus: z.string(),
      healthStatus: z.string(),
      exitCode: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const serviceDetailsSchema = z.object({
  service: serviceSummarySchema,
  events: z.array(serviceEventSchema),
  tasks: z.array(taskSummarySchema),
  fetchedAt: z.number(),
});
export type ServiceDetails = z.infer<typeof serviceDetailsSchema>;
