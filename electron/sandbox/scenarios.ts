import type { RegisterTaskDefinitionRequest, TaskDefinition } from '@aws-sdk/client-ecs';
import type { SandboxScenario, SandboxScenarioResult } from '../../shared/ipc/sandbox';
import type { SandboxAutoscaling } from './autoscaling/autoScalingEndpoint';
import { primaryOf } from './serviceRecords';
import type { SimService } from './ecsModel';
import type { EcsSimulation } from './ecsSimulation';
import type { PlatformTraffic } from './kafka/platformTraffic';
import type { StoredTaskDefinition } from './taskDefinitionRegistry';
import { isLive } from './taskLifecycle';

/**
 * Things a demo or a test can make happen to the fleet and its Kafka traffic. An unknown
 * cluster, service or consumer group is an Error whose message says what exists instead.
 */
export function runScenario(
  simulation: EcsSimulation,
  scenario: SandboxScenario,
  traffic: PlatformTraffic | null = null,
  autoscaling: SandboxAutoscaling | null = null,
): SandboxScenarioResult {
  switch (scenario.kind) {
    case 'bad-deploy':
      return deployNewRelease(
        simulation,
        scenario.cluster,
        scenario.service,
        'broken',
        scenario.circuitBreaker,
      );
    case 'good-deploy':
      return deployNewRelease(simulation, scenario.cluster, scenario.service, 'healthy');
    case 'consumer':
      if (!traffic) throw new Error('This sandbox runs without Kafka traffic, so it has no consumer groups.');
      return { summary: traffic.setBehaviour(scenario.group, scenario.behaviour) };
    case 'load': {
      if (!autoscaling) throw new Error('This sandbox runs without autoscaling, so it has no load to raise.');
      const service = findService(simulation, scenario.cluster, scenario.service);
      return { summary: autoscaling.applyLoad(service, scenario.percent, scenario.minutes ?? 5) };
    }
    case 'throttle':
      simulation.throttleFor(scenario.seconds * 1000);
      return { summary: `Every ECS call answers ThrottlingException for the next ${scenario.seconds} s.` };
    case 'scale': {
      if (scenario.groups !== undefined && !traffic)
        throw new Error('This sandbox runs without Kafka traffic, so it cannot run consumer groups.');
      simulation.rebuildFleet({
        clusters: scenario.clusters,
        servicesPerCluster: scenario.servicesPerCluster,
      });
      if (scenario.groups !== undefined) traffic!.resizeGroups(scenario.groups);
      const services = simulation.listClusters().flatMap((cluster) => [...cluster.services.values()]);
      const tasks = services.reduce((sum, service) => sum + service.tasks.filter(isLive).length, 0);
      const groups = traffic ? `, ${count(traffic.groupIds().length, 'consumer group')} with traffic` : '';
      return {
        summary: `Rebuilt the fleet: ${scenario.clusters} clusters × ${scenario.servicesPerCluster} services (${count(services.length, 'service')}, ${count(tasks, 'task')}${groups}).`,
      };
    }
  }
}

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;
}

function deployNewRelease(
  simulation: EcsSimulation,
  clusterName: string,
  serviceName: string,
  release: 'healthy' | 'broken',
  circuitBreaker?: 'rollback' | 'off',
): SandboxScenarioResult {
  const service = findService(simulation, clusterName, serviceName);
  const current = simulation.taskDefinitions.find(primaryOf(service).deployment.taskDefinition ?? '');
  if (!current)
    throw new Error(
      `Service ${serviceName} in ${clusterName} runs a task definition the sandbox no longer knows.`,
    );
  const family = current.taskDefinition.family!;
  const tag = nextReleaseTag(simulation.taskDefinitions.revisions(family));
  const request = nextRevisionRequest(current, tag);
  if (release === 'broken') {
    for (const container of request.containerDefinitions ?? [])
      if (container.image) simulation.markImageBroken(container.image);
  }
  const registered = simulation.registerTaskDefinition(request).taskDefinition;
  simulation.updateService(service, {
    taskDefinition: registered.taskDefinitionArn,
    // As UpdateService with a deploymentConfiguration: the breaker setting stays on the service.
    deploymentConfiguration:
      circuitBreaker === undefined
        ? undefined
        : {
            deploymentCircuitBreaker: {
              enable: circuitBreaker === 'rollback',
              rollback: circuitBreaker === 'rollback',
            },
          },
  });
  const name = `${family}:${registered.revision}`;
  const breaker = service.service.deploymentConfiguration?.deploymentCircuitBreaker;
  const previous = `${family}:${current.taskDefinition.revision}`;
  const outcome = !breaker?.enable
    ? `the circuit breaker is off, so it keeps launching failing tasks until someone rolls it back to ${previous} or deploys a good release.`
    : breaker.rollback
      ? `the circuit breaker should roll it back to ${previous}.`
      : `the circuit breaker should fail it without rolling back.`;
  const summary =
    release === 'broken'
      ? `Deploying ${name} (${tag}, an image whose tasks fail their health checks) to ${serviceName} in ${clusterName}; ${outcome}`
      : `Deploying ${name} (${tag}) to ${serviceName} in ${clusterName}.`;
  return { summary, taskDefinitionArn: registered.taskDefinitionArn };
}

function findService(simulation: EcsSimulation, clusterName: string, serviceName: string): SimService {
  const cluster = simulation.findCluster(clusterName);
  if (!cluster) {
    const known = simulation.listClusters().map((candidate) => candidate.name);
    throw new Error(`Unknown cluster "${clusterName}". The sandbox has: ${known.join(', ')}.`);
  }
  const service = simulation.findService(cluster, serviceName);
  if (!service) {
    const known = [...cluster.services.keys()];
    const shown =
      known.length > 12 ? `${known.slice(0, 12).join(', ')} and ${known.length - 12} more` : known.join(', ');
    throw new Error(`Unknown service "${serviceName}" in ${clusterName}. It has: ${shown}.`);
  }
  return service;
}

const releaseTagPattern = /:v(\d+)\.(\d+)\.(\d+)$/;

/** One patch release past the newest tag the family has ever used, in any cluster. */
export function nextReleaseTag(revisions: readonly StoredTaskDefinition[]): string {
  let newest: [number, number, number] | null = null;
  for (const stored of revisions) {
    for (const container of stored.taskDefinition.containerDefinitions ?? []) {
      const match = releaseTagPattern.exec(container.image ?? '');
      if (!match) continue;
      const version: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
      if (newest === null || compareVersions(version, newest) > 0) newest = version;
    }
  }
  return newest === null ? 'v1.0.0' : `v${newest[0]}.${newest[1]}.${newest[2] + 1}`;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The current definition again, with every image of the registry retagged. */
function nextRevisionRequest(current: StoredTaskDefinition, tag: string): RegisterTaskDefinitionRequest {
  const definition: TaskDefinition = structuredClone(current.taskDefinition);
  return {
    family: definition.family,
    taskRoleArn: definition.taskRoleArn,
    executionRoleArn: definition.executionRoleArn,
    networkMode: definition.networkMode,
    requiresCompatibilities: definition.requiresCompatibilities,
    cpu: definition.cpu,
    memory: definition.memory,
    runtimePlatform: definition.runtimePlatform,
    volumes: definition.volumes,
    placementConstraints: definition.placementConstraints,
    containerDefinitions: (definition.containerDefinitions ?? []).map((container) => ({
      ...container,
      image: container.image?.includes(':')
        ? container.image.replace(/:[^:/]+$/, `:${tag}`)
        : container.image,
    })),
    tags: structuredClone(current.tags),
  };
}
