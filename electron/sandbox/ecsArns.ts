/** The account and region every sandbox resource lives in. */
export const sandboxRegion = 'us-east-1';
export const sandboxAccountId = '000000000000';
/** Images live in a separate registry account, as they do for FlareNet. */
export const imageRegistry = `123456789012.dkr.ecr.${sandboxRegion}.amazonaws.com/flarenet`;

const arnPrefix = `arn:aws:ecs:${sandboxRegion}:${sandboxAccountId}:`;

export const clusterArn = (clusterName: string): string => `${arnPrefix}cluster/${clusterName}`;
export const serviceArn = (clusterName: string, serviceName: string): string =>
  `${arnPrefix}service/${clusterName}/${serviceName}`;
export const taskArn = (clusterName: string, taskId: string): string =>
  `${arnPrefix}task/${clusterName}/${taskId}`;
export const containerArn = (clusterName: string, containerId: string): string =>
  `${arnPrefix}container/${clusterName}/${containerId}`;
export const taskDefinitionArn = (family: string, revision: number): string =>
  `${arnPrefix}task-definition/${family}:${revision}`;
export const serviceDeploymentArn = (clusterName: string, serviceName: string, id: string): string =>
  `${arnPrefix}service-deployment/${clusterName}/${serviceName}/${id}`;
export const serviceRevisionArn = (clusterName: string, serviceName: string, id: string): string =>
  `${arnPrefix}service-revision/${clusterName}/${serviceName}/${id}`;

/** The resource part of an ECS ARN (`cluster/name`), or null when the text is not one. */
function ecsResource(reference: string): string | null {
  if (!reference.startsWith('arn:')) return null;
  const parts = reference.split(':');
  if (parts.length < 6 || parts[2] !== 'ecs') return null;
  return parts.slice(5).join(':');
}

/**
 * A service deployment or service revision ARN (`kind/cluster/service/id`) split into its
 * parts; null when the text is not an ECS ARN of that kind.
 */
export function parseServiceRecordArn(
  reference: string,
  kind: 'service-deployment' | 'service-revision',
): { region: string; accountId: string; clusterName: string; serviceName: string; id: string } | null {
  const resource = ecsResource(reference);
  if (resource === null) return null;
  const parts = resource.split('/');
  const [prefix, clusterName, serviceName, id] = parts;
  if (parts.length !== 4 || prefix !== kind || !clusterName || !serviceName || !id) return null;
  const [, , , region = '', accountId = ''] = reference.split(':');
  return { region, accountId, clusterName, serviceName, id };
}

/** A cluster named by name or ARN. */
export function clusterNameFromReference(reference: string): string {
  const resource = ecsResource(reference);
  if (resource === null) return reference;
  return resource.startsWith('cluster/') ? resource.slice('cluster/'.length) : reference;
}

/** A service named by name or ARN, in the long (`service/cluster/name`) or the old short (`service/name`) format. */
export function serviceNameFromReference(reference: string): string {
  const resource = ecsResource(reference);
  if (resource === null || !resource.startsWith('service/')) return reference;
  const parts = resource.split('/');
  return parts[parts.length - 1] ?? reference;
}

/** The cluster named inside a long-format service ARN, if any. */
export function clusterNameFromServiceArn(reference: string): string | null {
  const resource = ecsResource(reference);
  if (resource === null) return null;
  const parts = resource.split('/');
  return parts.length === 3 && parts[0] === 'service' ? (parts[1] ?? null) : null;
}

/** A task named by id or ARN. */
export function taskIdFromReference(reference: string): string {
  const resource = ecsResource(reference);
  if (resource === null || !resource.startsWith('task/')) return reference;
  const parts = resource.split('/');
  return parts[parts.length - 1] ?? reference;
}

/** `family`, `family:revision` or a task definition ARN, split into family and optional revision. */
export function parseTaskDefinitionReference(
  reference: string,
): { family: string; revision: number | null } | null {
  const resource = ecsResource(reference);
  const text =
    resource === null
      ? reference
      : resource.startsWith('task-definition/')
        ? resource.slice('task-definition/'.length)
        : null;
  if (text === null) return null;
  const match = /^([A-Za-z0-9_-]{1,255})(?::(\d+))?$/.exec(text);
  if (!match) return null;
  return { family: match[1]!, revision: match[2] === undefined ? null : Number(match[2]) };
}
