import type { AuditWhere } from './actionModel';

/**
 * Telling fleets apart in the audit log. A cluster ARN names a cluster in one account and
 * region; sandboxes all answer with the same account, so for an endpoint its URL is part of
 * the identity too.
 */

/** `http://127.0.0.1:4580/` and `http://127.0.0.1:4580` are the same endpoint; the URL as given when it is not one. */
export function normaliseEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

/** `arn:aws:ecs:us-east-1:123456789012:cluster/prod` → `123456789012`; null when the text is not an ARN with an account. */
export function accountOfArn(arn: string | null): string | null {
  if (!arn?.startsWith('arn:')) return null;
  const account = arn.split(':')[4];
  return account ? account : null;
}

/**
 * Whether two records are about the same cluster of the same fleet. A record that does not
 * say where it acted, or names no cluster ARN, matches nothing.
 */
export function sameCluster(a: AuditWhere | null, b: AuditWhere | null): boolean {
  if (!a || !b || a.clusterArn === null || b.clusterArn === null) return false;
  return a.source === b.source && a.clusterArn === b.clusterArn && a.endpoint === b.endpoint;
}

/** Where, in words, for the audit view. */
export function describeWhere(where: AuditWhere | null): string {
  if (!where) return 'not recorded (written before entries said where they acted)';
  const cluster = where.clusterArn ? `, cluster ${where.clusterArn}` : '';
  const account = where.account ? ` account ${where.account}` : '';
  switch (where.source) {
    case 'aws':
      return `AWS${account} in ${where.region}${cluster}`;
    case 'endpoint':
      return `the ECS endpoint ${where.endpoint ?? '(unknown)'} (${where.region}${account})${cluster}`;
    case 'sandbox':
      return `the sandbox started inside the console or command (${where.endpoint ?? 'no endpoint'})${cluster}`;
  }
}
