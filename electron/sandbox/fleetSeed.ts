import { createHash } from 'node:crypto';
import type {
  Cluster,
  ContainerDefinition,
  LoadBalancer,
  RegisterTaskDefinitionRequest,
  Service,
} from '@aws-sdk/client-ecs';
import { sandboxRegion } from '../../shared/ipc/sandbox';
import { clusterArn, imageRegistry, sandboxAccountId, serviceArn } from './sandboxArns';
import { type ServiceBlueprint, serviceBlueprints } from './fleetCatalogue';
import { circuitBreakerThreshold } from './circuitBreaker';
import { serviceAlarmName } from './cloudwatch/alarmNames';
import type { SimCluster, SimService } from './ecsModel';
import { recordEvent, rolloutReasonText, serviceEventText } from './serviceEventRecords';
import { createDeployment, createServiceDeployment, newServiceDeploymentArn } from './serviceRecords';
import type { SandboxPace } from './sandboxPace';
import type { SeededRandom } from './seededRandom';
import type { StoredTaskDefinition, TaskDefinitionRegistry } from './taskDefinitionRegistry';
import { launchTask, settleTaskAsRunning } from './taskLifecycle';

/** The fleet the sandbox starts with: FlareNet's nine services in staging and production. */

export interface FleetSize {
  clusters: number;
  servicesPerCluster: number;
}

export const defaultFleetSize: FleetSize = { clusters: 2, servicesPerCluster: 9 };

const dayMs = 24 * 60 * 60 * 1000;
const hourMs = 60 * 60 * 1000;
const deployerArn = `arn:aws:iam::${sandboxAccountId}:role/flarenet-deployer`;

export interface SeedContext {
  registry: TaskDefinitionRegistry;
  random: SeededRandom;
  pace: SandboxPace;
  now: number;
}

/** Registers every family's release history and builds the clusters, each service steady on its release. */
export function seedFleet(context: SeedContext, size: FleetSize): SimCluster[] {
  const services = blueprintsFor(size.servicesPerCluster);
  // Big benchmark fleets get a shorter history so they stay light.
  const brief = size.clusters * size.servicesPerCluster > 100;
  const releases = new Map(
    services.map((blueprint) => [blueprint.name, registerReleases(context, blueprint, brief)]),
  );
  return Array.from({ length: size.clusters }, (_, index) => {
    const { name, environment } = clusterIdentity(index, size.clusters);
    const cluster: SimCluster = {
      name,
      environment,
      cluster: clusterRecord(name, environment),
      services: new Map(),
    };
    for (const blueprint of services) {
      const history = releases.get(blueprint.name)!;
      const runsNewest = environment !== 'production' || !blueprint.stagingAhead;
      const current =
        history[runsNewest ? history.length - 1 : history.length - 2] ?? history[history.length - 1]!;
      cluster.services.set(blueprint.name, seedService(context, cluster, blueprint, current, brief));
    }
    return cluster;
  });
}

/** Staging, production, then bench clusters; a fleet of one cluster is production, where the Kafka traffic runs. */
function clusterIdentity(index: number, count: number): { name: string; environment: string } {
  if (index === 0 && count > 1) return { name: 'flarenet-staging', environment: 'staging' };
  if (index === 0) return { name: 'flarenet-production', environment: 'production' };
  if (index === 1) return { name: 'flarenet-production', environment: 'production' };
  return { name: `flarenet-bench-${index + 1}`, environment: `bench-${index + 1}` };
}

/** The nine FlareNet services first; larger fleets add numbered copies of them. */
function blueprintsFor(count: number): ServiceBlueprint[] {
  return Array.from({ length: count }, (_, index) => {
    const base = serviceBlueprints[index % serviceBlueprints.length]!;
    const copy = Math.floor(index / serviceBlueprints.length);
    return copy === 0
      ? base
      : { ...base, name: `${base.name}-${copy + 1}`, version: { ...base.version, releases: 2 } };
  });
}

function registerReleases(
  context: SeedContext,
  blueprint: ServiceBlueprint,
  brief: boolean,
): StoredTaskDefinition[] {
  const { major, minor, firstPatch, releases } = blueprint.version;
  const count = brief ? Math.min(2, releases) : releases;
  return Array.from({ length: count }, (_, index) => {
    const tag = `v${major}.${minor}.${firstPatch + releases - count + index}`;
    const registeredAt =
      context.now - (count - 1 - index) * 3 * dayMs - 6 * hourMs - context.random.int(0, 90) * 60_000;
    const stored = context.registry.register(
      serviceTaskDefinition(blueprint, tag, index < count - 2 ? 'debug' : 'info'),
      registeredAt,
      deployerArn,
    );
    // The oldest release of a long history has been retired.
    if (!brief && index === 0 && count >= 5)
      context.registry.deregister(stored.taskDefinition.taskDefinitionArn!, registeredAt + 10 * dayMs);
    return stored;
  });
}

function serviceTaskDefinition(
  blueprint: ServiceBlueprint,
  tag: string,
  logLevel: string,
): RegisterTaskDefinitionRequest {
  const container: ContainerDefinition = {
    name: blueprint.name,
    image: `${imageRegistry}/${blueprint.name}:${tag}`,
    cpu: Number(blueprint.cpu),
    essential: true,
    portMappings: [
      {
        name: `${blueprint.name}-http`,
        containerPort: blueprint.port,
        hostPort: blueprint.port,
        protocol: 'tcp',
        appProtocol: 'http',
      },
    ],
    command: blueprint.command,
    environment: Object.entries({
      SERVICE_NAME: blueprint.name,
      PORT: String(blueprint.port),
      LOG_LEVEL: logLevel,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.flarenet.internal:4317',
      ...blueprint.environment,
    }).map(([name, value]) => ({ name, value })),
    secrets: Object.entries(blueprint.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    healthCheck: {
      command: ['CMD-SHELL', `curl -fsS http://localhost:${blueprint.port}/health || exit 1`],
      interval: 10,
      timeout: 5,
      retries: 3,
      startPeriod: 15,
    },
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': `/ecs/flarenet/${blueprint.name}`,
        'awslogs-region': sandboxRegion,
        'awslogs-stream-prefix': blueprint.name,
      },
    },
  };
  return {
    family: blueprint.name,
    taskRoleArn: `arn:aws:iam::${sandboxAccountId}:role/flarenet-${blueprint.name}`,
    executionRoleArn: `arn:aws:iam::${sandboxAccountId}:role/flarenet-ecs-task-execution`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: blueprint.cpu,
    memory: blueprint.memory,
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    containerDefinitions: [container],
    tags: [{ key: 'service', value: blueprint.name }],
  };
}

function clusterRecord(name: string, environment: string): Cluster {
  return {
    clusterArn: clusterArn(name),
    clusterName: name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
    settings: [{ name: 'containerInsights', value: 'enabled' }],
    tags: [
      { key: 'environment', value: environment },
      { key: 'team', value: 'platform' },
    ],
    statistics: [],
    attachments: [],
  };
}

function seedService(
  context: SeedContext,
  cluster: SimCluster,
  blueprint: ServiceBlueprint,
  current: StoredTaskDefinition,
  brief: boolean,
): SimService {
  const { random } = context;
  const desiredCount =
    cluster.environment === 'production'
      ? blueprint.desired.production
      : cluster.environment === 'staging'
        ? blueprint.desired.staging
        : 2;
  const taskDefinitionArn = current.taskDefinition.taskDefinitionArn!;
  const deployedAt =
    (current.taskDefinition.registeredAt?.getTime() ?? context.now) +
    (cluster.environment === 'production' ? 4 * hourMs : 30 * 60_000);
  const service: Service = {
    serviceArn: serviceArn(cluster.name, blueprint.name),
    serviceName: blueprint.name,
    clusterArn: cluster.cluster.clusterArn,
    loadBalancers: blueprint.behindLoadBalancer ? [loadBalancerOf(cluster.name, blueprint)] : [],
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: 'ROLLING',
      ...(cluster.environment === 'production' && blueprint.behindLoadBalancer
        ? {
            // The alarm that tells of a bad release; the simulated scheduler does not act on
            // alarms, so ECS is said not to watch it (the console does).
            alarms: {
              alarmNames: [serviceAlarmName(cluster.environment, blueprint.name, '5xx')],
              enable: false,
              rollback: false,
            },
          }
        : {}),
    },
    roleArn: `arn:aws:iam::${sandboxAccountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    createdAt: new Date(context.now - 120 * dayMs - random.int(0, 30) * dayMs),
    createdBy: deployerArn,
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829', 'subnet-0c3d4e5f607182930'],
        securityGroups: [`sg-0${random.hex(16)}`],
        assignPublicIp: 'DISABLED',
      },
    },
    healthCheckGracePeriodSeconds: 0,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'ENABLED',
  };
  const simService: SimService = {
    name: blueprint.name,
    clusterName: cluster.name,
    service,
    deployments: [],
    events: [],
    tasks: [],
    serviceDeployments: [],
    serviceRevisions: [],
    steady: true,
    tags: [
      { key: 'environment', value: cluster.environment },
      { key: 'service', value: blueprint.name },
    ],
  };
  const serviceDeploymentArn = newServiceDeploymentArn(simService, random);
  const deployment = createDeployment(
    simService,
    {
      taskDefinitionArn,
      taskDefinition: current.taskDefinition,
      desiredCount,
      at: deployedAt,
      rolloutStateReason: '',
      serviceDeploymentArn,
    },
    random,
  );
  Object.assign(deployment.deployment, {
    runningCount: desiredCount,
    rolloutState: 'COMPLETED',
    rolloutStateReason: rolloutReasonText.completed(deployment.id),
  });
  deployment.deployment.updatedAt = new Date(deployedAt + 3 * 60_000);
  simService.deployments.push(deployment);
  const record = createServiceDeployment(simService, {
    arn: serviceDeploymentArn,
    target: deployment,
    sources: [],
    at: deployedAt,
    status: 'SUCCESSFUL',
    circuitBreakerThreshold: circuitBreakerThreshold(service.deploymentConfiguration, desiredCount),
  });
  Object.assign(record, {
    targetServiceRevision: {
      arn: deployment.serviceRevisionArn,
      requestedTaskCount: desiredCount,
      runningTaskCount: desiredCount,
      pendingTaskCount: 0,
    },
    startedAt: new Date(deployedAt),
    finishedAt: new Date(deployedAt + 3 * 60_000),
    updatedAt: new Date(deployedAt + 3 * 60_000),
  });
  if (record.deploymentCircuitBreaker?.status === 'MONITORING')
    record.deploymentCircuitBreaker.status = 'MONITORING_COMPLETE';
  simService.serviceDeployments.push(record);

  const taskIds: string[] = [];
  for (let i = 0; i < desiredCount; i++) {
    const task = launchTask(
      {
        clusterName: cluster.name,
        serviceName: blueprint.name,
        deploymentId: deployment.id,
        taskDefinition: current.taskDefinition,
        outcome: 'healthy',
        now: deployedAt,
      },
      random,
      context.pace,
    );
    settleTaskAsRunning(task, deployedAt + 60_000 + random.int(0, 30_000));
    simService.tasks.push(task);
    taskIds.push(task.id);
  }
  recordEvent(simService, serviceEventText.startedTasks(blueprint.name, taskIds), deployedAt + 5_000, random);
  recordEvent(
    simService,
    serviceEventText.deploymentCompleted(blueprint.name, deployment.id),
    deployedAt + 3 * 60_000,
    random,
  );
  // ECS repeats the steady-state event every six hours while nothing changes.
  const steadyFrom = deployedAt + 3 * 60_000;
  const repeats = brief ? 1 : Math.min(40, Math.floor((context.now - steadyFrom) / (6 * hourMs)) + 1);
  for (let i = repeats - 1; i >= 0; i--) {
    recordEvent(
      simService,
      serviceEventText.steadyState(blueprint.name),
      context.now - ((context.now - steadyFrom) % (6 * hourMs)) - i * 6 * hourMs,
      random,
    );
  }
  return simService;
}

/**
 * The target group the cluster's load balancer sends the service's traffic to. Its id comes
 * from the names, not the seeded random sequence, so every other seeded value stays put.
 */
function loadBalancerOf(clusterName: string, blueprint: ServiceBlueprint): LoadBalancer {
  const name = `${clusterName}-${blueprint.name}`.slice(0, 32);
  const id = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return {
    targetGroupArn: `arn:aws:elasticloadbalancing:${sandboxRegion}:${sandboxAccountId}:targetgroup/${name}/${id}`,
    containerName: blueprint.name,
    containerPort: blueprint.port,
  };
}
