import type {
  DescribeClustersResponse,
  DescribeServicesResponse,
  Failure,
  ListClustersResponse,
  ListServicesResponse,
  UpdateServiceResponse,
} from '@aws-sdk/client-ecs';
import { clusterNameFromReference, serviceNameFromReference } from '../../shared/fleet/ecsArns';
import { clusterArn, serviceArn } from './sandboxArns';
import { EcsApiError } from './ecsApiError';
import {
  describeClustersRequest,
  describeServicesRequest,
  listClustersRequest,
  listServicesRequest,
  parseRequest,
  updateServiceRequest,
} from './ecsRequestSchemas';
import type { EcsSimulation } from './ecsSimulation';
import { clusterView, serviceView } from './ecsViews';
import { paginate } from './pageTokens';

/** ListClusters, DescribeClusters, ListServices, DescribeServices and UpdateService. */

export function listClusters(simulation: EcsSimulation, input: unknown): ListClustersResponse {
  const request = parseRequest(listClustersRequest, input);
  const arns = simulation.listClusters().map((cluster) => cluster.cluster.clusterArn!);
  const page = paginate(arns, request, { list: 'clusters', defaultSize: 100, maxSize: 100 });
  return { clusterArns: page.items, nextToken: page.nextToken };
}

export function describeClusters(simulation: EcsSimulation, input: unknown): DescribeClustersResponse {
  const request = parseRequest(describeClustersRequest, input);
  const references = request.clusters ?? ['default'];
  if (references.length > 100)
    throw new EcsApiError('InvalidParameterException', 'At most 100 clusters can be described at once.');
  const include = new Set(request.include ?? []);
  const response: Required<Pick<DescribeClustersResponse, 'clusters' | 'failures'>> = {
    clusters: [],
    failures: [],
  };
  for (const reference of references) {
    const cluster = simulation.findCluster(reference);
    if (cluster) {
      response.clusters.push(
        clusterView(cluster, {
          includeTags: include.has('TAGS'),
          includeSettings: include.has('SETTINGS'),
          includeStatistics: include.has('STATISTICS'),
        }),
      );
    } else {
      response.failures.push({ arn: clusterArn(clusterNameFromReference(reference)), reason: 'MISSING' });
    }
  }
  return response;
}

export function listServices(simulation: EcsSimulation, input: unknown): ListServicesResponse {
  const request = parseRequest(listServicesRequest, input);
  const cluster = simulation.requireCluster(request.cluster);
  const matches =
    (request.launchType === undefined || request.launchType === 'FARGATE') &&
    (request.schedulingStrategy === undefined || request.schedulingStrategy === 'REPLICA');
  const arns = matches ? [...cluster.services.values()].map((service) => service.service.serviceArn!) : [];
  const page = paginate(arns, request, { list: `services:${cluster.name}`, defaultSize: 10, maxSize: 100 });
  return { serviceArns: page.items, nextToken: page.nextToken };
}

export function describeServices(simulation: EcsSimulation, input: unknown): DescribeServicesResponse {
  const request = parseRequest(describeServicesRequest, input);
  const cluster = simulation.requireCluster(request.cluster);
  if (request.services.length === 0)
    throw new EcsApiError('InvalidParameterException', 'Services cannot be empty.');
  if (request.services.length > 10) {
    throw new EcsApiError(
      'InvalidParameterException',
      'DescribeServices accepts at most 10 services per request.',
    );
  }
  const includeTags = (request.include ?? []).includes('TAGS');
  const response: DescribeServicesResponse & { failures: Failure[] } = { services: [], failures: [] };
  for (const reference of request.services) {
    const service = simulation.findService(cluster, reference);
    if (service) response.services!.push(serviceView(service, { includeTags }));
    else
      response.failures.push({
        arn: reference.startsWith('arn:')
          ? reference
          : serviceArn(cluster.name, serviceNameFromReference(reference)),
        reason: 'MISSING',
      });
  }
  return response;
}

export function updateService(simulation: EcsSimulation, input: unknown): UpdateServiceResponse {
  const request = parseRequest(updateServiceRequest, input);
  const cluster = simulation.requireCluster(request.cluster);
  const service = simulation.requireService(cluster, request.service);
  simulation.updateService(service, {
    desiredCount: request.desiredCount,
    taskDefinition: request.taskDefinition,
    forceNewDeployment: request.forceNewDeployment,
    deploymentConfiguration: request.deploymentConfiguration,
  });
  return { service: serviceView(service) };
}
