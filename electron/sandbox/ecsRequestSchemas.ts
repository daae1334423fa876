import type { DeploymentConfiguration, RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { z } from 'zod';
import { memberAt } from './awsJsonProtocol';
import { EcsApiError } from './ecsApiError';

/**
 * Request shapes of the ECS operations the sandbox serves. Unknown members are ignored;
 * a missing required member is an InvalidParameterException and a member of the wrong
 * JSON type a SerializationException, as ECS answers.
 */

const page = { nextToken: z.string().optional(), maxResults: z.number().optional() };
const cluster = z.string().optional();
const include = z.array(z.string()).optional();

export const listClustersRequest = z.object({ ...page });

export const describeClustersRequest = z.object({ clusters: z.array(z.string()).optional(), include });

export const listServicesRequest = z.object({
  cluster,
  ...page,
  launchType: z.string().optional(),
  schedulingStrategy: z.string().optional(),
});

export const describeServicesRequest = z.object({ cluster, services: z.array(z.string()), include });

const deploymentConfiguration = z.looseObject({
  maximumPercent: z.number().optional(),
  minimumHealthyPercent: z.number().optional(),
  deploymentCircuitBreaker: z
    .looseObject({ enable: z.boolean(), rollback: z.boolean(), resetOnHealthyTask: z.boolean().optional() })
    .optional(),
});

export const updateServiceRequest = z.object({
  cluster,
  service: z.string(),
  desiredCount: z.number().optional(),
  taskDefinition: z.string().optional(),
  forceNewDeployment: z.boolean().optional(),
  deploymentConfiguration: deploymentConfiguration
    .transform((value) => value as DeploymentConfiguration)
    .optional(),
});

export const listTasksRequest = z.object({
  cluster,
  ...page,
  serviceName: z.string().optional(),
  family: z.string().optional(),
  startedBy: z.string().optional(),
  containerInstance: z.string().optional(),
  launchType: z.string().optional(),
  desiredStatus: z.enum(['RUNNING', 'PENDING', 'STOPPED']).optional(),
});

export const describeTasksRequest = z.object({ cluster, tasks: z.array(z.string()), include });

export const describeTaskDefinitionRequest = z.object({ taskDefinition: z.string(), include });

export const listTaskDefinitionsRequest = z.object({
  ...page,
  familyPrefix: z.string().optional(),
  status: z.enum(['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']).optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
});

const containerDefinition = z.looseObject({ name: z.string().optional(), image: z.string().optional() });

export const registerTaskDefinitionRequest = z
  .looseObject({
    family: z.string(),
    containerDefinitions: z.array(containerDefinition),
    cpu: z.string().optional(),
    memory: z.string().optional(),
    networkMode: z.string().optional(),
    tags: z.array(z.object({ key: z.string(), value: z.string().optional() })).optional(),
  })
  // The registry validates container definitions member by member, with ECS's own messages.
  .transform((value) => value as RegisterTaskDefinitionRequest);

export const deregisterTaskDefinitionRequest = z.object({ taskDefinition: z.string() });

const serviceDeploymentStatus = z.enum([
  'PENDING',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);

export const listServiceDeploymentsRequest = z.object({
  cluster,
  service: z.string(),
  status: z.array(serviceDeploymentStatus).optional(),
  // Timestamps arrive as epoch seconds.
  createdAt: z.object({ before: z.number().optional(), after: z.number().optional() }).optional(),
  ...page,
});

export const describeServiceDeploymentsRequest = z.object({ serviceDeploymentArns: z.array(z.string()) });

export const describeServiceRevisionsRequest = z.object({ serviceRevisionArns: z.array(z.string()) });

export const stopServiceDeploymentRequest = z.object({
  serviceDeploymentArn: z.string(),
  stopType: z.enum(['ROLLBACK', 'ABORT']).optional(),
});

/** Parses an operation's input, answering bad input with the exception ECS would raise. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || 'request';
  if (issue && memberAt(input, issue.path) === undefined) {
    throw new EcsApiError('InvalidParameterException', `${path} is required.`);
  }
  if (issue?.code === 'invalid_value') {
    throw new EcsApiError('InvalidParameterException', `${path} has an invalid value: ${issue.message}`);
  }
  throw new EcsApiError('SerializationException', `${path}: ${issue?.message ?? 'unexpected value'}`);
}
