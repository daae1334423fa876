import type {
  DescribeScalableTargetsResponse,
  DescribeScalingActivitiesResponse,
  DescribeScalingPoliciesResponse,
} from '@aws-sdk/client-application-auto-scaling';
import { z } from 'zod';
import { memberAt } from '../awsJsonProtocol';
import { AwsApiError, EcsApiError } from '../ecsApiError';
import { paginate } from '../pageTokens';
import { ecsScalableDimension, type TargetTracking, type TrackedTarget } from './targetTracking';

/** DescribeScalableTargets, DescribeScalingPolicies and DescribeScalingActivities, as Application Auto Scaling answers them. */

type AutoScalingErrorType = 'ValidationException' | 'InvalidNextTokenException';

class AutoScalingApiError extends AwsApiError {
  declare readonly type: AutoScalingErrorType;

  constructor(type: AutoScalingErrorType, message: string) {
    super(type, message);
  }
}

const serviceNamespaces = [
  'ecs',
  'elasticmapreduce',
  'ec2',
  'appstream',
  'dynamodb',
  'rds',
  'sagemaker',
  'custom-resource',
  'comprehend',
  'lambda',
  'cassandra',
  'kafka',
  'elasticache',
  'neptune',
  'workspaces',
] as const;

const filters = {
  ServiceNamespace: z.string(),
  ScalableDimension: z.string().optional(),
  MaxResults: z.number().optional(),
  NextToken: z.string().optional(),
};
const scalableTargetsRequest = z.object({ ...filters, ResourceIds: z.array(z.string()).optional() });
const scalingPoliciesRequest = z.object({
  ...filters,
  ResourceId: z.string().optional(),
  PolicyNames: z.array(z.string()).optional(),
});
const scalingActivitiesRequest = z.object({
  ...filters,
  ResourceId: z.string().optional(),
  IncludeNotScaledActivities: z.boolean().optional(),
});

export function autoScalingOperations(
  tracking: TargetTracking,
  sync: () => void,
): ReadonlyMap<string, (input: unknown) => object> {
  /** The targets a request names, after the checks every describe makes. */
  const targetsFor = (
    request: z.infer<typeof scalableTargetsRequest>,
    resourceIds: readonly string[],
  ): TrackedTarget[] => {
    if (!(serviceNamespaces as readonly string[]).includes(request.ServiceNamespace))
      throw new AutoScalingApiError(
        'ValidationException',
        `1 validation error detected: Value '${request.ServiceNamespace}' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: [${serviceNamespaces.join(', ')}]`,
      );
    if (request.ServiceNamespace !== 'ecs') return [];
    if (request.ScalableDimension !== undefined && request.ScalableDimension !== ecsScalableDimension)
      throw new AutoScalingApiError(
        'ValidationException',
        `Unsupported scalable dimension ${request.ScalableDimension} for service namespace ecs; ECS services scale by ${ecsScalableDimension}.`,
      );
    for (const id of resourceIds)
      if (!/^service\/[^/]+\/[^/]+$/.test(id))
        throw new AutoScalingApiError(
          'ValidationException',
          `Unsupported resource id ${id} for service namespace ecs: an ECS service is service/<cluster>/<service>.`,
        );
    sync();
    const targets = tracking.trackedTargets();
    return resourceIds.length === 0
      ? targets
      : targets.filter((target) => resourceIds.includes(target.record.ResourceId!));
  };
  return new Map<string, (input: unknown) => object>([
    [
      'DescribeScalableTargets',
      (input): DescribeScalableTargetsResponse => {
        const request = parse(scalableTargetsRequest, input);
        const targets = targetsFor(request, request.ResourceIds ?? []);
        const page = pageOf(targets, request, 'scalable-targets', 50);
        return { ScalableTargets: page.items.map((target) => target.record), NextToken: page.nextToken };
      },
    ],
    [
      'DescribeScalingPolicies',
      (input): DescribeScalingPoliciesResponse => {
        const request = parse(scalingPoliciesRequest, input);
        const names = request.PolicyNames ?? [];
        const policies = targetsFor(request, request.ResourceId === undefined ? [] : [request.ResourceId])
          .flatMap((target) => target.policies.map((policy) => policy.record))
          .filter((policy) => names.length === 0 || names.includes(policy.PolicyName!));
        const page = pageOf(policies, request, 'scaling-policies', 10);
        return { ScalingPolicies: page.items, NextToken: page.nextToken };
      },
    ],
    [
      'DescribeScalingActivities',
      (input): DescribeScalingActivitiesResponse => {
        const request = parse(scalingActivitiesRequest, input);
        const activities = targetsFor(request, request.ResourceId === undefined ? [] : [request.ResourceId])
          .flatMap((target) => target.activities)
          .sort((a, b) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0));
        const page = pageOf(activities, request, 'scaling-activities', 50);
        return { ScalingActivities: page.items, NextToken: page.nextToken };
      },
    ],
  ]);
}

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || 'request';
  const member = `${path[0]?.toLowerCase() ?? ''}${path.slice(1)}`;
  throw new AutoScalingApiError(
    'ValidationException',
    issue && memberAt(input, issue.path) === undefined
      ? `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`
      : `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`,
  );
}

function pageOf<T>(
  items: readonly T[],
  request: { MaxResults?: number | undefined; NextToken?: string | undefined },
  list: string,
  maxSize: number,
): { items: T[]; nextToken: string | undefined } {
  const size = request.MaxResults ?? maxSize;
  if (!Number.isInteger(size) || size < 1 || size > maxSize)
    throw new AutoScalingApiError('ValidationException', `MaxResults must be between 1 and ${maxSize}.`);
  try {
    return paginate(
      items,
      { maxResults: size, nextToken: request.NextToken },
      { list, defaultSize: maxSize, maxSize },
    );
  } catch (error) {
    if (error instanceof EcsApiError)
      throw new AutoScalingApiError('InvalidNextTokenException', 'Invalid token');
    throw error;
  }
}
