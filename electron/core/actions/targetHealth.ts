import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { toIpcError } from '../ipc/consoleError';

/**
 * What a rollout watch reads beside ECS: whether the target revision's tasks are healthy
 * targets of the service's target groups (RUNNING is not healthy: a task can run and fail
 * every load balancer check), and the state of the alarms the service's deployment
 * configuration names. A read that fails is a reason, never a verdict.
 */

export interface TargetGroupBinding {
  arn: string;
  /** The container port the service registers; ip targets are registered on it. */
  port: number | null;
}

/** The target groups the service registers its tasks with, each once. */
export function targetGroupsOf(service: Service): TargetGroupBinding[] {
  const byArn = new Map<string, TargetGroupBinding>();
  for (const binding of service.loadBalancers ?? [])
    if (binding.targetGroupArn && !byArn.has(binding.targetGroupArn))
      byArn.set(binding.targetGroupArn, { arn: binding.targetGroupArn, port: binding.containerPort ?? null });
  return [...byArn.values()];
}

export interface TargetGroupCount {
  name: string;
  /** Tasks of the revision that are healthy targets of the group. */
  healthy: number;
  /** The other tasks of the revision by the group's state for them (`initial`, `unhealthy`, `unused`…). */
  others: Map<string, number>;
}

export type TargetsReading =
  | { ok: true; expected: number; groups: TargetGroupCount[]; ready: boolean; text: string }
  | { ok: false; text: string };

/**
 * The health of the revision's running tasks in each target group, matched by the private IP
 * and port ECS registered them with. Ready when every group has `expected` of them healthy.
 */
export async function readRevisionTargets(
  clients: { ecs: ECSClient; loadBalancing: ElasticLoadBalancingV2Client },
  where: { cluster: string; service: string; taskDefinitionArn: string },
  groups: readonly TargetGroupBinding[],
  expected: number,
  signal: AbortSignal,
): Promise<TargetsReading> {
  try {
    const tasks = (await runningTasksOf(clients.ecs, where.cluster, where.service, signal)).filter(
      (task) => task.taskDefinitionArn === where.taskDefinitionArn && task.lastStatus === 'RUNNING',
    );
    const addresses = tasks.map(privateIpOf);
    const counts: TargetGroupCount[] = [];
    for (const group of groups) {
      const count: TargetGroupCount = { name: targetGroupName(group.arn), healthy: 0, others: new Map() };
      const asked = addresses.filter((address): address is string => address !== null);
      const missing = addresses.length - asked.length;
      if (missing > 0) count.others.set('without a private IP', missing);
      // Asked by id: ELBv2 answers an unregistered one as `unused` instead of leaving it out.
      const answer =
        asked.length === 0
          ? { TargetHealthDescriptions: [] }
          : await clients.loadBalancing.send(
              new DescribeTargetHealthCommand({
                TargetGroupArn: group.arn,
                Targets: asked.map((id) => (group.port === null ? { Id: id } : { Id: id, Port: group.port })),
              }),
              { abortSignal: signal },
            );
      for (const description of answer.TargetHealthDescriptions ?? []) {
        const state = description.TargetHealth?.State ?? 'unknown';
        if (state === 'healthy') count.healthy++;
        else count.others.set(state, (count.others.get(state) ?? 0) + 1);
      }
      counts.push(count);
    }
    const ready = counts.every((count) => count.healthy >= expected);
    return { ok: true, expected, groups: counts, ready, text: targetsText(counts, expected) };
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, text: `cannot check target health: ${toIpcError(error).message}` };
  }
}

function targetsText(groups: readonly TargetGroupCount[], expected: number): string {
  return groups
    .map((group) => {
      const others = [...group.others].map(([state, count]) => `${count} ${state}`);
      const where = groups.length > 1 ? ` in ${group.name}` : '';
      const seen = group.healthy + [...group.others.values()].reduce((sum, count) => sum + count, 0);
      // While old and new tasks of the revision overlap there are more than ECS wants.
      const healthy =
        seen > expected
          ? `${group.healthy} targets healthy${where} (${expected} wanted)`
          : `${group.healthy} of ${expected} targets healthy${where}`;
      return [healthy, ...others].join(', ');
    })
    .join('; ');
}

/** `name` of `…:targetgroup/name/id`, as the console shows a target group. */
export function targetGroupName(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}

async function runningTasksOf(
  ecs: ECSClient,
  cluster: string,
  serviceName: string,
  signal: AbortSignal,
): Promise<Task[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(
      new ListTasksCommand({ cluster, serviceName, desiredStatus: 'RUNNING', maxResults: 100, nextToken }),
      { abortSignal: signal },
    );
    arns.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const tasks: Task[] = [];
  for (let start = 0; start < arns.length; start += 100) {
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster, tasks: arns.slice(start, start + 100) }),
      { abortSignal: signal },
    );
    tasks.push(...(described.tasks ?? []));
  }
  return tasks;
}

/** The address an awsvpc task is registered by: its network interface's private IPv4 address. */
function privateIpOf(task: Task): string | null {
  for (const attachment of task.attachments ?? [])
    for (const detail of attachment.details ?? [])
      if (detail.name === 'privateIPv4Address' && detail.value) return detail.value;
  for (const container of task.containers ?? [])
    for (const networkInterface of container.networkInterfaces ?? [])
      if (networkInterface.privateIpv4Address) return networkInterface.privateIpv4Address;
  return null;
}

/** The names of the alarms the service's deployment configuration names. */
export function deploymentAlarmNames(service: Service): string[] {
  return [...new Set(service.deploymentConfiguration?.alarms?.alarmNames ?? [])];
}

export interface AlarmReading {
  name: string;
  state: string;
  reason: string;
  /** When the state last changed value, epoch ms; null when CloudWatch does not say. */
  transitionedAt: number | null;
}

/** The named alarms' states; an alarm CloudWatch does not have is missing from the answer. */
export async function readAlarms(
  cloudWatch: CloudWatchClient,
  names: readonly string[],
  signal: AbortSignal,
): Promise<AlarmReading[]> {
  const readings: AlarmReading[] = [];
  // DescribeAlarms takes at most 100 names a call.
  for (let start = 0; start < names.length; start += 100) {
    let nextToken: string | undefined;
    do {
      const page = await cloudWatch.send(
        new DescribeAlarmsCommand({
          AlarmNames: names.slice(start, start + 100),
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
        readings.push({
          name: alarm.AlarmName ?? '',
          state: alarm.StateValue ?? 'unknown',
          reason: alarm.StateReason ?? '',
          transitionedAt:
            (alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp)?.getTime() ?? null,
        });
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return readings;
}
