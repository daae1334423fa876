import type { EcsSimulation } from './ecsSimulation';
import {
  describeServiceDeployments,
  describeServiceRevisions,
  listServiceDeployments,
  stopServiceDeployment,
} from './serviceDeploymentOperations';
import {
  describeClusters,
  describeServices,
  listClusters,
  listServices,
  updateService,
} from './serviceOperations';
import { listTagsForResource, tagResource, untagResource } from './tagOperations';
import {
  deregisterTaskDefinition,
  describeTaskDefinition,
  describeTasks,
  listTaskDefinitions,
  listTasks,
  registerTaskDefinition,
} from './taskOperations';

/** The X-Amz-Target prefix of every ECS operation. */
export const ecsTargetPrefix = 'AmazonEC2ContainerServiceV20141113';

export type EcsOperation = (simulation: EcsSimulation, input: unknown) => object;

/** The ECS operations the sandbox serves, by the name that follows the target prefix. */
export const ecsOperations: ReadonlyMap<string, EcsOperation> = new Map<string, EcsOperation>([
  ['ListClusters', listClusters],
  ['DescribeClusters', describeClusters],
  ['ListServices', listServices],
  ['DescribeServices', describeServices],
  ['UpdateService', updateService],
  ['ListTasks', listTasks],
  ['DescribeTasks', describeTasks],
  ['DescribeTaskDefinition', describeTaskDefinition],
  ['ListTaskDefinitions', listTaskDefinitions],
  ['RegisterTaskDefinition', registerTaskDefinition],
  ['DeregisterTaskDefinition', deregisterTaskDefinition],
  ['ListServiceDeployments', listServiceDeployments],
  ['DescribeServiceDeployments', describeServiceDeployments],
  ['DescribeServiceRevisions', describeServiceRevisions],
  ['StopServiceDeployment', stopServiceDeployment],
  ['TagResource', tagResource],
  ['UntagResource', untagResource],
  ['ListTagsForResource', listTagsForResource],
]);
