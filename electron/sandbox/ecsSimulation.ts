import type {
  DeploymentConfiguration,
  RegisterTaskDefinitionRequest,
  ServiceDeployment,
  ServiceRevision,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import {
  clusterNameFromReference,
  clusterNameFromServiceArn,
  parseServiceRecordArn,
  serviceNameFromReference,
} from '../../shared/fleet/ecsArns';
import { sandboxRegion } from '../../shared/ipc/sandbox';
import { sandboxAccountId } from './sandboxArns';
import { EcsApiError } from './ecsApiError';
import type { SimCluster, SimService, TaskOutcome } from './ecsModel';
import { type EngineContext, startDeployment, stepService } from './deploymentEngine';
import { defaultFleetSize, type FleetSize, seedFleet } from './fleetSeed';
import type { SandboxClock } from './sandboxClock';
import { resolvePace, type SandboxPace } from './sandboxPace';
import { createSeededRandom, type SeededRandom } from './seededRandom';
import { type StoredTaskDefinition, TaskDefinitionRegistry } from './taskDefinitionRegistry';
import { isHealthy, requestStop } from './taskLifecycle';
import { isUnfinished, primaryOf, serviceDeploymentOf } from './serviceRecords';

export interface EcsSimulationOptions {
  clock: SandboxClock;
  /** Every random choice derives from it: the same seed and advances give the same history. */
  seed: number;
  pace?: Partial<SandboxPace>;
  /** Background activity: now and then a healthy service has a task replaced. Default true. */
  lively?: boolean;
  /** Default the demo's 2 clusters × 9 services; either size alone keeps the other's default. */
  fleet?: Partial<FleetSize>;
}

export interface ServiceChanges {
  desiredCount?: number | undefined;
  taskDefinition?: string | undefined;
  forceNewDeployment?: boolean | undefined;
  deploymentConfiguration?: DeploymentConfiguration | undefined;
}

/** RUNNING and HEALTHY tasks of one service: how many consumers it has in the Kafka simulation. */
export interface HealthyTaskCount {
  clusterName: string;
  serviceName: string;
  healthyTasks: number;
}

/** Share of a broken image's tasks that fail their health check; the rest crash on start. */
const healthCheckFailureShare = 0.75;

/**
 * The simulated ECS account: clusters, services, task definitions and tasks, moved
 * forward by `tick()` to the injected clock's time. The ECS operations read and change
 * it; nothing in here knows about HTTP.
 */
export class EcsSimulation {
  readonly pace: SandboxPace;
  readonly taskDefinitions = new TaskDefinitionRegistry();
  private readonly clock: SandboxClock;
  private readonly random: SeededRandom;
  private readonly lively: boolean;
  private readonly engine: EngineContext;
  private readonly brokenImages = new Set<string>();
  /** Services with something under way; only these are stepped, so big fleets stay cheap. */
  private readonly active = new Set<SimService>();
  private clusters = new Map<string, SimCluster>();
  private allServices: SimService[] = [];
  private throttledUntil = 0;
  private nextBackgroundAt = Number.POSITIVE_INFINITY;
  private lastTickAt: number | null = null;

  constructor(options: EcsSimulationOptions) {
    this.clock = options.clock;
    this.random = createSeededRandom(options.seed);
    this.pace = resolvePace(options.pace);
    this.lively = options.lively ?? true;
    this.engine = {
      random: this.random,
      pace: this.pace,
      taskDefinitions: this.taskDefinitions,
      outcomeFor: (taskDefinition) => this.outcomeFor(taskDefinition),
    };
    this.rebuildFleet({ ...defaultFleetSize, ...options.fleet });
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Moves everything under way forward to the clock's current time. Nothing happens while
   * the clock stands still, so reads never change what a sequence of advances produces.
   */
  tick(): void {
    const now = this.clock.now();
    if (now === this.lastTickAt) return;
    this.lastTickAt = now;
    if (now >= this.nextBackgroundAt) {
      this.replaceRandomTask(now);
      this.scheduleBackground(now);
    }
    for (const service of [...this.active]) {
      const changed = stepService(this.engine, service, now);
      if (!changed && service.tasks.every((task) => task.nextTransitionAt === null))
        this.active.delete(service);
    }
  }

  /** Replaces the whole fleet with a fresh one of this size. */
  rebuildFleet(size: FleetSize): void {
    this.taskDefinitions.clear();
    this.brokenImages.clear();
    this.active.clear();
    const clusters = seedFleet(
      { registry: this.taskDefinitions, random: this.random, pace: this.pace, now: this.clock.now() },
      size,
    );
    this.clusters = new Map(clusters.map((cluster) => [cluster.name, cluster]));
    this.allServices = clusters.flatMap((cluster) => [...cluster.services.values()]);
    this.scheduleBackground(this.clock.now());
  }

  listClusters(): SimCluster[] {
    return [...this.clusters.values()];
  }

  findCluster(reference: string): SimCluster | undefined {
    return this.clusters.get(clusterNameFromReference(reference));
  }

  /** A missing cluster means `default`, as in ECS, which this account does not have. */
  requireCluster(reference: string | undefined): SimCluster {
    const cluster = this.findCluster(reference ?? 'default');
    if (!cluster) throw new EcsApiError('ClusterNotFoundException', 'Cluster not found.');
    return cluster;
  }

  findService(cluster: SimCluster, reference: string): SimService | undefined {
    const arnCluster = clusterNameFromServiceArn(reference);
    if (arnCluster !== null && arnCluster !== cluster.name) return undefined;
    return cluster.services.get(serviceNameFromReference(reference));
  }

  requireService(cluster: SimCluster, reference: string): SimService {
    const service = this.findService(cluster, reference);
    if (!service) throw new EcsApiError('ServiceNotFoundException', 'Service not found.');
    return service;
  }

  /** Finds a service deployment by ARN anywhere in the account; a text that is no such ARN is refused. */
  findServiceDeployment(arn: string): { service: SimService; record: ServiceDeployment } | undefined {
    const service = this.serviceNamedIn(arn, 'service-deployment');
    const record = service?.serviceDeployments.find((candidate) => candidate.serviceDeploymentArn === arn);
    return service && record ? { service, record } : undefined;
  }

  /** Finds a service revision by ARN anywhere in the account; a text that is no such ARN is refused. */
  findServiceRevision(arn: string): ServiceRevision | undefined {
    const service = this.serviceNamedIn(arn, 'service-revision');
    return service?.serviceRevisions.find((candidate) => candidate.serviceRevisionArn === arn);
  }

  private serviceNamedIn(
    arn: string,
    kind: 'service-deployment' | 'service-revision',
  ): SimService | undefined {
    const parsed = parseServiceRecordArn(arn, kind);
    if (!parsed) throw new EcsApiError('InvalidParameterException', `Invalid ${kind} ARN: ${arn}`);
    if (parsed.region !== sandboxRegion || parsed.accountId !== sandboxAccountId) return undefined;
    return this.clusters.get(parsed.clusterName)?.services.get(parsed.serviceName);
  }

  registerTaskDefinition(request: RegisterTaskDefinitionRequest): StoredTaskDefinition {
    return this.taskDefinitions.register(request, this.clock.now());
  }

  deregisterTaskDefinition(reference: string): TaskDefinition {
    return this.taskDefinitions.deregister(reference, this.clock.now());
  }

  /** UpdateService: a new deployment when the task definition changes or one is forced; otherwise a new desired count. */
  updateService(service: SimService, changes: ServiceChanges): void {
    if (
      changes.desiredCount !== undefined &&
      (!Number.isInteger(changes.desiredCount) || changes.desiredCount < 0)
    ) {
      throw new EcsApiError(
        'InvalidParameterException',
        'desiredCount must be a whole number of at least 0.',
      );
    }
    const configuration = changes.deploymentConfiguration
      ? mergeDeploymentConfiguration(service, changes.deploymentConfiguration)
      : undefined;
    let taskDefinitionArn: string | undefined;
    if (changes.taskDefinition !== undefined) {
      const stored = this.taskDefinitions.find(changes.taskDefinition);
      if (!stored) throw new EcsApiError('ClientException', 'TaskDefinition not found.');
      if (stored.taskDefinition.status !== 'ACTIVE')
        throw new EcsApiError('ClientException', 'TaskDefinition is inactive');
      taskDefinitionArn = stored.taskDefinition.taskDefinitionArn;
    }
    if (configuration) service.service.deploymentConfiguration = configuration;
    if (changes.desiredCount !== undefined && changes.desiredCount !== service.service.desiredCount) {
      service.service.desiredCount = changes.desiredCount;
      service.steady = false;
    }
    const now = this.clock.now();
    const current = primaryOf(service).deployment.taskDefinition;
    if ((taskDefinitionArn !== undefined && taskDefinitionArn !== current) || changes.forceNewDeployment) {
      startDeployment(this.engine, service, taskDefinitionArn ?? current ?? '', now);
    }
    this.active.add(service);
  }

  /**
   * StopServiceDeployment with ROLLBACK: the scheduler returns the service to its last
   * completed deployment. A deployment already stopping or rolling back goes on as it was.
   */
  requestRollback(service: SimService, record: ServiceDeployment): void {
    if (!isUnfinished(record.status)) {
      throw new EcsApiError(
        'ConflictException',
        `The service deployment is ${record.status ?? 'finished'} and cannot be stopped.`,
      );
    }
    if (record.status !== 'PENDING' && record.status !== 'IN_PROGRESS') return;
    const primary = primaryOf(service);
    if (serviceDeploymentOf(service, primary) !== record) {
      throw new EcsApiError(
        'ConflictException',
        'Only the service deployment in progress can be rolled back.',
      );
    }
    record.status = 'ROLLBACK_REQUESTED';
    record.updatedAt = new Date(this.clock.now());
    this.active.add(service);
  }

  /** Tasks started from a task definition that uses this image fail: the image is broken. */
  markImageBroken(image: string): void {
    this.brokenImages.add(image);
  }

  throttleFor(ms: number): void {
    this.throttledUntil = this.clock.now() + ms;
  }

  isThrottled(): boolean {
    return this.clock.now() < this.throttledUntil;
  }

  healthyTaskCounts(): HealthyTaskCount[] {
    return this.allServices.map((service) => ({
      clusterName: service.clusterName,
      serviceName: service.name,
      healthyTasks: service.tasks.filter(isHealthy).length,
    }));
  }

  /** Whether anything is under way (a deployment, a task starting or stopping). */
  isSettled(): boolean {
    return this.active.size === 0;
  }

  private outcomeFor(taskDefinition: TaskDefinition): TaskOutcome {
    const broken = (taskDefinition.containerDefinitions ?? []).some(
      (container) =>
        container.essential !== false &&
        container.image !== undefined &&
        this.brokenImages.has(container.image),
    );
    if (!broken) return 'healthy';
    return this.random.chance(healthCheckFailureShare) ? 'fails-health-check' : 'crashes';
  }

  private scheduleBackground(now: number): void {
    const mean = this.pace.backgroundReplacementMs;
    this.nextBackgroundAt =
      this.lively && mean > 0
        ? now + Math.round(mean * (0.5 + this.random.next()))
        : Number.POSITIVE_INFINITY;
  }

  /** A healthy task of a steady service is retired, as Fargate does for maintenance; the scheduler replaces it. */
  private replaceRandomTask(now: number): void {
    if (this.allServices.length === 0) return;
    const service = this.random.pick(this.allServices);
    const healthyTasks = service.tasks.filter(isHealthy);
    if (
      !service.steady ||
      primaryOf(service).deployment.rolloutState !== 'COMPLETED' ||
      healthyTasks.length === 0
    )
      return;
    const task = this.random.pick(healthyTasks);
    requestStop(
      task,
      now,
      {
        stoppedReason: 'Task stopped because its Fargate host is being retired for maintenance.',
        stopCode: 'TerminationNotice',
        exitCode: 143,
      },
      this.pace,
    );
    service.steady = false;
    this.active.add(service);
  }
}

function mergeDeploymentConfiguration(
  service: SimService,
  changes: DeploymentConfiguration,
): DeploymentConfiguration {
  const merged: DeploymentConfiguration = {
    ...service.service.deploymentConfiguration,
    ...structuredClone(changes),
  };
  const maximum = merged.maximumPercent ?? 200;
  const minimum = merged.minimumHealthyPercent ?? 100;
  if (!Number.isInteger(maximum) || maximum < 100 || maximum > 2000) {
    throw new EcsApiError('InvalidParameterException', 'maximumPercent must be between 100 and 2000.');
  }
  if (!Number.isInteger(minimum) || minimum < 0 || minimum > 100) {
    throw new EcsApiError('InvalidParameterException', 'minimumHealthyPercent must be between 0 and 100.');
  }
  const breaker = merged.deploymentCircuitBreaker;
  if (breaker && (typeof breaker.enable !== 'boolean' || typeof breaker.rollback !== 'boolean')) {
    throw new EcsApiError(
      'InvalidParameterException',
      'deploymentCircuitBreaker needs both enable and rollback.',
    );
  }
  return merged;
}
