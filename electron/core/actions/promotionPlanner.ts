import {
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { PromotionPlan, TaskDefinitionRef } from '../../../shared/actions/actionModel';
import { diffTaskDefinitions } from '../../../shared/actions/taskDefinitionDiff';
import { parseImageReference } from '../../../shared/fleet/imageTag';
import { describeService } from '../fleet/ecsFleetReader';
import { ConsoleError } from '../ipc/consoleError';
import {
  clusterArnOf,
  confirmationFor,
  primaryOf,
  requireTaskDefinition,
  type PlanningContext,
} from './planningContext';
import type { StoredPlan } from './planStore';
import type { ServiceTarget } from './serviceTargets';
import { imageOf, labelOf, registrationWithImages, toTaskDefinitionRef } from './taskDefinitionShape';

/**
 * Plans a promotion: a new revision of the destination's task definition that runs the
 * source's images — pinned to the digests the source's running tasks report, where they
 * all agree — and keeps everything else of the destination (environment, secrets, roles,
 * sizes). The source must have finished deploying: promoting half a rollout is a guess.
 */
export async function planPromotion(
  context: PlanningContext,
  source: ServiceTarget,
  destination: ServiceTarget,
  signal: AbortSignal,
): Promise<StoredPlan> {
  const [sourceService, destinationService] = await Promise.all([
    describeService(source.client, source.cluster, source.service, signal),
    describeService(destination.client, destination.cluster, destination.service, signal),
  ]);
  const sourcePrimary = primaryOf(sourceService, source.service);
  const destinationPrimary = primaryOf(destinationService, destination.service);
  if (sourcePrimary.rolloutState === 'IN_PROGRESS')
    throw new ConsoleError(
      'CONFLICT',
      `${source.service} in ${source.cluster} is still deploying; promote once its rollout has COMPLETED.`,
    );
  if (sourcePrimary.rolloutState === 'FAILED')
    throw new ConsoleError(
      'VALIDATION',
      `The current rollout of ${source.service} in ${source.cluster} FAILED; there is nothing healthy to promote.`,
    );

  const where = context.whereFor(destination, clusterArnOf(destinationService));
  const [sourceDefinition, destinationDefinition, digests, destinationDigests, audited] = await Promise.all([
    requireTaskDefinition(context, source, sourcePrimary.taskDefinition, signal),
    requireTaskDefinition(context, destination, destinationPrimary.taskDefinition, signal),
    runningDigests(source.client, source.cluster, source.service, sourcePrimary.taskDefinition, signal),
    runningDigests(
      destination.client,
      destination.cluster,
      destination.service,
      destinationPrimary.taskDefinition,
      signal,
    ),
    context.auditHistory(destination, where, destinationService),
  ]);
  const sourceContainers = new Map(
    (sourceDefinition.taskDefinition.containerDefinitions ?? []).map((container) => [
      container.name ?? '',
      container,
    ]),
  );
  const destinationNames = new Set(
    (destinationDefinition.taskDefinition.containerDefinitions ?? []).map(
      (container) => container.name ?? '',
    ),
  );
  const warnings: string[] = [...audited.notes];
  const images = new Map<string, string>();
  let pinnedByDigest = true;
  for (const name of destinationNames) {
    const sourceContainer = sourceContainers.get(name);
    if (!sourceContainer?.image) {
      warnings.push(
        `${source.service} has no container named ${name}; it keeps the image ${destination.environment.name} runs.`,
      );
      continue;
    }
    const digest = digests.get(name) ?? null;
    if (!digest) pinnedByDigest = false;
    const { repository } = parseImageReference(sourceContainer.image);
    images.set(name, digest ? `${repository}@${digest}` : sourceContainer.image);
  }
  for (const name of sourceContainers.keys())
    if (!destinationNames.has(name))
      warnings.push(
        `${source.service} has a container ${name} that ${destination.service} does not; it is not added.`,
      );
  if (images.size === 0)
    throw new ConsoleError(
      'VALIDATION',
      `${source.service} and ${destination.service} have no container in common to promote.`,
    );
  if (!pinnedByDigest)
    warnings.push(
      `Not every image could be pinned by digest (no running ${source.service} task reports a single digest); those are promoted by tag.`,
    );

  const registration = registrationWithImages(
    destinationDefinition.taskDefinition,
    destinationDefinition.tags,
    images,
  );
  const proposed: TaskDefinition = {
    ...destinationDefinition.taskDefinition,
    containerDefinitions: registration.containerDefinitions,
  };
  const diff = diffTaskDefinitions(destinationDefinition.taskDefinition, proposed);
  // The same build can be named by tag on one side and by digest on the other: digests decide.
  const sameBuild = [...images.keys()].every((name) => {
    const digest = digests.get(name);
    return digest !== undefined && destinationDigests.get(name) === digest;
  });
  if (sameBuild || !diff.some((row) => row.section === 'image'))
    throw new ConsoleError(
      'VALIDATION',
      `${destination.service} in ${destination.cluster} already runs the images of ${labelOf(sourceDefinition.taskDefinition)}.`,
    );
  const onlyInSource = environmentNames(sourceDefinition.taskDefinition).filter(
    (name) => !environmentNames(destinationDefinition.taskDefinition).includes(name),
  );
  if (onlyInSource.length > 0)
    warnings.push(
      `${source.service} sets ${onlyInSource.join(', ')}, which ${destination.service} does not; the promoted build may expect them.`,
    );
  if (destinationPrimary.rolloutState === 'IN_PROGRESS')
    warnings.push(`${destination.service} is mid-deployment; the promotion replaces that deployment.`);

  const family = destinationDefinition.taskDefinition.family ?? '';
  const target: TaskDefinitionRef = {
    arn: null,
    family,
    revision: null,
    label: `${family}:(new)`,
    images: (registration.containerDefinitions ?? []).map((container) =>
      imageOf(container.name ?? '', container.image ?? ''),
    ),
    registeredAt: null,
  };
  const now = context.now();
  const plan: PromotionPlan = {
    kind: 'promotion',
    id: context.newId(),
    createdAt: now,
    expiresAt: now + context.ttlMs,
    environment: destination.environment.name,
    cluster: destination.cluster,
    service: destination.service,
    current: toTaskDefinitionRef(destinationDefinition.taskDefinition),
    target,
    method: {
      kind: 'register-and-update',
      summary: `RegisterTaskDefinition (a new revision of ${family} with the images of ${labelOf(sourceDefinition.taskDefinition)}), then UpdateService to it.`,
    },
    diff,
    warnings,
    ...confirmationFor(destination),
    blockedReason: context.blockedReason(destination),
    desiredCount: destinationService.desiredCount ?? 0,
    runningCount: destinationService.runningCount ?? 0,
    deploymentInProgress: destinationPrimary.rolloutState === 'IN_PROGRESS',
    unfinishedActions: audited.unfinished,
    source: {
      environment: source.environment.name,
      cluster: source.cluster,
      service: source.service,
      taskDefinition: toTaskDefinitionRef(sourceDefinition.taskDefinition),
      pinnedByDigest,
    },
  };
  return { plan, target: destination, where, registration };
}

/** The digest each container of the running tasks of `taskDefinitionArn` reports, where they all agree. */
async function runningDigests(
  client: ECSClient,
  cluster: string,
  serviceName: string,
  taskDefinitionArn: string,
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const listed = await client.send(
    new ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING', maxResults: 100 }),
    { abortSignal: signal },
  );
  const arns = listed.taskArns ?? [];
  if (arns.length === 0) return new Map();
  const described = await client.send(new DescribeTasksCommand({ cluster, tasks: arns }), {
    abortSignal: signal,
  });
  const seen = new Map<string, Set<string>>();
  for (const task of described.tasks ?? []) {
    if (task.taskDefinitionArn !== taskDefinitionArn || task.lastStatus !== 'RUNNING') continue;
    for (const container of task.containers ?? []) {
      if (!container.name || !container.imageDigest) continue;
      const digests = seen.get(container.name) ?? new Set();
      digests.add(container.imageDigest);
      seen.set(container.name, digests);
    }
  }
  return new Map(
    [...seen].filter(([, digests]) => digests.size === 1).map(([name, digests]) => [name, [...digests][0]!]),
  );
}

function environmentNames(taskDefinition: TaskDefinition): string[] {
  return (taskDefinition.containerDefinitions ?? []).flatMap((container) =>
    (container.environment ?? []).map((entry) => entry.name ?? '').filter((name) => name !== ''),
  );
}
