import { z } from 'zod';
import { defineRequest } from './channel';

export const sandboxClusterNames = ['flarenet-staging', 'flarenet-production'] as const;

/**
 * The largest fleet the sandbox builds: past these a laptop spends its time simulating
 * rather than answering, and a benchmark measures the simulator instead of the console.
 */
export const sandboxScaleLimits = { clusters: 50, servicesPerCluster: 2000, groups: 20_000 } as const;

/** The region of every sandbox resource, which the console's sandbox config must name too. */
export const sandboxRegion = 'us-east-1';

export const sandboxScenarioSchema = z.discriminatedUnion('kind', [
  /**
   * Registers a revision whose tasks fail their health checks, and deploys it. With the
   * circuit breaker 'off' the deployment keeps retrying until someone rolls it back; by
   * default the service's own setting (breaker with rollback) applies.
   */
  z.object({
    kind: z.literal('bad-deploy'),
    cluster: z.string().min(1),
    service: z.string().min(1),
    circuitBreaker: z.enum(['rollback', 'off']).optional(),
  }),
  /** Registers a healthy revision with a new image tag, and deploys it. */
  z.object({ kind: z.literal('good-deploy'), cluster: z.string().min(1), service: z.string().min(1) }),
  /**
   * Puts a service under load: `percent` of what its tasks can serve now (150 needs half as
   * many tasks again), for `minutes` (default 5). Production services scale out on it through
   * their target tracking policies, and back in once it is over.
   */
  z.object({
    kind: z.literal('load'),
    cluster: z.string().min(1),
    service: z.string().min(1),
    percent: z.number().min(1).max(1000),
    minutes: z
      .number()
      .min(0.1)
      .max(24 * 60)
      .optional(),
  }),
  /** Every ECS call answers ThrottlingException for this many seconds. */
  z.object({ kind: z.literal('throttle'), seconds: z.number().int().min(1).max(3600) }),
  /** Makes a sandbox consumer group misbehave as Burrow's statuses describe, or behave again. */
  z.object({
    kind: z.literal('consumer'),
    group: z.string().min(1),
    behaviour: z.enum(['normal', 'stall', 'stop', 'rewind']),
  }),
  /**
   * Rebuilds the fleet at this size, for benchmarks; with `groups`, also runs that many
   * consumer groups with traffic on the production cluster's services (the demo has five).
   */
  z.object({
    kind: z.literal('scale'),
    clusters: z.number().int().min(1).max(sandboxScaleLimits.clusters),
    servicesPerCluster: z.number().int().min(1).max(sandboxScaleLimits.servicesPerCluster),
    groups: z.number().int().min(0).max(sandboxScaleLimits.groups).optional(),
  }),
]);
export type SandboxScenario = z.infer<typeof sandboxScenarioSchema>;

export const sandboxScenarioResultSchema = z.object({
  /** One line in words, for the UI and the CLI. */
  summary: z.string(),
  /** The new task definition ARN for deploy scenarios. */
  taskDefinitionArn: z.string().optional(),
});
export type SandboxScenarioResult = z.infer<typeof sandboxScenarioResultSchema>;

/** Drives the embedded sandbox. Only registered when the console runs on its sandbox. */
export const sandboxRunScenario = defineRequest('sandbox.runScenario', {
  request: sandboxScenarioSchema,
  response: sandboxScenarioResultSchema,
  action: true,
});
