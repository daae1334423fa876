import type {
  ListTagsForResourceResponse,
  Tag,
  TagResourceResponse,
  UntagResourceResponse,
} from '@aws-sdk/client-ecs';
import { z } from 'zod';
import { clusterNameFromServiceArn, ecsResource } from '../../shared/fleet/ecsArns';
import { EcsApiError } from './ecsApiError';
import type { SimCluster } from './ecsModel';
import { parseRequest } from './ecsRequestSchemas';
import type { EcsSimulation } from './ecsSimulation';

/**
 * Tags on clusters and services, as ECS's TagResource, UntagResource and ListTagsForResource
 * keep them: a tag with a key the resource already has replaces its value.
 */

const tag = z.object({ key: z.string().min(1).max(128), value: z.string().max(256) });
const tagResourceRequest = z.object({ resourceArn: z.string(), tags: z.array(tag).min(1).max(50) });
const untagResourceRequest = z.object({
  resourceArn: z.string(),
  tagKeys: z.array(z.string()).min(1).max(50),
});
const listTagsRequest = z.object({ resourceArn: z.string() });

export function tagResource(simulation: EcsSimulation, input: unknown): TagResourceResponse {
  const request = parseRequest(tagResourceRequest, input);
  const tags = tagsOf(simulation, request.resourceArn);
  for (const { key, value } of request.tags) {
    const existing = tags.find((t) => t.key === key);
    if (existing) existing.value = value;
    else tags.push({ key, value });
  }
  return {};
}

export function untagResource(simulation: EcsSimulation, input: unknown): UntagResourceResponse {
  const request = parseRequest(untagResourceRequest, input);
  const tags = tagsOf(simulation, request.resourceArn);
  const keep = tags.filter((t) => t.key === undefined || !request.tagKeys.includes(t.key));
  tags.splice(0, tags.length, ...keep);
  return {};
}

export function listTagsForResource(simulation: EcsSimulation, input: unknown): ListTagsForResourceResponse {
  const request = parseRequest(listTagsRequest, input);
  return { tags: tagsOf(simulation, request.resourceArn).map((t): Tag => ({ key: t.key, value: t.value })) };
}

/** The live tag list of the cluster or service the ARN names. */
function tagsOf(simulation: EcsSimulation, resourceArn: string): Tag[] {
  const resource = ecsResource(resourceArn);
  if (resource === null)
    throw new EcsApiError('InvalidParameterException', 'The ARN is not a valid ECS ARN.');
  const [kind] = resource.split('/');
  const cluster = (name: string | null): SimCluster => {
    const found = name === null ? undefined : simulation.findCluster(name);
    if (!found) throw new EcsApiError('ClusterNotFoundException', 'Cluster not found.');
    return found;
  };
  if (kind === 'cluster') return (cluster(resource.slice('cluster/'.length)).cluster.tags ??= []);
  if (kind === 'service') {
    const owner = cluster(clusterNameFromServiceArn(resourceArn));
    const service = simulation.findService(owner, resourceArn);
    if (!service) throw new EcsApiError('InvalidParameterException', 'The specified resource is not found.');
    return service.tags;
  }
  throw new EcsApiError('InvalidParameterException', `The sandbox does not tag ${kind ?? 'that'} resources.`);
}
