import type { RegisterTaskDefinitionRequest, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { parseTaskDefinitionArn, revisionLabel } from '../../../shared/fleet/ecsArns';
import { imageTagOf, parseImageReference } from '../../../shared/fleet/imageTag';
import type { ContainerImage, TaskDefinitionRef } from '../../../shared/actions/actionModel';
import type { RevisionFacts } from '../../../shared/actions/rollbackTarget';

/** ECS task definitions as plans show them, and the registration a promotion makes from one. */

export function containerImagesOf(taskDefinition: TaskDefinition): ContainerImage[] {
  return (taskDefinition.containerDefinitions ?? []).map((container) =>
    imageOf(container.name ?? '', container.image ?? ''),
  );
}

export function imageOf(container: string, image: string): ContainerImage {
  return { container, image, tag: imageTagOf(image), digest: parseImageReference(image).digest };
}

export function labelOf(taskDefinition: TaskDefinition): string {
  if (taskDefinition.family && taskDefinition.revision !== undefined)
    return revisionLabel({ family: taskDefinition.family, revision: taskDefinition.revision });
  return revisionLabel(parseTaskDefinitionArn(taskDefinition.taskDefinitionArn ?? ''));
}

export function labelOfArn(arn: string): string {
  const parsed = parseTaskDefinitionArn(arn);
  return parsed.revision > 0 ? revisionLabel(parsed) : parsed.family;
}

export function toTaskDefinitionRef(taskDefinition: TaskDefinition): TaskDefinitionRef {
  const { family, revision } = parseTaskDefinitionArn(taskDefinition.taskDefinitionArn ?? '');
  return {
    arn: taskDefinition.taskDefinitionArn ?? null,
    family: taskDefinition.family ?? family,
    revision: taskDefinition.revision ?? revision,
    label: labelOf(taskDefinition),
    images: containerImagesOf(taskDefinition),
    registeredAt: taskDefinition.registeredAt?.getTime() ?? null,
  };
}

export function toRevisionFacts(taskDefinition: TaskDefinition): RevisionFacts {
  const ref = toTaskDefinitionRef(taskDefinition);
  return {
    arn: ref.arn ?? '',
    family: ref.family,
    revision: ref.revision ?? 0,
    status: taskDefinition.status ?? 'ACTIVE',
    registeredAt: ref.registeredAt,
    imageTags: ref.images.map((image) => image.tag ?? image.image),
  };
}

/**
 * A new revision of `base` that runs other images and is otherwise the same: environment,
 * secrets, roles, sizes, ports, command, health check, logging and tags all stay. Containers
 * not named in `images` keep their image.
 */
export function registrationWithImages(
  base: TaskDefinition,
  tags: readonly Tag[],
  images: ReadonlyMap<string, string>,
): RegisterTaskDefinitionRequest {
  const request: RegisterTaskDefinitionRequest = {
    family: base.family,
    taskRoleArn: base.taskRoleArn,
    executionRoleArn: base.executionRoleArn,
    networkMode: base.networkMode,
    containerDefinitions: (base.containerDefinitions ?? []).map((container) => ({
      ...structuredClone(container),
      image: images.get(container.name ?? '') ?? container.image,
    })),
    volumes: base.volumes,
    placementConstraints: base.placementConstraints,
    requiresCompatibilities: base.requiresCompatibilities,
    cpu: base.cpu,
    memory: base.memory,
    pidMode: base.pidMode,
    ipcMode: base.ipcMode,
    proxyConfiguration: base.proxyConfiguration,
    inferenceAccelerators: base.inferenceAccelerators,
    ephemeralStorage: base.ephemeralStorage,
    runtimePlatform: base.runtimePlatform,
    enableFaultInjection: base.enableFaultInjection,
    tags: tags.length > 0 ? structuredClone([...tags]) : undefined,
  };
  return Object.fromEntries(
    Object.entries(request).filter(([, value]) => value !== undefined),
  ) as RegisterTaskDefinitionRequest;
}
