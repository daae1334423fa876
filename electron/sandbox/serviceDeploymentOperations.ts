import type {
  DescribeServiceDeploymentsResponse,
  DescribeServiceRevisionsResponse,
  Failure,
  ListServiceDeploymentsResponse,
  ServiceDeployment,
  ServiceRevision,
  StopServiceDeploymentResponse,
} from '@aws-sdk/client-ecs';
import { EcsApiError } from './ecsApiError';
import {
  describeServiceDeploymentsRequest,
  describeServiceRevisionsRequest,
  listServiceDeploymentsRequest,
  parseRequest,
  stopServiceDeploymentRequest,
} from './ecsRequestSchemas';
import type { EcsSimulation } from './ecsSimulation';
import { serviceDeploymentBrief, serviceDeploymentView } from './ecsViews';
import { paginate } from './pageTokens';

/**
 * The Service Deployments API: ListServiceDeployments, DescribeServiceDeployments,
 * DescribeServiceRevisions and StopServiceDeployment.
 */

/** DescribeServiceDeployments and DescribeServiceRevisions take at most this many ARNs. */
const maxArnsPerDescribe = 20;

export function listServiceDeployments(
  simulation: EcsSimulation,
  input: unknown,
): ListServiceDeploymentsResponse {
  const request = parseRequest(listServiceDeploymentsRequest, input);
  const cluster = simulation.requireCluster(request.cluster);
  const service = simulation.requireService(cluster, request.service);
  const statuses = request.status ? new Set<string>(request.status) : null;
  const after = request.createdAt?.after;
  const before = request.createdAt?.before;
  const records = service.serviceDeployments.filter((record) => {
    const created = (record.createdAt?.getTime() ?? 0) / 1000;
    return (
      (statuses === null || statuses.has(record.status ?? '')) &&
      (after === undefined || created >= after) &&
      (before === undefined || created <= before)
    );
  });
  const page = paginate(records, request, {
    list: `service-deployments:${service.service.serviceArn}`,
    defaultSize: 20,
    maxSize: 100,
  });
  return { serviceDeployments: page.items.map(serviceDeploymentBrief), nextToken: page.nextToken };
}

export function describeServiceDeployments(
  simulation: EcsSimulation,
  input: unknown,
): DescribeServiceDeploymentsResponse {
  const request = parseRequest(describeServiceDeploymentsRequest, input);
  checkArnCount('serviceDeploymentArns', request.serviceDeploymentArns);
  const serviceDeployments: ServiceDeployment[] = [];
  const failures: Failure[] = [];
  for (const arn of request.serviceDeploymentArns) {
    const found = simulation.findServiceDeployment(arn);
    if (found) serviceDeployments.push(serviceDeploymentView(found.service, found.record));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { serviceDeployments, failures };
}

export function describeServiceRevisions(
  simulation: EcsSimulation,
  input: unknown,
): DescribeServiceRevisionsResponse {
  const request = parseRequest(describeServiceRevisionsRequest, input);
  checkArnCount('serviceRevisionArns', request.serviceRevisionArns);
  const serviceRevisions: ServiceRevision[] = [];
  const failures: Failure[] = [];
  for (const arn of request.serviceRevisionArns) {
    const revision = simulation.findServiceRevision(arn);
    if (revision) serviceRevisions.push(structuredClone(revision));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { serviceRevisions, failures };
}

function checkArnCount(member: string, arns: readonly string[]): void {
  if (arns.length === 0) throw new EcsApiError('InvalidParameterException', `${member} cannot be empty.`);
  if (arns.length > maxArnsPerDescribe) {
    throw new EcsApiError(
      'InvalidParameterException',
      `${member} can have at most ${maxArnsPerDescribe} ARNs.`,
    );
  }
}

export function stopServiceDeployment(
  simulation: EcsSimulation,
  input: unknown,
): StopServiceDeploymentResponse {
  const request = parseRequest(stopServiceDeploymentRequest, input);
  if (request.stopType === 'ABORT') {
    throw new EcsApiError(
      'InvalidParameterException',
      'stopType ABORT is not supported for rolling update deployments; use ROLLBACK.',
    );
  }
  const found = simulation.findServiceDeployment(request.serviceDeploymentArn);
  if (!found)
    throw new EcsApiError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
  simulation.requestRollback(found.service, found.record);
  return { serviceDeploymentArn: request.serviceDeploymentArn };
}
