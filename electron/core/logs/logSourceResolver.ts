import { type CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type ContainerDefinition, DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { parseArn, parseTaskDefinitionArn } from '../../../shared/fleet/ecsArns';
import type { LogSource } from '../../../shared/logs/logModel';
import type { AwsTarget } from '../config/consoleConfig';
import { describeService } from '../fleet/ecsFleetReader';
import { ConsoleError } from '../ipc/consoleError';

/**
 * Where a service's logs are: DescribeServices gives its task definition, whose containers'
 * `awslogs` options name the log group, region and stream prefix. The essential container's
 * logs are the service's. Task definitions never change, so answers are kept per ARN; the
 * group's ARN (which live tail needs) is looked up once per group.
 */

export interface ResolvedLogSource extends LogSource {
  /** The group's ARN without the trailing `:*`, as StartLiveTail wants it. */
  logGroupArn: string;
  /** The target to read the group with: the service's, in the awslogs region. */
  logsTarget: AwsTarget;
}

export interface LogSourceRequest {
  ecs: ECSClient;
  aws: AwsTarget;
  cluster: string;
  service: string;
  logsClientFor: (target: AwsTarget) => CloudWatchLogsClient;
  signal?: AbortSignal;
}

export class LogSourceResolver {
  private readonly containers = new Map<string, Promise<ContainerLogs>>();
  private readonly groupArns = new Map<string, Promise<string>>();

  async resolve(request: LogSourceRequest): Promise<ResolvedLogSource> {
    const signal = request.signal ?? new AbortController().signal;
    const service = await describeService(request.ecs, request.cluster, request.service, signal);
    const taskDefinitionArn = service.taskDefinition;
    if (!taskDefinitionArn)
      throw new ConsoleError('NOT_FOUND', `Service ${request.service} has no task definition.`);
    const logs = await this.containerLogs(request.ecs, taskDefinitionArn, signal);
    const logsTarget: AwsTarget = { ...request.aws, region: logs.region ?? request.aws.region };
    const logGroupArn = await this.groupArn(
      request.logsClientFor(logsTarget),
      logsTarget,
      logs.group,
      taskDefinitionArn,
      signal,
    );
    return {
      logGroup: logs.group,
      region: logsTarget.region,
      streamPrefix: logs.prefix,
      containerName: logs.containerName,
      taskDefinitionArn,
      logGroupArn,
      logsTarget,
    };
  }

  private containerLogs(
    ecs: ECSClient,
    taskDefinitionArn: string,
    signal: AbortSignal,
  ): Promise<ContainerLogs> {
    let known = this.containers.get(taskDefinitionArn);
    if (!known) {
      known = readContainerLogs(ecs, taskDefinitionArn, signal);
      this.containers.set(taskDefinitionArn, known);
      known.catch(() => this.containers.delete(taskDefinitionArn));
    }
    return known;
  }

  private groupArn(
    client: CloudWatchLogsClient,
    target: AwsTarget,
    group: string,
    taskDefinitionArn: string,
    signal: AbortSignal,
  ): Promise<string> {
    const key = JSON.stringify([target.profile ?? null, target.region, target.endpoint ?? null, group]);
    let known = this.groupArns.get(key);
    if (!known) {
      known = lookUpGroupArn(client, target, group, taskDefinitionArn, signal);
      this.groupArns.set(key, known);
      known.catch(() => this.groupArns.delete(key));
    }
    return known;
  }
}

interface ContainerLogs {
  containerName: string;
  group: string;
  region: string | null;
  prefix: string | null;
}

async function readContainerLogs(
  ecs: ECSClient,
  taskDefinitionArn: string,
  signal: AbortSignal,
): Promise<ContainerLogs> {
  const answer = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }), {
    abortSignal: signal,
  });
  const containers = answer.taskDefinition?.containerDefinitions ?? [];
  const withLogs = containers.filter(
    (container) =>
      container.logConfiguration?.logDriver === 'awslogs' &&
      container.logConfiguration.options?.['awslogs-group'],
  );
  const chosen = withLogs.find((container) => container.essential !== false) ?? withLogs[0];
  if (!chosen) {
    const { family, revision } = parseTaskDefinitionArn(taskDefinitionArn);
    const drivers = [...new Set(containers.map(driverOf))].join(', ');
    throw new ConsoleError(
      'NOT_FOUND',
      `${family}:${revision} sends no container's logs to CloudWatch Logs (log drivers: ${drivers || 'none'}).`,
    );
  }
  const options = chosen.logConfiguration!.options!;
  return {
    containerName: chosen.name ?? 'app',
    group: options['awslogs-group']!,
    region: options['awslogs-region'] ?? null,
    prefix: options['awslogs-stream-prefix'] ?? null,
  };
}

function driverOf(container: ContainerDefinition): string {
  return container.logConfiguration?.logDriver ?? 'none';
}

/**
 * The group's ARN from DescribeLogGroups, which also says whether it exists. An identity
 * that may read logs but not describe groups gets the ARN built from the task definition's
 * account instead.
 */
async function lookUpGroupArn(
  client: CloudWatchLogsClient,
  target: AwsTarget,
  group: string,
  taskDefinitionArn: string,
  signal: AbortSignal,
): Promise<string> {
  try {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group, nextToken }), {
        abortSignal: signal,
      });
      const found = page.logGroups?.find((candidate) => candidate.logGroupName === group);
      if (found) return found.logGroupArn ?? found.arn!.replace(/:\*$/, '');
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AccessDeniedException')) throw error;
    const arn = parseArn(taskDefinitionArn);
    return `arn:${arn?.partition ?? 'aws'}:logs:${target.region}:${arn?.accountId ?? ''}:log-group:${group}`;
  }
  throw new ConsoleError('NOT_FOUND', `The log group ${group} does not exist in ${target.region} (yet).`);
}
