import type {
  Cluster,
  Deployment,
  Service,
  ServiceDeployment,
  ServiceEvent,
  ServiceRevision,
  Task,
} from '@aws-sdk/client-ecs';

/**
 * The simulation's state. Every record keeps the ECS SDK's own object (with `Date`
 * timestamps) and adds only what the scheduler needs and ECS does not show.
 */

/** What a task will do once it runs, decided when it is launched from its image. */
export type TaskOutcome = 'healthy' | 'fails-health-check' | 'crashes';

export interface SimTask {
  readonly id: string;
  /** The SDK task, updated in place as it moves through its lifecycle. */
  readonly task: Task;
  readonly deploymentId: string;
  readonly outcome: TaskOutcome;
  /** Whether an essential container declares a health check; without one a running task counts as healthy. */
  readonly healthChecked: boolean;
  /** Whether the task passed its container health check (or started, when it has none). */
  verdict: 'pending' | 'passed' | 'failed';
  /** When the task next changes state; null while nothing is scheduled. */
  nextTransitionAt: number | null;
  /** Exit code the essential container reports once the stop completes. */
  exitCodeOnStop: number | undefined;
}

export interface SimDeployment {
  readonly id: string;
  /** The SDK deployment; counts and status are kept current by the deployment engine. */
  readonly deployment: Deployment;
  readonly serviceRevisionArn: string;
  /** The service deployment this belongs to: a rollback shares the one it rolls back. */
  readonly serviceDeploymentArn: string;
  readonly isRollback: boolean;
  /** Failures counted by the circuit breaker; a healthy task resets it unless configured otherwise. */
  circuitBreakerFailures: number;
}

export interface SimService {
  readonly name: string;
  readonly clusterName: string;
  /** Identity and configuration. Counts, deployments and events are filled in when described. */
  readonly service: Service;
  /** Newest first; INACTIVE ones are kept as history for service deployments and rollbacks. */
  deployments: SimDeployment[];
  /** Newest first, at most 100, as ECS keeps them. */
  events: ServiceEvent[];
  /** Live tasks and recently stopped ones, oldest first. */
  tasks: SimTask[];
  /** Newest first. */
  serviceDeployments: ServiceDeployment[];
  /** Newest first: what each deployment put in place, never changed once made. */
  serviceRevisions: ServiceRevision[];
  /** True once "has reached a steady state" was said and nothing has changed since. */
  steady: boolean;
  readonly tags: Array<{ key: string; value: string }>;
}

export interface SimCluster {
  readonly name: string;
  readonly environment: string;
  readonly cluster: Cluster;
  /** By service name, in creation order. */
  readonly services: Map<string, SimService>;
}

export const maxServiceEvents = 100;
