/**
 * ECS answers with ARNs; people read names. These accept either form, because configs,
 * older APIs and ECS requests use both. The console reads ECS answers with them and the
 * sandbox reads ECS requests with them.
 */

/** `arn:partition:service:region:account-id:resource`; the resource may itself hold colons. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** The parts of an ARN, or null when the text is not one. */
export function parseArn(text: string): ArnParts | null {
  if (!text.startsWith('arn:')) return null;
  const parts = text.split(':');
  if (parts.length < 6) return null;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    accountId: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

/** The resource part of an ECS ARN (`cluster/name`), or null when the text is not one. */
export function ecsResource(reference: string): string | null {
  const arn = parseArn(reference);
  return arn?.service === 'ecs' ? arn.resource : null;
}

/**
 * A service deployment or service revision ARN (`kind/cluster/service/id`) split into its
 * parts; null when the text is not an ECS ARN of that kind.
 */
export function parseServiceRecordArn(
  reference: string,
  kind: 'service-deployment' | 'service-revision',
): { region: string; accountId: string; clusterName: string; serviceName: string; id: string } | null {
  const arn = parseArn(reference);
  if (arn?.service !== 'ecs') return null;
  const parts = arn.resource.split('/');
  const [prefix, clusterName, serviceName, id] = parts;
  if (parts.length !== 4 || prefix !== kind || !clusterName || !serviceName || !id) return null;
  return { region: arn.region, accountId: arn.accountId, clusterName, serviceName, id };
}

/** `arn:aws:ecs:…:task-definition/payment-service:8` (or plain `payment-service:8`) → family and revision. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } {
  const afterSlash = arn.slice(arn.lastIndexOf('/') + 1);
  const colon = afterSlash.lastIndexOf(':');
  if (colon <= 0) return { family: afterSlash, revision: 0 };
  const revisionText = afterSlash.slice(colon + 1);
  const revision = Number(revisionText);
  return /^\d+$/.test(revisionText) && Number.isSafeInteger(revision)
    ? { family: afterSlash.slice(0, colon), revision }
    : { family: afterSlash, revision: 0 };
}

/**
 * `payment-service:8`: a task definition revision as people name it. Revisions start at 1, so
 * 0 means the reference named no revision (a bare family): then the family alone.
 */
export function revisionLabel(revision: { family: string; revision: number }): string {
  return revision.revision > 0 ? `${revision.family}:${revision.revision}` : revision.family;
}

/** `arn:aws:ecs:us-east-1:123456789012:cluster/flarenet-production` → `flarenet-production`; a name stays a name. */
export function resourceNameFromArn(arnOrName: string): string {
  if (!arnOrName.startsWith('arn:')) return arnOrName;
  const resource = parseArn(arnOrName)?.resource ?? '';
  const parts = resource.split('/');
  return parts[parts.length - 1] ?? resource;
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

/**
 * `family`, `family:revision` or a task definition ARN, split into family and optional
 * revision as ECS reads a request: null when the family breaks ECS's naming rule.
 */
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
