import type { Deployment, ECSClient, Service } from '@aws-sdk/client-ecs';
import type { ProgressDeployment } from '../../../shared/actions/actionModel';
import type { ServiceEvent } from '../../../shared/fleet/fleetModel';
import { spokenDuration } from '../../../shared/time/durationText';
import { delay } from '../../../shared/delay';
import { describeService } from '../fleet/ecsFleetReader';
import { toServiceEvent } from '../fleet/serviceSummary';
import { toIpcError } from '../ipc/consoleError';
import type { HealthClients } from './healthClients';
import {
  deploymentAlarmNames,
  readAlarms,
  readRevisionTargets,
  targetGroupsOf,
  type AlarmReading,
} from './targetHealth';
import { labelOfArn } from './taskDefinitionShape';

/**
 * Follows a rollout to its end by polling DescribeServices: done when the PRIMARY deployment
 * runs the target revision with running = desired and its rollout COMPLETED and, for a
 * service behind a load balancer, when that many of its tasks are healthy targets (ECS
 * calls a task RUNNING long before the load balancer sends it traffic, and a task can run
 * and fail every check); failed when that rollout FAILED, ECS put something else in its
 * place, or an alarm the deployment configuration names went to ALARM during the watch;
 * timed out when none of that happened in time. Polls that fail (throttling, a dropped
 * connection) are reported and retried until the timeout; target health or alarms that
 * cannot be read are reported and keep the watch from succeeding.
 */

/** Time for the watcher; tests pass one that moves on its own terms. */
export interface ActionClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemActionClock: ActionClock = {
  now: () => Date.now(),
  sleep: delay,
};

export interface RolloutPoll {
  deployments: ProgressDeployment[];
  newEvents: ServiceEvent[];
  message: string;
}

export interface RolloutResult {
  outcome: 'succeeded' | 'failed' | 'timed-out' | 'cancelled';
  message: string;
  deployments: ProgressDeployment[];
  newEvents: ServiceEvent[];
}

export interface RolloutWatch {
  client: ECSClient;
  cluster: string;
  service: string;
  targetArn: string;
  /** On the watcher's clock; elapsed time and the timeout count from here. */
  startedAt: number;
  timeoutMs: number;
  pollIntervalMs: number;
  clock: ActionClock;
  signal: AbortSignal;
  /** Events already known when the action started; only newer ones are reported. */
  knownEventIds: Set<string>;
  /** ELBv2 and CloudWatch for the same account; without them only ECS is asked (the watch before target health). */
  health?: HealthClients | undefined;
  onPoll(poll: RolloutPoll): void;
}

export async function watchRollout(watch: RolloutWatch): Promise<RolloutResult> {
  const target = labelOfArn(watch.targetArn);
  let tookHold = false;
  let deployments: ProgressDeployment[] = [];
  let lastError: string | null = null;
  let summary = `waiting for ${target} to become PRIMARY`;
  const alarms = new DeploymentAlarmWatch();

  for (;;) {
    if (watch.signal.aborted)
      return { outcome: 'cancelled', message: 'The watch was stopped.', deployments, newEvents: [] };
    let service: Service | null = null;
    try {
      service = await describeService(watch.client, watch.cluster, watch.service, watch.signal);
      lastError = null;
    } catch (error) {
      if (watch.signal.aborted) continue;
      lastError = toIpcError(error).message;
    }

    let newEvents: ServiceEvent[] = [];
    if (service) {
      deployments = (service.deployments ?? []).map((deployment) =>
        toProgressDeployment(deployment, watch.targetArn),
      );
      newEvents = freshEvents(service, watch.knownEventIds);
      const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
      const alarmCheck = watch.health
        ? await alarms.check(watch.health.cloudWatch, deploymentAlarmNames(service), watch.signal)
        : null;
      if (watch.signal.aborted) continue;
      if (alarmCheck?.fired) {
        const { fired } = alarmCheck;
        return {
          outcome: 'failed',
          message: `Alarm ${fired.name} went to ALARM during the rollout of ${target}${fired.reason ? `: ${fired.reason}` : '.'}`,
          deployments,
          newEvents,
        };
      }
      let targets: { ready: boolean; text: string } | null = null;
      if (primary?.isTarget) {
        tookHold = true;
        if (primary.rolloutState === 'FAILED') {
          return {
            outcome: 'failed',
            message: `The rollout of ${target} FAILED${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : '.'}`,
            deployments,
            newEvents,
          };
        }
        const groups = targetGroupsOf(service);
        if (watch.health && groups.length > 0) {
          const reading = await readRevisionTargets(
            { ecs: watch.client, loadBalancing: watch.health.loadBalancing },
            { cluster: watch.cluster, service: watch.service, taskDefinitionArn: watch.targetArn },
            groups,
            primary.desiredCount,
            watch.signal,
          );
          if (watch.signal.aborted) continue;
          targets = { ready: reading.ok && reading.ready, text: reading.text };
        }
        const ecsDone = primary.rolloutState === 'COMPLETED' && primary.runningCount === primary.desiredCount;
        if (ecsDone && (targets?.ready ?? true) && (alarmCheck?.readable ?? true)) {
          const notes = [targets?.text, alarmCheck?.text].filter(
            (note) => note !== undefined && note !== null,
          );
          return {
            outcome: 'succeeded',
            message: `${target} is PRIMARY with ${primary.runningCount}/${primary.desiredCount} running and its rollout COMPLETED${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`,
            deployments,
            newEvents,
          };
        }
      } else if (tookHold && primary) {
        return {
          outcome: 'failed',
          message: `ECS replaced the rollout of ${target}: PRIMARY now runs ${primary.label}${primary.rolloutStateReason ? ` (${primary.rolloutStateReason})` : ''}.`,
          deployments,
          newEvents,
        };
      }
      const ecsSummary = primary
        ? `PRIMARY ${primary.label}: ${primary.runningCount}/${primary.desiredCount} running, ${primary.pendingCount} pending, rollout ${primary.rolloutState ?? 'unknown'}${primary.isTarget ? '' : ` (waiting for ${target})`}`
        : `no PRIMARY deployment yet (waiting for ${target})`;
      summary = [ecsSummary, targets?.text, alarmCheck?.text]
        .filter((part) => part !== undefined && part !== null)
        .join('; ');
    }
    const message = lastError ? `${summary}; the last poll failed (${lastError}), retrying` : summary;
    watch.onPoll({ deployments, newEvents, message });

    const elapsed = watch.clock.now() - watch.startedAt;
    if (elapsed >= watch.timeoutMs) {
      return {
        outcome: 'timed-out',
        message: `Not finished after ${spokenDuration(watch.timeoutMs)}: ${message}.`,
        deployments,
        newEvents: [],
      };
    }
    await watch.clock.sleep(Math.min(watch.pollIntervalMs, watch.timeoutMs - elapsed), watch.signal);
  }
}

interface AlarmCheck {
  /** An alarm that went to ALARM since the watch began, or null. */
  fired: AlarmReading | null;
  /** False when CloudWatch could not be asked: the watch cannot vouch for the alarms then. */
  readable: boolean;
  /** The alarms in words for the progress, or null when the service names none. */
  text: string | null;
}

/**
 * The deployment alarms over a watch. Their states at the first reading are the baseline: an
 * alarm already in ALARM then (the reason for a rollback, often) fails nothing, while one that
 * goes to ALARM afterwards, or leaves ALARM and enters it again, fails the watch.
 */
class DeploymentAlarmWatch {
  private baseline: Map<string, AlarmReading> | null = null;

  async check(
    cloudWatch: HealthClients['cloudWatch'],
    names: readonly string[],
    signal: AbortSignal,
  ): Promise<AlarmCheck> {
    if (names.length === 0) return { fired: null, readable: true, text: null };
    let readings: AlarmReading[];
    try {
      readings = await readAlarms(cloudWatch, names, signal);
    } catch (error) {
      if (signal.aborted) return { fired: null, readable: false, text: null };
      return { fired: null, readable: false, text: `cannot check alarms: ${toIpcError(error).message}` };
    }
    const byName = new Map(readings.map((reading) => [reading.name, reading]));
    const baseline = this.baseline ?? byName;
    const first = this.baseline === null;
    if (first) this.baseline = byName;
    let fired: AlarmReading | null = null;
    const parts: string[] = [];
    for (const name of names) {
      const reading = byName.get(name);
      if (!reading) {
        parts.push(`alarm ${name} not found in CloudWatch`);
        continue;
      }
      const before = baseline.get(name);
      const alreadyFiring = before?.state === 'ALARM' && before.transitionedAt === reading.transitionedAt;
      if (reading.state === 'ALARM' && !first && !alreadyFiring) fired ??= reading;
      parts.push(
        `alarm ${name} ${reading.state}${reading.state === 'ALARM' && alreadyFiring ? ' since before the watch' : ''}`,
      );
    }
    return { fired, readable: true, text: parts.join(', ') };
  }
}

export function toProgressDeployment(deployment: Deployment, targetArn: string): ProgressDeployment {
  const arn = deployment.taskDefinition ?? '';
  return {
    id: deployment.id ?? '',
    status: deployment.status ?? 'ACTIVE',
    taskDefinitionArn: arn,
    label: labelOfArn(arn),
    rolloutState: deployment.rolloutState ?? null,
    rolloutStateReason: deployment.rolloutStateReason ?? null,
    desiredCount: deployment.desiredCount ?? 0,
    runningCount: deployment.runningCount ?? 0,
    pendingCount: deployment.pendingCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    isTarget: arn === targetArn,
  };
}

/** Events not seen before, oldest first; remembers them so each is reported once. */
function freshEvents(service: Service, known: Set<string>): ServiceEvent[] {
  const fresh = (service.events ?? [])
    .map(toServiceEvent)
    .filter((event) => event.id !== '' && !known.has(event.id));
  for (const event of fresh) known.add(event.id);
  return fresh.sort((a, b) => a.createdAt - b.createdAt);
}
