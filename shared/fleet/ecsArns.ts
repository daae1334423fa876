/**
 * ECS answers with ARNs; people read names. These accept either form, because
 * configs and older APIs use both.
 */

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

/** `arn:aws:ecs:us-east-1:123456789012:cluster/flarenet-production` → `flarenet-production`; a name stays a name. */
export function resourceNameFromArn(arnOrName: string): string {
  if (!arnOrName.startsWith('arn:')) return arnOrName;
  const resource = arnOrName.split(':').slice(5).join(':');
  const parts = resource.split('/');
  return parts[parts.length - 1] ?? resource;
}
