import type { DeploymentSummary, ServiceSummary } from '../../../shared/fleet/fleetModel';

/**
 * One deployment in a few words: its rollout state and how many of its tasks run, e.g.
 * "IN_PROGRESS 1/3 new, 2 failed". While two deployments coexist, "new" marks the
 * PRIMARY one (the revision being rolled out) and "old" the one it replaces.
 */
export function describeDeployment(deployment: DeploymentSummary, deploymentCount: number): string {
  const state = deployment.rolloutState ?? deployment.status;
  let text = `${state} ${deployment.runningCount}/${deployment.desiredCount}`;
  if (deploymentCount > 1) text += deployment.status === 'PRIMARY' ? ' new' : ' old';
  if (deployment.failedTasks > 0) text += `, ${deployment.failedTasks} failed`;
  return text;
}

/** A replaced deployment, in the few characters a table cell has left: "old 2/3". */
export function describeOldDeployment(deployment: DeploymentSummary): string {
  return `old ${deployment.runningCount}/${deployment.desiredCount}`;
}

/** PRIMARY first, then the others in the order ECS lists them. */
export function orderDeployments(deployments: readonly DeploymentSummary[]): DeploymentSummary[] {
  return [...deployments].sort((a, b) => Number(b.status === 'PRIMARY') - Number(a.status === 'PRIMARY'));
}

/** "2/3 running, 1 pending": what the tasks column says. */
export function describeTaskCounts(
  service: Pick<ServiceSummary, 'runningCount' | 'desiredCount' | 'pendingCount'>,
): string {
  const base = `${service.runningCount}/${service.desiredCount}`;
  return service.pendingCount > 0 ? `${base} +${service.pendingCount} pending` : base;
}
