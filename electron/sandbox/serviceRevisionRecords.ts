import type { ServiceRevision, TaskDefinition } from '@aws-sdk/client-ecs';
import { serviceRevisionArn } from './sandboxArns';
import type { SimService } from './ecsModel';
import type { SeededRandom } from './seededRandom';
import { imageDigest } from './taskLifecycle';

/**
 * Service revisions: what ECS captures each time a deployment puts a new configuration in
 * place — the task definition, how tasks are placed and reached, and every container image
 * resolved to its digest. A revision never changes; a rollback deploys an existing one again.
 */

/** Fargate's LATEST for Linux tasks, as ECS resolves it into the revision. */
const latestFargateLinuxPlatform = '1.4.0';

/** Captures the service's configuration as a new revision and keeps it, newest first. */
export function recordServiceRevision(
  service: SimService,
  taskDefinition: TaskDefinition | undefined,
  taskDefinitionArn: string,
  at: number,
  random: SeededRandom,
): ServiceRevision {
  const configuration = service.service;
  const placement = configuration.capacityProviderStrategy?.length
    ? { capacityProviderStrategy: structuredClone(configuration.capacityProviderStrategy) }
    : { launchType: configuration.launchType ?? 'FARGATE' };
  const platformVersion =
    configuration.platformVersion === undefined || configuration.platformVersion === 'LATEST'
      ? latestFargateLinuxPlatform
      : configuration.platformVersion;
  const revision: ServiceRevision = {
    serviceRevisionArn: serviceRevisionArn(service.clusterName, service.name, random.digits(19)),
    serviceArn: configuration.serviceArn,
    clusterArn: configuration.clusterArn,
    taskDefinition: taskDefinitionArn,
    ...placement,
    platformVersion,
    platformFamily: configuration.platformFamily ?? 'Linux',
    loadBalancers: structuredClone(configuration.loadBalancers ?? []),
    serviceRegistries: structuredClone(configuration.serviceRegistries ?? []),
    networkConfiguration: structuredClone(configuration.networkConfiguration),
    containerImages: (taskDefinition?.containerDefinitions ?? []).map((container) => ({
      containerName: container.name,
      image: container.image,
      imageDigest: imageDigest(container.image ?? ''),
    })),
    guardDutyEnabled: false,
    createdAt: new Date(at),
  };
  service.serviceRevisions.unshift(revision);
  return revision;
}
